"""Wire-level simulator of an Apsara Stack (Alibaba Cloud private cloud) RPC / POP gateway.

    from lab.apsara import ApsaraLab
    with ApsaraLab(world="demo") as lab:
        ...  # lab.http_url, lab.endpoints, lab.access_key_id, lab.access_key_secret, lab.region_id

One gateway serves ECS, VPC, CMS, RDS, SLB and ASCM, routed by the ``Version`` parameter. It
verifies signature V2 (HMAC-SHA1) exactly, scopes by organization / resource group, pages both
ways, and models async state transitions. ``asapi_port`` adds the ASAPI gateway (``/asapi/v3``, the
``Product`` parameter picks the product). It imports nothing from the collection's ``plugins/``.
"""
from .app import ApsaraLab

__all__ = ["ApsaraLab"]
