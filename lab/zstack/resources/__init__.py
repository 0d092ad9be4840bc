"""Resource families: kinds (rendering + joins), query registrations and API handlers.

Importing this package registers everything with ``lab.zstack.kinds`` and ``lab.zstack.routes``.
"""
from . import compute, network, platform, session, storage  # noqa: F401  pylint: disable=unused-import
