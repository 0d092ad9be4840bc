"""awx/ checked as the controller would check it, offline: the awx.awx modules' own argument specs, the API's
server-side rules (credential types, surveys, schedules, workflows), and the project (playbooks, role argument
specs, inventory sources).  A playbook in playbooks/ without a job template fails here."""

from __future__ import annotations

import copy
import datetime
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.unit.awx import awx_specs
from tests.unit.awx.awx_specs import AWX_DIR, MODULES, ROOT, cloudops_awx

OBJECTS = awx_specs.objects()
CONFIG = awx_specs.config()
VAULT_REF = re.compile(r"^\{\{\s*vault_[a-z0-9_]+\s*\}\}$")
NOW = datetime.datetime(2026, 12, 7, tzinfo=datetime.timezone.utc)


def _ids(kind):
    return [o["name"] for o in OBJECTS[kind]]


ALL = [(kind, o) for kind in cloudops_awx.KINDS for o in OBJECTS[kind]]


@pytest.mark.parametrize("kind,obj", ALL, ids=["%s:%s" % (k, o["name"]) for k, o in ALL])
def test_every_object_passes_its_module_argument_spec(kind, obj):
    assert awx_specs.validate(MODULES[kind], obj) == [], "%s %r" % (kind, obj["name"])


@pytest.mark.parametrize("wf", OBJECTS["workflow_job_templates"], ids=_ids("workflow_job_templates"))
def test_workflow_nodes_pass_the_documented_node_options(wf):
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator  # pylint: disable=import-outside-toplevel

    doc = awx_specs.module_spec("workflow_job_template")[2]
    spec = awx_specs.doc_to_spec(doc["options"]["workflow_nodes"]["suboptions"])
    for node in wf["workflow_nodes"]:
        errors = [str(e) for e in ArgumentSpecValidator(spec).validate(copy.deepcopy(node)).errors]
        assert errors == [], "workflow %r node %r" % (wf["name"], node["identifier"])


def test_the_configuration_passes_the_controllers_server_rules():
    assert cloudops_awx.server_errors(OBJECTS, NOW) == []


def test_the_argument_specs_are_the_modules_own():
    """A wrong option fails: the validation really uses awx.awx's spec (job_type choices run|check)."""
    jt = dict(OBJECTS["job_templates"][0], job_type="dryrun", no_such_option=1)
    errors = " ".join(awx_specs.validate("job_template", jt))
    assert "job_type" in errors and "no_such_option" in errors


# -- one job template per playbook -------------------------------------------------------------------------------
def job_template_errors(key, jt):
    """The project-side rules of a job template file: named after its playbook, the playbook exists, and every
    survey variable is one the playbook's roles declare."""
    errors = []
    if jt.get("playbook") != "playbooks/%s.yml" % key:
        errors.append("job_template %r (job_templates/%s.yml): playbook: %r, expected playbooks/%s.yml" % (jt.get("name"), key, jt.get("playbook"), key))
    if not os.path.isfile(os.path.join(ROOT, jt.get("playbook") or "")):
        errors.append("job_template %r: playbook: %s does not exist" % (jt.get("name"), jt.get("playbook")))
        return errors
    roles, declared = awx_specs.playbook_variables(jt["playbook"])
    for q in (jt.get("survey_spec") or {}).get("spec") or ():
        if q["variable"] not in declared:
            errors.append("job_template %r: survey_spec variable %r: not declared by the roles %s of %s"
                          % (jt["name"], q["variable"], roles, jt["playbook"]))
    return errors


@pytest.mark.parametrize("stem", awx_specs.playbooks())
def test_every_playbook_has_a_job_template(stem):
    path = os.path.join(AWX_DIR, "job_templates", stem + ".yml")
    assert os.path.isfile(path), ("playbooks/%s.yml has no job template: add awx/job_templates/%s.yml (docs/awx.md)" % (stem, stem))
    assert stem in CONFIG["awx_job_templates"], "awx/job_templates/%s.yml must hold the key %r" % (stem, stem)


