"""Every job template of awx/ run as AWX runs it (tools/awx_jobs.py): ansible-runner, the extra vars a launch
with the survey's default answers gives, the environment the credential injectors give (no secret in the
inventory), against the lab on ephemeral ports; each run lands in the PostgreSQL run store.

A job template without a recipe here fails: add one when a playbook gets its template (docs/awx.md)."""

from __future__ import annotations

import datetime
import json
import os
import sys

import pytest
import yaml

from tools import awx_jobs

ROOT = awx_jobs.ROOT
CONFIG = awx_jobs.config()
SITE_INVENTORY = os.path.join(ROOT, "awx", "inventories", "lab")
PG_PASSWORD = "pg-Secret-4711"      # tests/conftest.py's server: never printed


def _window():
    """A change window open now (what playbooks/changes/*lab_window.yml give, as plain values: AWX marks launch
    variables unsafe, so the operator pastes times, not templates)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return {"start": (now - datetime.timedelta(hours=1)).strftime(fmt), "end": (now + datetime.timedelta(hours=3)).strftime(fmt),
            "timezone": "Asia/Shanghai"}


def _change_file(name):
    with open(os.path.join(ROOT, "playbooks", "changes", name), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def site_inventory(zstack, apsara, switches):
    """The lab site's inventory as AWX has it after syncing awx/inventories/lab (hosts.yml + group_vars), on the
    fixtures' ports."""
    with open(os.path.join(SITE_INVENTORY, "hosts.yml"), encoding="utf-8") as fh:
        inventory = yaml.safe_load(fh)
    for group in ("all", "zstack", "apsara", "switches"):
        with open(os.path.join(SITE_INVENTORY, "group_vars", group + ".yml"), encoding="utf-8") as fh:
            inventory.setdefault(group, {})["vars"] = yaml.safe_load(fh)
    for group, children in inventory["switches"]["children"].items():
        with open(os.path.join(SITE_INVENTORY, "group_vars", group + ".yml"), encoding="utf-8") as fh:
            children["vars"] = yaml.safe_load(fh)
        for name, host in children["hosts"].items():
            host["ansible_port"] = switches.device(name).port
    inventory["zstack"]["hosts"]["zstack-lab"]["zstack_endpoint"] = zstack.https_url
    inventory["apsara"]["hosts"]["apsara-lab"]["apsara_endpoints"] = dict(apsara.https_endpoints)
    inventory["zstack"]["vars"]["backup_validation_content_probe_url"] = zstack.http_url + "/_lab/content/{id}"
    inventory["apsara"]["vars"]["backup_validation_content_probe_url"] = apsara.http_url + "/_lab/content/{id}"
    return inventory


def site_credentials(zstack, apsara, dsn, tmp_path):
    """The lab site's credentials (awx/sites/lab.yml) with the fixtures' secrets, plus the run store."""
    bundle = tmp_path / "site-ca.pem"
    with open(zstack.ca_file, encoding="utf-8") as a, open(apsara.ca_file, encoding="utf-8") as b:
        bundle.write_text(a.read() + b.read())
    return [("ZStack account (cloudops)", {"account": zstack.account, "password": zstack.password}),
            ("Apsara Stack AccessKey (cloudops)", {"access_key_id": apsara.access_key_id, "access_key_secret": apsara.access_key_secret,
                                                   "region_id": apsara.region_id, "organization_id": str(apsara.organization_id)}),
            ("Private cloud CA bundle (cloudops)", {"ca_bundle": bundle.read_text()}),
            ("Switch login (cloudops)", {"username": "netops", "password": "LabSwitch#2026"}),
            ("cloudops run store", {"dsn": dsn})]


