# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's own TextFSM templates, for commands ntc-templates 9.3.0 has none for (reference 2.1).

Kept as Python text (not .textfsm files) because module_utils reach a module only as Python.
Keyed by (ntc platform, full command). Each is tested against the lab and against the shape the
reference quotes (tests/unit/plugins/module_utils/switch/test_templates.py).
"""

from __future__ import annotations

# Huawei CE `display cpu` (reference 2.8, napalm-ce mock): system percentage and the 5 s / 1 min / 5 min figures.
HUAWEI_CE_CPU = r"""Value CPU_PCT (\d+)
Value FIVE_SEC_PCT (\d+)
Value ONE_MIN_PCT (\d+)
Value FIVE_MIN_PCT (\d+)
Value MAX_PCT (\d+)

Start
  ^\s*System\s+CPU\s+Using\s+Percentage\s*:\s*${CPU_PCT}%
  ^\s*CPU\s+utilization\s+for\s+five\s+seconds:\s*${FIVE_SEC_PCT}%,\s*one\s+minute:\s*${ONE_MIN_PCT}%,\s*five\s+minutes:\s*${FIVE_MIN_PCT}%
  ^\s*Max\s+CPU\s+Usage\s*:\s*${MAX_PCT}%
  ^.*$$
"""

# Huawei VRP5 `display cpu-usage` (reference 2.8): `CPU Usage : 6% Max: 84%`.
HUAWEI_CPU_USAGE = r"""Value CPU_PCT (\d+)
Value MAX_PCT (\d+)
Value FIVE_SEC_PCT (\d+)
Value ONE_MIN_PCT (\d+)
Value FIVE_MIN_PCT (\d+)

Start
  ^\s*CPU\s+Usage\s*:\s*${CPU_PCT}%\s+Max:\s*${MAX_PCT}%
  ^\s*CPU\s+utilization\s+for\s+five\s+seconds:\s*${FIVE_SEC_PCT}%:\s*one\s+minute:\s*${ONE_MIN_PCT}%:\s*five\s+minutes:\s*${FIVE_MIN_PCT}%
  ^.*$$
"""

# Huawei CE `display memory` (reference 2.8).
HUAWEI_CE_MEMORY = r"""Value TOTAL_KB (\d+)
Value USED_KB (\d+)
Value USED_PCT (\d+)

Start
  ^\s*System\s+Total\s+Memory\s*:\s*${TOTAL_KB}\s+Kbytes
  ^\s*Total\s+Memory\s+Used\s*:\s*${USED_KB}\s+Kbytes
  ^\s*Memory\s+Using\s+Percentage\s*:\s*${USED_PCT}%
  ^.*$$
"""

# Huawei VRP5 `display memory-usage` (reference 2.8): `Memory Using Percentage Is: 11%`.
HUAWEI_MEMORY_USAGE = r"""Value TOTAL_BYTES (\d+)
Value USED_BYTES (\d+)
Value USED_PCT (\d+)

Start
  ^\s*System\s+Total\s+Memory\s+Is\s*:\s*${TOTAL_BYTES}\s+bytes
  ^\s*Total\s+Memory\s+Used\s+Is\s*:\s*${USED_BYTES}\s+bytes
  ^\s*Memory\s+Using\s+Percentage\s+Is\s*:\s*${USED_PCT}%
  ^.*$$
"""

# Huawei CE `display device fan` (reference 2.8): one row per fan module; per-fan RPM sub-rows ignored.
HUAWEI_CE_DEVICE_FAN = r"""Value SLOT (\S+)
Value FAN_ID (\S+)
Value STATUS (\S+)
Value SPEED (\S+)

Start
  ^\s*${SLOT}\s+${FAN_ID}\s+\[[^\]]*\]\s+${STATUS}\s+${SPEED}\s+\S+ -> Record
  ^.*$$