@pytest.mark.parametrize("key", sorted(CONFIG["awx_job_templates"]))
def test_job_template_playbook_and_survey_variables(key):
    assert job_template_errors(key, CONFIG["awx_job_templates"][key]) == []


def test_a_survey_variable_no_role_declares_is_named():
    jt = copy.deepcopy(CONFIG["awx_job_templates"]["inspect"])
    jt["survey_spec"]["spec"].append({"question_name": "x", "variable": "inspection_typo", "type": "text", "required": False})
    errors = job_template_errors("inspect", jt)
    assert len(errors) == 1 and "'Inspection'" in errors[0] and "inspection_typo" in errors[0]
    jt["playbook"] = "playbooks/gone.yml"
    assert any("playbooks/gone.yml does not exist" in e for e in job_template_errors("inspect", jt))


def test_each_file_holds_one_object_named_after_it():
    for (var, key), path in CONFIG["_files"].items():
        if var == "awx_sites":
            continue
        assert os.path.basename(path) == key + ".yml", "%s holds %r" % (path, key)


@pytest.mark.parametrize("key", ["inspect", "validate_backups"])
def test_inspection_and_backup_templates_are_sliced(key):
    jt = CONFIG["awx_job_templates"][key]
    assert jt["job_slice_count"] > 1 and jt["allow_simultaneous"] is True


def test_every_template_has_a_timeout_the_ee_and_a_survey():
    for jt in OBJECTS["job_templates"]:
        assert jt["timeout"] > 0 and jt["execution_environment"] == "cloudops-privatecloud-ee", jt["name"]
        assert jt["survey_enabled"] and jt["survey_spec"]["spec"], jt["name"]


# -- credential types: exactly what the collection reads --------------------------------------------------------
def _read_env_names():
    """Every environment variable name the collection's plugins read (env_fallback lists, callback env options)."""
    names = set()
    for base, _dirs, files in os.walk(os.path.join(ROOT, "plugins")):
        for f in files:
            if f.endswith(".py"):
                with open(os.path.join(base, f), encoding="utf-8") as fh:
                    text = fh.read()
                names |= set(re.findall(r"env_fallback, \[\"([A-Z0-9_]+)\"\]", text))
                names |= set(re.findall(r"- name: ([A-Z][A-Z0-9_]+)\n", text))
                for prefix in re.findall(r'env_fallback, \["%s_([A-Z_]+)" % env_prefix\]', text):
                    names |= {"ZSTACK_" + prefix, "APSARA_" + prefix}
    return names


def test_injectors_set_only_variables_the_collection_reads():
    read = _read_env_names()
    injected = set()
    for ct in OBJECTS["credential_types"]:
        for var in ct["injectors"].get("env") or {}:
            assert var in read, "credential type %r injects %s, which nothing in plugins/ reads" % (ct["name"], var)
            injected.add(var)
    # every credential the modules read from the environment has a credential type that injects it
    for var in ("ZSTACK_ACCOUNT", "ZSTACK_PASSWORD", "ZSTACK_ACCESS_KEY_ID", "ZSTACK_ACCESS_KEY_SECRET", "APSARA_ACCESS_KEY_ID",
                "APSARA_ACCESS_KEY_SECRET", "APSARA_SECURITY_TOKEN", "APSARA_REGION_ID", "APSARA_ORGANIZATION_ID",
                "APSARA_RESOURCE_GROUP_ID", "CLOUDOPS_SWITCH_USERNAME", "CLOUDOPS_SWITCH_PASSWORD", "CLOUDOPS_STORE_DSN"):
        assert var in read and var in injected, var
    assert not any(v.startswith("ANSIBLE_") for v in injected)


