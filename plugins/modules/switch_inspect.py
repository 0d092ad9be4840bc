#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: switch_inspect
short_description: Inspect a Huawei (VRP5, CloudEngine VRPv8) or H3C Comware switch against the check catalogue
version_added: 0.2.0
description:
  - Opens one SSH session to the switch (unmodified netmiko), runs the display commands the active checks need, parses them
    with TextFSM (ntc-templates where a working template exists, the collection's own templates otherwise) and evaluates the
    switch checks of the catalogue (platform C(switch), see C(docs/checks.md)) - fans, power, CPU, memory, active alarms,
    error-down ports, interface errors, uplinks, STP, LLDP against the cabling plan, NTP, unsaved configuration.
  - The result has the same shape as the cloud inspections, so the C(cloudops.privatecloud.report) callback puts switches
    and clouds into one inspection report.
  - With O(backup_dir), the running and saved configurations are written there per run (secrets masked) and compared with
    the previous run's backup; the difference is a finding (C(switch_config_changed)) and part of the result.
  - Site configuration (thresholds, skipped checks, mutes) is validated before the switch is contacted.
author:
  - cloudops.privatecloud contributors (@cloudops)
extends_documentation_fragment:
  - cloudops.privatecloud.inspection
  - cloudops.privatecloud.inspection.collection
  - cloudops.privatecloud.switch
  - cloudops.privatecloud.switch.action_group
  - cloudops.privatecloud.attributes.read_only
options:
  expected_lldp:
    description:
      - "The cabling plan of this switch, C({local port: {system: neighbour name, port: neighbour port}}); port names long
        or short (C(XGigabitEthernet0/0/1) or C(XGE0/0/1)). Each port must see that neighbour."
    type: dict
    default: {}
  uplinks:
    description:
      - Ports that are uplinks (besides those whose description matches the C(uplink_description_pattern) threshold);
        an uplink must be up and, when up, see an LLDP neighbour.
    type: list
    elements: str
    default: []
  stp_root_bridge:
    description: This switch is the planned STP root bridge (no root port is then expected).
    type: bool
    default: false
  backup_dir:
    description:
      - Folder for configuration backups, C(<backup_dir>/<run id>/<switch>/running.cfg), C(saved.cfg), C(diff.txt).
        Secrets (local-user passwords, SNMP communities, keys) are masked before anything is written. Not set - no backup.
    type: path
  run_id:
    description:
      - The run's id for the backup folder. Default - E(CLOUDOPS_RUN_ID) (set by the collection's callbacks), else a new one.
    type: str
  previous_config:
    description:
      - The newest running configuration the run store holds for this switch (already masked), as the
        C(cloudops.privatecloud.switch_previous_config) lookup returns it. With O(backup_dir), the comparison uses it
        instead of the previous backup folder (which a throw-away AWX container never has); C(config_backup.previous_source) in the result
        says which one was used. Empty - the backup folder.
    type: dict
    default: {}
    suboptions:
      run_id:
        description: The run the configuration was captured in.
        type: str
      text:
        description: The masked running configuration.
        type: str
      sha256:
        description: Its sha256 (informational).
        type: str
      captured_at:
        description: When it was captured (ISO 8601 UTC).
        type: str
notes:
  - The planted problems of the lab's C(switches_demo) world all show up as findings (see C(lab/switches/README.md)).
  - C(workers) and C(requests_per_second) are accepted for the common inspection interface; a switch is read over one
    session, one command at a time (parallelism comes from Ansible forks, one host per switch).
"""

EXAMPLES = r"""
- name: Inspect this switch (inventory host) and back up its configuration
  cloudops.privatecloud.switch_inspect:
    switch_host: "{{ ansible_host }}"
    switch_port: "{{ ansible_port | default(22) }}"
    switch_username: "{{ switch_username }}"
    switch_password: "{{ switch_password }}"
    device_type: "{{ switch_device_type }}"
    expected_lldp:
      40GE1/0/1: {system: cloud-gw-1, port: eth2}
    backup_dir: reports/switch_config
  delegate_to: localhost
"""

RETURN = r"""
report_kind:
  description: Always C(inspection); what the report callback looks for.
  returned: always
  type: str
  sample: inspection
platform:
  description: Always C(switch).
  returned: always
  type: str
  sample: switch
endpoint:
  description: The switch's name (from its prompt) with address and device type; never credentials.
  returned: always
  type: str
  sample: "DSW-CE-01 (127.0.0.1:18201, huawei_vrpv8)"
findings:
  description: One finding per check and resource; the schema is in C(docs/records.md).
  returned: always
  type: list
  elements: dict
summary:
  description: Counts by status, and failed findings by severity and pillar.
  returned: always
  type: dict
checks_run:
  description: Metadata of every check evaluated.
  returned: always
  type: list
  elements: dict
