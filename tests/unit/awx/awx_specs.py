"""The awx.awx modules' own argument specs, and the awx/ data as configure.yml sees it (test helpers)."""

from __future__ import annotations

import importlib
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
AWX_DIR = os.path.join(ROOT, "awx")
sys.path.insert(0, os.path.join(AWX_DIR, "filter_plugins"))
import cloudops_awx  # noqa: E402  pylint: disable=wrong-import-position,import-error

# awx.awx module of each kind of object
MODULES = {"organizations": "organization", "credential_types": "credential_type", "credentials": "credential",
           "execution_environments": "execution_environment", "projects": "project",
           "notification_templates": "notification_template", "inventories": "inventory",
           "inventory_sources": "inventory_source", "job_templates": "job_template",
           "workflow_job_templates": "workflow_job_template", "schedules": "schedule"}


class _Captured(Exception):
    def __init__(self, argument_spec, kwargs):
        super().__init__("captured")
        self.argument_spec = argument_spec
        self.kwargs = kwargs


def _collections_path():
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import awx_collection  # pylint: disable=import-outside-toplevel,import-error

    path = awx_collection.ensure()
    if path not in sys.path:
        sys.path.append(path)
    return path


_SPECS = {}


def module_spec(name):
    """(argument_spec, validator kwargs, DOCUMENTATION dict) of awx.awx.<name>, taken from the module's main():
    its ControllerAPIModule is replaced by one that hands over what it was given."""
    if name not in _SPECS:
        _collections_path()
        mod = importlib.import_module("ansible_collections.awx.awx.plugins.modules." + name)
        real = mod.ControllerAPIModule

        def capture(argument_spec=None, **kwargs):
            raise _Captured(argument_spec, kwargs)

        mod.ControllerAPIModule = capture
        try:
            mod.main()
        except _Captured as got:
            _SPECS[name] = (got.argument_spec, got.kwargs, yaml.safe_load(mod.DOCUMENTATION))
        finally:
            mod.ControllerAPIModule = real
    return _SPECS[name]


def doc_to_spec(options):
    """An argument spec from documented options (workflow_nodes elements are only documented, not in the spec)."""
    spec = {}
    for key, doc in (options or {}).items():
        entry = {k: doc[k] for k in ("type", "choices", "elements", "required", "aliases") if k in doc}
        if "suboptions" in doc:
            entry["options"] = doc_to_spec(doc["suboptions"])
        spec[key] = entry
    return spec


def validate(module, params):
    """The errors awx.awx.<module>'s own argument spec finds in `params` (no auth options given)."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator  # pylint: disable=import-outside-toplevel

    argument_spec, kwargs, _doc = module_spec(module)
    allowed = ("mutually_exclusive", "required_together", "required_one_of", "required_if", "required_by")
    validator = ArgumentSpecValidator(argument_spec, **{k: v for k, v in kwargs.items() if k in allowed})
    result = validator.validate(dict(params))
    return [str(e) for e in result.errors]


def config():
    return cloudops_awx.load_config(AWX_DIR)


def objects():
    return cloudops_awx.objects(config())


def playbooks():
    """The playbook stems of playbooks/ (change files under playbooks/changes are variables, not playbooks)."""
    return sorted(f[:-4] for f in os.listdir(os.path.join(ROOT, "playbooks")) if f.endswith(".yml"))


def playbook_variables(playbook):
    """Every variable the roles of `playbook` declare in meta/argument_specs.yml (all entry points); for a play of
    tasks without roles (there is no argument spec to declare them), the variables its tasks read."""
    with open(os.path.join(ROOT, playbook), encoding="utf-8") as fh:
        text = fh.read()
    plays = yaml.safe_load(text) or []
    roles = []
    for play in plays:
        for role in play.get("roles") or ():
            roles.append(role["role"] if isinstance(role, dict) else role)
        for task in (play.get("tasks") or []) + (play.get("pre_tasks") or []) + (play.get("post_tasks") or []):
            for key in ("ansible.builtin.include_role", "ansible.builtin.import_role", "include_role", "import_role"):
                if isinstance(task, dict) and key in task:
                    roles.append(task[key]["name"])
    declared = set()
    if any(play.get("tasks") and not play.get("roles") for play in plays):
        declared |= set(re.findall(r"\{\{\s*([a-z_][a-z0-9_]*)", text))
        declared |= set(re.findall(r"\b([a-z_][a-z0-9_]*)\s+is\s+defined", text))
        declared |= set(re.findall(r"\b([a-z_][a-z0-9_]*)\s*\|\s*default\(", text))
    for role in roles:
        short = role.split(".")[-1]
        path = os.path.join(ROOT, "roles", short, "meta", "argument_specs.yml")
        with open(path, encoding="utf-8") as fh:
            specs = (yaml.safe_load(fh) or {}).get("argument_specs") or {}
        for entry in specs.values():
            declared |= set((entry.get("options") or {}).keys())
    return roles, declared
