# -*- coding: utf-8 -*-
"""The ZStack and Apsara event collectors against the labs' alarm worlds (episodes that fire and recover)."""
from __future__ import annotations

import datetime
import time

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara import events as apsara_events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import period
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import events as zstack_events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient
from lab.apsara import ApsaraLab
from lab.zstack import ZStackLab

UTC = datetime.timezone.utc


def now_iso():
    return datetime.datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def zlab():
    with ZStackLab(world="alarms", job_seconds=0.02, https_port=None, prewarm=False) as lab:
        yield lab


@pytest.fixture(scope="module")
def alab():
    with ApsaraLab(world="apsara_alarms", https_port=None) as lab:
        yield lab


def zcollect(lab, hours=3):
    client = ZStackClient(lab.http_url, lab.account, lab.password, retries=2, base_delay=0.01)
    end = datetime.datetime.now(UTC)
    out = zstack_events.collect(client, lab.http_url, period.ms(end - datetime.timedelta(hours=hours)), period.ms(end),
                                now_iso(), page_size=2)
    return out, client.stats["api_calls"]


def test_zstack_events_fire_recover_and_poll(zlab):
    first, calls = zcollect(zlab)
    by = dict(((e["rule_name"], e["status"]), e) for e in first["events"])
    # (a loaded machine may collect after the live episode of app-01 fired: more, never fewer)
    assert {("host-cpu-high", "recovered"), ("host-mem-high", "recovered"), ("ps-usage-high", "open"),
            ("vm-cpu-high", "recovered")} <= set(by)
    assert by[("vm-cpu-high", "recovered")]["recover_source"] == "api" and by[("ps-usage-high", "open")]["priority"] == "P1"
    assert by[("ps-usage-high", "open")]["resource_name"] == "PS-LOCAL-A" and by[("host-cpu-high", "recovered")]["resource_name"] == "kvm-a-02"
    assert calls >= 1 + 5      # login, 9 records in pages of 2, the alarms
    time.sleep(max(0.0, zlab.state.meta["timeline_start"] + 4.5 - time.time()))
    second, _calls = zcollect(zlab)
    live = [e for e in second["events"] if e["resource_type"] == "VmInstanceVO" and e["alert_time"] >= first["events"][0]["alert_time"]]
    statuses = sorted((e["rule_name"], e["status"]) for e in second["events"])
    assert ("host-cpu-high", "open") in statuses and statuses.count(("vm-cpu-high", "recovered")) == 2
    ids = [e["event_id"] for e in first["events"]]
    assert set(ids) <= set(e["event_id"] for e in second["events"])      # stable ids: the same episodes again
    assert live


def test_apsara_events_alert_history_and_system_events(alab):
    client = ApsaraClient(alab.access_key_id, alab.access_key_secret, alab.region_id, endpoints=alab.endpoints,
                          organization_id=alab.organization_id, retries=2, base_delay=0.01)
    end = datetime.datetime.now(UTC)
    out = apsara_events.collect(client, "https://lab", alab.region_id, end - datetime.timedelta(days=30), end)
    kinds = sorted((e["source"], e["rule_name"], e["status"]) for e in out["events"])
    assert ("alert_history", "ecs-cpu-high", "recovered") in kinds and ("alert_history", "app-03-mem-high", "open") in kinds
    assert ("system_event", "SystemFailure.Reboot", "recovered") in kinds
    reboot = next(e for e in out["events"] if e["rule_name"] == "SystemFailure.Reboot")
    assert reboot["priority"] == "P1" and reboot["recovered_time"] > reboot["alert_time"]
    # 30 days in two windows of at most 15 days, ALARM and OK each, plus the system events
    assert client.stats["api_calls"] == 2 * 2 + 1 and out["skipped"] == []