EOF
"""

# Huawei VRP5 `display fan` (reference 2.8): ` Slot  FanID  Online  Status  Speed  Mode  Airflow`.
HUAWEI_FAN = r"""Value SLOT (\d+)
Value FAN_ID (\S+)
Value ONLINE (\S+)
Value STATUS (\S+)
Value SPEED (\S+)

Start
  ^\s*${SLOT}\s+${FAN_ID}\s+${ONLINE}\s+${STATUS}\s+${SPEED}\s+\S+ -> Record
  ^\s*Slot\s+${SLOT}\s*:\s*Fan\s+${FAN_ID}\s+is\s+${STATUS}\. -> Record
  ^.*$$

EOF
"""

# Huawei CE `display device power` (reference 2.8): `Slot PowerNo Present Mode State ...`.
HUAWEI_CE_DEVICE_POWER = r"""Value SLOT (\d+)
Value POWER_ID (\S+)
Value PRESENT (\S+)
Value MODE (\S+)
Value STATE (\S+)

Start
  ^\s*${SLOT}\s+${POWER_ID}\s+${PRESENT}\s+${MODE}\s+${STATE}(\s+\S+)* -> Record
  ^.*$$

EOF
"""

# Huawei VRP5 `display power` (reference 2.8): ` Slot PowerID Online Mode State Power(W)`.
HUAWEI_POWER = r"""Value SLOT (\d+)
Value POWER_ID (\S+)
Value ONLINE (\S+)
Value MODE (\S+)
Value STATE (\S+)

Start
  ^\s*${SLOT}\s+${POWER_ID}\s+${ONLINE}\s+${MODE}\s+${STATE}(\s+\S+)? -> Record
  ^.*$$

EOF
"""

# Huawei `display error-down recovery`: `Interface  Error-down cause  Recovery time(s)  Remaining time(s)`.
HUAWEI_ERROR_DOWN = r"""Value INTERFACE (\S+)
Value CAUSE (\S+)
Value RECOVERY (\S+)
Value REMAINING (\S+)

Start
  ^\s*Interface\s+Error-down\s+cause
  ^-+\s*$$
  ^\s*${INTERFACE}\s+${CAUSE}\s+${RECOVERY}\s+${REMAINING}\s*$$ -> Record
  ^.*$$

EOF
"""

# `display stp brief` (reference 2.11, CE shape; the lab prints the same columns for Comware, whose real
# shape the reference could not find).
STP_BRIEF = r"""Value MSTID (\d+)
Value PORT (\S+)
Value ROLE (\S+)
Value STATE (\S+)
Value PROTECTION (\S+)

Start
  ^\s*MSTID\s+Port
  ^\s*${MSTID}\s+${PORT}\s+${ROLE}\s+${STATE}\s+${PROTECTION}(\s+\S+)* -> Record
  ^.*$$

EOF
"""

# NTP status, Huawei `display ntp-service status` (lower-case keys, as `display ntp status`) and Comware
# (capitalised keys, reference 2.11). ntc's huawei_vrp template is indexed for `display ntp status` only.
NTP_SERVICE_STATUS = r"""Value CLOCK_STATUS (\S+)
Value STRATUM (\d+)
Value REFERENCE (\S+)
Value SYNC_STATE (.+?)

Start
  ^\s*[Cc]lock\s+status\s*:\s*${CLOCK_STATUS}
  ^\s*[Cc]lock\s+stratum\s*:\s*${STRATUM}
  ^\s*[Rr]eference\s+clock\s+ID\s*:\s*${REFERENCE}
  ^\s*[Ss]ynchronization\s+state\s*:\s*${SYNC_STATE}\s*$$
  ^.*$$
"""

# Huawei `display alarm active`: `seq/kind/generated/cleared/id/name/level/state` then `/description`
# (the legend A/B/C/... at the top; documented as alarm lines in reference 2.9, exact layout [unverified]).
HUAWEI_ALARM_ACTIVE = r"""Value SEQUENCE (\d+)
Value ROOT_KIND (\w+)
Value GENERATED ([^/]+)
Value ALARM_ID (0x[0-9A-Fa-f]+|\d+)
Value NAME ([^/]+)
Value LEVEL (\w+)
Value STATE (\w+)
Value DESCRIPTION (.*)