class Site(object):
    """The lab as an AWX site: its labs, its synced inventory, its credentials, one PostgreSQL run store."""

    def __init__(self, zstack, apsara, switches, dsn, tmp_path):
        self.zstack, self.apsara, self.switches, self.dsn, self.tmp = zstack, apsara, switches, dsn, tmp_path
        self.reports = tmp_path / "reports"
        self.inventory = site_inventory(zstack, apsara, switches)
        self.credentials = site_credentials(zstack, apsara, dsn, tmp_path)
        self.jobs = 0

    def launch(self, key, answers=None, launch_vars=None, **prompts):
        """Launch job template `key`; returns its stdout after asserting the job succeeded."""
        self.jobs += 1
        job = awx_jobs.Job.from_template(key, self.inventory, self.credentials, answers=answers, launch_vars=launch_vars,
                                         cfg=CONFIG, tmpdir=str(self.tmp), **prompts)
        # no secret in the inventory: only the injected environment (and injected extra vars) carry them
        assert self.zstack.password not in str(job.inventory) and "LabSwitch" not in str(job.inventory)
        runner = job.run(str(self.tmp / ("job-%d" % self.jobs)), extra_env={
            "CLOUDOPS_REPORT_DIR": str(self.reports), "CLOUDOPS_SESSION_DIR": str(self.tmp / "sessions"),
            "CLOUDOPS_JOURNAL_DIR": str(self.tmp / "journals"), "ANSIBLE_NOCOLOR": "1"})
        stdout = runner.stdout.read()
        assert runner.status == "successful", "%s: %s" % (key, stdout[-4000:])
        assert PG_PASSWORD not in stdout and self.zstack.password not in stdout
        return stdout

    def store(self):
        from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore  # pylint: disable=import-outside-toplevel

        return RunStore(self.dsn)

    def runs(self, kind):
        with self.store() as store:
            return store.runs(kind=kind, site="lab")

    def latest(self, kind):
        with open(self.reports / kind / "latest" / "report.json", encoding="utf-8") as fh:
            return json.load(fh)

    def an_event(self, cloud="zstack"):
        """An event of the event list (collected first) of `cloud`."""
        self.launch("collect_events", answers={"events_days": 7})
        return next(e for e in self.latest("events")["events"] if e["cloud"] == cloud)

    def fill_month(self):
        """A month of runs in the store and the lab's billing prices, as the service report test sets them up."""
        sys.path.insert(0, os.path.join(ROOT, "tools"))
        import fill_store  # pylint: disable=import-outside-toplevel,import-error
        from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient  # pylint: disable=import-outside-toplevel

        client = ZStackClient(self.zstack.http_url, self.zstack.account, self.zstack.password)
        for name, unit, price in fill_store.DEMO_PRICES:
            client.call("POST", "/billings/prices", {"params": {"resourceName": name, "resourceUnit": unit, "timeUnit": "s",
                                                                "price": price, "dateInLong": 1700000000000}})
        client.logout()
        fill_store.fill(self.dsn, "lab", "2026-11")


def _inspect(site):
    site.launch("inspect")
    runs = site.runs("inspection")
    assert len(runs) == 1 and runs[0]["status"] in ("complete", "complete_with_collection_errors"), runs
    # every endpoint of the site inventory: both clouds and the six switches
    names = set(e["name"] for e in site.latest("inspection")["endpoints"])
    assert {"apsara-lab", "zstack-lab", "DSW-CE-01", "CSW-H3C-02"} <= names, names


def _validate_backups(site):
    site.launch("validate_backups")
    runs = site.runs("backup")
    assert len(runs) == 1 and runs[0]["status"] in ("complete", "complete_with_collection_errors"), runs


def _change(site, key, change_file, prefix):
    change = _change_file(change_file)
    change[prefix + "_window"] = _window()
    site.launch(key, answers={prefix + "_id": change[prefix + "_id"], prefix + "_ticket": change[prefix + "_ticket"]}, launch_vars=change)
    runs = site.runs("change")
    assert [r["status"] for r in runs] == ["dry_run"], runs       # the template's job type: check, a dry run


def _collect_events(site):
    site.launch("collect_events", answers={"events_days": 30})
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev  # pylint: disable=import-outside-toplevel

    with site.store() as store:
        stored = ev.events_in(store, "lab")
    assert stored and sorted(set(e["cloud"] for e in stored)) == ["apsara", "zstack"]
    assert [r["kind"] for r in site.runs("events")] == ["events"]


def _ack_event(site):
    # An Apsara event: acknowledging a ZStack one on the cloud (AckAlarmData) needs the ZStack login from the
    # inventory (playbooks/ack_event.yml builds the module's `zstack` dict from host variables, without the
    # ZSTACK_* environment the credential injects) - a gap of that playbook under AWX, reported.
    event = site.an_event("apsara")
    site.launch("ack_event", answers={"event_id": event["event_id"], "acked_by": "alice", "ticket": "INC-7"})
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import events as ev  # pylint: disable=import-outside-toplevel

    with site.store() as store:
        acks = ev.get_event(store, "lab", event["event_id"])["acks"]
    assert [(a["acked_by"], a["ticket"], a["cloud_acked"]) for a in acks] == [("alice", "INC-7", False)]


def _incident(site):
    event = site.an_event()
    stdout = site.launch("incident", answers={"incident_title": "PS-LOCAL-A full"}, launch_vars={"incident_event_ids": [event["event_id"]]})
    assert "PS-LOCAL-A full" in stdout
    assert os.path.isdir(site.reports / "incident")