def test_injected_extra_vars_are_variables_the_roles_use():
    used = set()
    for base, _dirs, files in os.walk(os.path.join(ROOT, "roles")):
        for f in files:
            if f.endswith(".yml"):
                with open(os.path.join(base, f), encoding="utf-8") as fh:
                    used |= set(re.findall(r"\{\{\s*([a-z_][a-z0-9_]*)", fh.read()))
    for ct in OBJECTS["credential_types"]:
        for var in ct["injectors"].get("extra_vars") or {}:
            assert var in used, "credential type %r injects extra var %s, which no role reads" % (ct["name"], var)


def test_secrets_are_vault_references_only():
    secret_fields = dict((ct["name"], set(f["id"] for f in ct["inputs"]["fields"] if f.get("secret"))) for ct in OBJECTS["credential_types"])
    for cred in OBJECTS["credentials"]:
        for field in secret_fields[cred["credential_type"]] & set(cred["inputs"]):
            assert VAULT_REF.match(cred["inputs"][field]), "credential %r: inputs.%s must be a vault reference" % (cred["name"], field)
    for nt in OBJECTS["notification_templates"]:
        password = nt["notification_configuration"].get("password")
        assert password is None or VAULT_REF.match(password), nt["name"]


# -- sites: inventories from the collection's inventory plugins, schedules per tier ------------------------------
def test_inventory_sources_exist_and_use_our_plugins():
    plugins = set()
    for src in OBJECTS["inventory_sources"]:
        path = os.path.join(ROOT, src["source_path"])
        assert os.path.isfile(path), "inventory_source %r: source_path %s does not exist" % (src["name"], src["source_path"])
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        plugin = data.get("plugin")
        if plugin:
            short = plugin.split(".")[-1]
            assert plugin in ("cloudops.privatecloud.zstack", "cloudops.privatecloud.apsara"), src["name"]
            # the plugin's verify_file takes only <name>.zstack.yml / .apsara.yml (plugin_utils/inventory.py)
            assert path.endswith((short + ".yml", short + ".yaml")), src["name"]
            assert src.get("credential"), "inventory_source %r: the plugin needs the site's credential" % src["name"]
            plugins.add(plugin)
        else:
            assert "zstack" in data or "apsara" in data, src["name"]
            for group in data.values():
                for host, hv in (group.get("hosts") or {}).items():
                    assert not set(hv) & {"zstack_password", "zstack_access_key_secret", "apsara_access_key_secret"}, host
    assert plugins == {"cloudops.privatecloud.zstack", "cloudops.privatecloud.apsara"}


def _rule_parts(rrule):
    start = re.search(r"DTSTART;TZID=([^:]+):\d{8}T(\d{2})(\d{2})", rrule)
    parts = dict(p.split("=", 1) for p in re.search(r"RRULE:(\S+)", rrule).group(1).split(";"))
    return start.group(1), int(start.group(2)), parts


TIER_CASES = [(site_key, req) for site_key, site in sorted(CONFIG["awx_sites"].items())
              for req in CONFIG["awx_tiers"][site["tier"]]["schedules"]]


@pytest.mark.parametrize("site_key,req", TIER_CASES, ids=["%s-%s" % (s, r["workflow"]) for s, r in TIER_CASES])
def test_each_site_schedules_what_its_tier_needs(site_key, req):
    if not os.path.isfile(os.path.join(ROOT, "playbooks", req["playbook"])):
        pytest.skip("playbooks/%s has not landed: its schedule comes with its job template" % req["playbook"])
    site = CONFIG["awx_sites"][site_key]
    workflow = "%s: %s" % (site["inventory"]["name"], CONFIG["awx_workflows"][req["workflow"]]["name"])
    matching = [s for s in site["schedules"] if s["unified_job_template"] == workflow]
    assert matching, "site %s (tier %s) has no schedule of %r" % (site_key, site["tier"], workflow)
    zone, hour, parts = _rule_parts(matching[0]["rrule"])
    assert zone == site["timezone"] and parts["FREQ"] == req["freq"]
    if "byday" in req:
        assert parts["BYDAY"].split(",") == req["byday"]
    if "hour" in req:
        assert hour == req["hour"]


