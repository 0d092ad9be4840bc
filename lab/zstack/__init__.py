"""Wire-level simulator of the ZStack Cloud REST API v1 (``/zstack/v1``).

    from lab.zstack import ZStackLab
    with ZStackLab(world="demo") as lab:
        ...  # lab.http_url, lab.https_url, lab.ca_file, lab.account, lab.password

It follows ``org.zstack.rest.RestServer`` (see shared/reference/zstack-api.md): no Content-Type,
plain-text 4xx bodies, 202 + api-jobs polling with a foreign ``location`` host, q= queries.
It imports nothing from the collection's ``plugins/``.
"""
from .app import ZStackLab

__all__ = ["ZStackLab"]
