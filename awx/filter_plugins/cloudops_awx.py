# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX configuration of awx/ as the awx.awx modules take it, and the rules the controller's API enforces.

awx/configure.yml loads the data files (one per object kind or per template) and calls
`cloudops_awx_objects` (per-site expansion: each site's inventory, sources, credentials, workflows and
schedules) and `cloudops_awx_server_errors` (what the API would refuse, checked before any write).
tests/unit/awx imports this file for the same two steps, so the playbook and the tests cannot drift apart.
Rules: shared/reference/awx-as-code.md section 3 (AWX 24.6: serializers.py, fields.py, constants.py).
"""

from __future__ import annotations

import datetime
import os
import re

# Applied in this order: an object only names objects created before it.
KINDS = ("organizations", "credential_types", "credentials", "execution_environments", "projects",
         "notification_templates", "inventories", "inventory_sources", "job_templates", "workflow_job_templates",
         "schedules")
# awx/main/constants.py ENV_BLOCKLIST (plus every ANSIBLE_* name, awx/main/fields.py).
ENV_BLOCKLIST = frozenset((
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID", "INVENTORY_UPDATE_ID",
    "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES", "CALLBACK_QUEUE", "CALLBACK_CONNECTION",
    "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH"))
CREDENTIAL_KINDS = ("cloud", "net")           # the only kinds the API creates (CredentialTypeSerializer)
FIELD_TYPES = ("string", "boolean")
SURVEY_TYPES = ("text", "textarea", "password", "multiplechoice", "multiselect", "integer", "float")
JOB_VARIABLE_PREFIXES = ("awx", "tower")      # AWX's own job variables
NOTIFICATION_PARAMETERS = {                   # the backends' init_parameters
    "email": {"host", "port", "username", "password", "use_tls", "use_ssl", "sender", "recipients", "timeout"},
    "webhook": {"url", "http_method", "headers", "username", "password", "disable_ssl_verification"},
}
# Node prompts and the ask_* a job template needs for a workflow node (or a schedule) to set them.
NODE_PROMPTS = {"job_type": "ask_job_type_on_launch", "diff_mode": "ask_diff_mode_on_launch",
                "limit": "ask_limit_on_launch", "inventory": "ask_inventory_on_launch",
                "credentials": "ask_credential_on_launch", "extra_data": None, "job_slice_count": "ask_job_slice_count_on_launch",
                "verbosity": "ask_verbosity_on_launch", "forks": "ask_forks_on_launch", "timeout": "ask_timeout_on_launch",
                "scm_branch": "ask_scm_branch_on_launch", "job_tags": "ask_tags_on_launch", "skip_tags": "ask_skip_tags_on_launch"}
_TEMPLATE_REF = re.compile(r"{{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*}}")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _org(name):
    return {"name": name}


def _site_name(site):
    return site["inventory"]["name"]


def site_workflow(workflow, site, job_templates=None):
    """The workflow of `site`: its name prefixed with the site, the site's inventory, and its credentials given to
    every job template node whose template prompts for credentials (a job takes one credential per type, so a
    site's ZStack / Apsara / CA credentials)."""
    asks = dict((jt["name"], jt.get("ask_credential_on_launch")) for jt in (job_templates or {}).values())
    wf = dict(workflow)
    wf["name"] = "%s: %s" % (_site_name(site), workflow["name"])
    wf["inventory"] = _site_name(site)
    creds = [{"name": c["name"], "organization": _org(c.get("organization", "CloudOps"))} for c in site.get("credentials") or ()]
    nodes = []
    for node in workflow.get("workflow_nodes") or ():
        node = dict(node)
        ujt = node.get("unified_job_template") or {}
        if ujt.get("type") == "job_template" and creds and asks.get(ujt.get("name"), True):
            related = dict(node.get("related") or {})
            related["credentials"] = list(related.get("credentials") or []) + creds
            node["related"] = related
        nodes.append(node)
    wf["workflow_nodes"] = nodes
    return wf


def objects(config):
    """{kind: [module arguments]} for every object of the configuration (`config`: the merged data files)."""
    out = dict((k, []) for k in KINDS)
    out["organizations"].append(config["awx_organization"])
    out["execution_environments"].append(config["awx_execution_environment"])
    out["projects"].append(config["awx_project"])
    out["credentials"].extend(config.get("awx_credentials") or ())
    for key in ("credential_types", "notification_templates", "job_templates"):
        out[key].extend(v for _k, v in sorted((config.get("awx_" + key) or {}).items()))
    for _key, site in sorted((config.get("awx_sites") or {}).items()):
        out["inventories"].append(site["inventory"])
        out["inventory_sources"].extend(site.get("inventory_sources") or ())
        out["credentials"].extend(site.get("credentials") or ())
        for _k, wf in sorted((config.get("awx_workflows") or {}).items()):
            out["workflow_job_templates"].append(site_workflow(wf, site, config.get("awx_job_templates")))
        out["schedules"].extend(site.get("schedules") or ())
    return out


# -- the server's rules ----------------------------------------------------------------------------------------
def credential_type_errors(ct):
    """What the API refuses in a credential type (kind, inputs, injector names and templates)."""
    errors = []
    name = ct.get("name")
    if ct.get("kind") not in CREDENTIAL_KINDS:
        errors.append("credential_type %r: kind %r: the API only creates %s" % (name, ct.get("kind"), " or ".join(CREDENTIAL_KINDS)))
    fields = (ct.get("inputs") or {}).get("fields") or []
    ids = []
    for f in fields:
        if not f.get("id") or not f.get("label"):
            errors.append("credential_type %r: inputs.fields: every field needs id and label (%r)" % (name, f))
        if f.get("type", "string") not in FIELD_TYPES:
            errors.append("credential_type %r: inputs.fields.%s.type %r not in %s" % (name, f.get("id"), f.get("type"), FIELD_TYPES))
        ids.append(f.get("id"))
    if len(set(ids)) != len(ids):
        errors.append("credential_type %r: inputs.fields: duplicate ids" % name)
    for r in (ct.get("inputs") or {}).get("required") or ():
        if r not in ids:
            errors.append("credential_type %r: inputs.required: %r is not a field" % (name, r))
    injectors = ct.get("injectors") or {}
    for key in injectors:
        if key not in ("env", "extra_vars", "file"):
            errors.append("credential_type %r: injectors.%s: only env, extra_vars and file" % (name, key))
    files = injectors.get("file") or {}
    if "template" in files and any(k.startswith("template.") for k in files):
        errors.append("credential_type %r: injectors.file: single- and multi-file syntax cannot be mixed" % name)
    known = set(ids) | {"tower.filename"} | set("tower.filename." + k.split(".", 1)[1] for k in files if k.startswith("template."))
    for var in (injectors.get("env") or {}):
        if var.startswith("ANSIBLE_"):
            errors.append("credential_type %r: injectors.env.%s: names starting with ANSIBLE_ may affect Ansible "
                          "configuration, AWX does not allow them" % (name, var))
        elif var in ENV_BLOCKLIST:
            errors.append("credential_type %r: injectors.env.%s: AWX reserves this name (ENV_BLOCKLIST)" % (name, var))
        elif not _ENV_NAME.match(var):
            errors.append("credential_type %r: injectors.env.%s: not a valid environment variable name" % (name, var))
    for var in (injectors.get("extra_vars") or {}):
        if var.split("_", 1)[0] in JOB_VARIABLE_PREFIXES:
            errors.append("credential_type %r: injectors.extra_vars.%s: AWX's own job variables start with awx_/tower_" % (name, var))
    for section in ("env", "extra_vars", "file"):
        for key, template in sorted((injectors.get(section) or {}).items()):
            for ref in _TEMPLATE_REF.findall(str(template)):
                if ref not in known:
                    errors.append("credential_type %r: injectors.%s.%s: {{ %s }} is not an input field" % (name, section, key, ref))
    return errors


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _choices(q):
    c = q.get("choices")
    return [x for x in c.split("\n") if x] if isinstance(c, str) else list(c or [])


def survey_errors(owner, survey):
    """JobTemplateSurveySpec._validate_spec_data (awx/api/views/__init__.py): shape, types, defaults, choices."""
    errors = []
    where = "%s: survey_spec" % owner
    if not isinstance(survey, dict):
        return ["%s: must be a dict" % where]
    for key in ("name", "description"):
        if not isinstance(survey.get(key), str):
            errors.append("%s.%s: required, a string" % (where, key))
    spec = survey.get("spec")
    if not isinstance(spec, list) or not spec:
        return errors + ["%s.spec: required, a non-empty list" % where]
    seen = set()
    for i, q in enumerate(spec):
        var = q.get("variable")
        at = "%s.spec[%d] (%s)" % (where, i, var)
        if q.get("type") not in SURVEY_TYPES:
            errors.append("%s.type: %r is not one of %s" % (at, q.get("type"), ", ".join(SURVEY_TYPES)))
        for key in ("question_name", "variable"):
            if not isinstance(q.get(key), str) or not q.get(key):
                errors.append("%s.%s: required, a string" % (at, key))
        if not isinstance(q.get("required"), bool):
            errors.append("%s.required: required, true or false" % at)
        if var in seen:
            errors.append("%s.variable: %r is used by two questions" % (at, var))
        seen.add(var)
        if isinstance(var, str) and var.split("_", 1)[0] in JOB_VARIABLE_PREFIXES:
            errors.append("%s.variable: names starting with awx_/tower_ are AWX's own job variables" % at)
        for key in ("min", "max"):
            if key in q and q[key] is not None and not _is_int(q[key]):
                errors.append("%s.%s: must be an integer" % (at, key))
        qtype, default = q.get("type"), q.get("default")
        has_default = default not in (None, "")
        if qtype in ("multiplechoice", "multiselect"):
            choices = _choices(q)
            if not choices:
                errors.append("%s.choices: %s needs choices" % (at, qtype))
            if has_default:
                picked = default.split("\n") if qtype == "multiselect" and isinstance(default, str) else [default]
                if qtype == "multiplechoice" and isinstance(default, str) and "\n" in default:
                    errors.append("%s.default: multiplechoice takes one default" % at)
                for d in picked:
                    if d not in choices:
                        errors.append("%s.default: %r is not one of the choices %s" % (at, d, choices))
        elif has_default and qtype in ("text", "textarea", "password") and not isinstance(default, str):
            errors.append("%s.default: %r must be a string for type %s" % (at, default, qtype))
        elif has_default and qtype == "integer" and not _is_int(default):
            errors.append("%s.default: %r must be an integer" % (at, default))
        elif has_default and qtype == "float" and not (_is_int(default) or isinstance(default, float)):
            errors.append("%s.default: %r must be a number" % (at, default))
        if has_default and qtype in ("integer", "float") and (_is_int(default) or isinstance(default, float)):
            if _is_int(q.get("min")) and default < q["min"] or _is_int(q.get("max")) and default > q["max"]:
                errors.append("%s.default: %r is outside min %s / max %s" % (at, default, q.get("min"), q.get("max")))
    return errors


def survey_answer_errors(owner, survey, answers):
    """What the API refuses in a launch's survey answers (SurveyJobTemplateMixin._survey_element_validation)."""
    errors = []
    for q in (survey or {}).get("spec") or ():
        var = q["variable"]
        at = "%s: survey answer %s" % (owner, var)
        if var not in answers:
            if q.get("required") and q.get("default") in (None, ""):
                errors.append("%s: required and has no default" % at)
            continue
        value = answers[var]
        if q["type"] == "multiplechoice" and value not in _choices(q):
            errors.append("%s: %r is not one of the choices %s" % (at, value, _choices(q)))
        elif q["type"] == "multiselect" and any(v not in _choices(q) for v in (value if isinstance(value, list) else [value])):
            errors.append("%s: %r is not among the choices %s" % (at, value, _choices(q)))
        elif q["type"] in ("integer", "float"):
            ok = _is_int(value) or (q["type"] == "float" and isinstance(value, float))
            if not ok:
                errors.append("%s: %r is not a%s" % (at, value, "n integer" if q["type"] == "integer" else " number"))
            elif _is_int(q.get("min")) and value < q["min"] or _is_int(q.get("max")) and value > q["max"]:
                errors.append("%s: %r is outside min %s / max %s" % (at, value, q.get("min"), q.get("max")))
        elif q["type"] in ("text", "textarea", "password"):
            if not isinstance(value, str):
                errors.append("%s: %r is not a string" % (at, value))
            elif _is_int(q.get("min")) and len(value) < q["min"] or _is_int(q.get("max")) and len(value) > q["max"]:
                errors.append("%s: length %d is outside min %s / max %s" % (at, len(value), q.get("min"), q.get("max")))
    return errors


def default_answers(survey):
    """The extra vars a launch that accepts every default gives (questions without a default are left out)."""
    out = {}
    for q in (survey or {}).get("spec") or ():
        if q.get("default") not in (None, ""):
            default = q["default"]
            out[q["variable"]] = default.split("\n") if q["type"] == "multiselect" and isinstance(default, str) else default
    return out


def rrule_errors(owner, rrule, now=None):
    """SchedulePreviewSerializer.validate_rrule (serializers.py), then dateutil, then: it still has a run to come."""
    where = "%s: rrule" % owner
    errors = []
    if not isinstance(rrule, str) or not rrule.strip():
        return ["%s: required" % where]
    text = rrule.strip()
    starts = re.findall(r"DTSTART[:;][^\s]*", text)
    if len(starts) != 1:
        errors.append("%s: exactly one DTSTART is required (found %d)" % (where, len(starts)))
    elif not re.match(r"^DTSTART(;TZID=[^:]+:\d{8}T\d{6}|:\d{8}T\d{6}Z)$", starts[0]):
        errors.append("%s: DTSTART %r has no time zone: use DTSTART;TZID=<zone>:YYYYMMDDTHHMMSS or a UTC ...Z time" % (where, starts[0]))
    rules = re.findall(r"RRULE:([^\s]*)", text)
    if not rules:
        errors.append("%s: at least one RRULE is required" % where)
    if re.search(r"\b(EXDATE|RDATE)\b", text):
        errors.append("%s: EXDATE and RDATE are not allowed" % where)
    for rule in rules:
        parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
        if "INTERVAL" not in parts:
            errors.append("%s: INTERVAL required in rrule (%s)" % (where, rule))
        if parts.get("FREQ") == "SECONDLY":
            errors.append("%s: SECONDLY is not supported" % where)
        if re.search(r"[+-]?\d", parts.get("BYDAY", "")):
            errors.append("%s: BYDAY with a numeric prefix is not supported (%s)" % (where, parts.get("BYDAY")))
        if "COUNT" in parts and "UNTIL" in parts:
            errors.append("%s: COUNT and UNTIL cannot be used together" % where)
        if "COUNT" in parts and int(parts["COUNT"]) > 999:
            errors.append("%s: COUNT must be 999 or less" % where)
        if "UNTIL" in parts and not parts["UNTIL"].endswith("Z"):
            errors.append("%s: UNTIL must be a UTC time (...Z)" % where)
    if errors:
        return errors
    try:
        from dateutil import rrule as du_rrule  # pylint: disable=import-outside-toplevel
        from dateutil import tz as du_tz  # pylint: disable=import-outside-toplevel
    except ImportError:
        return ["%s: python-dateutil is needed to check schedules (pip install python-dateutil)" % where]
    zone = re.search(r"TZID=([^:]+):", text)
    if zone and du_tz.gettz(zone.group(1)) is None:
        return ["%s: unknown time zone %r" % (where, zone.group(1))]
    try:
        parsed = du_rrule.rrulestr(text.replace(" RRULE:", "\nRRULE:"), forceset=True)
    except (ValueError, TypeError) as exc:
        return ["%s: dateutil cannot parse it: %s" % (where, exc)]
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if parsed.after(now) is None:
        errors.append("%s: no run after %s: every occurrence is in the past" % (where, now.strftime("%Y-%m-%dT%H:%M:%SZ")))
    return errors


def notification_errors(nt):
    name = nt.get("name")
    allowed = NOTIFICATION_PARAMETERS.get(nt.get("notification_type"))
    if allowed is None:
        return []
    errors = ["notification_template %r: notification_configuration.%s: not a parameter of the %s backend"
              % (name, k, nt["notification_type"]) for k in sorted(set(nt.get("notification_configuration") or {}) - allowed)]
    if nt["notification_type"] == "email" and not isinstance((nt.get("notification_configuration") or {}).get("recipients"), list):
        errors.append("notification_template %r: notification_configuration.recipients: a list" % name)
    return errors


def _names(objs):
    return set(o.get("name") for o in objs)


def workflow_errors(wf, job_templates):
    """Node identifiers and links, node prompts the template accepts, and a survey the nodes' templates share."""
    errors = []
    name = wf.get("name")
    by_name = dict((jt["name"], jt) for jt in job_templates)
    nodes = wf.get("workflow_nodes") or []
    ids = [n.get("identifier") for n in nodes]
    if len(set(ids)) != len(ids):
        errors.append("workflow_job_template %r: workflow_nodes: identifiers must be unique" % name)
    survey_vars = set()
    for node in nodes:
        at = "workflow_job_template %r: node %r" % (name, node.get("identifier"))
        ujt = node.get("unified_job_template") or {}
        for link in ("success_nodes", "failure_nodes", "always_nodes"):
            for target in (node.get("related") or {}).get(link) or ():
                if target.get("identifier") not in ids:
                    errors.append("%s: related.%s: no node %r" % (at, link, target.get("identifier")))
        if ujt.get("type") == "workflow_approval":
            if not ujt.get("name"):
                errors.append("%s: unified_job_template.name: an approval needs a name" % at)
            if not _is_int(ujt.get("timeout")) or ujt["timeout"] <= 0:
                errors.append("%s: unified_job_template.timeout: an approval needs a timeout in seconds" % at)
            continue
        if ujt.get("type") != "job_template":
            continue
        jt = by_name.get(ujt.get("name"))
        if jt is None:
            errors.append("%s: unified_job_template.name: no job template %r" % (at, ujt.get("name")))
            continue
        prompts = dict(node)
        if (node.get("related") or {}).get("credentials"):
            prompts["credentials"] = True
        if wf.get("inventory"):
            prompts["inventory"] = True
        for key, ask in NODE_PROMPTS.items():
            if key in prompts and ask and not jt.get(ask):
                errors.append("%s: %s: job template %r does not prompt for it (%s)" % (at, key, jt["name"], ask))
        survey_vars |= set(q["variable"] for q in ((jt.get("survey_spec") or {}).get("spec") or ()))
    for q in (wf.get("survey_spec") or {}).get("spec") or ():
        if q.get("variable") not in survey_vars:
            errors.append("workflow_job_template %r: survey_spec variable %r: no job template of the workflow asks it"
                          % (name, q.get("variable")))
    return errors


def server_errors(objs, now=None):
    """Every rule the controller would refuse, as "<kind> <name>: <field>: <why>" lines (empty: all good)."""
    errors = []
    for ct in objs["credential_types"]:
        errors.extend(credential_type_errors(ct))
    type_names = _names(objs["credential_types"])
    cred_names = _names(objs["credentials"])
    for c in objs["credentials"]:
        if c.get("credential_type") not in type_names:
            errors.append("credential %r: credential_type: no credential type %r in awx/credential_types" % (c.get("name"), c.get("credential_type")))
    for nt in objs["notification_templates"]:
        errors.extend(notification_errors(nt))
    nt_names = _names(objs["notification_templates"])
    ee_names, project_names, inv_names = _names(objs["execution_environments"]), _names(objs["projects"]), _names(objs["inventories"])
    for src in objs["inventory_sources"]:
        if src.get("inventory") not in inv_names:
            errors.append("inventory_source %r: inventory: no inventory %r" % (src.get("name"), src.get("inventory")))
        if src.get("credential") and src["credential"] not in cred_names:
            errors.append("inventory_source %r: credential: no credential %r" % (src.get("name"), src["credential"]))
        if src.get("source") == "scm" and src.get("source_project") not in project_names:
            errors.append("inventory_source %r: source_project: no project %r" % (src.get("name"), src.get("source_project")))
    for jt in objs["job_templates"]:
        at = "job_template %r" % jt.get("name")
        if jt.get("survey_enabled") or jt.get("survey_spec"):
            errors.extend(survey_errors(at, jt.get("survey_spec")))
        if not jt.get("inventory") and not jt.get("ask_inventory_on_launch"):
            errors.append("%s: inventory: needed unless ask_inventory_on_launch" % at)
        if not _is_int(jt.get("timeout")) or jt["timeout"] <= 0:
            errors.append("%s: timeout: set a server-side timeout in seconds" % at)
        if (jt.get("job_slice_count") or 1) > 1 and not jt.get("allow_simultaneous"):
            errors.append("%s: allow_simultaneous: slices of one job run at once, set it true with job_slice_count" % at)
        if jt.get("execution_environment") not in ee_names:
            errors.append("%s: execution_environment: no execution environment %r" % (at, jt.get("execution_environment")))
        if jt.get("project") not in project_names:
            errors.append("%s: project: no project %r" % (at, jt.get("project")))
        for c in jt.get("credentials") or ():
            if c not in cred_names:
                errors.append("%s: credentials: no credential %r" % (at, c))
        for event in ("started", "success", "error"):
            for n in jt.get("notification_templates_" + event) or ():
                if n not in nt_names:
                    errors.append("%s: notification_templates_%s: no notification template %r" % (at, event, n))
    for wf in objs["workflow_job_templates"]:
        errors.extend(workflow_errors(wf, objs["job_templates"]))
        if wf.get("survey_enabled") or wf.get("survey_spec"):
            errors.extend(survey_errors("workflow_job_template %r" % wf.get("name"), wf.get("survey_spec")))
        for event in ("started", "success", "error", "approvals"):
            for n in wf.get("notification_templates_" + event) or ():
                if n not in nt_names:
                    errors.append("workflow_job_template %r: notification_templates_%s: no notification template %r" % (wf.get("name"), event, n))
    templates = _names(objs["job_templates"]) | _names(objs["workflow_job_templates"])
    for s in objs["schedules"]:
        at = "schedule %r" % s.get("name")
        if s.get("unified_job_template") not in templates:
            errors.append("%s: unified_job_template: no job or workflow template %r" % (at, s.get("unified_job_template")))
        errors.extend(rrule_errors(at, s.get("rrule"), now))
    for kind in KINDS:
        names = [o.get("name") for o in objs[kind]]
        for dup in sorted(set(n for n in names if names.count(n) > 1)):
            errors.append("%s %r: name: defined twice" % (kind[:-1], dup))
    return errors


# -- the data files, read as configure.yml reads them (for tests and tools; the playbook uses include_vars) ----------
# Directories of one file per object (the file's single top-level key = its stem), and files of named objects.
DIRS = {"awx_credential_types": "credential_types", "awx_notification_templates": "notification_templates",
        "awx_job_templates": "job_templates", "awx_workflows": "workflows", "awx_sites": "sites"}
FILES = ("controller.yml", "credentials.yml", "tiers.yml")


def _yaml_load(path):
    import yaml  # pylint: disable=import-outside-toplevel

    class Loader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
        """SafeLoader that reads Ansible's !unsafe (a plain string here) and !vault (kept as a marker)."""

    Loader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))
    Loader.add_constructor("!vault", lambda loader, node: "!vault")
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=Loader)  # nosec B506 - SafeLoader with two scalar tags


def load_config(root):
    """The merged data of awx/ (`root`), plus `_files`: {(dir var, key): path} for error messages."""
    config, files = {}, {}
    for name in FILES:
        config.update(_yaml_load(os.path.join(root, name)) or {})
    for var, sub in DIRS.items():
        merged = config.setdefault(var, {})
        for fname in sorted(os.listdir(os.path.join(root, sub))):
            if not fname.endswith(".yml"):
                continue
            data = _yaml_load(os.path.join(root, sub, fname)) or {}
            for key, value in data.items():
                files[(var, key)] = os.path.join(sub, fname)
                merged[key] = value
    config["_files"] = files
    return config


class FilterModule(object):
    """cloudops_awx_objects, cloudops_awx_server_errors."""

    def filters(self):
        return {"cloudops_awx_objects": objects, "cloudops_awx_server_errors": server_errors}