Start
  ^\s*\d+/ -> Continue.Record
  ^\s*${SEQUENCE}/${ROOT_KIND}/${GENERATED}/[^/]*/${ALARM_ID}/${NAME}/${LEVEL}/${STATE}\s*$$
  ^\s*/${DESCRIPTION}$$
  ^.*$$
"""

# Comware `display cpu-usage` (reference 2.8): `Slot 1 CPU 0 CPU usage:` then three percentage lines.
COMWARE_CPU_USAGE = r"""Value SLOT (\d+)
Value CPU (\d+)
Value FIVE_SEC_PCT (\d+)
Value ONE_MIN_PCT (\d+)
Value FIVE_MIN_PCT (\d+)

Start
  ^\s*(Chassis\s+\d+\s+)?Slot\s+\d+\s+CPU\s+\d+\s+CPU\s+usage: -> Continue.Record
  ^\s*(Chassis\s+\d+\s+)?Slot\s+${SLOT}\s+CPU\s+${CPU}\s+CPU\s+usage:
  ^\s*${FIVE_SEC_PCT}%\s+in\s+last\s+5\s+seconds
  ^\s*${ONE_MIN_PCT}%\s+in\s+last\s+1\s+minute
  ^\s*${FIVE_MIN_PCT}%\s+in\s+last\s+5\s+minutes
  ^.*$$
"""

# Comware 7 `display memory` (reference 2.8): `Slot n:` then a `Mem:` row with FreeRatio.
COMWARE_MEMORY = r"""Value SLOT (\d+)
Value TOTAL_KB (\d+)
Value USED_KB (\d+)
Value FREE_KB (\d+)
Value FREE_RATIO_PCT ([\d.]+)

Start
  ^\s*(Chassis\s+\d+\s+)?Slot\s+${SLOT}\s*:
  ^\s*Mem:\s+${TOTAL_KB}\s+${USED_KB}\s+${FREE_KB}\s+\d+\s+\d+\s+\d+\s+${FREE_RATIO_PCT}% -> Record
  ^.*$$

EOF
"""

# Comware `display fan` (reference 2.8): ` Slot 1` / `  Fan 1:` / `  State    : Normal`.
COMWARE_FAN = r"""Value Filldown SLOT (\d+)
Value FAN_ID (\d+)
Value STATE (\S+)

Start
  ^\s*Slot\s+${SLOT}:?\s*$$
  ^\s*Fan\s+${FAN_ID}:?\s*$$
  ^\s*State\s*:\s*${STATE} -> Record
  ^.*$$

EOF
"""

# Comware `display power` (reference 2.8): ` Slot 1:` / ` PowerID State Mode Current(A) Voltage(V) Power(W)`.
COMWARE_POWER = r"""Value Filldown SLOT (\d+)
Value POWER_ID (\d+)
Value STATE (\S+)
Value MODE (\S+)

Start
  ^\s*Slot\s+${SLOT}:?\s*$$
  ^\s*PowerID\s+State
  ^\s*${POWER_ID}\s+${STATE}\s+${MODE}(\s+\S+)* -> Record
  ^.*$$

EOF
"""

# Comware `display logbuffer summary` (reference 2.9): one count row per slot.
COMWARE_LOGBUFFER_SUMMARY = r"""Value SLOT (\d+)
Value EMERG (\d+)
Value ALERT (\d+)
Value CRIT (\d+)
Value ERROR (\d+)
Value WARN (\d+)
Value NOTIF (\d+)
Value INFO (\d+)
Value DEBUG (\d+)

Start
  ^\s*SLOT\s+EMERG -> Rows
  ^\s*Slot\s+EMERG -> Rows
  ^.*$$

