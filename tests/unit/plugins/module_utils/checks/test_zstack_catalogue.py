"""Catalogue-wide rules every ZStack check must follow."""

import os
import re
import string

import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate, validate_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import PILLARS

from .zstack.helpers import NOW

# The collector's data contract: the only dataset names a check may require.
DATA_CONTRACT = {
    "hosts", "clusters", "zones", "vms", "volumes", "primary_storages", "backup_storages", "l3_networks", "ip_capacity",
    "vpc_routers", "vips", "eips", "security_groups", "snapshots", "volume_backups", "scheduler_jobs", "scheduler_triggers",
    "scheduler_history", "alarms", "alarm_histories", "event_subscriptions", "license", "license_addons",
    "management_nodes", "global_configs", "resource_configs", "system_tags", "host_metrics", "vm_metrics",
}
DICT_DATASETS = {"host_metrics", "vm_metrics"}
CHECKS = zstack_catalogue.CHECKS
ID_RE = re.compile(r"^zstack_[a-z0-9]+(_[a-z0-9]+)+$")
CJK = re.compile(u"[\u4e00-\u9fff]")
TEST_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zstack")


def _fields(template):
    return set(name for _text, name, _spec, _conv in string.Formatter().parse(template) if name)


def test_catalogue_size_and_pillars():
    assert len(CHECKS) >= 45
    assert set(c.pillar for c in CHECKS) == set(PILLARS)


def test_ids_unique_and_well_formed():
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not ID_RE.match(i)] == []
    assert all(c.platform == "zstack" for c in CHECKS)
    assert sorted(zstack_catalogue.by_id()) == sorted(ids)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_texts_bilingual(check):
    for label in ("title", "message", "remediation"):
        text = getattr(check, label)
        assert text["en"].strip() and text["zh_CN"].strip(), (check.id, label)
        assert text["en"] != text["zh_CN"], (check.id, label)
        assert CJK.search(text["zh_CN"]), (check.id, label, "zh_CN text has no Chinese")
        assert not CJK.search(text["en"]), (check.id, label, "en text contains Chinese")
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


def test_empty_datasets_give_no_errors():
    data = dict((name, {} if name in DICT_DATASETS else []) for name in DATA_CONTRACT)
    findings = evaluate(CHECKS, data, "zstack", "https://zstack.test.invalid:8080", now=NOW)
    assert [f for f in findings if f["status"] == "ERROR"] == []
    # only the site-wide checks judge an empty site (single MN and missing alarms fail, on the endpoint)
    assert set(f["resource"]["type"] for f in findings) == {"endpoint"}


def test_missing_dataset_is_an_error_not_silence():
    findings = evaluate(CHECKS, {}, "zstack", "https://zstack.test.invalid:8080", now=NOW)
    assert len(findings) == len(CHECKS)
    assert set(f["status"] for f in findings) == {"ERROR"}
