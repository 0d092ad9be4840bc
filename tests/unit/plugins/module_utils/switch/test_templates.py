"""The collection's own TextFSM templates: each parses the lab's output and the shape the reference quotes
(shared/reference/switch-cli.md §2.8-2.11; where the reference has no citable sample, the lab's shape only, named)."""
from __future__ import annotations

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.textfsm import NTC_COMMANDS, has_template, parse
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.textfsm.templates import TEMPLATES
from tests.unit.plugins.module_utils.switch.conftest import make_client

# (device type, command, reference text, expected subset of the first row, row count)
REFERENCE = [
    ("huawei_vrpv8", "display cpu",
     "CPU utilization statistics at 2018-05-25 03:09:17 616 ms\n"
     "System CPU Using Percentage :  12%\n"
     "CPU utilization for five seconds: 11%, one minute: 10%, five minutes: 10%.\n"
     "Max CPU Usage :                74%\n"
     "Max CPU Usage Stat. Time : 2018-05-24 20:39:56 433 ms\n"
     "ServiceName  UseRate\n"
     "SYSTEM           12%\n",
     {"cpu_pct": "12", "five_sec_pct": "11", "five_min_pct": "10", "max_pct": "74"}, 1),
    ("huawei_vrpv8", "display memory",
     "Memory utilization statistics at 2018-05-25 03:09:17 616 ms\n"
     "System Total Memory: 3884224 Kbytes\n"
     "Total Memory Used: 784552 Kbytes\n"
     "Memory Using Percentage: 20%\n"
     "State: Non-overload\n",
     {"total_kb": "3884224", "used_kb": "784552", "used_pct": "20"}, 1),
    ("huawei_vrpv8", "display device fan",
     "fan module:\n"
     "--------------------------------------------------------------------------------\n"
     "Slot   FanID    FanNum    Status       Speed         Mode    Airflow Direction\n"
     "--------------------------------------------------------------------------------\n"
     "1      FAN1     [1-4]     Normal       40%(7125)     Auto    Front-to-Back\n",
     {"slot": "1", "fan_id": "FAN1", "status": "Normal", "speed": "40%(7125)"}, 1),
    ("huawei_vrpv8", "display device power",
     "Slot PowerNo Present Mode State     Current   Voltage   ActualPower RatedPower\n"
     "                                    (A)       (V)       (W)         (W)\n"
     "--------------------------------------------------------------------------------\n"
     "1    PWR1    YES     AC   Supply    7.6       12.1      92          600\n"
     "N/A:Power not available\n",
     {"slot": "1", "power_id": "PWR1", "present": "YES", "state": "Supply"}, 1),
    ("huawei", "display cpu-usage",
     "CPU Usage Stat. Cycle: 60 (Second)\n"
     "CPU Usage            : 6% Max: 84%\n"
     "CPU Usage Stat. Time : 2016-07-07  08:48:24\n"
     "CPU utilization for five seconds: 6%: one minute: 6%: five minutes: 6%\n"
     "Max CPU Usage Stat. Time : 2016-07-06 07:05:05.\n",
     {"cpu_pct": "6", "max_pct": "84", "five_min_pct": "6"}, 1),
    ("huawei", "display memory-usage",
     "Memory utilization statistics at 2016-07-07 08:48:24+08:00\n"
     " System Total Memory Is: 3781229768 bytes\n"
     " Total Memory Used Is: 419923676 bytes\n"
     " Memory Using Percentage Is: 11%\n",
     {"used_pct": "11", "total_bytes": "3781229768"}, 1),
    ("huawei", "display fan",
     " Slot  FanID  Online  Status  Speed  Mode  Airflow\n"
     " 0     1      Present Normal  35%    Auto  Side-to-Back\n",
     {"slot": "0", "fan_id": "1", "status": "Normal"}, 1),
    ("huawei", "display fan", "Slot 0: Fan 0 is normal.\n", {"slot": "0", "fan_id": "0", "status": "normal"}, 1),
    ("huawei", "display power",
     " Slot    PowerID  Online   Mode   State      Power(W)\n"
     " 0       PWR1     Present  AC     Supply     150.00\n",
     {"slot": "0", "power_id": "PWR1", "online": "Present", "state": "Supply"}, 1),
    ("huawei_vrpv8", "display stp brief",
     " MSTID  Port                        Role  STP State     Protection      Cost    Edged\n"
     "     0  10GE1/0/1                   ALTE  discarding    none          20000     disable\n",
     {"mstid": "0", "port": "10GE1/0/1", "role": "ALTE", "state": "discarding"}, 1),
    # `display stp` global section, VRP5 S5700 public lab output (port sections follow, skipped)
    ("huawei", "display stp",
     "-------[CIST Global Info][Mode STP]-------\n"
     "CIST Bridge         :32768.4c1f-cc44-4163\n"
     "Config Times        :Hello 2s MaxAge 20s FwDly 15s MaxHop 20\n"
     "CIST Root/ERPC      :32768.4c1f-cc44-4163 / 0\n"
     "BPDU-Protection     :Disabled\n"
     "TC or TCN received  :15\n"
     "TC count per hello  :0\n"
     "STP Converge Mode   :Normal\n"
     "Time since last TC  :0 days 0h:0m:23s\n"
     "Number of TC        :19\n"
     "Last TC occurred    :GigabitEthernet0/0/14\n"
     "----[Port1(GigabitEthernet0/0/1)][FORWARDING]----\n"
     " Port Protocol       :Enabled\n",
     {"instance": "CIST", "mode": "STP", "tc_received": "15", "number_of_tc": "19",
      "time_since_last_tc": "0 days 0h:0m:23s", "last_tc_port": "GigabitEthernet0/0/14"}, 1),
    # Comware 7 `display stp` (HP FlexFabric, public STIG check text): no `Number of TC` line
    ("hp_comware", "display stp",
     "-------[CIST Global Info][Mode MSTP]-------\n"
     " Bridge ID           : 0.bcea-fa14-f0a4\n"
     " Bridge times        : Hello 2s MaxAge 20s FwdDelay 15s MaxHops 20\n"
     " RootPort ID         : 0.0\n"
     " Bridge Config-\n"
     " Digest-Snooping     : Disabled\n"
     " TC or TCN received  : 19824\n"
     " Time since last TC  : 0 days 1h:3m:4s\n"
     "\n"
     "----[Port1(GigabitEthernet1/0/1)][DISCARDING]----\n"
     " Port protocol       : Enabled\n",
     {"instance": "CIST", "bridge": "0.bcea-fa14-f0a4", "tc_received": "19824", "number_of_tc": "",
      "time_since_last_tc": "0 days 1h:3m:4s"}, 1),
    # VRP5 `display temperature all` (S-series command reference / napalm-huawei-vrp docstring)
    ("huawei", "display temperature all",
     "-------------------------------------------------------------------------------\n"
     " Slot  Card  Sensor Status    Current(C) Lower(C) Lower     Upper(C) Upper\n"
     "                                                  Resume(C)          Resume(C)\n"
     "-------------------------------------------------------------------------------\n"
     " 0     NA    NA     Normal     37        0        4         63       59\n"
     " 1     NA    NA     Normal     39        0        4         63       59\n",
     {"slot": "0", "status": "Normal", "current": "37", "upper": "63"}, 2),
    # CE `display device temperature all` (napalm-ce mock data)
    ("huawei_vrpv8", "display device temperature all",
     "---------------------------------------------------------------------------------\n"
     "Slot    Card    SensorName    Status         Major        Fatal        Current\n"
     "                                           (Celsius)    (Celsius)     (Celsius)\n"
     "---------------------------------------------------------------------------------\n"
     "1       --      Outlet-1(LSW) NORMAL          58           --            36\n"
     "        --      Intake-1(LSW) NORMAL          63           --            32\n"
     "        --      CPU           NORMAL          95          100            45\n"
     "        --      LSW           NORMAL         110          110            49\n"
     "---------------------------------------------------------------------------------\n",
     {"slot": "1", "sensor": "Outlet-1(LSW)", "major": "58", "fatal": "--", "current": "36"}, 4),
    # Comware 7 `display environment` (H3C command reference example)
    ("hp_comware", "display environment",
     "System temperature information (degree centigrade):\n"
     "----------------------------------------------------------------------\n"
     "Slot  Sensor       Temperature  LowerLimit  WarningLimit  AlarmLimit ShutdownLimit\n"
     "Vent  outflow 1    38           10          40            50          70\n"
     "0     inflow 1     27           -10         50            70          100\n"
     "0     hotspot 1    53           10          50            80          100\n",
     {"slot": "Vent", "sensor": "outflow 1", "temperature": "38", "warning_limit": "40", "alarm_limit": "50"}, 3),
    # ... and a CMW7 switch without the ShutdownLimit column
    ("hp_comware", "display environment",
     "System temperature information (degree centigrade):\n"
     "Slot  Sensor    Temperature LowerLimit WarningLimit AlarmLimit\n"
     " 0/1  Inflow  1   30           -5          66          76\n",
     {"slot": "0/1", "sensor": "Inflow  1", "temperature": "30", "lower_limit": "-5", "alarm_limit": "76",
      "shutdown_limit": ""}, 1),
    ("hp_comware", "display cpu-usage",
     "Slot 1 CPU 0 CPU usage:\n"
     "      16% in last 5 seconds\n"
     "       9% in last 1 minute\n"
     "       8% in last 5 minutes\n",
     {"slot": "1", "cpu": "0", "five_sec_pct": "16", "one_min_pct": "9", "five_min_pct": "8"}, 1),
    ("hp_comware", "display memory",
     "Memory statistics are measured in KB:\n"
     "Slot 1:\n"
     "             Total      Used      Free    Shared   Buffers    Cached   FreeRatio\n"
     "Mem:       3999624   1437264   2562360         0      2728    421996       64.1%\n",
     {"slot": "1", "total_kb": "3999624", "free_ratio_pct": "64.1"}, 1),
    ("hp_comware", "display fan", " Slot 1\n  Fan 1:\n  State    : Normal\n  Fan 2:\n  State    : Absent\n",
     {"slot": "1", "fan_id": "1", "state": "Normal"}, 2),
    ("hp_comware", "display power",
     " Slot 1:\n PowerID State    Mode   Current(A) Voltage(V) Power(W)\n 1       Normal   AC     --         --         --\n",
     {"slot": "1", "power_id": "1", "state": "Normal"}, 1),
    ("hp_comware", "display ntp-service status",
     " Clock status: synchronized\n Clock stratum: 3\n System peer: 10.1.1.1\n Reference clock ID: 10.1.1.1\n",
     {"clock_status": "synchronized", "stratum": "3", "reference": "10.1.1.1"}, 1),
    ("hp_comware", "display logbuffer summary",
     "  SLOT EMERG ALERT  CRIT ERROR  WARN NOTIF  INFO DEBUG\n     1     0     0     2     9    24    12   128     0\n",
     {"slot": "1", "crit": "2", "error": "9"}, 1),
]
# Templates with no citable sample in the reference (§2.9, §7): checked against the lab only.
LAB_ONLY = {("huawei_vrp", "display error-down recovery"), ("huawei_vrp", "display alarm active"),
            ("hp_comware", "display interface brief down"), ("hp_comware", "display stp brief"),
            ("huawei_vrp", "display ntp-service status")}

