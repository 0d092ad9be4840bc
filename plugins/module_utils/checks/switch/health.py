# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch device health: fans, power supplies, CPU, memory, active alarms."""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.base import Check, Outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.common import banded_outcome
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.switch._common import part_ref, switch_ref
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual


def fan_failed(data, thresholds, ctx):
    for fan in data["fans"]:
        yield Outcome(part_ref("fan", data, ctx, fan["id"]), fan["ok"], {"status": fan["status"], "slot": fan.get("slot")})


def power_failed(data, thresholds, ctx):
    for supply in data["power"]:
        yield Outcome(part_ref("power_supply", data, ctx, supply["id"]), supply["ok"],
                      {"state": supply["state"] or "-", "present": supply["present"], "slot": supply.get("slot")})


def cpu_high(data, thresholds, ctx):
    value = data["cpu"].get("cpu_pct")
    if value is not None:
        yield banded_outcome(switch_ref(data, ctx), value, thresholds, {}, key="cpu_pct")


def memory_high(data, thresholds, ctx):
    value = data["memory"].get("memory_pct")
    if value is not None:
        yield banded_outcome(switch_ref(data, ctx), value, thresholds, {}, key="memory_pct")


def temperature_high(data, thresholds, ctx):
    """Each sensor against the device's own limits where it prints them, else the thresholds' defaults."""
    margin = thresholds.get("warning_margin_c", 5)
    for sensor in data["temperature"]:
        current = sensor.get("current_c")
        if current is None:
            continue
        critical = sensor.get("critical_c")
        warning = sensor.get("warning_c")
        source = "device"
        if critical is None and warning is None:
            warning, critical, source = thresholds.get("warning_c"), thresholds.get("critical_c"), "default"
        elif warning is None:
            warning = critical - margin            # VRP5 prints one upper (alarm) limit: warn a little below it
        severity = None
        if critical is not None and current >= critical:
            severity = "critical"
        elif warning is not None and current >= warning:
            severity = "high"
        yield Outcome(part_ref("temperature_sensor", data, ctx, sensor["id"]), severity is None,
                      {"current_c": current, "warning_c": warning if warning is not None else "-",
                       "critical_c": critical if critical is not None else "-", "limits": source,
                       "status": sensor.get("status") or "-"}, severity=severity)


def alarm_active(data, thresholds, ctx):
    levels = dict((k.lower(), v) for k, v in (thresholds.get("severity_by_level") or {}).items())
    ignored = set(name.lower() for name in thresholds.get("ignore_alarms") or [])
    alarms = [a for a in data["alarms"] if (a.get("name") or "").lower() not in ignored]
    for alarm in alarms:
        severity = levels.get((alarm.get("level") or "").lower(), "medium")
        yield Outcome(part_ref("alarm", data, ctx, alarm["id"]), False,
                      {"alarm": alarm.get("name") or "-", "level": alarm.get("level") or "-",
                       "description": alarm.get("description") or "-", "raised": alarm.get("raised") or "-"},
                      severity=severity)
    if not alarms:
        yield Outcome(switch_ref(data, ctx), True, {"alarms": 0})