Rows
  ^\s*${SLOT}\s+${EMERG}\s+${ALERT}\s+${CRIT}\s+${ERROR}\s+${WARN}\s+${NOTIF}\s+${INFO}\s+${DEBUG}\s*$$ -> Record
  ^.*$$

EOF
"""

# Comware `display interface brief down`: `Interface  Link Cause` (the cause of each down port).
COMWARE_INTERFACE_BRIEF_DOWN = r"""Value INTERFACE (\S+)
Value LINK (\S+)
Value CAUSE (.+?)

Start
  ^\s*Interface\s+Link\s+Cause -> Rows
  ^.*$$

Rows
  ^\s*${INTERFACE}\s+${LINK}\s+${CAUSE}\s*$$ -> Record
  ^.*$$

EOF
"""

# `display stp` global sections, Huawei VRP5/CE and Comware 7 (no ntc-templates template exists for it). Real shapes:
# VRP5 S5700 `CIST Bridge         :32768.4c1f-cc44-4163` / `TC or TCN received  :15` / `Time since last TC  :0 days
# 0h:0m:23s` / `Number of TC        :19` / `Last TC occurred    :GigabitEthernet0/0/14`; CE `display stp global` prints
# the same keys indented; Comware ` TC or TCN received  : 19824` / ` Time since last TC  : 0 days 1h:3m:4s` (no
# `Number of TC`). One row per `[CIST Global Info]` / `[MSTI n Global Info]` section; port sections are skipped.
STP_GLOBAL = r"""Value Required INSTANCE (CIST|MSTI\s*\d+)
Value MODE (\S+)
Value BRIDGE (\S+)
Value TC_RECEIVED (\d+)
Value NUMBER_OF_TC (\d+)
Value TIME_SINCE_LAST_TC (\d+\s+days?\s+\d+h:\d+m:\d+s)
Value LAST_TC_PORT (\S+)

