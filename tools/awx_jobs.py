#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a job template of awx/ the way AWX runs it, without a controller: ansible-runner, the survey's answers as
extra vars, the credential injectors' environment, the job type / diff / limit / forks / timeout of the template,
AWX's own job variables, and (for a sliced job) the slice of the inventory AWX would give it.

    from tools import awx_jobs
    job = awx_jobs.Job.from_template("inspect", inventory, credentials=[("ZStack account (cloudops)", {...})])
    result = job.run(private_data_dir)

Used by tests/integration/test_awx_run_as_awx.py and tools/awx_slice_run.py.  What AWX does and this does not:
the project sync and inventory update (the caller gives the synced inventory), the container (the job runs with
this checkout's ansible.cfg and collection), credentials of the built-in types.
"""

from __future__ import annotations

import itertools
import json
import os
import stat
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "awx", "filter_plugins"))
import cloudops_awx  # noqa: E402  pylint: disable=wrong-import-position,import-error

_JOB_IDS = itertools.count(1001)


def config():
    return cloudops_awx.load_config(os.path.join(ROOT, "awx"))


def injected(credential_types, credentials, tmpdir):
    """(environment, extra vars) AWX gives a job for `credentials` [(credential type name, inputs)]: each type's
    env and extra_vars injectors rendered with the inputs (a field not given renders as ""), file injectors
    written to files (their paths in {{ tower.filename }})."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment  # pylint: disable=import-outside-toplevel

    jinja = ImmutableSandboxedEnvironment()
    by_name = dict((ct["name"], ct) for ct in credential_types)
    env, extra_vars = {}, {}
    for n, (type_name, inputs) in enumerate(credentials):
        ct = by_name[type_name]
        namespace = dict((f["id"], "") for f in ct["inputs"]["fields"])
        namespace.update(inputs)
        injectors = ct.get("injectors") or {}
        files = {}
        for key, template in sorted((injectors.get("file") or {}).items()):
            path = os.path.join(tmpdir, "cred-%d-%s" % (n, key.replace(".", "-")))
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(jinja.from_string(template).render(**namespace))
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            files[key] = path
        if files:
            single = files.get("template")
            namespace["tower"] = {"filename": single if single else dict((k.split(".", 1)[1], v) for k, v in files.items())}
        for var, template in (injectors.get("env") or {}).items():
            env[var] = jinja.from_string(template).render(**namespace)
        for var, template in (injectors.get("extra_vars") or {}).items():
            extra_vars[var] = jinja.from_string(template).render(**namespace)
    return env, extra_vars


def slice_inventory(inventory, slice_number, slice_count):
    """The part of `inventory` (YAML inventory dict: groups of hosts) slice `slice_number` (1-based) of
    `slice_count` gets: AWX orders the enabled hosts by name and takes hosts[slice_number - 1::slice_count]
    (Inventory.get_script_data); groups keep their variables and only their members of the slice."""
    hosts = set()
    for group in inventory.values():
        hosts |= set((group.get("hosts") or {}).keys())
    keep = set(sorted(hosts)[slice_number - 1::slice_count]) if slice_count > 1 else hosts
    out = {}
    for name, group in inventory.items():
        part = dict(group)
        if "hosts" in group:
            part["hosts"] = dict((h, v) for h, v in group["hosts"].items() if h in keep)
        out[name] = part
    return out


class Job(object):
    """One AWX job of a job template (or one slice of it)."""

    def __init__(self, template, inventory, env, extra_vars, job_type=None, diff_mode=None, limit=None, forks=None):
        self.template = template
        self.inventory = inventory
        self.env = env
        self.extra_vars = extra_vars
        self.job_type = job_type or template.get("job_type", "run")
        self.diff_mode = template.get("diff_mode", False) if diff_mode is None else diff_mode
        self.limit = limit or template.get("limit")
        self.forks = forks or template.get("forks")
        self.job_id = next(_JOB_IDS)

    @classmethod
    def from_template(cls, key, inventory, credentials=(), answers=None, launch_vars=None, cfg=None, tmpdir=None, **prompts):
        """The job a launch of awx/job_templates/<key>.yml gives: the survey's defaults overridden by `answers`
        (refused as AWX refuses them: outside the choices, a required one missing), `launch_vars` for a template
        that prompts for variables, the credentials' injected environment."""
        cfg = cfg or config()
        jt = cfg["awx_job_templates"][key]
        survey = jt.get("survey_spec") if jt.get("survey_enabled") else None
        given = dict(cloudops_awx.default_answers(survey))
        given.update(answers or {})
        errors = cloudops_awx.survey_answer_errors("job_template %r" % jt["name"], survey, given)
        if launch_vars and not jt.get("ask_variables_on_launch"):
            errors.append("job_template %r: variables given at launch, but ask_variables_on_launch is off" % jt["name"])
        for prompt in prompts:
            if prompts[prompt] is not None and not jt.get(cloudops_awx.NODE_PROMPTS.get(prompt) or "-"):
                errors.append("job_template %r: %s given at launch, but it does not prompt for it" % (jt["name"], prompt))
        if errors:
            raise ValueError("; ".join(errors))
        env, injected_vars = injected(list(cfg["awx_credential_types"].values()), credentials, tmpdir or tempfile.gettempdir())
        # AWX's precedence: credential extra_vars, the template's extra_vars, launch variables, the survey answers
        extra = dict(injected_vars)
        extra.update(jt.get("extra_vars") or {})
        extra.update(launch_vars or {})
        extra.update(given)
        return cls(jt, inventory, env, extra, **prompts)

    def meta_vars(self, workflow_job_id=None):
        """AWX's own job variables (awx_* and tower_*; Job.awx_meta_vars)."""
        meta = {"job_id": self.job_id, "job_launch_type": "manual", "job_template_name": self.template["name"],
                "user_name": "awx-operator"}
        if workflow_job_id:
            meta.update(workflow_job_id=workflow_job_id, workflow_job_name=self.template["name"])
        out = {}
        for prefix in ("awx", "tower"):
            out.update(("%s_%s" % (prefix, k), v) for k, v in meta.items())
        return out

    def runner_args(self, private_data_dir, extra_env=None, slice_number=1, slice_count=1, workflow_job_id=None):
        """ansible_runner.run() keyword arguments for this job (or its slice)."""
        inventory = slice_inventory(self.inventory, slice_number, slice_count)
        os.makedirs(private_data_dir, exist_ok=True)
        inv_path = os.path.join(private_data_dir, "inventory.yml")
        with open(inv_path, "w", encoding="utf-8") as fh:
            yaml.safe_dump(inventory, fh)
        cmdline = []
        if self.job_type == "check":
            cmdline.append("--check")
        if self.diff_mode:
            cmdline.append("--diff")
        env = dict(self.env)
        # the execution environment's ansible-playbook: here, this interpreter's
        env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
        env.update(extra_env or {})
        extra = dict(self.extra_vars)
        extra.update(self.meta_vars(workflow_job_id))
        kwargs = dict(private_data_dir=private_data_dir, project_dir=ROOT, playbook=os.path.join(ROOT, self.template["playbook"]),
                      inventory=inv_path, envvars=env, extravars=extra, cmdline=" ".join(cmdline) or None,
                      settings={"job_timeout": int(self.template["timeout"]), "suppress_ansible_output": True},
                      quiet=True, json_mode=False)
        if self.limit:
            kwargs["limit"] = self.limit
        if self.forks:
            kwargs["forks"] = int(self.forks)
        return kwargs

    def run(self, private_data_dir, **kwargs):
        """Run the job (or one slice: slice_number/slice_count); returns the ansible_runner Runner."""
        import ansible_runner  # pylint: disable=import-outside-toplevel

        return ansible_runner.run(**self.runner_args(private_data_dir, **kwargs))


def events_summary(runner):
    """(ok, failed, unreachable) host counts from the playbook_on_stats event, for messages."""
    for event in runner.events:
        if event.get("event") == "playbook_on_stats":
            data = event.get("event_data") or {}
            return (len(data.get("ok") or {}), len(data.get("failures") or {}), len(data.get("dark") or {}))
    return (0, 0, 0)


if __name__ == "__main__":
    print(json.dumps(sorted(config()["awx_job_templates"]), indent=1))