CHECKS = [
    Check(
        id="switch_fan_failed",
        platform="switch",
        pillar="availability",
        severity="high",
        resource_type="fan",
        requires=("device", "fans"),
        title=bilingual("Switch fan failed", "交换机风扇故障"),
        message=bilingual("Fan {name} reports {status}.", "风扇 {name} 状态为 {status}。"),
        remediation=bilingual(
            "Replace the fan module (hot-swappable on these models) and confirm `display fan` / `display device fan` shows "
            "Normal; with one fan down the box overheats under load.",
            "更换该风扇模块（这些型号支持热插拔），并确认 `display fan` / `display device fan` 显示 Normal；单个风扇故障时高负载下设备会过热。"),
        func=fan_failed,
    ),
    Check(
        id="switch_power_failed",
        platform="switch",
        pillar="availability",
        severity="high",
        resource_type="power_supply",
        requires=("device", "power"),
        title=bilingual("Switch power supply failed or absent", "交换机电源故障或缺失"),
        message=bilingual("Power supply {name} is {state} (present: {present}).", "电源 {name} 状态为 {state}（在位：{present}）。"),
        remediation=bilingual(
            "Check the feed and the module, replace a failed supply; until then the switch runs without power redundancy.",
            "检查供电线路和电源模块，更换故障电源；在此之前交换机没有电源冗余。"),
        func=power_failed,
    ),
    Check(
        id="switch_cpu_high",
        platform="switch",
        pillar="capacity",
        severity="high",
        resource_type="switch",
        requires=("device", "cpu"),
        title=bilingual("Switch CPU utilisation is high", "交换机 CPU 利用率过高"),
        message=bilingual("{name}: CPU at {cpu_pct}% (5-minute average, threshold {threshold_pct}%).",
                          "{name}：CPU 利用率 {cpu_pct}%（5 分钟平均，阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Find the busy task (`display cpu-usage` task table on Huawei, `display process cpu` on Comware): a broadcast "
            "storm, an STP loop or route flapping usually shows there; high control-plane CPU drops protocol packets.",
            "查看占用高的任务（华为 `display cpu-usage` 任务表，华三 `display process cpu`）：广播风暴、STP 环路或路由震荡通常会在此体现；"
            "控制面 CPU 过高会导致协议报文丢弃。"),
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=cpu_high,
    ),
    Check(
        id="switch_memory_high",
        platform="switch",
        pillar="capacity",
        severity="high",
        resource_type="switch",
        requires=("device", "memory"),
        title=bilingual("Switch memory utilisation is high", "交换机内存利用率过高"),
        message=bilingual("{name}: memory at {memory_pct}% (threshold {threshold_pct}%).",
                          "{name}：内存利用率 {memory_pct}%（阈值 {threshold_pct}%）。"),
        remediation=bilingual(
            "Check the table sizes (MAC, ARP, routes) and known memory-leak notices for the release; plan a patch or a "
            "switchover before the box refuses new entries.",
            "检查 MAC、ARP、路由等表项规模以及该版本已知的内存泄漏公告；在设备无法学习新表项之前安排补丁或切换。"),
        thresholds={"high_pct": 90, "medium_pct": 80},
        func=memory_high,
    ),
    Check(
        id="switch_temperature_high",
        platform="switch",
        pillar="availability",
        severity="high",
        resource_type="temperature_sensor",
        requires=("device", "temperature"),
        title=bilingual("Switch temperature is high", "交换机温度过高"),
        message=bilingual("Sensor {name} reads {current_c} °C (warning {warning_c} °C, critical {critical_c} °C).",
                          "传感器 {name} 温度 {current_c} °C（告警阈值 {warning_c} °C，严重阈值 {critical_c} °C）。"),
        remediation=bilingual(
            "Check the fans and the airflow (blocked vents, a missing blank panel, front-to-back direction against the "
            "rack) and the room temperature; at the fatal/alarm limit the switch powers boards off to protect itself.",
            "检查风扇和风道（通风口堵塞、缺少假面板、风向与机柜不一致）以及机房温度；达到致命/告警阈值时交换机会下电单板自我保护。"),
        # The device's own limits win (CE Major/Fatal, Comware WarningLimit/AlarmLimit, VRP5 Upper minus the margin);
        # warning_c / critical_c only where the output shows no limit at all.
        thresholds={"warning_c": 60, "critical_c": 70, "warning_margin_c": 5},
        func=temperature_high,
    ),
    Check(
        id="switch_alarm_active",
        platform="switch",
        pillar="availability",
        severity="medium",
        resource_type="alarm",
        requires=("device", "alarms"),
        title=bilingual("Switch has active alarms", "交换机存在活动告警"),
        message=bilingual("{name}: active alarm {alarm} ({level}) since {raised}: {description}",
                          "{name}：活动告警 {alarm}（{level}），开始于 {raised}：{description}"),
        remediation=bilingual(
            "Handle the alarm's cause (`display alarm active` on Huawei, `display logbuffer` on Comware) and confirm it clears; "
            "mute a known, accepted alarm with a reason and an expiry instead of ignoring it.",
            "处理告警原因（华为 `display alarm active`，华三 `display logbuffer`）并确认告警已恢复；已知且接受的告警请设置带原因和到期日的屏蔽，而不是忽略。"),
        # alarm level -> finding severity; a level not listed (Major, Error, ...) is medium. A Huawei Critical alarm is
        # high, not critical: the component it names (a fan, a supply) is its own finding, and one redundant part
        # should not cap the site's score; Comware EMERG/ALERT logs are the box itself in trouble.
        thresholds={"severity_by_level": {"emergency": "critical", "alert": "critical", "critical": "high", "minor": "low",
                                          "warning": "low"},
                    "ignore_alarms": []},
        func=alarm_active,
    ),
]
