"""tools/awx_jobs.py: the environment and extra vars AWX's credential injectors give a job."""

from __future__ import annotations

import os

from tools import awx_jobs

CONFIG = awx_jobs.config()
TYPES = list(CONFIG["awx_credential_types"].values())


def test_injectors_render_env_files_and_extra_vars(tmp_path):
    env, extra = awx_jobs.injected(TYPES, [
        ("Apsara Stack AccessKey (cloudops)", {"access_key_id": "AK1", "access_key_secret": "S1", "region_id": "cn-1"}),
        ("Private cloud CA bundle (cloudops)", {"ca_bundle": "-----BEGIN CERTIFICATE-----\n"}),
        ("cloudops run store", {"dsn": "postgresql://u:p@db.invalid/c"})], str(tmp_path))
    assert env["APSARA_ACCESS_KEY_ID"] == "AK1" and env["APSARA_REGION_ID"] == "cn-1"
    assert env["APSARA_SECURITY_TOKEN"] == "" and env["APSARA_ORGANIZATION_ID"] == ""   # not given: "" as AWX renders it
    assert env["CLOUDOPS_STORE_DSN"] == "postgresql://u:p@db.invalid/c"
    assert env["ZSTACK_CA_PATH"] == env["APSARA_CA_PATH"] and os.path.dirname(env["ZSTACK_CA_PATH"]) == str(tmp_path)
    with open(env["ZSTACK_CA_PATH"], encoding="utf-8") as fh:
        assert fh.read() == "-----BEGIN CERTIFICATE-----\n"
    assert oct(os.stat(env["ZSTACK_CA_PATH"]).st_mode & 0o777) == "0o600"
    assert extra == {"apsara_access_key_id": "AK1", "apsara_access_key_secret": "S1"}


def test_a_job_gets_survey_defaults_and_awx_variables(tmp_path):
    job = awx_jobs.Job.from_template("validate_backups", {"all": {}}, answers={"backup_validation_restore_test": "true"},
                                     cfg=CONFIG, tmpdir=str(tmp_path))
    assert job.extra_vars == {"backup_validation_restore_test": "true", "backup_validation_restore_sample_size": 1,
                              "backup_validation_restore_time_budget": 600}
    args = job.runner_args(str(tmp_path / "pd"), workflow_job_id=77)
    assert args["extravars"]["awx_job_template_name"] == "Backup validation" and args["extravars"]["tower_workflow_job_id"] == 77
    assert args["settings"]["job_timeout"] == 7200 and args["forks"] == 10 and args["cmdline"] is None
    change = awx_jobs.Job.from_template("change_vpc", {"all": {}}, answers={"vpc_change_id": "CHG-1", "vpc_change_ticket": "T-1"},
                                        launch_vars={"vpc_change_specs": {}}, cfg=CONFIG, tmpdir=str(tmp_path))
    assert change.runner_args(str(tmp_path / "pd2"))["cmdline"] == "--check --diff"
