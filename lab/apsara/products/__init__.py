"""Action handlers, one module per product; importing this package registers them all."""
from . import ascm, cms, ecs, ecs_scaling, rds, slb, vpc, vpc_nat, vpc_router_interfaces  # noqa: F401  pylint: disable=unused-import
from . import cms_events  # noqa: F401,E402  pylint: disable=unused-import,wrong-import-position
