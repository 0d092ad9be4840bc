# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack alarm events of a period (alarms-events-api.md 2.4).

QueryAlarmRecord (ZQL: createTime in the period, sorted, limit/start pages through the client's walk) gives the
Alarm rows (an episode's start) and the OK rows (its recovery, where the MN writes one); QueryAlarm's status is
polled too, because whether an OK row is written is not documented: an episode still open here whose alarm is OK
now is recovered by poll at the collection time.  Times: createTime is epoch ms (UTC).
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.events import model

ALARM_RECORDS = "/zwatch/alarm-records"
ALARMS = "/zwatch/alarms"
NAME_PATHS = {"VmInstanceVO": "/vm-instances", "HostVO": "/hosts", "PrimaryStorageVO": "/primary-storage",
              "BackupStorageVO": "/backup-storage", "ApplianceVmVO": "/vm-instances", "L3NetworkVO": "/l3-networks"}
NAME_CHUNK = 100
RESOURCE_TYPES = {"ZStack/VM": "VmInstanceVO", "ZStack/Host": "HostVO", "ZStack/PrimaryStorage": "PrimaryStorageVO",
                  "ZStack/BackupStorage": "BackupStorageVO", "ZStack/VRouter": "ApplianceVmVO", "ZStack/L3Network": "L3NetworkVO"}


def _event(endpoint, rec):
    return model.make_event(
        "zstack", endpoint, "alarm_record", rec.get("alarmUuid"), rec.get("resourceUuid"),
        model.iso_from_ms(rec.get("createTime")), rec.get("emergencyLevel"), rule_name=rec.get("alarmName"),
        resource_type=RESOURCE_TYPES.get(rec.get("namespace"), rec.get("namespace")),
        metric="%s/%s" % (rec.get("namespace"), rec.get("metricName")), value=rec.get("metricValue"),
        threshold=rec.get("threshold"), cloud_ref=rec.get("dataUuid"),
        message="%s %s %s %s (%s)" % (rec.get("metricName"), rec.get("comparisonOperator"), rec.get("threshold"),
                                      rec.get("alarmName"), rec.get("metricValue")))


def collect(client, endpoint, start_ms, end_ms, collected_at, page_size=1000):
    """{"events": [...], "recoveries": [...], "alarms": n, "records": n} for alarm records in [start_ms, end_ms]."""
    conditions = ["createTime>=%d" % start_ms, "createTime<=%d" % end_ms]
    records = client.query_all(ALARM_RECORDS, conditions, sort="+createTime", page_size=page_size)
    alarms = dict((a.get("uuid"), a) for a in client.query_all(ALARMS, fields=["uuid", "name", "status"]))
    fired, cleared = [], []
    for rec in records:
        if not rec.get("createTime") or not rec.get("alarmUuid"):
            continue
        if rec.get("alarmStatus") == "Alarm":
            fired.append(_event(endpoint, rec))
        elif rec.get("alarmStatus") == "OK":
            cleared.append(model.make_recovery("zstack", endpoint, rec["alarmUuid"], rec.get("resourceUuid"),
                                               model.iso_from_ms(rec["createTime"])))
    events, recoveries = model.pair(fired, cleared)
    names = resource_names(client, events, page_size)
    events = [dict(e, resource_name=names.get(e["resource_id"])) for e in events]
    latest = {}
    for event in events:        # only the newest episode of an alarm and resource can still be open
        key = (event["rule_id"], event["resource_id"])
        if key not in latest or event["alert_time"] > latest[key]["alert_time"]:
            latest[key] = event
    out = []
    for event in events:
        alarm = alarms.get(event["rule_id"])
        if (event["status"] == "open" and latest[(event["rule_id"], event["resource_id"])] is event and alarm is not None
                and alarm.get("status") == "OK"):
            event = dict(event, status="recovered", recovered_time=collected_at, recover_source="poll")
        elif event["status"] == "open" and latest[(event["rule_id"], event["resource_id"])] is not event:
            # a newer episode of the same alarm and resource began: this one ended unseen before it
            pass
        out.append(event)
    return {"events": out, "recoveries": recoveries, "alarms": len(alarms), "records": len(records)}


def resource_names(client, events, page_size=1000):
    """{uuid: name} of the events' resources (the record carries only the uuid): one query per type and 100 uuids."""
    wanted = {}
    for e in events:
        if NAME_PATHS.get(e.get("resource_type")) and e.get("resource_id"):
            wanted.setdefault(NAME_PATHS[e["resource_type"]], set()).add(e["resource_id"])
    names = {}
    for path, uuids in sorted(wanted.items()):
        ordered = sorted(uuids)
        for start in range(0, len(ordered), NAME_CHUNK):
            chunk = ordered[start:start + NAME_CHUNK]
            for item in client.query_all(path, ["uuid?=%s" % ",".join(chunk)], fields=["uuid", "name"], page_size=page_size):
                names[item.get("uuid")] = item.get("name")
    return names


def ack(client, alarm_uuid, data_uuid, ack_period_s, resource_uuid=None):
    """AckAlarmData on the cloud (async): the AlertDataAckInventory."""
    params = {"alarmUuid": alarm_uuid, "alertDataUuid": data_uuid, "dataType": "alarm", "ackPeriodSec": int(ack_period_s)}
    if resource_uuid:
        params["resourceUuid"] = resource_uuid
    body = client.call("POST", "/zwatch/alarm-histories/acknowledgments", {"params": params}, api="AckAlarmData")
    return (body or {}).get("inventory") or {}
