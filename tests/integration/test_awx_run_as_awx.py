"""Every job template of awx/ run as AWX runs it (tools/awx_jobs.py): ansible-runner, the extra vars a launch
with the survey's default answers gives, the environment the credential injectors give (no secret in the
inventory), against the lab on ephemeral ports; each run lands in the PostgreSQL run store.

A job template without a recipe here fails: add one when a playbook gets its template (docs/awx.md)."""

from __future__ import annotations

import datetime
import os

import pytest
import yaml

from tools import awx_jobs

ROOT = awx_jobs.ROOT
CONFIG = awx_jobs.config()
SITE_INVENTORY = os.path.join(ROOT, "awx", "inventories", "lab")


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


def _vpc_launch():
    change = _change_file("vpc_peering.yml")
    change["vpc_change_window"] = _window()
    answers = {"vpc_change_id": change["vpc_change_id"], "vpc_change_ticket": change["vpc_change_ticket"]}
    return change, answers


def _scale_launch():
    change = _change_file("scale_resize.yml")
    change["resource_scaling_window"] = _window()
    answers = {"resource_scaling_id": change["resource_scaling_id"], "resource_scaling_ticket": change["resource_scaling_ticket"]}
    return change, answers


# job template key -> (lab world, report kind, launch: () -> (launch variables, survey answers beyond the defaults),
#                      expected status in the store)
RECIPES = {
    "inspect": ("demo", "inspection", None, ("complete", "complete_with_collection_errors")),
    "validate_backups": ("demo", "backup", None, ("complete", "complete_with_collection_errors")),
    "change_vpc": ("demo", "change", _vpc_launch, ("dry_run",)),
    "scale": ("scaling", "change", _scale_launch, ("dry_run",)),
}


def site_inventory(zstack, apsara):
    """The lab site's inventory as AWX has it after syncing awx/inventories/lab (hosts.yml + group_vars), on the
    fixtures' ports."""
    with open(os.path.join(SITE_INVENTORY, "hosts.yml"), encoding="utf-8") as fh:
        inventory = yaml.safe_load(fh)
    for group in ("all", "zstack", "apsara"):
        with open(os.path.join(SITE_INVENTORY, "group_vars", group + ".yml"), encoding="utf-8") as fh:
            inventory.setdefault(group, {})["vars"] = yaml.safe_load(fh)
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
            ("cloudops run store", {"dsn": dsn})]


@pytest.fixture
def labs(request):
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    world = RECIPES[request.param][0] if request.param in RECIPES else "demo"
    with ZStackLab(world=world, host="127.0.0.1", http_port=0, https_port=0) as zstack:
        with ApsaraLab(world=world, host="127.0.0.1", http_port=0, https_port=0) as apsara:
            yield zstack, apsara


def test_every_job_template_has_a_recipe():
    missing = sorted(set(CONFIG["awx_job_templates"]) - set(RECIPES))
    assert not missing, "job templates with no run-as-AWX recipe in %s: %s" % (os.path.basename(__file__), missing)


@pytest.mark.parametrize("labs", sorted(CONFIG["awx_job_templates"]), indirect=True)
def test_job_template_runs_as_awx_runs_it(labs, request, pg_dsn, tmp_path):
    key = request.node.callspec.params["labs"]
    if key not in RECIPES:
        pytest.fail("no run-as-AWX recipe for job template %r (add it to RECIPES)" % key)
    zstack, apsara = labs
    _world, kind, launch, statuses = RECIPES[key]
    launch_vars, answers = launch() if launch else (None, None)
    job = awx_jobs.Job.from_template(key, site_inventory(zstack, apsara), site_credentials(zstack, apsara, pg_dsn, tmp_path),
                                     answers=answers, launch_vars=launch_vars, cfg=CONFIG, tmpdir=str(tmp_path))
    # no secret in the inventory or the extra vars: only the injected environment carries them
    assert "password" not in str(job.inventory) and zstack.password not in str(job.extra_vars)
    assert job.env["ZSTACK_PASSWORD"] == zstack.password and job.env["CLOUDOPS_STORE_DSN"] == pg_dsn
    reports = tmp_path / "reports"
    runner = job.run(str(tmp_path / "job"), extra_env={
        "CLOUDOPS_REPORT_DIR": str(reports), "CLOUDOPS_SESSION_DIR": str(tmp_path / "sessions"),
        "CLOUDOPS_JOURNAL_DIR": str(tmp_path / "journals"), "ANSIBLE_NOCOLOR": "1"})
    stdout = runner.stdout.read()
    assert runner.status == "successful", stdout[-4000:]
    assert pg_dsn.split("@")[0].split(":")[-1] not in stdout       # the DSN's password never printed

    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore  # pylint: disable=import-outside-toplevel

    store = RunStore(pg_dsn).open()
    try:
        runs = store.runs(kind=kind, site="lab")
    finally:
        store.close()
    assert len(runs) == 1, runs
    assert runs[0]["status"] in statuses and runs[0]["playbook"].endswith(os.path.basename(job.template["playbook"])), runs[0]
    assert os.path.isfile(reports / kind / runs[0]["run_id"] / "report.json")


def test_a_survey_answer_outside_its_choices_is_refused_before_the_job_runs(tmp_path):
    with pytest.raises(ValueError, match=r"job_template 'Backup validation': survey answer backup_validation_restore_test: "
                                         r"'yes' is not one of the choices"):
        awx_jobs.Job.from_template("validate_backups", {}, answers={"backup_validation_restore_test": "yes"}, cfg=CONFIG, tmpdir=str(tmp_path))
    with pytest.raises(ValueError, match=r"job_template 'Inspection': variables given at launch, but ask_variables_on_launch is off"):
        awx_jobs.Job.from_template("inspect", {}, launch_vars={"x": 1}, cfg=CONFIG, tmpdir=str(tmp_path))
    with pytest.raises(ValueError, match=r"job_template 'VPC change': survey answer vpc_change_id: required and has no default"):
        awx_jobs.Job.from_template("change_vpc", {}, cfg=CONFIG, tmpdir=str(tmp_path))