# -- bad input: named object and field ---------------------------------------------------------------------------
def test_a_survey_answer_outside_its_choices_is_named():
    jt = CONFIG["awx_job_templates"]["validate_backups"]
    errors = cloudops_awx.survey_answer_errors("job_template %r" % jt["name"], jt["survey_spec"], {"backup_validation_restore_test": "maybe"})
    assert errors == ["job_template 'Backup validation': survey answer backup_validation_restore_test: 'maybe' is not one "
                      "of the choices ['false', 'true']"]
    errors = cloudops_awx.survey_answer_errors("job_template 'Inspection'", CONFIG["awx_job_templates"]["inspect"]["survey_spec"],
                                               {"inspection_workers": 64})
    assert "inspection_workers: 64 is outside min 1 / max 16" in errors[0]
    assert cloudops_awx.survey_answer_errors("x", jt["survey_spec"], cloudops_awx.default_answers(jt["survey_spec"])) == []


def test_a_survey_default_outside_its_choices_is_named():
    spec = copy.deepcopy(CONFIG["awx_job_templates"]["validate_backups"]["survey_spec"])
    spec["spec"][0]["default"] = "yes"
    errors = cloudops_awx.survey_errors("job_template 'Backup validation'", spec)
    assert errors == ["job_template 'Backup validation': survey_spec.spec[0] (backup_validation_restore_test).default: "
                      "'yes' is not one of the choices ['false', 'true']"]
    spec["spec"][1]["type"] = "number"
    spec["spec"].append(dict(spec["spec"][2]))
    errors = " | ".join(cloudops_awx.survey_errors("job_template 'Backup validation'", spec))
    assert "spec[1] (backup_validation_restore_sample_size).type: 'number' is not one of" in errors
    assert "spec[3] (backup_validation_restore_time_budget).variable: 'backup_validation_restore_time_budget' is used by two" in errors