LAB = [("DSW-CE-01", ["display cpu", "display memory", "display device fan", "display device power",
                      "display error-down recovery", "display stp brief", "display stp", "display alarm active",
                      "display device temperature all"]),
       ("CSW-S-01", ["display cpu-usage", "display memory-usage", "display fan", "display power", "display stp brief",
                     "display stp", "display ntp-service status", "display alarm active", "display temperature all"]),
       ("CSW-H3C-01", ["display cpu-usage", "display memory", "display fan", "display power", "display ntp-service status",
                       "display logbuffer summary", "display stp brief", "display stp", "display interface brief down",
                       "display environment"])]


@pytest.mark.parametrize("device_type, command, text, expected, count", REFERENCE,
                         ids=["%s:%s:%d" % (r[0], r[1], i) for i, r in enumerate(REFERENCE)])
def test_template_parses_the_reference_shape(device_type, command, text, expected, count):
    rows = parse(device_type, command, text)
    assert len(rows) == count
    assert dict((k, rows[0][k]) for k in expected) == expected


def test_every_own_template_is_tested_against_the_reference_or_named_lab_only():
    platform = {"huawei": "huawei_vrp", "huawei_vrpv8": "huawei_vrp", "hp_comware": "hp_comware"}
    covered = set((platform[r[0]], r[1]) for r in REFERENCE) | LAB_ONLY
    assert set(TEMPLATES) == covered
    lab = set((platform[{"DSW-CE-01": "huawei_vrpv8", "CSW-S-01": "huawei", "CSW-H3C-01": "hp_comware"}[n]], c)
              for n, cmds in LAB for c in cmds)
    assert set(TEMPLATES) == lab


@pytest.mark.parametrize("name, commands", LAB, ids=[n for n, _c in LAB])
def test_every_own_template_parses_the_lab(switches, name, commands):
    with make_client(switches, name) as client:
        for command in commands:
            rows = client.send_show(command, use_textfsm=True)
            if command in ("display error-down recovery", "display alarm active", "display interface brief down"):
                assert isinstance(rows, list), command         # may legitimately be empty on a healthy box
            else:
                assert rows, command


def test_no_template_means_none_not_a_wrong_parse():
    assert parse("huawei", "display current-configuration", "#\nsysname X\n#\nreturn") is None
    assert not has_template("huawei", "display current-configuration")
    assert "display current-configuration" not in NTC_COMMANDS["huawei_vrp"]
