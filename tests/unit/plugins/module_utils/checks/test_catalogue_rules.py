"""Catalogue-wide rules every check of every platform must follow."""

import os
import re
import string

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue, zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate, validate_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import PILLARS

from .helpers import ENDPOINTS, NOW


class Platform(object):
    """What the rules need to know about one catalogue and its collector."""

    def __init__(self, name, catalogue, min_checks, data_contract, dict_datasets):
        self.name = name
        self.catalogue = catalogue
        self.min_checks = min_checks
        # The collector's data contract: the only dataset names a check may require.
        self.data_contract = data_contract
        self.dict_datasets = dict_datasets
        self.test_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)

    def empty_data(self):
        return dict((name, {} if name in self.dict_datasets else []) for name in self.data_contract)


PLATFORMS = [
    Platform("zstack", zstack_catalogue, 45, {
        "hosts", "clusters", "zones", "vms", "volumes", "primary_storages", "backup_storages", "l3_networks", "ip_capacity",
        "vpc_routers", "vips", "eips", "security_groups", "snapshots", "volume_backups", "scheduler_jobs", "scheduler_triggers",
        "scheduler_history", "alarms", "alarm_histories", "event_subscriptions", "license", "license_addons",
        "management_nodes", "global_configs", "resource_configs", "system_tags", "host_metrics", "vm_metrics",
    }, {"host_metrics", "vm_metrics"}),
    # plugins/module_utils/apsara/collect.py
    Platform("apsara", apsara_catalogue, 42, {
        "instances", "disks", "snapshots", "auto_snapshot_policies", "security_groups", "security_group_rules", "vpcs",
        "vswitches", "router_interfaces", "eips", "nat_gateways", "snat_entries", "cms_alarm_rules", "cms_alarm_history",
        "cms_cpu", "rds_instances", "rds_backups", "rds_backup_policies", "slb_load_balancers", "slb_backend_health",
        "resource_groups",
    }, {"security_group_rules", "rds_backups", "rds_backup_policies", "slb_backend_health"}),
]
BY_NAME = dict((p.name, p) for p in PLATFORMS)
ALL_CHECKS = [(p, c) for p in PLATFORMS for c in p.catalogue.CHECKS]
CJK = re.compile("[\u4e00-\u9fff]")
SMART_QUOTES = re.compile("[\u201c\u201d\u2018\u2019]")

each_platform = pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.name)
each_check = pytest.mark.parametrize("platform, check", ALL_CHECKS, ids=lambda v: getattr(v, "id", None) or v.name)


def _fields(template):
    return set(name for _text, name, _spec, _conv in string.Formatter().parse(template) if name)


@each_platform
def test_catalogue_size_and_pillars(platform):
    checks = platform.catalogue.CHECKS
    assert len(checks) >= platform.min_checks
    assert set(c.pillar for c in checks) == set(PILLARS)


@each_platform
def test_ids_unique_and_well_formed(platform):
    id_re = re.compile(r"^%s_[a-z0-9]+(_[a-z0-9]+)+$" % platform.name)
    ids = [c.id for c in platform.catalogue.CHECKS]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not id_re.match(i)] == []
    assert all(c.platform == platform.name for c in platform.catalogue.CHECKS)
    assert sorted(platform.catalogue.by_id()) == sorted(ids)


@each_check
def test_texts_bilingual(platform, check):
    for label in ("title", "message", "remediation"):
        text = getattr(check, label)
        assert text["en"].strip() and text["zh_CN"].strip(), (check.id, label)
        assert text["en"] != text["zh_CN"], (check.id, label)
        assert CJK.search(text["zh_CN"]), (check.id, label, "zh_CN text has no Chinese")
        assert not CJK.search(text["en"]), (check.id, label, "en text contains Chinese")
        assert not SMART_QUOTES.search(text["en"] + text["zh_CN"]), (check.id, label, "curly quotes")
    assert _fields(check.message["en"]) == _fields(check.message["zh_CN"]), check.id
    assert "name" in _fields(check.message["en"]), "%s: the message must name the resource" % check.id
    assert len(check.remediation["en"]) >= 60, "%s: remediation too thin to hand to a customer" % check.id


@each_check
def test_requires_in_data_contract(platform, check):
    assert check.requires, check.id
    assert set(check.requires) <= platform.data_contract, (check.id, set(check.requires) - platform.data_contract)


@each_check
def test_threshold_defaults_valid(platform, check):
    validate_config([check], {check.id: dict(check.thresholds)})
    for name, value in check.thresholds.items():
        assert re.match(r"^[a-z][a-z0-9_]*$", name), (check.id, name)
        if name.endswith("_pct"):
            assert 0 <= value <= 100, (check.id, name)


@each_check
def test_every_check_has_a_unit_test(platform, check):
    sources = ""
    for filename in sorted(os.listdir(platform.test_dir)):
        if filename.startswith("test_") and filename.endswith(".py"):
            with open(os.path.join(platform.test_dir, filename), encoding="utf-8") as handle:
                sources += handle.read()
    assert '"%s"' % check.id in sources, "no unit test mentions %s" % check.id


def test_zstack_empty_datasets_give_no_errors():
    platform = BY_NAME["zstack"]
    findings = evaluate(platform.catalogue.CHECKS, platform.empty_data(), "zstack", ENDPOINTS["zstack"], now=NOW)
    assert [f for f in findings if f["status"] == "ERROR"] == []
    # only the site-wide checks judge an empty site (single MN and missing alarms fail, on the endpoint)
    assert set(f["resource"]["type"] for f in findings) == {"endpoint"}


def test_apsara_empty_datasets_give_nothing():
    platform = BY_NAME["apsara"]
    assert evaluate(platform.catalogue.CHECKS, platform.empty_data(), "apsara", ENDPOINTS["apsara"], now=NOW) == []


@each_platform
def test_missing_dataset_is_an_error_not_silence(platform):
    checks = platform.catalogue.CHECKS
    findings = evaluate(checks, {}, platform.name, ENDPOINTS[platform.name], now=NOW)
    assert len(findings) == len(checks)
    assert set(f["status"] for f in findings) == {"ERROR"}


def test_apsara_every_contract_dataset_is_read_by_some_check():
    platform = BY_NAME["apsara"]
    used = set(name for c in platform.catalogue.CHECKS for name in c.requires)
    assert used == platform.data_contract, platform.data_contract - used
