# -*- coding: utf-8 -*-
"""Realistic change-module results for the change report tests, made with the real ChangeTracker.

A VPC change on one endpoint: pre-check (plan), create_vpc, create_vswitch x2, add_route; failures,
the rollback module's answer, and window-check results from the real window rules (plugin_utils/window.py).
"""
from __future__ import annotations

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import (
    ChangeContext,
    ChangeTracker,
    change_uid,
    check_result,
    rollback_journal,
)
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import window as change_window

CHANGE = {"id": "CHG-2026-1127-01", "ticket": "ITSM-4711", "operator": "alice", "title": "Connect vpc-prod to vpc-shared",
          "window": None}
ENDPOINT = "https://127.0.0.2:18453"
HOSTILE = "<script>alert(1)</script>"
SECRET = "LabDemoSecret0123456789abcdef01"
# (action, target type, target name, before, after, journal type, id)
STEPS = (
    ("create_vpc", "vpc", "vpc-prod", None, {"VpcId": "vpc-0001", "CidrBlock": "10.10.0.0/16", "Status": "Available"}, "vpc", "vpc-0001"),
    ("create_vswitch", "vswitch", "vsw-a", None, {"VSwitchId": "vsw-000a", "CidrBlock": "10.10.1.0/24", "ZoneId": "cn-lab-1a"},
     "vswitch", "vsw-000a"),
    ("create_vswitch", "vswitch", "vsw-b", None, {"VSwitchId": "vsw-000b", "CidrBlock": "10.10.2.0/24", "ZoneId": "cn-lab-1b"},
     "vswitch", "vsw-000b"),
    ("modify_route_table", "route_table", "vtb-prod", {"Routes": ["0.0.0.0/0"]}, {"Routes": ["0.0.0.0/0", "172.16.0.0/16"]},
     "route_table", "vtb-0001"),
)


def change(**kw):
    c = dict(CHANGE)
    c.update(kw)
    return c


def plan_result(host_endpoint=ENDPOINT, platform="apsara", ctx=None, steps=STEPS, failed_check=False):
    """What <platform>_vpc_precheck returns: pre-checks and the plan (same uids as the apply steps)."""
    ctx = ChangeContext(ctx or CHANGE)
    plan = [{"uid": change_uid(ctx.change_id, platform, host_endpoint, a, "%s:%s" % (t, n)), "action": a,
             "target": {"type": t, "name": n}, "platform": platform, "endpoint": host_endpoint, "change_id": ctx.change_id}
            for a, t, n, _b, _a, _jt, _id in steps]
    checks = [check_result("cidr_syntax", True, "every CIDR is valid", "CIDR syntax", "CIDR 格式"),
              check_result("cidr_overlap", not failed_check, "10.10.0.0/16 overlaps vpc-old 10.0.0.0/8" if failed_check
                           else "no overlap with 3 existing VPCs", "CIDR overlap", "CIDR 重叠")]
    out = {"changed": False, "report_kind": "change", "platform": platform, "endpoint": host_endpoint, "change": ctx.as_dict(),
           "pre_checks": checks, "plan": plan}
    if failed_check:
        out.update(failed=True, msg="pre-check failed: cidr_overlap: 10.10.0.0/16 overlaps vpc-old 10.0.0.0/8")
    return out


def apply_result(upto=None, fail_at=None, check_mode=False, unchanged=False, platform="apsara", endpoint=ENDPOINT, ctx=None,
                 steps=STEPS, extra_after=None):
    """One change module run over `steps` (or the first `upto`), failing at index `fail_at`."""
    tracker = ChangeTracker(ctx or CHANGE, platform, endpoint, check_mode=check_mode)
    for i, (action, rtype, name, before, after, jtype, rid) in enumerate(steps[:upto]):
        before_state = after if unchanged else before
        rec = tracker.begin(action, {"type": rtype, "id": rid if before_state else None, "name": name}, before=before_state,
                            pre_checks=[check_result("target_ok", True, "%s may be changed" % name, "Target can change", "目标可变更")])
        if unchanged:
            tracker.unchanged(rec)
            continue
        if i == fail_at:
            if jtype == "vswitch":  # created, then failed waiting: it is journaled for the rollback
                tracker.created(rec, jtype, rid, keys={"RegionId": "cn-lab-1"}, name=name)
            tracker.fail(rec, "InvalidVSwitchId.NotFound: the vSwitch did not become Available in 60 s (RequestId 4C7A)")
            break
        if before is None:
            tracker.created(rec, jtype, rid, keys={"RegionId": "cn-lab-1"}, name=name)
        else:
            tracker.modified(rec, jtype, rid, restore=before, keys={"RegionId": "cn-lab-1"}, name=name)
        state = dict(after)
        state.update(extra_after or {})
        tracker.finish(rec, after=state, post_checks=[check_result("exists", True, "%s is Available" % name, "Exists", "已存在")])
    out = tracker.result()
    out["changed"] = tracker.changed
    if fail_at is not None:
        out.update(failed=True, msg="create_vswitch vsw-b failed: InvalidVSwitchId.NotFound")
    return out


def rollback_result(journal, fail_types=(), platform="apsara", endpoint=ENDPOINT, ctx=None):
    """What <platform>_vpc_rollback returns for a journal (undo newest first); `fail_types` cannot be undone."""
    tracker = ChangeTracker(ctx or CHANGE, platform, endpoint)

    def undo(entry):
        if entry["type"] in fail_types:
            raise RuntimeError("DependencyViolation: %s %s still has dependents" % (entry["type"], entry["id"]))
        return "deleted" if entry["op"] == "create" else "restored"

    outcome = rollback_journal(tracker, journal, undo)
    out = tracker.result()
    out.update(changed=True, rolled_back_uids=outcome["rolled_back_uids"], failed_uids=outcome["failed_uids"])
    if not outcome["ok"]:
        out.update(failed=True, msg="rollback incomplete: %d entr(y/ies) could not be undone" % len(outcome["failed_uids"]))
    return out


def window_result(hosts, batch=None, opens_in=None, closed_since=None, override_reason=None, check_mode=False, tz="Asia/Shanghai"):
    """The change_window action's result for the first host of `batch`, computed by the real plugin code."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    if opens_in is not None:
        start, end = now + datetime.timedelta(seconds=opens_in), now + datetime.timedelta(seconds=opens_in + 7200)
    elif closed_since is not None:
        start, end = now - datetime.timedelta(seconds=closed_since + 7200), now - datetime.timedelta(seconds=closed_since)
    else:
        start, end = now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=3)
    args = {"change": {"id": CHANGE["id"], "ticket": CHANGE["ticket"], "title": CHANGE["title"]},
            "window": {"start": start.isoformat(), "end": end.isoformat(), "timezone": tz},
            "override": bool(override_reason), "override_reason": override_reason, "operator": "alice"}
    batch = batch or hosts
    task_vars = {"ansible_play_hosts_all": hosts, "ansible_play_batch": batch, "inventory_hostname": batch[0],
                 "hostvars": dict((h, {"cloud_platform": "apsara"}) for h in hosts)}
    return change_window.check(args, task_vars, now, check_mode=check_mode)
