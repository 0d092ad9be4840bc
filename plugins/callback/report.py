# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: report
type: aggregate
short_description: Write inspection, backup and change reports from module results
description:
  - Collects every task result that carries C(report_kind) (for example the results of
    M(cloudops.privatecloud.zstack_inspect), or C(*_backup_validate) and C(*_restore_test), which
    both feed the C(backup) report and are merged into one entry per host, or the change modules and
    C(cloudops.privatecloud.change_window), which feed the C(change) report) per inventory host, and at the end of the run builds
    one report per kind and writes it as JSON (the source of truth), self-contained HTML,
    Markdown and JUnit XML under O(output_dir)C(/<kind>/<run-id>/).
  - Also maintains C(<kind>/latest) (a symlink to the newest run, or a file holding its run id
    where symlinks are not possible) and C(<kind>/index.json) plus C(index.html), newest first.
  - Aggregation only; all scoring and rendering is in C(plugin_utils/reporting). Results without
    C(report_kind) are not kept.
  - Failed or unreachable endpoints appear in the report as failed with their error, and the run
    is marked incomplete (C(run.complete=false) with reasons) whenever a host failed, was
    unreachable or the play stopped early. If the run is interrupted (Ctrl-C) or cancelled (SIGTERM, as
    systemd, C(timeout), CI and Kubernetes stops and AWX send it; it is turned into the same interrupt as
    Ctrl-C, and the workers are stopped too), what was collected is written at interpreter exit and marked
    incomplete with the reason and every task that was still running. Nothing can be written when the
    controller process is killed with SIGKILL.
  - A report that cannot be written fails the run, C(ansible-playbook) exits non-zero (1, or 2 when a
    host failed) right after the final stats, so callbacks listed after this one do not get them.
  - The change report keeps the records of failed change tasks too, in the order they happened; a
    failed change is a complete run with the outcome C(failed), C(rolled_back) or C(rollback_failed), and
    only an interrupted run is C(incomplete).
  - One run id per run, in E(CLOUDOPS_RUN_ID) (a sortable id such as C(20261127T140000Z-1a2b3c)). Whoever starts
    first sets it (C(tools/run_change.py) for the runner's artifacts, else this callback or the C(sessions) callback)
    and the reports, the runner's run dir and the shared API sessions all carry it. A value that is not of that
    form is left to its owner and the report makes its own id from the start time.
  - A report is never overwritten. When a report of the run id already exists (a reused E(CLOUDOPS_RUN_ID)), this
    run's reports get a fresh id, and a warning and the change report's notes say which.
  - Enable it with C(callbacks_enabled = cloudops.privatecloud.report) in C(ansible.cfg) or
    E(ANSIBLE_CALLBACKS_ENABLED).
  - Options set as variables are read from extra vars and play vars at the start of each play.
version_added: 0.1.0
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  output_dir:
    description:
      - Directory the reports are written to. A relative path is relative to the working
        directory of C(ansible-playbook) (under ansible-runner, the project directory).
    type: str
    default: reports
    ini:
      - section: cloudops_report
        key: output_dir
    env:
      - name: CLOUDOPS_REPORT_DIR
    vars:
      - name: cloudops_report_dir
  language:
    description:
      - Language of the rendered reports (HTML, Markdown, JUnit). The JSON document keeps every
        data text in both languages, so C(tools/render_report.py) can re-render it in the other one.
    type: str
    default: en
    choices: [en, zh_CN]
    ini:
      - section: cloudops_report
        key: language
    env:
      - name: CLOUDOPS_REPORT_LANG
    vars:
      - name: cloudops_report_language
  formats:
    description:
      - Formats to write. C(json) is always written (it is the source of truth).
    type: list
    elements: str
    default: [json, html, md, junit]
    ini:
      - section: cloudops_report
        key: formats
    env:
      - name: CLOUDOPS_REPORT_FORMATS
    vars:
      - name: cloudops_report_formats
  store_dsn:
    description:
      - The run store every run is recorded in (docs/store.md), and where the delta and C(first_seen) come from.
        C(postgresql://user:password@host:port/database) for a team or AWX (an AWX credential injects
        E(CLOUDOPS_STORE_DSN)), C(sqlite:///path). Unset, SQLite in O(output_dir) (C(store.sqlite3)).
      - The password is never printed. When the store cannot be used the reports are still written, the delta
        comes from the report folders and the run's records wait in O(output_dir)C(/.store-pending/) for the next run.
    type: str
    version_added: 0.2.0
    ini:
      - section: cloudops_report
        key: store_dsn
    env:
      - name: CLOUDOPS_STORE_DSN
  site:
    description:
      - The site (customer or contract) the run is filed under in the run store. Usually named once by the
        inventory (C(cloudops_site) in C(group_vars/all.yml)); unset, C(default) with a warning.
    type: str
    version_added: 0.2.0
    env:
      - name: CLOUDOPS_SITE
    vars:
      - name: cloudops_site
  slice_id:
    description:
      - The part of a sliced AWX job this run is. Every slice runs with the same E(CLOUDOPS_RUN_ID) and its own
        slice id, so the parts land as parts of one logical run.
    type: str
    default: ""
    version_added: 0.2.0
    env:
      - name: CLOUDOPS_RUN_SLICE
    vars:
      - name: cloudops_run_slice
"""

import atexit
import os
import threading

from ansible import context
from ansible.plugins.callback import CallbackBase
from ansible.release import __version__ as ANSIBLE_VERSION

from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import (
    cancel_signal,
    ensure_run_id,
    interrupt_on_sigterm,
    new_run_id,
    operator_from_vars,
    operator_name,
    run_id_from_env,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import utcnow_iso
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting import kinds, output
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.reporting.collecting import (
    NO_HOSTS_REASON,
    Collector,
    collection_version,
    still_running_reason,
)
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import dsn as store_dsn
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.recorder import SITE_VAR, Recorder, site_name

OPTION_VARS = ("cloudops_report_dir", "cloudops_report_language", "cloudops_report_formats", "cloudops_site",
               "cloudops_run_slice")


class CallbackModule(CallbackBase):
    """Aggregate report material and write reports at the end of the run."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "cloudops.privatecloud.report"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._material = Collector()
        self._playbooks = []
        self._operator = None
        self._inventory_site = None
        self._started = utcnow_iso()
        # Named now, in the controller process, so every module process inherits the run's one id.
        ensure_run_id(self._started)
        self._run_id = run_id_from_env() or new_run_id(self._started)
        self._interrupted = False
        self._done = False
        self._write_failed = False
        self._lock = threading.Lock()
        atexit.register(self._at_exit)
        interrupt_on_sigterm()

    # -- options -------------------------------------------------------------------------------
    def v2_playbook_on_start(self, playbook):
        name = getattr(playbook, "_file_name", None)
        if name:
            self._playbooks.append(os.path.basename(name))

    def v2_playbook_on_play_start(self, play):
        try:
            extra = dict(play.get_variable_manager().extra_vars)
        except Exception:  # pylint: disable=broad-except
            extra = {}
        variables = {}
        play_vars = getattr(play, "vars", None) or {}
        for source in (play_vars, extra):
            for key in OPTION_VARS:
                if isinstance(source.get(key), (str, list)):
                    variables[key] = source[key]
        if variables:
            self.set_options(var_options=variables)
        if self._operator is None:
            self._operator = operator_from_vars(extra)
        if self._inventory_site is None:
            self._inventory_site = inventory_site(play)

    def v2_playbook_on_no_hosts_remaining(self):
        self._reason(NO_HOSTS_REASON)

    # -- collecting ----------------------------------------------------------------------------
    def _reason(self, text):
        with self._lock:
            self._material.reason(text)

    def v2_runner_on_start(self, host, task):
        with self._lock:
            self._material.task_started(host.get_name(), getattr(task, "_uuid", None), task.get_name())

    def _ended(self, result):
        self._material.task_ended(result.host.get_name(), getattr(getattr(result, "task", None), "_uuid", None))

    def v2_runner_on_skipped(self, result):
        with self._lock:
            self._ended(result)

    def _collect_ok(self, result, item=False):
        with self._lock:
            if not item:
                self._ended(result)
            self._material.add_ok(result.host.get_name(), result.result)

    def _collect_failure(self, result, unreachable=False, ignore_errors=False, item=False):
        action = getattr(getattr(result, "task", None), "action", None)
        with self._lock:
            if not item:
                self._ended(result)
            self._material.add_failure(result.host.get_name(), result.result, action, result.task_name,
                                       unreachable=unreachable, ignore_errors=ignore_errors, item=item)

    def v2_runner_on_ok(self, result):
        self._collect_ok(result)

    def v2_runner_item_on_ok(self, result):
        self._collect_ok(result, item=True)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._collect_failure(result, ignore_errors=ignore_errors)

    def v2_runner_item_on_failed(self, result):
        self._collect_failure(result, item=True)

    def v2_runner_on_unreachable(self, result):
        self._collect_failure(result, unreachable=True)

    def v2_runner_on_async_failed(self, result):
        self._collect_failure(result)

    # -- writing -------------------------------------------------------------------------------
    def v2_playbook_on_stats(self, stats):
        failed_hosts = sorted(set(getattr(stats, "failures", {}) or {}) | set(getattr(stats, "dark", {}) or {}))
        for host in failed_hosts:
            if host not in self._material.failed_hosts:
                self._reason("%s: failed or unreachable (from the play stats)" % host)
        self._write()
        if self._write_failed:
            # Ansible turns a callback's exception into a warning; SystemExit is the one way to fail the run
            raise SystemExit(2 if failed_hosts else 1)

    def _at_exit(self):
        if not self._done and self._material.has_material():
            self._interrupted = True
            signame = cancel_signal()
            self._reason("run cancelled by %s before the end of the playbook (no final stats)" % signame if signame else
                         "run interrupted before the end of the playbook (no final stats)")
            for host, name in self._material.still_running():
                self._reason(still_running_reason(host, name))
            self._write()

    def _write(self):
        with self._lock:
            if self._done:
                return
            self._done = True
            builders = self._material.finish()
            if not builders:
                return
            try:
                out_dir = os.path.abspath(os.path.expanduser(self.get_option("output_dir") or "reports"))
                language = self.get_option("language") or "en"
                formats = self.get_option("formats") or list(output.FORMATS)
            except KeyError:
                out_dir, language, formats = os.path.abspath("reports"), "en", list(output.FORMATS)
            run_id, reused = self._report_id(out_dir, builders)
            run = {"id": run_id, "started": self._started, "ended": utcnow_iso(), "playbook": ", ".join(self._playbooks),
                   "operator": self._operator or operator_name(), "ansible_version": ANSIBLE_VERSION,
                   "collection_version": collection_version(), "language": language,
                   "incomplete_reasons": list(self._material.reasons), "check_mode": (context.CLIARGS or {}).get("check"),
                   "limit": (context.CLIARGS or {}).get("subset"),
                   "notes": [reused] if reused else []}
            if reused:
                self._display.warning("cloudops.privatecloud.report: %s" % reused)
            site, slice_id, recorder = self._store(out_dir)
            for kind in sorted(builders):
                entry = kinds.get(kind)
                try:
                    previous = recorder.previous(kind, site, run_id, self._started, slice_id)
                    doc = builders[kind].build(entry.run_for(run, self._interrupted), previous)
                    written = output.write_report(doc, out_dir, language, formats)
                except Exception as exc:  # pylint: disable=broad-except
                    self._write_failed = True
                    self._display.error("cloudops.privatecloud.report: could not write the %s report to %s: %s; the run fails"
                                        % (kind, out_dir, exc))
                    continue
                recorder.record(doc, site, slice_id, written.get("json"))
                for line in entry.console_lines(doc):
                    self._display.display(line)
                main = written.get("html") or written.get("json")
                others = ", ".join(os.path.basename(p) for f, p in sorted(written.items()) if f != "dir" and p != main)
                self._display.display("cloudops report [%s] written: %s (also %s)" % (kind, main, others))
            recorder.close()
            # findings are not needed any more
            self._material = Collector()

    def _report_id(self, out_dir, builders):
        """(the id this run's reports are written under, a note or None): never over a report of another run.

        A CLOUDOPS_RUN_ID preset twice (by hand, a copied CI job) would put a second run into the first one's
        folder; it gets a fresh id instead, and the note says so."""
        taken = sorted(kind for kind in builders if os.path.lexists(os.path.join(out_dir, kind, self._run_id)))
        if not taken:
            return self._run_id, None
        fresh = new_run_id(self._started)
        return fresh, ("run id %s already has a %s report in %s (CLOUDOPS_RUN_ID reused): this run's report is %s, "
                       "the earlier one is kept" % (self._run_id, " and ".join(taken), out_dir, fresh))

    def _option(self, name, default=None):
        try:
            return self.get_option(name) or default
        except KeyError:
            return default

    def _store(self, out_dir):
        """(site, slice id, an open Recorder): the store is opened once, at the end of the run."""
        def warn(text):
            self._display.warning("cloudops.privatecloud.report: %s" % text)

        def error(text):
            self._display.error("cloudops.privatecloud.report: %s" % text)

        site = site_name(self._option("site") or self._inventory_site, warn)
        recorder = Recorder(store_dsn.resolve(self._option("store_dsn"), out_dir), out_dir, error)
        recorder.open()
        if recorder.flushed:
            self._display.display("cloudops report: %d pending run record(s) written to the run store" % recorder.flushed)
        return site, str(self._option("slice_id", "")), recorder


def inventory_site(play):
    """The `cloudops_site` the inventory names (group_vars/all.yml), seen from the play's first host; None when unset."""
    try:
        manager = play.get_variable_manager()
        hosts = manager._inventory.get_hosts(play.hosts)  # pylint: disable=protected-access
        if not hosts:
            return None
        variables = manager.get_vars(play=play, host=hosts[0], include_hostvars=False)
        value = variables.get(SITE_VAR)
        if isinstance(value, str) and "{{" in value:
            from ansible.template import Templar  # pylint: disable=import-outside-toplevel

            value = Templar(loader=play._loader, variables=variables).template(value)  # pylint: disable=protected-access
        return str(value) if value else None
    except Exception:  # pylint: disable=broad-except
        return None  # the site is a label: a failure to read it must not cost the report
