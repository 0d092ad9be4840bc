#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a change playbook under ansible-runner, in a fresh private data dir, and always leave a change report.

    .venv/bin/python tools/run_change.py --playbook change_vpc.yml --inventory inventories/lab \\
        --spec changes/vpc_networks.yml -e @changes/lab_window.yml --check
    .venv/bin/python tools/run_change.py --playbook change_vpc.yml --inventory inventories/lab \\
        --spec changes/vpc_networks.yml -e @changes/lab_window.yml --job-timeout 3600
    .venv/bin/python tools/run_change.py --playbook change_switch.yml --inventory inventories/lab \\
        --spec changes/switch_ce_vlan.yml -e @changes/switch_lab_window.yml --check

Any change playbook of playbooks/ runs the same way (change_vpc.yml, scale.yml, change_switch.yml): the window is
the change file's `<prefix>_window`, the report is the change report of every change kind.

Each run gets `runs/<run-id>/` made from the template in runner/ (runner/README.md): env/ (settings
with job_timeout as the hard backstop, envvars, extravars = the spec plus -e), project/ (a copy of the
playbook's directory), then ansible-runner's artifacts/.  The report callback writes
`reports/change/<run-id>/` under the same run id (CLOUDOPS_RUN_ID).  When ansible-playbook does not get
that far (job_timeout, Ctrl-C, a crash), the change report is rebuilt from runner's job events and
marked incomplete with the reason; that rebuilt report is recorded in the run store too (docs/store.md),
its delta taken from the store, as the callback does.

Stopping (Ctrl-C, SIGTERM, job_timeout, idle_timeout) stops every process of the run, not only
ansible-playbook: Ansible's workers run in sessions of their own, out of reach of runner's kill of the
process group, and would go on writing to the cloud.  The tool sends ansible-playbook SIGTERM (the
collection's callbacks turn it into a cancel: the workers and their modules are stopped, the report is
written, the sessions are logged out), waits up to STOP_GRACE seconds, then kills whatever of the run's
process tree is left - found through /proc, with this process as the child subreaper so that no
worker escapes by being orphaned - and only exits when none is left.  runner's own job_timeout is kept
STOP_GRACE later, as the last backstop.

Exit codes: 0 success, unchanged or dry run; 1 usage error or refused (window, bad input, playbook
never started); 2 the change failed (rolled back), or the report could not be written; 3 the rollback
failed; 4 timed out, cancelled, or the window's deadline ended the play before every endpoint was done.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = os.path.join(ROOT, "runner")
KIND = "change"
EXIT_OK, EXIT_USAGE, EXIT_FAILED, EXIT_ROLLBACK_FAILED, EXIT_STOPPED = 0, 1, 2, 3, 4
OUTCOME_EXIT = {"success": EXIT_OK, "unchanged": EXIT_OK, "dry_run": EXIT_OK, "refused": EXIT_USAGE,
                "failed": EXIT_FAILED, "rolled_back": EXIT_FAILED, "rollback_failed": EXIT_ROLLBACK_FAILED,
                "partial": EXIT_STOPPED, "incomplete": EXIT_STOPPED}
# Seconds ansible-playbook gets, after the SIGTERM of a stop, to stop its workers, write its report and log out
# before what is left of the run's processes is killed.
STOP_GRACE = 30
# What runner's `command` artifact (the whole environment of the run, kept in the run dir) keeps in clear:
# these names and prefixes, unless a name looks like a credential.  Every other value is masked.
ENV_KEPT = ("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM", "PWD", "TZ", "VIRTUAL_ENV",
            "PYTHONPATH", "PYTHONHASHSEED", "PYTHONUNBUFFERED", "MAX_EVENT_RES", "JOB_ID", "INVENTORY_ID", "PROJECT_REVISION")
ENV_KEPT_PREFIXES = ("ANSIBLE_", "CLOUDOPS_", "LC_", "RUNNER_", "AWX_", "ZSTACK_", "APSARA_")
ENV_CREDENTIAL = re.compile(r"PASS|PWD.|SECRET|TOKEN|KEY|CRED|DSN|AUTH|COOKIE|SESSION", re.IGNORECASE)
PR_SET_CHILD_SUBREAPER = 36


def _import_path():
    """Make the collection importable when run from a source checkout."""
    from collection_path import ensure_importable  # pylint: disable=import-outside-toplevel

    ensure_importable()


class Usage(Exception):
    """Bad input or a refusal before anything ran: exit 1 with the message."""


# -- input ------------------------------------------------------------------------------------------
def parse_args(argv):
    p = argparse.ArgumentParser(description="Run a change playbook under ansible-runner and always leave a change report.")
    p.add_argument("--playbook", required=True, help="a playbook in playbooks/ (change_vpc.yml) or a path to one")
    p.add_argument("--inventory", "-i", action="append", required=True,
                   help="inventory path (repeatable); used in place, never copied into the run dir")
    p.add_argument("--spec", help="change file (YAML mapping), passed as extra vars; relative to the working "
                                  "directory or to the playbook's directory")
    p.add_argument("--check", action="store_true", help="dry run: ansible-playbook --check (with --diff, always on)")
    p.add_argument("--job-timeout", type=int, help="seconds before runner kills the run (default: runner/env/settings)")
    p.add_argument("--runs-dir", default="runs", help="where runs/<run-id>/ private data dirs are created (default: runs)")
    p.add_argument("--reports-dir", default="reports", help="report output dir (default: reports)")
    p.add_argument("--language", default="en", choices=("en", "zh_CN"), help="language of the rendered reports")
    p.add_argument("--limit", help="ansible-playbook --limit")
    p.add_argument("-e", "--extra-vars", action="append", default=[], metavar="K=V|@FILE",
                   help="extra variable (repeatable), after the spec; secrets are refused")
    p.add_argument("-v", "--verbose", action="count", default=0, help="ansible-playbook verbosity (in the stdout artifact)")
    args = p.parse_args(argv)
    if args.job_timeout is not None and args.job_timeout <= 0:
        p.error("--job-timeout must be a positive number of seconds")
    return args


def resolve_playbook(name):
    for candidate in (os.path.abspath(name), os.path.join(ROOT, "playbooks", name)):
        if os.path.isfile(candidate):
            return candidate
    raise Usage("playbook %r not found (as a path or in %s)" % (name, os.path.join(ROOT, "playbooks")))


def load_mapping(path, what):
    try:
        with open(path, "r", encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise Usage("cannot read %s %s: %s" % (what, path, exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise Usage("%s %s must be a YAML mapping of variables" % (what, path))
    return data


def resolve_spec(spec, playbook):
    """A change file as given (relative to the working directory), else next to the playbook (changes/x.yml)."""
    for candidate in (os.path.abspath(spec), os.path.join(os.path.dirname(playbook), spec)):
        if os.path.isfile(candidate):
            return candidate
    raise Usage("file %r not found (as a path or next to %s)" % (spec, playbook))


def parse_extra(values, playbook):
    """-e K=V (a string, as ansible-playbook takes it) or -e @FILE (a YAML mapping, found like --spec)."""
    out = {}
    for value in values:
        if value.startswith("@"):
            out.update(load_mapping(resolve_spec(value[1:], playbook), "extra vars file"))
        elif "=" in value:
            key, val = value.split("=", 1)
            out[key.strip()] = val
        else:
            raise Usage("-e %r: expected K=V or @FILE" % value)
    return out


def _secrets():
    """The change report's rule for names of credentials, and its mask (one rule for every artifact)."""
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import change_model  # pylint: disable=import-outside-toplevel

    return change_model.SECRET_KEY, change_model.MASK


def secret_keys(value, path=""):
    """Dotted paths of keys that name credentials, anywhere in `value` (refused: extra vars are kept in the run dir)."""
    secret_name = _secrets()[0]
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            here = "%s.%s" % (path, k) if path else str(k)
            if secret_name.search(str(k)):
                found.append(here)
            found.extend(secret_keys(v, here))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(secret_keys(v, "%s[%d]" % (path, i)))
    return found


def window_vars(extravars):
    """(window, override, change id) from the extra vars: `<prefix>window` (vpc_change_window) or change.window."""
    change = extravars.get("change") if isinstance(extravars.get("change"), dict) else {}
    if isinstance(change.get("window"), dict):
        return change["window"], False, change.get("id")
    for key, value in extravars.items():
        if str(key).endswith("_window") and isinstance(value, dict):
            prefix = key[:-len("window")]
            override = str(extravars.get(prefix + "override", "")).strip().lower() in ("1", "true", "yes", "on")
            return value, override, extravars.get(prefix + "id")
    return None, False, None


def check_window(extravars, check_mode, now=None):
    """Refuse before runner starts, with the change_window action's rules (plugin_utils/window.py); None when it may run."""
    from ansible_collections.cloudops.privatecloud.plugins.plugin_utils import window as change_window  # pylint: disable=import-outside-toplevel

    window, override, change_id = window_vars(extravars)
    if window is None or any("{{" in str(v) or "{%" in str(v) for v in window.values()):
        return None  # the playbook's own check decides: it names a missing window, and renders a templated one
    try:
        # a dry run goes ahead outside the window, as the action plugin lets it
        return change_window.may_start(window, override, check_mode, change_id, now)
    except change_window.WindowError as exc:
        return str(exc)


# -- the private data dir ----------------------------------------------------------------------------
def render(value, values):
    """Fill ${NAME} placeholders of the template's env values."""
    if isinstance(value, str):
        return re.sub(r"\$\{([A-Z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), value)
    return value


def write_yaml(path, data):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("---\n")
        yaml.safe_dump(data, fh, default_flow_style=False, sort_keys=True, allow_unicode=True)
    os.chmod(path, 0o600)


def git_commit():
    try:
        proc = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None


def make_run_dir(args, run_id, playbook, extravars):
    """runs/<run-id>/ from the template: env/ rendered, project/ = a copy of the playbook's directory."""
    run_dir = os.path.join(os.path.abspath(args.runs_dir), run_id)
    os.makedirs(os.path.dirname(run_dir), exist_ok=True)
    os.mkdir(run_dir, 0o700)  # fresh: fails if it exists (runner writes its artifacts into it)
    env_dir = os.path.join(run_dir, "env")
    os.mkdir(env_dir, 0o700)
    values = {"REPO": ROOT, "RUN_ID": run_id, "REPORTS_DIR": os.path.abspath(args.reports_dir), "RUN_DIR": run_dir,
              "PYTHON_BIN": os.path.dirname(sys.executable), "PATH": os.environ.get("PATH", ""), "LANGUAGE": args.language}
    envvars = dict((k, render(v, values)) for k, v in load_mapping(os.path.join(TEMPLATE, "env", "envvars"), "template").items())
    write_yaml(os.path.join(env_dir, "envvars"), envvars)
    settings = load_mapping(os.path.join(TEMPLATE, "env", "settings"), "template")
    if args.job_timeout:
        settings["job_timeout"] = args.job_timeout
    # The tool stops the run at job_timeout / idle_timeout (Progress); runner's own kill, which reaches only
    # ansible-playbook's process group, stays as the last backstop STOP_GRACE later.
    backstop = dict(settings)
    for key in ("job_timeout", "idle_timeout"):
        if backstop.get(key):
            backstop[key] = int(backstop[key]) + 2 * STOP_GRACE
    write_yaml(os.path.join(env_dir, "settings"), backstop)
    write_yaml(os.path.join(env_dir, "extravars"), extravars)
    cmdline = ["--diff"] + (["--check"] if args.check else []) + (["--limit", args.limit] if args.limit else [])
    cmdline += ["-" + "v" * args.verbose] if args.verbose else []
    with open(os.path.join(env_dir, "cmdline"), "w", encoding="utf-8") as fh:
        fh.write(" ".join(_quote(c) for c in cmdline) + "\n")
    # A copy, not a symlink: the run dir keeps the playbooks exactly as they ran (runner/README.md).
    shutil.copytree(os.path.dirname(playbook), os.path.join(run_dir, "project"), symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.retry", ".molecule"))
    return run_dir, settings


def _quote(text):
    return "'%s'" % text.replace("'", "'\\''") if re.search(r"[^\w@%+=:,./-]", text) else text


def env_kept(name):
    """Whether an environment variable's value is kept in clear in the run dir: an allow-list, never a credential."""
    allowed = name in ENV_KEPT or name.startswith(ENV_KEPT_PREFIXES)
    return allowed and not ENV_CREDENTIAL.search(name) and not _secrets()[0].search(name)


def scrub_command_artifact(artifact_dir):
    """Mask every value of runner's `command` artifact (the whole environment of the run) that is not allow-listed.

    An allow-list, not a deny-list: SSHPASS, ANSIBLE_BECOME_PASS, FOO_PASS or a DSN with a password in it cannot be
    foreseen by name, and the run dir is kept as the record of the change."""
    path = os.path.join(artifact_dir, "command")
    try:
        with open(path, "r", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return
    env = data.get("env") or {}
    mask = _secrets()[1]
    masked = dict((k, v if env_kept(k) or not v else mask) for k, v in env.items())
    if masked != env:
        data["env"] = masked
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)


# -- the run's processes ------------------------------------------------------------------------------
def become_subreaper():
    """Adopt every orphaned descendant (Linux): a worker whose ansible-playbook died stays in our process tree."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def process_table(zombies=False):
    """{pid: (parent pid, command line)} of every living process (and exited, unreaped ones if asked), from /proc."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as fh:
                stat = fh.read().decode("utf-8", "replace")
            with open("/proc/%s/cmdline" % name, "rb") as fh:
                cmdline = fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2:].split()
        if zombies or fields[0] != "Z":
            table[int(name)] = (int(fields[1]), cmdline)
    return table


def descendants(root):
    """{pid: command line} of every living process under `root` (not root itself)."""
    table = process_table()
    children = {}
    for pid, (ppid, _cmd) in table.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = {}, list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        if pid not in out:
            out[pid] = table[pid][1]
            todo.extend(children.get(pid, ()))
    return out


def signal_all(pids, signum):
    for pid in pids:
        try:
            os.kill(pid, signum)
        except OSError:
            pass


def reap(keep=()):
    """Collect exited adopted orphans so they leave the process table.

    Never waitpid(-1): that would also collect ansible-playbook, whose exit status belongs to runner's pexpect
    (it then fails with "no child process").  So only our children that are not in `keep` are waited for."""
    mine = os.getpid()
    for pid, (ppid, _cmd) in process_table(zombies=True).items():
        if ppid != mine or pid in keep:
            continue
        try:
            os.waitpid(pid, os.WNOHANG)
        except OSError:
            pass


# -- running ------------------------------------------------------------------------------------------
class Progress(object):
    """Runner's handlers: one console line per task result, status changes, and the stop of the run.

    A stop (Ctrl-C or SIGTERM to this process, job_timeout, idle_timeout) is carried out here, from runner's
    cancel callback, which runner calls about every pexpect_timeout while ansible-playbook runs: SIGTERM to
    ansible-playbook first (a cancel for the collection's callbacks), runner keeps reading its output
    meanwhile; after STOP_GRACE s (or a second Ctrl-C) every process left in the run's tree is killed.  Only
    then is runner told to cancel."""

    def __init__(self, artifact_dir, out=None, settings=None, grace=STOP_GRACE):
        from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import runner_events  # pylint: disable=import-outside-toplevel

        self.events = runner_events
        self.artifact_dir = artifact_dir
        self.out = out or sys.stdout
        self.cancelled = threading.Event()
        self.status = None
        settings = settings or {}
        self.job_timeout = settings.get("job_timeout")
        self.idle_timeout = settings.get("idle_timeout")
        self.grace = grace
        self.started = self.last_output = time.monotonic()
        self.stop_reason = None      # "cancel", "job_timeout" or "idle_timeout"
        self.stop_at = None
        self.killed = {}             # pid -> command line of what had to be killed
        self.playbooks = set()       # ansible-playbook's pid(s): runner's pexpect reaps them, we never do
        self.force = False

    def say(self, text):
        self.out.write(text + "\n")
        self.out.flush()

    def event(self, event):
        self.last_output = time.monotonic()
        if event.get("event") == "playbook_on_play_start":
            self.say("play: %s" % ((event.get("event_data") or {}).get("play") or ""))
        result = self.events.task_result(event)
        if result is not None:
            flag = ", changed" if result["changed"] and result["status"] != "changed" else ""
            self.say("%s  %-16s %-11s %s%s" % (time.strftime("%H:%M:%S"), result["host"], result["status"] + flag,
                                               self.events.task_label(event), " (%s)" % result["item"] if result["item"] else ""))
        return True  # keep the event: the report is rebuilt from them if needed

    def status_change(self, data, runner_config=None):  # pylint: disable=unused-argument
        self.status = data.get("status")
        if self.status == "running":
            scrub_command_artifact(self.artifact_dir)
        self.say("runner: %s" % self.status)

    def cancel_requested(self):
        """runner's cancel callback: True once the run's processes are stopped (runner then ends)."""
        now = time.monotonic()
        if self.stop_reason is None:
            if self.cancelled.is_set():
                self.request_stop("cancel")
            elif self.job_timeout and now - self.started > int(self.job_timeout):
                self.request_stop("job_timeout")
            elif self.idle_timeout and now - self.last_output > int(self.idle_timeout):
                self.request_stop("idle_timeout")
            else:
                return False
        playbook = self.playbook_pids()
        if playbook and not self.force and now - self.stop_at < self.grace:
            return False
        self.kill_tree()
        return True

    def request_stop(self, reason):
        self.stop_reason, self.stop_at = reason, time.monotonic()
        playbook = self.playbook_pids()
        self.say("stopping (%s): SIGTERM to ansible-playbook, which stops its workers, writes its report and logs out; "
                 "what is left after %d s is killed" % (reason.replace("_", " "), self.grace))
        signal_all(playbook, signal.SIGTERM)

    def playbook_pids(self):
        """ansible-playbook's controller process (runner spawns it as our child), remembered once seen."""
        mine = os.getpid()
        found = [pid for pid, (ppid, cmd) in process_table().items() if ppid == mine and "ansible-playbook" in cmd]
        self.playbooks.update(found)
        return found

    def kill_tree(self):
        """SIGKILL every process of the run still alive (ansible-playbook, workers, module processes)."""
        for _attempt in range(50):
            left = descendants(os.getpid())
            if not left:
                return
            self.killed.update(left)
            signal_all(left, signal.SIGKILL)
            time.sleep(0.1)
            self.playbook_pids()
            reap(keep=self.playbooks)

    def on_signal(self, signum, frame):  # pylint: disable=unused-argument
        if self.cancelled.is_set():
            self.force = True  # a second Ctrl-C: no grace
            self.say("stopping now: every process of the run is killed")
        else:
            self.say("cancelling (signal %d): ansible-playbook and its workers are stopped; the change report is rebuilt "
                     "from the job events" % signum)
        self.cancelled.set()

    def runner_status(self, status):
        """runner's status, named by what stopped the run (a stop is a cancel for runner)."""
        if self.stop_reason in ("job_timeout", "idle_timeout"):
            return "timeout"
        if self.stop_reason == "cancel":
            return "canceled"
        return status


def run_runner(run_dir, run_id, playbook, inventories, progress):
    import ansible_runner  # pylint: disable=import-outside-toplevel

    become_subreaper()
    previous = dict((s, signal.signal(s, progress.on_signal)) for s in (signal.SIGINT, signal.SIGTERM))
    try:
        runner = ansible_runner.run(private_data_dir=run_dir, ident=run_id, playbook=os.path.basename(playbook),
                                    inventory=inventories, quiet=True, event_handler=progress.event,
                                    status_handler=progress.status_change, cancel_callback=progress.cancel_requested)
        status, rc = runner.status, runner.rc
    finally:
        # Never return while a process of the run lives: a worker runner could not reach, an orphaned module.
        leftover = descendants(os.getpid())
        if leftover:
            progress.say("killing %d process(es) of the run still running: %s" % (
                len(leftover), "; ".join(sorted(set(c[:80] for c in leftover.values())))))
            progress.kill_tree()
        reap()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    scrub_command_artifact(progress.artifact_dir)
    return progress.runner_status(status), rc


def logout_sessions(run_id):
    """Log out the ZStack sessions of this run: the sessions callback leaves a preset run id's to its owner."""
    # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.session_store import SessionStore
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient

    SessionStore(run_id).logout_all(ZStackClient)


# -- after the run ------------------------------------------------------------------------------------
def stop_reason(status, elapsed, settings, cancelled, why=None):
    """Why the run ended before ansible-playbook did, or None (`why`: what stopped it, Progress.stop_reason)."""
    if why == "cancel" or (why is None and (status == "canceled" or cancelled)):
        return "cancelled by the operator (Ctrl-C or SIGTERM) after %d s" % elapsed
    if why == "job_timeout":
        return "killed by job_timeout after %d s" % int(settings.get("job_timeout"))
    if status == "timeout":
        job_timeout = settings.get("job_timeout")
        if why is None and job_timeout and elapsed >= int(job_timeout):
            return "killed by job_timeout after %d s" % int(job_timeout)
        return "killed by idle_timeout: no output for %s s" % settings.get("idle_timeout")
    return None


def open_journal(change_id, endpoints, reported):
    """Per host, what the change's persisted journal holds and no task result carried: the writes of the steps
    the stop cut (module_utils/change/journal_file.py; an `intent` without an id is a write whose answer never came).

    The rollback modules merge these themselves when given the change id; journal.yml lists them for the operator."""
    # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.journal_file import JournalFile, entry_key

    out = {}
    for host, (platform, endpoint) in sorted(endpoints.items()):
        journal_file = JournalFile.for_change(change_id, platform, endpoint)
        if journal_file is None:
            continue
        known = set(entry_key(e) for e in reported.get(host, ()))
        entries = [e for e in journal_file.open_entries() if entry_key(e) not in known]
        if entries:
            out[host] = entries
    return out


def report_outcome(doc):
    return ((doc or {}).get("outcome") or {}).get("status")


def exit_code(status, doc, play_started):
    if status in ("timeout", "canceled"):
        return EXIT_STOPPED
    if not play_started:
        return EXIT_USAGE  # ansible-playbook stopped before its first play: syntax, inventory, arguments
    outcome = report_outcome(doc)
    if outcome in OUTCOME_EXIT:
        return OUTCOME_EXIT[outcome]
    return EXIT_OK if status == "successful" else EXIT_FAILED


class ChangeRun(object):
    """One change run: the private data dir, runner, then the change report (the callback's or rebuilt)."""

    def __init__(self, args, playbook, inventories, extravars):
        # pylint: disable=import-outside-toplevel
        from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import new_run_id
        from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso

        self.args = args
        self.playbook = playbook
        self.inventories = inventories
        self.extravars = extravars
        self.reports_dir = os.path.abspath(args.reports_dir)
        self.started = utcnow_iso()
        # The run's one id, preset for ansible-playbook (runner/env/envvars: CLOUDOPS_RUN_ID): callbacks keep it.
        self.run_id = new_run_id(self.started)
        self.run_dir, self.settings = make_run_dir(args, self.run_id, playbook, extravars)
        self.progress = Progress(os.path.join(self.run_dir, "artifacts", self.run_id), settings=self.settings)
        self.report_failed = False
        self.meta = {"run_id": self.run_id, "started": self.started, "argv": list(args.argv), "playbook": playbook,
                     "inventories": inventories, "spec": args.spec, "check": bool(args.check),
                     "job_timeout": self.settings.get("job_timeout"), "repository": git_commit()}
        write_yaml(os.path.join(self.run_dir, "run.yml"), self.meta)

    def report(self, status, rc, elapsed, events):
        """(document, report dir, rebuilt): the callback's report, or one rebuilt from the job events."""
        # pylint: disable=import-outside-toplevel
        from ansible.release import __version__ as ansible_version

        from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import operator_name
        from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import output, runner_events

        reason = stop_reason(status, elapsed, self.settings, self.progress.cancelled.is_set(), self.progress.stop_reason)
        finished = runner_events.playbook_finished(events)
        path = os.path.join(self.reports_dir, KIND, self.run_id, "report.json")
        if reason is None and finished and os.path.isfile(path):
            # The report callback took the run id from CLOUDOPS_RUN_ID and wrote at the final stats.
            return output.load_report(path), os.path.dirname(path), False
        run = {"id": self.run_id, "started": self.started, "playbook": os.path.basename(self.playbook),
               "operator": operator_name(self.extravars), "ansible_version": ansible_version,
               "language": self.args.language, "check_mode": bool(self.args.check), "incomplete_reasons": [], "notes": []}
        if reason is not None:
            run["incomplete_reasons"].append(reason)
        elif finished and runner_events.EventCollector().add_events(events).has_material():
            # The playbook ended with change results, and still no report: the callback could not write it.
            self.report_failed = True
            run["notes"].append("rebuilt by tools/run_change.py from the job events: the report callback could not write "
                                "the change report (see artifacts/%s/stdout)" % self.run_id)
        elif finished:
            # The playbook ran to its end without change material (it stopped before any change
            # task): nothing was cut short, the report just has to come from the events.
            run["notes"].append("built by tools/run_change.py from the job events: the playbook produced no change results")
        else:
            run["incomplete_reasons"].append("ansible-playbook ended (runner status %s, rc %s) before its final stats; "
                                             "the report callback did not write the change report" % (status, rc))
        doc, written = self.rebuild(events, run)
        leftover = runner_events.journals(events)
        change_id = window_vars(self.extravars)[2]
        unreported = open_journal(change_id, runner_events.change_endpoints(events), leftover)
        if (leftover or unreported) and not self.args.check and run["incomplete_reasons"]:
            journal = {"journal_by_host": leftover, "change": {"id": change_id}}
            if unreported:
                journal["open_by_host"] = unreported
            write_yaml(os.path.join(self.run_dir, "journal.yml"), journal)
        return doc, written["dir"], True

    def rebuild(self, events, run):
        """The change report rebuilt from the job events, its delta from the run store, and recorded there."""
        # pylint: disable=import-outside-toplevel
        from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import runner_events
        from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import dsn as store_dsn
        from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.recorder import Recorder, inventory_site, site_name

        recorder = Recorder(store_dsn.resolve(None, self.reports_dir), self.reports_dir, self.progress.say)
        site = site_name(os.environ.get("CLOUDOPS_SITE") or inventory_site(self.inventories), self.progress.say)
        slice_id = os.environ.get("CLOUDOPS_RUN_SLICE", "")
        recorder.open()
        try:
            doc, written = runner_events.rebuild_reports(
                events, run, self.reports_dir, kinds=(KIND,), language=self.args.language,
                previous=lambda kind: recorder.previous(kind, site, self.run_id, self.started, slice_id))[KIND]
            recorder.record(doc, site, slice_id, written.get("json"))
        finally:
            recorder.close()
        return doc, written

    def run(self):
        from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import runner_events  # pylint: disable=import-outside-toplevel

        say = self.progress.say
        say("run %s: %s%s in %s (job_timeout %s s)" % (self.run_id, os.path.basename(self.playbook),
                                                       " --check" if self.args.check else "", self.run_dir,
                                                       self.settings.get("job_timeout")))
        t0 = time.monotonic()
        try:
            status, rc = run_runner(self.run_dir, self.run_id, self.playbook, self.inventories, self.progress)
        except Exception as exc:  # pylint: disable=broad-except
            # Runner could not start or a handler broke: still log out and leave a report saying so.
            say("ansible-runner failed: %s" % exc)
            status, rc = "error: %s" % exc, None
        elapsed = time.monotonic() - t0
        logout_sessions(self.run_id)
        events = runner_events.load_events(self.progress.artifact_dir)
        try:
            doc, report_dir, rebuilt = self.report(status, rc, elapsed, events)
        except Exception as exc:  # pylint: disable=broad-except
            say("could not write the change report: %s" % exc)
            doc, report_dir, rebuilt, self.report_failed = None, None, True, True
        code = exit_code(status, doc, any(e.get("event") == "playbook_on_play_start" for e in events))
        if self.report_failed and code == EXIT_OK:
            code = EXIT_FAILED   # a run without its change report is not a success
        elif self.report_failed and code == EXIT_USAGE:
            code = EXIT_FAILED
        self.meta.update({"status": status, "rc": rc, "seconds": round(elapsed, 1), "report": report_dir,
                          "report_rebuilt": rebuilt, "report_failed": self.report_failed, "outcome": report_outcome(doc),
                          "exit_code": code, "killed_processes": sorted(set(self.progress.killed.values())) or None})
        write_yaml(os.path.join(self.run_dir, "run.yml"), self.meta)
        say("runner %s (rc %s) after %.1f s; change outcome: %s" % (status, rc, elapsed, report_outcome(doc)))
        if doc is None:
            say("NO change report: the run fails")
        elif self.report_failed:
            say("the report callback could not write the change report: rebuilt from the job events, the run fails")
        if doc is not None and rebuilt and doc["run"]["incomplete_reasons"]:
            say("change report REBUILT from the job events, incomplete: %s" % "; ".join(doc["run"]["incomplete_reasons"][:3]))
        elif doc is not None and rebuilt and not self.report_failed:
            say("change report built from the job events (the playbook produced no change results)")
        journal = os.path.join(self.run_dir, "journal.yml")
        if os.path.isfile(journal):
            say("applied and not rolled back, per host (undo with the platform's *_vpc_rollback module): %s" % journal)
        if report_dir:
            say("change report: %s" % os.path.join(report_dir, "report.html"))
        say("run dir: %s (ansible output: artifacts/%s/stdout)" % (self.run_dir, self.run_id))
        return code


def prepare(args):
    """Validate the input before anything is created: (playbook, inventories, extra vars); Usage otherwise."""
    playbook = resolve_playbook(args.playbook)
    inventories = []
    for inv in args.inventory:
        if not os.path.exists(inv):
            raise Usage("inventory %r not found" % inv)
        inventories.append(os.path.abspath(inv))
    extravars = load_mapping(os.path.join(TEMPLATE, "env", "extravars"), "template")
    if args.spec:
        extravars.update(load_mapping(resolve_spec(args.spec, playbook), "change spec"))
    extravars.update(parse_extra(args.extra_vars, playbook))
    secrets = secret_keys(extravars)
    if secrets:
        raise Usage("refusing credentials as extra vars (%s): they would be stored in the run dir; keep them in the "
                    "inventory (vault) or the environment" % ", ".join(secrets))
    refusal = check_window(extravars, args.check)
    if refusal:
        raise Usage("refused before starting: %s" % refusal)
    return playbook, inventories, extravars


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    args.argv = argv
    _import_path()
    try:
        playbook, inventories, extravars = prepare(args)
    except Usage as exc:
        sys.stderr.write("run_change: %s\n" % exc)
        return EXIT_USAGE
    return ChangeRun(args, playbook, inventories, extravars).run()


if __name__ == "__main__":
    sys.exit(main())