def _collect_cost(site):
    site.fill_month()
    site.launch("collect_cost", answers={"cost_period": "2026-11"})
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import ledger  # pylint: disable=import-outside-toplevel

    with site.store() as store:
        costs = ledger.costs(store, "lab", "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z")
    assert [c["method"] for c in costs] == ["billing_api"] and costs[0]["total"] > 0


def _service_report(site):
    site.fill_month()
    stdout = site.launch("service_report", answers={"service_report_period": "2026-11"})
    assert "service report lab 2026-11 version 1" in stdout
    assert os.path.isfile(site.reports / "service" / "lab" / "2026-11" / "report.json")


def _confirm_report(site):
    _service_report(site)
    site.launch("confirm_report", answers={"period": "2026-11", "confirmed_by": "王明"})
    with open(site.reports / "service" / "lab" / "index.json", encoding="utf-8") as fh:
        index = json.load(fh)
    assert [(v["version"], v["confirmation"]["confirmed_by"], v["confirmation"]["channel"]) for v in index] == [(1, "王明", "portal")]


def _alarm_coverage(site):
    # the survey's default: audit, read-only (an audit has no report kind, so nothing goes to the store)
    stdout = site.launch("alarm_coverage")
    assert stdout.count("summary: ") == 2 and "uncovered=" in stdout, stdout[-3000:]
    assert [r["status"] for r in site.runs("change")] == []


# job template key -> (lab world of both clouds, what a launch with default answers does and what it leaves in the store)
RECIPES = {
    "inspect": ("demo", _inspect),
    "validate_backups": ("demo", _validate_backups),
    "change_vpc": ("demo", lambda site: _change(site, "change_vpc", "vpc_peering.yml", "vpc_change")),
    "scale": ("scaling", lambda site: _change(site, "scale", "scale_resize.yml", "resource_scaling")),
    "change_switch": ("demo", lambda site: _change(site, "change_switch", "switch_ce_vlan.yml", "switch_change")),
    "collect_events": ("demo", _collect_events),
    "ack_event": ("demo", _ack_event),
    "incident": ("demo", _incident),
    "collect_cost": ("demo", _collect_cost),
    "service_report": ("demo", _service_report),
    "confirm_report": ("demo", _confirm_report),
    "alarm_coverage": ("demo", _alarm_coverage),
}


@pytest.fixture
def site(request, pg_dsn, tmp_path):
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel
    from lab.switches import SwitchLab  # pylint: disable=import-outside-toplevel
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    world = RECIPES[request.param][0] if request.param in RECIPES else "demo"
    with ZStackLab(world=world, host="127.0.0.1", http_port=0, https_port=0) as zstack:
        with ApsaraLab(world=world, host="127.0.0.1", http_port=0, https_port=0) as apsara:
            with SwitchLab(world="switches_demo") as switches:
                yield Site(zstack, apsara, switches, pg_dsn, tmp_path)


def test_every_job_template_has_a_recipe():
    missing = sorted(set(CONFIG["awx_job_templates"]) - set(RECIPES))
    assert not missing, "job templates with no run-as-AWX recipe in %s: %s" % (os.path.basename(__file__), missing)


@pytest.mark.parametrize("site", sorted(CONFIG["awx_job_templates"]), indirect=True)
def test_job_template_runs_as_awx_runs_it(site, request):
    key = request.node.callspec.params["site"]
    if key not in RECIPES:
        pytest.fail("no run-as-AWX recipe for job template %r (add it to RECIPES)" % key)
    RECIPES[key][1](site)


def test_a_survey_answer_outside_its_choices_is_refused_before_the_job_runs(tmp_path):
    with pytest.raises(ValueError, match=r"job_template 'Backup validation': survey answer backup_validation_restore_test: "
                                         r"'yes' is not one of the choices"):
        awx_jobs.Job.from_template("validate_backups", {}, answers={"backup_validation_restore_test": "yes"}, cfg=CONFIG, tmpdir=str(tmp_path))
    with pytest.raises(ValueError, match=r"job_template 'Inspection': variables given at launch, but ask_variables_on_launch is off"):
        awx_jobs.Job.from_template("inspect", {}, launch_vars={"x": 1}, cfg=CONFIG, tmpdir=str(tmp_path))
    with pytest.raises(ValueError, match=r"job_template 'VPC change': survey answer vpc_change_id: required and has no default"):
        awx_jobs.Job.from_template("change_vpc", {}, cfg=CONFIG, tmpdir=str(tmp_path))