Start
  ^\s*-+\[(CIST|MSTI) -> Continue.Record
  ^\s*-+\[${INSTANCE}\s+Global\s+Info\](\[Mode\s+${MODE}\])?
  ^\s*(CIST\s+Bridge|Bridge\s+ID)\s*:\s*${BRIDGE}
  ^\s*TC\s+or\s+TCN\s+received\s*:\s*${TC_RECEIVED}
  ^\s*Time\s+since\s+last\s+TC\s*:\s*${TIME_SINCE_LAST_TC}
  ^\s*Number\s+of\s+TC\s*:\s*${NUMBER_OF_TC}
  ^\s*Last\s+TC\s+occurred\s*:\s*${LAST_TC_PORT}
  ^.*$$
"""

# Huawei VRP5 `display temperature all` (S-series command reference; napalm-huawei-vrp get_environment docstring):
# ` 0     NA    NA     Normal     37        0        4         63       59` under `Current(C) Lower(C) Lower Resume(C)
# Upper(C) Upper Resume(C)`. ntc-templates' huawei_vrp_display_temperature is the NE router layout and fails on this.
HUAWEI_TEMPERATURE_ALL = r"""Value SLOT (\d+)
Value CARD (\S+)
Value SENSOR (\S+)
Value STATUS ([A-Za-z]+)
Value CURRENT (-?\d+)
Value LOWER (-?\d+)
Value LOWER_RESUME (-?\d+)
Value UPPER (-?\d+)
Value UPPER_RESUME (-?\d+)

Start
  ^\s*${SLOT}\s+${CARD}\s+${SENSOR}\s+${STATUS}\s+${CURRENT}\s+${LOWER}\s+${LOWER_RESUME}\s+${UPPER}\s+${UPPER_RESUME}\s*$$ -> Record
  ^.*$$
"""

# Huawei CE `display device temperature all` (napalm-ce mock): `Slot Card SensorName Status Major Fatal Current`, the
# slot only on its first sensor row, `--` where a limit is not set.
HUAWEI_CE_DEVICE_TEMPERATURE = r"""Value Filldown SLOT (\d+)
Value CARD (\S+)
Value SENSOR (\S+)
Value STATUS ([A-Z]+)
Value MAJOR (-?\d+|--)
Value FATAL (-?\d+|--)
Value Required CURRENT (-?\d+)

Start
  ^\s*${SLOT}\s+${CARD}\s+${SENSOR}\s+${STATUS}\s+${MAJOR}\s+${FATAL}\s+${CURRENT}\s*$$ -> Record
  ^\s+${CARD}\s+${SENSOR}\s+${STATUS}\s+${MAJOR}\s+${FATAL}\s+${CURRENT}\s*$$ -> Record
  ^.*$$
"""

# Comware 7 `display environment` (H3C command reference; switch captures without ShutdownLimit):
# `Slot  Sensor  Temperature  LowerLimit  WarningLimit  AlarmLimit [ShutdownLimit]`, sensors like `hotspot 1`, NA allowed.
COMWARE_ENVIRONMENT = r"""Value SLOT (\S+)
Value SENSOR ([A-Za-z][\w-]*(?:\s+\d+)?)
Value TEMPERATURE (-?\d+)
Value LOWER_LIMIT (-?\d+|NA)
Value WARNING_LIMIT (-?\d+|NA)
Value ALARM_LIMIT (-?\d+|NA)
Value SHUTDOWN_LIMIT (-?\d+|NA)

Start
  ^\s*${SLOT}\s+${SENSOR}\s+${TEMPERATURE}\s+${LOWER_LIMIT}\s+${WARNING_LIMIT}\s+${ALARM_LIMIT}(\s+${SHUTDOWN_LIMIT})?\s*$$ -> Record
  ^.*$$
"""

TEMPLATES = {
    ("huawei_vrp", "display cpu"): HUAWEI_CE_CPU,
    ("huawei_vrp", "display cpu-usage"): HUAWEI_CPU_USAGE,
    ("huawei_vrp", "display memory"): HUAWEI_CE_MEMORY,
    ("huawei_vrp", "display memory-usage"): HUAWEI_MEMORY_USAGE,
    ("huawei_vrp", "display device fan"): HUAWEI_CE_DEVICE_FAN,
    ("huawei_vrp", "display fan"): HUAWEI_FAN,
    ("huawei_vrp", "display device power"): HUAWEI_CE_DEVICE_POWER,
    ("huawei_vrp", "display power"): HUAWEI_POWER,
    ("huawei_vrp", "display error-down recovery"): HUAWEI_ERROR_DOWN,
    ("huawei_vrp", "display stp brief"): STP_BRIEF,
    ("huawei_vrp", "display ntp-service status"): NTP_SERVICE_STATUS,
    ("huawei_vrp", "display alarm active"): HUAWEI_ALARM_ACTIVE,
    ("hp_comware", "display cpu-usage"): COMWARE_CPU_USAGE,
    ("hp_comware", "display memory"): COMWARE_MEMORY,
    ("hp_comware", "display fan"): COMWARE_FAN,
    ("hp_comware", "display power"): COMWARE_POWER,
    ("hp_comware", "display ntp-service status"): NTP_SERVICE_STATUS,
    ("hp_comware", "display logbuffer summary"): COMWARE_LOGBUFFER_SUMMARY,
    ("hp_comware", "display stp brief"): STP_BRIEF,
    ("huawei_vrp", "display stp"): STP_GLOBAL,
    ("hp_comware", "display stp"): STP_GLOBAL,
    ("huawei_vrp", "display temperature all"): HUAWEI_TEMPERATURE_ALL,
    ("huawei_vrp", "display device temperature all"): HUAWEI_CE_DEVICE_TEMPERATURE,
    ("hp_comware", "display environment"): COMWARE_ENVIRONMENT,
    ("hp_comware", "display interface brief down"): COMWARE_INTERFACE_BRIEF_DOWN,
}
