#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: event_ack
short_description: Acknowledge an alarm event (who, when, ticket), on ZStack also on the cloud
version_added: 0.2.0
description:
  - Records in the run store who acknowledged an event of the event list, when, the ticket and a note; the clouds
    keep no person (ZStack keeps an account uuid, CloudMonitor nothing), so this record is what the response SLA
    of the events report measures.
  - A ZStack event is also acknowledged on the cloud (C(AckAlarmData) with the alarm and the alarm data of the
    event, muting its repeat notifications for O(ack_period_s)) before the store records it; if that call fails,
    nothing is recorded.
  - An event the store does not know (not collected yet, wrong id, another site) fails with nothing written.
  - Acknowledging again with the same person and ticket changes nothing. An event that belongs to an open incident
    adds an C(acknowledged) entry to the incident's timeline.
  - Runs on the controller (an action plugin); the module itself only makes the C(AckAlarmData) call.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  event_id:
    description: The event's id (32 hexadecimal digits), as the events report lists it.
    type: str
    required: true
  acked_by:
    description: Who acknowledged it. Default the operator (AWX user or the OS user).
    type: str
  acked_at:
    description: When, ISO 8601 with a zone. Default now.
    type: str
  ticket:
    description: The ticket of the customer's or our system.
    type: str
  note:
    description: Free text.
    type: str
  site:
    description: The site the event is filed under. Default the inventory's C(cloudops_site).
    type: str
  store_dsn:
    description: The run store. Default E(CLOUDOPS_STORE_DSN), else SQLite in O(output_dir) (docs/store.md).
    type: str
  output_dir:
    description: The reports directory whose C(store.sqlite3) is the default store. Default E(CLOUDOPS_REPORT_DIR) or C(reports).
    type: str
  cloud_ack:
    description: Acknowledge a ZStack event on the cloud too.
    type: bool
    default: true
  ack_period_s:
    description: How long ZStack mutes the alarm data's repeat notifications (C(ackPeriodSec)).
    type: int
    default: 3600
  zstack:
    description: Connection to the ZStack endpoint of the event (needed for a ZStack event with O(cloud_ack)).
    type: dict
    suboptions:
      endpoint:
        description: Base URL of the management node; it must be the event's endpoint.
        type: str
      account:
        description: Account name.
        type: str
      password:
        description: Account password.
        type: str
      access_key_id:
        description: AccessKey id (instead of account and password).
        type: str
      access_key_secret:
        description: AccessKey secret.
        type: str
      validate_certs:
        description: Verify the TLS certificate.
        type: bool
        default: true
      ca_path:
        description: CA bundle for the TLS certificate.
        type: str
      timeout:
        description: Seconds per request.
        type: int
        default: 30
  alarm_uuid:
    description: Set by the action plugin from the stored event (the alarm); do not set it.
    type: str
  alert_data_uuid:
    description: Set by the action plugin from the stored event (the alarm data); do not set it.
    type: str
  resource_uuid:
    description: Set by the action plugin from the stored event; do not set it.
    type: str
  event_endpoint:
    description: Set by the action plugin from the stored event; the module refuses another endpoint.
    type: str
attributes:
  action:
    description: An action plugin; runs on the controller (the module only makes the AckAlarmData call).
    support: full
  check_mode:
    description: Reads the event and shows the diff; no write to the store, no call to the cloud.
    support: full
  diff_mode:
    description: The event's acknowledgements before and after.
    support: full
"""

EXAMPLES = r"""
- name: Alice takes the event (ticket INC-1024); on ZStack also AckAlarmData
  cloudops.privatecloud.event_ack:
    event_id: 9b0e5c1b4f7a4a43a1f0d5f6d3c2b1a0
    acked_by: alice
    ticket: INC-1024
    note: looking at the storage pool
    zstack:
      endpoint: "{{ hostvars['zstack-lab'].zstack_endpoint }}"
      account: "{{ hostvars['zstack-lab'].zstack_account }}"
      password: "{{ hostvars['zstack-lab'].zstack_password }}"
"""

RETURN = r"""
event:
  description: The event with its acknowledgements (and resolutions) as the store now has them.
  returned: success
  type: dict
  sample: {event_id: 9b0e5c1b4f7a4a43a1f0d5f6d3c2b1a0, acks: [{acked_by: alice, ticket: INC-1024}]}
cloud_ack:
  description: Whether the event was (or would be) acknowledged on the cloud as well.
  returned: success
  type: bool
  sample: true
ack_inventory:
  description: ZStack's AlertDataAckInventory.
  returned: when acknowledged on ZStack
  type: dict
  sample: {alertDataUuid: 1f2e3d4c5b6a79880123456789abcdef, ackPeriod: 3600, resumeAlert: false}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import events
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError, client_from_params


def main():
    module = AnsibleModule(argument_spec=dict(
        event_id=dict(type="str", required=True), acked_by=dict(type="str"), acked_at=dict(type="str"),
        ticket=dict(type="str"), note=dict(type="str"), site=dict(type="str"), store_dsn=dict(type="str", no_log=True),
        output_dir=dict(type="str"), cloud_ack=dict(type="bool", default=True), ack_period_s=dict(type="int", default=3600),
        zstack=dict(type="dict", options=dict(
            endpoint=dict(type="str"), account=dict(type="str"), password=dict(type="str", no_log=True),
            access_key_id=dict(type="str"), access_key_secret=dict(type="str", no_log=True),
            validate_certs=dict(type="bool", default=True), ca_path=dict(type="str"), timeout=dict(type="int", default=30))),
        alarm_uuid=dict(type="str"), alert_data_uuid=dict(type="str"), resource_uuid=dict(type="str"),
        event_endpoint=dict(type="str")), supports_check_mode=True)
    params = module.params
    if not params["alarm_uuid"] or not params["alert_data_uuid"]:
        module.fail_json(msg="event_ack runs through its action plugin, which reads the event from the run store")
    if not 0 < params["ack_period_s"] <= 2147483647:
        module.fail_json(msg="ack_period_s must be 1..2147483647")
    try:
        client = client_from_params(dict(params["zstack"] or {}, retries=2))
    except ZStackError as err:
        module.fail_json(msg=str(err))
    if params["event_endpoint"] and client.endpoint.rstrip("/") != params["event_endpoint"].rstrip("/"):
        module.fail_json(msg="the event came from %s, this connection is %s: nothing acknowledged"
                             % (params["event_endpoint"], client.endpoint))
    if module.check_mode:
        module.exit_json(changed=True, msg="check mode: AckAlarmData not sent")
    try:
        inventory = events.ack(client, params["alarm_uuid"], params["alert_data_uuid"], params["ack_period_s"],
                               params["resource_uuid"])
    except ZStackError as err:
        module.fail_json(msg=str(err), error=err.to_dict())
    finally:
        client.close()
    module.exit_json(changed=True, inventory=inventory)


if __name__ == "__main__":
    main()