@pytest.mark.parametrize("rrule,message", [
    ("DTSTART;TZID=Asia/Shanghai:20250101T090000 RRULE:FREQ=DAILY;INTERVAL=1;UNTIL=20250301T000000Z",
     "no run after 2026-12-07T00:00:00Z: every occurrence is in the past"),
    ("DTSTART:20270104T090000 RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO",
     "DTSTART 'DTSTART:20270104T090000' has no time zone"),
    ("DTSTART;TZID=Asia/Shanghai:20270104T090000 RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "INTERVAL required in rrule"),
    ("DTSTART;TZID=Asia/Shanghai:20270104T090000 RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=1MO", "BYDAY with a numeric prefix"),
    ("DTSTART;TZID=Mars/Olympus:20270104T090000 RRULE:FREQ=DAILY;INTERVAL=1", "unknown time zone 'Mars/Olympus'"),
])
def test_a_bad_schedule_is_named(rrule, message):
    objs = copy.deepcopy(OBJECTS)
    objs["schedules"][0]["rrule"] = rrule
    errors = cloudops_awx.server_errors(objs, NOW)
    name = objs["schedules"][0]["name"]
    assert len(errors) == 1 and errors[0].startswith("schedule %r: rrule: " % name) and message in errors[0], errors


@pytest.mark.parametrize("var,message", [
    ("ANSIBLE_NET_PASSWORD", "injectors.env.ANSIBLE_NET_PASSWORD: names starting with ANSIBLE_"),
    ("PATH", "injectors.env.PATH: AWX reserves this name"),
])
def test_an_injector_name_awx_forbids_is_named(var, message):
    objs = copy.deepcopy(OBJECTS)
    ct = [c for c in objs["credential_types"] if c["name"] == "Switch login (cloudops)"][0]
    ct["injectors"]["env"][var] = "{{ password }}"
    assert cloudops_awx.server_errors(objs, NOW) == ["credential_type 'Switch login (cloudops)': %s" % message
                                                     + (" may affect Ansible configuration, AWX does not allow them" if var.startswith("ANSIBLE_")
                                                        else " (ENV_BLOCKLIST)")]


def test_other_server_rules_are_named():
    objs = copy.deepcopy(OBJECTS)
    objs["credential_types"][0]["kind"] = "ssh"
    objs["credential_types"][1]["injectors"]["env"]["X_TOKEN"] = "{{ token_typo }}"
    objs["job_templates"][0]["credentials"] = ["no such credential"]
    wf = objs["workflow_job_templates"][0]
    wf["workflow_nodes"][0]["related"] = {"success_nodes": [{"identifier": "nowhere"}]}
    errors = cloudops_awx.server_errors(objs, NOW)
    names = (objs["credential_types"][0]["name"], objs["credential_types"][1]["name"], objs["job_templates"][0]["name"], wf["name"])
    assert "credential_type %r: kind 'ssh': the API only creates cloud or net" % names[0] in errors
    assert "credential_type %r: injectors.env.X_TOKEN: {{ token_typo }} is not an input field" % names[1] in errors
    assert "job_template %r: credentials: no credential 'no such credential'" % names[2] in errors
    assert any(e.startswith("workflow_job_template %r: node" % names[3]) and "related.success_nodes: no node 'nowhere'" in e for e in errors)


# -- the apply playbook ------------------------------------------------------------------------------------------
def _configure_tasks():
    with open(os.path.join(AWX_DIR, "configure.yml"), encoding="utf-8") as fh:
        play = yaml.safe_load(fh)[0]
    tasks = {}
    for task in play["tasks"]:
        for key, args in task.items():
            if key.startswith("awx.awx."):
                tasks.setdefault(key.split(".")[-1], set()).update(args)
    return tasks


def test_configure_passes_every_option_the_data_uses():
    tasks = _configure_tasks()
    for kind, module in MODULES.items():
        used = set().union(*[set(o) for o in OBJECTS[kind]]) if OBJECTS[kind] else set()
        assert used <= tasks[module], "awx/configure.yml drops %s options %s" % (module, sorted(used - tasks[module]))


def _vault_vars():
    refs = set()
    for base, _dirs, files in os.walk(AWX_DIR):
        for f in files:
            if f.endswith(".yml"):
                with open(os.path.join(base, f), encoding="utf-8") as fh:
                    refs |= set(re.findall(r"\{\{\s*(vault_[a-z0-9_]+)\s*\}\}", fh.read()))
    return dict((r, "x") for r in sorted(refs))


def _run_configure(tmp_path, awx_dir):
    from tools import awx_collection  # pylint: disable=import-outside-toplevel

    vault = tmp_path / "vault.yml"
    vault.write_text(yaml.safe_dump(_vault_vars()))
    awx_collection.ensure()       # into build/collections, the repository ansible.cfg's path
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
               CONTROLLER_HOST="https://127.0.0.1:9", CONTROLLER_OAUTH_TOKEN="none")
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), os.path.join(awx_dir, "configure.yml"), "-e", "@%s" % vault]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_configure_checks_then_reaches_the_controller(tmp_path):
    """The data loads and passes the checks; the first write is the organization (no controller here: refused)."""
    proc = _run_configure(tmp_path, AWX_DIR)
    assert proc.returncode != 0
    assert "TASK [Check what the controller would refuse, before any write]" in proc.stdout
    assert "TASK [Organization]" in proc.stdout and "127.0.0.1:9/api/v2/organizations/" in proc.stdout


def test_configure_refuses_bad_data_before_any_write(tmp_path):
    awx_dir = str(tmp_path / "awx")
    shutil.copytree(AWX_DIR, awx_dir, ignore=shutil.ignore_patterns("__pycache__"))
    path = os.path.join(awx_dir, "credential_types", "switch.yml")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("CLOUDOPS_SWITCH_USERNAME:", "ANSIBLE_NET_USERNAME:"))
    proc = _run_configure(tmp_path, awx_dir)
    assert proc.returncode == 2, proc.stdout[-2000:]
    assert "credential_type 'Switch login (cloudops)': injectors.env.ANSIBLE_NET_USERNAME" in proc.stdout
    assert "TASK [Organization]" not in proc.stdout
