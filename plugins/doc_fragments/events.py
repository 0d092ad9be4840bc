# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """The period and SLA policy options, and the common return values, of the events modules (docs/events.md)."""

    DOCUMENTATION = r"""
options:
  since:
    description:
      - Start of the period, ISO 8601 with a zone (for example V(2026-12-01T00:00:00Z)). Without it, O(days) before O(until).
    type: str
  until:
    description:
      - End of the period, ISO 8601 with a zone. Default now.
    type: str
  days:
    description:
      - Length of the period when O(since) is not given.
    type: int
    default: 1
  service_tier:
    description:
      - The site's service tier, for the response SLA the report computes (docs/events.md).
      - V(5x8) counts only 09:00-18:00 on working days in O(time_zone); V(7x24) counts every minute.
    type: str
    choices: [5x8, 7x24]
    default: 7x24
  time_zone:
    description:
      - The site's time zone (IANA name) for the V(5x8) working hours.
    type: str
    default: UTC
  holidays:
    description:
      - Dates (V(YYYY-MM-DD)) that are not working days under V(5x8).
    type: list
    elements: str
    default: []
notes:
  - A period in the future, longer than a year, older than a year, or not an ISO 8601 time, and a time zone or holiday
    that is not one, fail before any request.
  - The report callback merges the events into the run store (an event seen by two runs is one event, a recovery
    closes it) and writes the C(events) report with the SLA figures; see docs/events.md.
"""
