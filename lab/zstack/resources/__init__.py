"""Resource families: kinds (rendering + joins), query registrations and API handlers.

Importing this package registers everything with ``lab.zstack.kinds`` and ``lab.zstack.routes``.
"""
from . import compute, network, platform, session, storage  # noqa: F401  pylint: disable=unused-import
# after compute: vrouter_lifecycle takes over DestroyVmInstance for appliance VMs
from . import vrouter_lifecycle, vrouter_routes  # noqa: F401  pylint: disable=unused-import
# resize, volume growth and clone (scaling-api.md section 2)
from . import scaling  # noqa: F401  pylint: disable=unused-import
# billing: price tables, prices, spending (billing-api.md sections 2-3)
from . import billing  # noqa: F401  pylint: disable=unused-import
# zwatch alarm writes, SNS topics and endpoints, alarm records, AckAlarmData, the alarm timeline (alarms-events-api.md 2)
from . import zwatch  # noqa: F401  pylint: disable=unused-import
