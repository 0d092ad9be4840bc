"""Per-switch fault knobs: a command that errors, a session dropped mid-change, a slow device, hardware
failures and a flapping port. One ``SwitchFaults`` per device (``lab.faults_for(name)``)."""
from __future__ import annotations

import re

from lab.common.faults import BaseFaults, float_map, str_list


class SwitchFaults(BaseFaults):
    """Knobs (``update(**kw)``; a world sets them under a switch's ``faults:``):

    latency_ms      every answer (prompt included) comes that much later: a slow device
    error_rate      that share of commands is answered with the vendor's "Wrong parameter" error
    fail_commands   {regex: p}: a command line matching regex is refused that way, nothing applied
    drop_on         {regex: p}: the session is closed when a matching line arrives, before it is applied
                    (a dropped session mid-change; VRPv8 discards the session's candidate)
    fan_failed      [fan ids, e.g. FAN2]: shown failed in display fan/device, plus an active alarm
    power_failed    [power ids, e.g. PWR2]: likewise
    flap_ports      [interface names]: the port's PHY state toggles on every read (display, config)
    seed            seeds the RNG that rolls error_rate / fail_commands / drop_on
    """

    FIELDS = ("latency_ms", "error_rate", "fail_commands", "drop_on", "fan_failed", "power_failed",
              "flap_ports", "seed")
    COERCE = {**BaseFaults.COERCE, "fail_commands": float_map, "drop_on": float_map,
              "fan_failed": str_list, "power_failed": str_list, "flap_ports": str_list}

    def __init__(self, **kw):
        self.fail_commands: dict[str, float] = {}
        self.drop_on: dict[str, float] = {}
        self.fan_failed: list[str] = []
        self.power_failed: list[str] = []
        self.flap_ports: list[str] = []
        super().__init__(**kw)

    def _match_roll(self, table: dict[str, float], line: str) -> bool:
        for pattern, p in list(table.items()):
            if re.search(pattern, line) and self._roll(p):
                return True
        return False

    def command_fails(self, line: str) -> bool:
        return self._match_roll(self.fail_commands, line) or self._roll(self.error_rate)

    def drops(self, line: str) -> bool:
        return self._match_roll(self.drop_on, line)
