"""Catalogue-wide rules every Apsara Stack check must follow."""

import os
import re
import string

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate, validate_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import PILLARS

from .apsara.helpers import ENDPOINT, NOW

# The collector's data contract (plugins/module_utils/apsara_collect.py): the only dataset names a check may require.
DATA_CONTRACT = {
    "instances", "disks", "snapshots", "auto_snapshot_policies", "security_groups", "security_group_rules", "vpcs",
    "vswitches", "router_interfaces", "eips", "nat_gateways", "snat_entries", "cms_alarm_rules", "cms_alarm_history",
    "cms_cpu", "rds_instances", "rds_backups", "rds_backup_policies", "slb_load_balancers", "slb_backend_health",
    "resource_groups",
}
DICT_DATASETS = {"security_group_rules", "rds_backups", "rds_backup_policies", "slb_backend_health"}
CHECKS = apsara_catalogue.CHECKS
ID_RE = re.compile(r"^apsara_[a-z0-9]+(_[a-z0-9]+)+$")
CJK = re.compile(u"[\u4e00-\u9fff]")
SMART_QUOTES = re.compile(u"[\u201c\u201d\u2018\u2019]")
TEST_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "apsara")


def _fields(template):
    return set(name for _text, name, _spec, _conv in string.Formatter().parse(template) if name)


def test_catalogue_size_and_pillars():
    assert len(CHECKS) >= 42
    assert set(c.pillar for c in CHECKS) == set(PILLARS)


def test_ids_unique_and_well_formed():
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not ID_RE.match(i)] == []
    assert all(c.platform == "apsara" for c in CHECKS)
    assert sorted(apsara_catalogue.by_id()) == sorted(ids)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_texts_bilingual(check):
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


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_requires_in_data_contract(check):
    assert check.requires, check.id
    assert set(check.requires) <= DATA_CONTRACT, (check.id, set(check.requires) - DATA_CONTRACT)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_threshold_defaults_valid(check):
    validate_config([check], {check.id: dict(check.thresholds)})
    for name, value in check.thresholds.items():
        assert re.match(r"^[a-z][a-z0-9_]*$", name), (check.id, name)
        if name.endswith("_pct"):
            assert 0 <= value <= 100, (check.id, name)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_every_check_has_a_unit_test(check):
    sources = ""
    for filename in sorted(os.listdir(TEST_DIR)):
        if filename.startswith("test_") and filename.endswith(".py"):
            with open(os.path.join(TEST_DIR, filename), encoding="utf-8") as handle:
                sources += handle.read()
    assert '"%s"' % check.id in sources, "no unit test mentions %s" % check.id


def test_empty_datasets_give_nothing():
    data = dict((name, {} if name in DICT_DATASETS else []) for name in DATA_CONTRACT)
    assert evaluate(CHECKS, data, "apsara", ENDPOINT, now=NOW) == []


def test_missing_dataset_is_an_error_not_silence():
    findings = evaluate(CHECKS, {}, "apsara", ENDPOINT, now=NOW)
    assert len(findings) == len(CHECKS)
    assert set(f["status"] for f in findings) == {"ERROR"}


def test_every_contract_dataset_is_read_by_some_check():
    used = set(name for c in CHECKS for name in c.requires)
    assert used == DATA_CONTRACT, DATA_CONTRACT - used