capacity:
  description: CPU and memory percentages of the switch.
  returned: always
  type: dict
inventory_counts:
  description: Number of interfaces, fans, power supplies, LLDP neighbours and active alarms seen.
  returned: always
  type: dict
switch:
  description: Name, model, software version, uptime and device type.
  returned: always
  type: dict
config_backup:
  description:
    - Where the backup went, the masked running and saved configurations (C(running), C(saved), their sha256, C(captured_at);
      the report callback stores them in the run store) and the difference from the previous configuration.
      C(previous_source) is C(run_store), C(backup_folder) or null (no earlier configuration). Empty without O(backup_dir).
  returned: always
  type: dict
  sample: {"path": "reports/switch_config/20261207T220000Z-1a2b3c/DSW-CE-01", "previous_run_id": "20261206T220000Z-9f8e7d",
           "previous_source": "run_store", "changed": false, "diff": [], "running": "sysname DSW-CE-01 ...",
           "captured_at": "2026-12-07T22:00:03Z"}
collection:
  description: How collection went; C(api_calls) counts CLI commands; C(errors) maps a dataset to why it failed.
  returned: always
  type: dict
"""

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import switch_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import (
    Inspection,
    collection_facts,
    evaluate_config,
    inspection_argument_spec,
    module_result,
    run_report_module,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import new_run_id, run_id_from_env
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.backup import backup
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.collect import SwitchCollector
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.module import SwitchModule

# Datasets the module supplies itself (from its options and the backup folder), not the collector.
LOCAL_DATASETS = ("site", "config_backup")


def capacity(data):
    return {"switch": [{"name": (data.get("device") or {}).get("name"), "cpu_pct": (data.get("cpu") or {}).get("cpu_pct"),
                        "memory_pct": (data.get("memory") or {}).get("memory_pct")}]}


def counts(data):
    return dict((name, len(data[name])) for name in ("interfaces", "fans", "power", "lldp", "alarms") if name in data)


class SwitchInspection(Inspection):
    """The inspection job with the switch's own inputs: cabling plan, uplinks, planned root, backups."""

    @staticmethod
    def argument_spec():
        spec = inspection_argument_spec()
        spec.update(expected_lldp=dict(type="dict", default={}), uplinks=dict(type="list", elements="str", default=[]),
                    stp_root_bridge=dict(type="bool", default=False), backup_dir=dict(type="path"), run_id=dict(type="str"),
                    previous_config=dict(type="dict", default={}, options=dict(
                        run_id=dict(type="str"), text=dict(type="str"), sha256=dict(type="str"), captured_at=dict(type="str"))))
        return spec

    def validate(self, module):
        for port, plan in module.params["expected_lldp"].items():
            if not isinstance(plan, dict) or not plan.get("system"):
                module.fail_json(msg="expected_lldp.%s must be a mapping with system (and optionally port)" % port)
        return super(SwitchInspection, self).validate(module)

    def run(self, module, client, endpoint, config):
        params = module.params
        active = [c for c in self.checks if c.id not in set(config["skip"])]
        wanted = set(name for c in active for name in c.requires) - set(LOCAL_DATASETS)
        if params.get("backup_dir"):
            wanted.add("config")
        collector = SwitchCollector(client).mask_with(params["switch_password"], params.get("switch_secret"))
        data, errors, seconds = collector.collect(wanted)
        if wanted and not data:
            first = sorted(errors.items())[0]
            module.fail_json(msg="inspection of %s collected no data: %s: %s" % (endpoint, first[0], first[1]), errors=errors)
        data["site"] = {"expected_lldp": params["expected_lldp"], "uplinks": params["uplinks"],
                        "stp_root_bridge": params["stp_root_bridge"]}
        data["config_backup"] = {}
        if params.get("backup_dir") and "config" in data:
            name = (data.get("device") or {}).get("name") or client.host
            run_id = params.get("run_id") or run_id_from_env() or new_run_id()
            try:
                data["config_backup"] = backup(params["backup_dir"], run_id, name, data["config"]["running"],
                                               data["config"]["saved"], stored=params.get("previous_config"),
                                               captured_at=utcnow_iso())
            except OSError as err:
                errors["config_backup"] = "could not write the backup under %s: %s" % (params["backup_dir"], err)
                del data["config_backup"]
        findings = evaluate_config(self.checks, data, self.platform, endpoint, config, collect_errors=errors)
        return module_result(self.kind, self.platform, endpoint, self.checks, config, findings,
                             collection_facts(client.stats, seconds, errors), capacity=capacity(data),
                             inventory_counts=counts(data), switch=data.get("device") or {},
                             config_backup=data.get("config_backup") or {})


def main():
    run_report_module(SwitchModule, SwitchInspection("switch", switch_catalogue.CHECKS, SwitchCollector, capacity, counts))


if __name__ == "__main__":
    main()
