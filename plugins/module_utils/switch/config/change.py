# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A switch configuration change on the one change engine (change/engine.py): steps, journal and undo.

Steps, one change record each: one per planned section (VLAN, interface, route, raw lines), then on VRPv8 a
`commit` step, then `save_config` (only after every section verified).

- VRP5 / Comware apply each line at once.  A section's step journals its undo (type `switch_section`, op
  modify: the state before as data plus the computed undo lines) *before* the first line is sent, sends the
  section's lines in order, and verifies by reading `display current-configuration` back.
- VRPv8: the section steps fill this session's candidate (nothing is applied yet).  The commit step reads
  `display configuration candidate changes`, checks that the candidate makes exactly the plan (the planned
  sections, nothing else), journals the commit (type `switch_commit`, its label, before the `commit`), commits
  with that label and verifies the whole plan by reading back.  A failure before the commit leaves nothing:
  the candidate is cleared (or dropped with the session).
- Undo, for the module's own rollback and for switch_config_rollback: the lines are recomputed against what
  the device shows now (so a half-applied section is undone exactly), sent, and the section is read back; on
  VRPv8 `rollback configuration to commit-id <the point before ours>` when ours is still the newest commit,
  else the undo lines through a candidate and a commit.  What cannot be undone fails the undo with the exact
  lines left.
"""

from __future__ import annotations

import re
import uuid

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (
    InputError, Step, StepFailed, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.module import ChangeModule, RollbackModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.rollback import UndoTable, rollback_journal
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import change_argument_spec
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.client import SwitchError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.mask import mask_lines
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.plan import PlanError, plan
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.state import (
    apply_candidate, restore_lines, section_state, state_problems)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.syntax import syntax_for
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.config.tree import RunningConfig
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.module import SwitchModule

PLATFORM = "switch"
SECTION_TYPE = "switch_section"
COMMIT_TYPE = "switch_commit"
SHOW_RUNNING = "display current-configuration"
SHOW_SAVED = "display saved-configuration"
COMMIT_LIST = "display configuration commit list verbose"
# `1) CommitId: 1000000114` then `   Label: L` (reference 3.3): the verbose form, whose columns cannot run together
COMMIT_ROW = re.compile(r"CommitId:\s*(\d+)\*?\s*\n\s*Label:\s*(\S+)")

CONFIG_OPTIONS = dict(
    vlans=dict(type="list", elements="dict", default=[], options=dict(
        id=dict(type="int", required=True), name=dict(type="str"), description=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]))),
    interfaces=dict(type="list", elements="dict", default=[], options=dict(
        name=dict(type="str", required=True), description=dict(type="str"),
        link_type=dict(type="str", choices=["access", "trunk"]), access_vlan=dict(type="int"),
        trunk_vlans=dict(type="raw"), trunk_vlans_mode=dict(type="str", default="add", choices=["add", "remove", "exact"]),
        trunk_pvid=dict(type="int"), shutdown=dict(type="bool"))),
    routes=dict(type="list", elements="dict", default=[], options=dict(
        destination=dict(type="str", required=True), mask=dict(type="str", required=True),
        next_hop=dict(type="str", required=True), state=dict(type="str", default="present", choices=["present", "absent"]))),
    lines=dict(type="list", elements="dict", default=[], options=dict(
        parents=dict(type="str"), lines=dict(type="list", elements="str", required=True),
        undo=dict(type="list", elements="str"))),
    protected_interfaces=dict(type="list", elements="str", default=[]),
    protected_vlans=dict(type="list", elements="raw", default=[]),
    save=dict(type="bool", default=True),
    rollback=dict(type="bool", default=True),
)


class UndoLeft(Exception):
    """An undo that did not bring the configuration back; `lines` are the exact lines still to send."""

    def __init__(self, message, lines):
        self.lines = list(lines)
        super(UndoLeft, self).__init__("%s; lines left to undo: %s" % (message, " / ".join(self.lines) or "(none computed)"))


# -- device I/O --------------------------------------------------------------------------------------
def read_running(client):
    return RunningConfig(syntax_for(client.device_type), client.send_show(SHOW_RUNNING))


def send_lines(client, lines, stay=False):
    """Send lines in system view (immediate devices: applied in order); a rejection the client's per-line
    markers miss (Comware's semantic `% ...` refusals) is caught in the echoed output.  `stay`: remain in system
    view for the next section (each leave and re-entry costs netmiko two 2 s quiet-period checks on Huawei)."""
    syntax = syntax_for(client.device_type)
    output = client.send_config(lines, exit_config_mode=False) if stay else client.send_config(lines)
    for line in (output or "").replace("\r", "").split("\n"):
        if re.search(syntax.error_pattern, line):
            raise SwitchError("%s rejected a line: %s" % (client.host, line.strip()), "rejected_command",
                              host=client.host, device_output=output)
    return output


def save(client):
    """`save` (Comware `save force`) through the client; the device must say it saved (each kind's text has
    "successfully", reference 1.11), a refusal or another answer fails the step."""
    output = client.save() or ""
    if not re.search(r"successfully", output, re.IGNORECASE):
        raise SwitchError("%s did not confirm the save: %s" % (client.host, " ".join(output.split())[-300:] or "(no answer)"),
                          "rejected_command", host=client.host, command="save", device_output=output)
    return output


def abandon_candidate(client):
    """VRPv8 after a failure before commit: clear this session's candidate and go back to user view, so leaving
    does not meet the 'commit them before exiting?' question (reference 1.10).  Best effort: the session may be gone."""
    conn = getattr(client, "_conn", None)
    if conn is None:
        return
    try:
        if conn.check_config_mode():
            conn.send_command("clear configuration candidate", expect_string=r"\]")
            conn.exit_config_mode()
    except Exception:          # a dropped session: the device discards the candidate with it
        client.close()


def commit_points(client):
    """[(commit id, label)] newest first, from `display configuration commit list` (user view)."""
    text = (client.send_show(COMMIT_LIST) or "").replace("\r", "")
    return [(m.group(1), m.group(2)) for m in COMMIT_ROW.finditer(text)]


def vrpv8_commit(client, lines, label):
    """Lines into a candidate, then commit it with `label` (the rollback's own changes on VRPv8)."""
    send_lines(client, lines)
    client.commit(label)


def rollback_to(client, commit_id):
    """`rollback configuration to commit-id N` in user view, answering a Y/N question if the release asks one."""
    conn = client.connection
    out = conn.send_command("rollback configuration to commit-id %s" % commit_id,
                            expect_string=r"(?:<[^<>\s]+>\s*$|\[Y/N\]:?\s*$)", read_timeout=120)
    if re.search(r"\[Y/N\]", out or ""):
        out += conn.send_command("y", expect_string=r"<[^<>\s]+>", read_timeout=120)
    if re.search(r"^\s*Error\s*:", out or "", re.M):
        raise SwitchError("%s refused the rollback to commit %s: %s" % (client.host, commit_id, out.strip()),
                          "rejected_command", host=client.host, command="rollback configuration")
    return out


# -- undo (module rollback and switch_config_rollback) ------------------------------------------------------
def _left(client, sections, fallback):
    """The exact lines still to send: recomputed from a fresh read when the switch answers, else the planned undo."""
    try:
        client.close()
        config = read_running(client)
        lines = []
        for sec in reversed(sections):
            lines += restore_lines(config, sec)
        return mask_lines(lines)
    except Exception:          # the switch cannot be read: the undo computed at plan time is what is left
        return mask_lines(fallback)


def _finish_undo(client, entry, sections):
    config = read_running(client)
    problems = state_problems(config, sections, want="before_state")
    if problems:
        lines = []
        for sec in reversed(sections):
            lines += restore_lines(config, sec)
        raise UndoLeft("not back to the state before (%s)" % "; ".join(problems), mask_lines(lines))
    if entry["restore"].get("save"):
        # only when this change's save reached the saved configuration (it holds a section as planned, not as
        # before): a failure before the save left the saved configuration as it was
        saved = RunningConfig(config.syntax, client.send_show(SHOW_SAVED))
        if [s for s in sections if s["expect"] != s["before_state"] and not state_problems(saved, [s], want="expect")]:
            save(client)


def undo_section(run, entry):
    """VRP5 / Comware: the section's undo lines, recomputed against the device, sent, read back."""
    client = run.client
    sec = entry["restore"]["section"]
    try:
        lines = restore_lines(read_running(client), sec)
        if lines:
            send_lines(client, lines)
        _finish_undo(client, entry, [sec])
    except SwitchError as err:
        raise UndoLeft("%s (%s)" % (err, err.kind), _left(client, [sec], sec["undo"]))
    return "restored" if lines else "already as before"


def undo_commit(run, entry):
    """VRPv8: back to the commit point before ours, or (another commit came after ours, or ours was the first
    point) the undo lines through a candidate and a commit; nothing when our commit never happened."""
    client = run.client
    restore = entry["restore"]
    sections = restore["sections"]
    how = "not committed, already as before"
    try:
        points = commit_points(client)
        ours = [i for i, (_cid, label) in enumerate(points) if label == restore["label"]]
        rolled = False
        if ours and ours[0] == 0 and len(points) > 1:
            try:
                rollback_to(client, points[1][0])
                rolled, how = True, "rolled back to commit %s" % points[1][0]
            except SwitchError as err:
                if err.kind != "rejected_command":
                    raise
                how = "the rollback to commit %s was refused (%s); " % (points[1][0], err)   # the undo lines instead
        if rolled:
            pass
        elif ours or state_problems(read_running(client), sections, want="before_state"):
            config = read_running(client)
            lines = []
            for sec in reversed(sections):
                lines += restore_lines(config, sec)
            if lines:
                vrpv8_commit(client, lines, "%s-u" % restore["label"])
            how = "%sundone by %d line(s) in a new commit" % ("" if how.startswith("not committed") else how, len(lines))
        _finish_undo(client, entry, sections)
    except SwitchError as err:
        abandon_candidate(client)
        raise UndoLeft("%s (%s)" % (err, err.kind), _left(client, sections, restore["undo"]))
    return how


UNDO_TABLE = UndoTable(PLATFORM, created={}, modified={SECTION_TYPE: undo_section, COMMIT_TYPE: undo_commit})


# -- the module -----------------------------------------------------------------------------------------
def _desired(params):
    return dict((k, params.get(k) or []) for k in ("vlans", "interfaces", "routes", "lines"))


def _entry(sec):
    data = sec.entry()
    data["undo"] = mask_lines(data["undo"])
    return data


class SwitchConfig(ChangeModule):
    """switch_config: plan -> (check mode: the diff) -> apply -> verify -> save, rollback on failure."""

    module_class = SwitchModule
    platform = PLATFORM

    def __init__(self):
        super(SwitchConfig, self).__init__(change_argument_spec(**CONFIG_OPTIONS))
        self.sections = []
        self.running = None
        self.running_text = ""
        self.clean_before = True
        self.rollback_outcome = None
        self.saved = False

    def label(self):
        return "switch %s" % self.params["switch_host"]

    # -- plan ----------------------------------------------------------------------------------
    def plan(self, reader, run):
        client = reader
        syntax = syntax_for(client.device_type)
        text = client.send_show(SHOW_RUNNING)
        self.running = RunningConfig(syntax, text)
        self.running_text = text
        saved = RunningConfig(syntax, client.send_show(SHOW_SAVED))
        self.clean_before = (saved.sections, saved.globals) == (self.running.sections, self.running.globals)
        guards = {"protected_interfaces": self.params["protected_interfaces"],
                  "protected_vlans": self.params["protected_vlans"], "session_host": self.params["switch_host"]}
        check = Validation()
        try:
            self.sections = plan(self.running, _desired(self.params), guards)
        except PlanError as err:
            check.check("switch_change_valid", False, "; ".join(err.problems), "The switch change is valid and allowed",
                        u"交换机变更输入有效且被允许")
            raise InputError(err.problems, check.checks)
        changed = [s for s in self.sections if s.changed]
        check.check("switch_change_valid", True, "%d section(s), %d to change; VLANs 1-4094, interfaces exist, guards "
                    "passed (management interface, the session's own VLAN)" % (len(self.sections), len(changed)),
                    "The switch change is valid and allowed", u"交换机变更输入有效且被允许")
        steps = [self.section_step(client, sec, check.checks) for sec in self.sections]
        if changed and syntax.two_stage:
            steps.append(self.commit_step(client, changed))
        if changed and self.params["save"]:
            steps.append(self.save_step(client))
        return steps

    def section_step(self, client, sec, checks):
        syntax = syntax_for(client.device_type)
        before = {"lines": mask_lines(sec.before)}
        after = {"lines": mask_lines(sec.after), "commands": mask_lines(sec.send)}
        tgt = target("switch_%s" % sec.kind, sec.name)
        if not sec.changed:
            return Step("configure_%s" % sec.kind, tgt, before=before, pre_checks=checks)
        entry = _entry(sec)

        def apply(run, rec):
            if syntax.two_stage:
                send_lines(client, sec.send)          # into this session's candidate; the commit step applies it
                return dict(after, candidate=True)
            # journaled before the first line: a line applied before a failure is undone from the device's state
            run.modified(rec, SECTION_TYPE, sec.name, restore={"section": entry, "save": self.undo_saves()},
                         keys={"device_type": client.device_type}, name=sec.name)
            send_lines(client, sec.send, stay=True)      # display and save work in system view too
            return after

        verify = None if syntax.two_stage else (lambda run: self.verify(client, [entry]))
        title = ("in the candidate (the commit step applies it)" if syntax.two_stage else
                 "lines applied one by one (immediate)")
        return Step("configure_%s" % sec.kind, tgt, before=before, after=after, apply=apply, verify=verify,
                    pre_checks=checks, title={"en": title, "zh_CN": u"写入候选配置（由提交步骤生效）" if syntax.two_stage
                                              else u"逐行立即生效"})

    def commit_step(self, client, changed):
        entries = [_entry(s) for s in changed]
        # short (a commit list column), unique, not starting with a digit; the change id is in the journal entry
        label = "cloudops-%s" % uuid.uuid4().hex[:10]
        undo = []
        for sec in reversed(changed):
            undo += sec.undo

        def apply(run, rec):
            changes = client.send_show("display configuration candidate changes")
            problems = self.candidate_problems(client, changes, entries)
            if problems:
                abandon_candidate(client)
                raise SwitchError("the candidate is not the plan, nothing was committed: %s" % "; ".join(problems),
                                  "rejected_command", host=client.host)
            run.modified(rec, COMMIT_TYPE, label, name=label, keys={"device_type": client.device_type},
                         restore={"label": label, "change_id": self.tracker.context.change_id, "sections": entries,
                                  "undo": mask_lines(undo),
                                  "save": self.undo_saves()})
            client.commit(label)
            return {"label": label, "committed": True, "lines": len([l for s in changed for l in s.send])}

        # the target is named stably (the pre-check's planned record and the apply's are one step); the label is unique
        return Step("commit", target("switch_commit", "candidate"), before={"label": None, "committed": False},
                    after={"label": label, "committed": True}, apply=apply,
                    verify=lambda run: self.verify(client, entries),
                    title={"en": "display configuration candidate changes checked against the plan, then commit",
                           "zh_CN": u"核对候选配置差异与计划一致后提交"})

    def save_step(self, client):
        def apply(run, rec):
            save(client)
            self.saved = True
            return {"saved": True}
        return Step("save_config", target("switch_config", "saved-configuration"), before={"saved": False},
                    after={"saved": True}, apply=apply,
                    title={"en": "only after every section was verified", "zh_CN": u"所有配置段校验通过后才保存"})

    def undo_saves(self):
        """A rollback saves again only when this change saves and the running configuration was saved before it
        (else the save would also persist changes someone else left unsaved)."""
        return bool(self.params["save"] and self.clean_before)

    # -- checks --------------------------------------------------------------------------------------
    def verify(self, client, entries):
        config = read_running(client)
        problems = state_problems(config, entries, want="expect")
        check = Validation()
        check.expect("switch_config_read_back", problems, "read back: %s as planned" % ", ".join(e["name"] for e in entries),
                     "The configuration read back is the planned one", u"回读配置与计划一致")
        return check.checks

    def candidate_problems(self, client, changes_text, entries):
        """What the candidate would make that the plan does not: each planned section's state, and no other
        interface, VLAN or route touched."""
        predicted = apply_candidate(syntax_for(client.device_type), self.running_text, changes_text)
        problems = state_problems(predicted, entries, want="expect")
        touched_if = set(e["key"]["name"] for e in entries if e["kind"] == "interface")
        touched_vlan = set(e["key"]["vlan"] for e in entries if e["kind"] == "vlan")
        touched_route = set(e["key"]["route"] for e in entries if e["kind"] == "route")
        for e in entries:
            # raw lines touch their view, or (global) the routes they name; their own verify is line presence
            head = e["key"].get("head") if e["kind"] == "lines" else None
            if head and head.startswith("interface "):
                touched_if.add(self.running.interface_name(head[len("interface "):]) or head[len("interface "):])
            elif head and head.split()[0] == "vlan" and head.split()[-1].isdigit():
                touched_vlan.add(int(head.split()[-1]))
            elif e["kind"] == "lines":
                for line in e["key"]["lines"]:
                    line = line[len("undo "):] if line.startswith("undo ") else line
                    if line.startswith("ip route-static "):
                        touched_route.add(line[len("ip route-static "):])
        for name in sorted(set(predicted.interfaces) | set(self.running.interfaces)):
            if name in touched_if:
                continue
            if section_state(predicted, "interface", {"name": name}) != section_state(self.running, "interface", {"name": name}):
                problems.append("the candidate also changes interface %s" % name)
        for vid in sorted(set(predicted.vlans) ^ set(self.running.vlans)):
            if vid not in touched_vlan:
                problems.append("the candidate also changes VLAN %d" % vid)
        extra = [r for r in set(predicted.routes) ^ set(self.running.routes)
                 if not any(predicted.route_key(r) == predicted.route_key(t) for t in touched_route)]
        problems += ["the candidate also changes route %s" % r for r in sorted(extra)]
        return problems

    # -- run ------------------------------------------------------------------------------------------
    def execute(self, reader, run, steps):
        try:
            run.run(steps)
        except StepFailed:
            if syntax_for(reader.device_type).two_stage:
                abandon_candidate(reader)
            if self.params["rollback"] and self.tracker.journal:
                reader.close()          # the session may be dead or in a view: the undo opens a new one
                self.rollback_outcome = rollback_journal(self.tracker, list(self.tracker.journal), self.undo(run))
            raise

    def undo(self, run):
        def undo(entry):
            outcome = UNDO_TABLE.find(entry)(run, entry)
            if run.journal_file is not None:
                run.journal_file.undone(entry)
            return outcome
        return undo

    def outcome(self, reader, run):
        return {"device_type": reader.device_type, "commands": mask_lines([l for s in self.sections for l in s.send]),
                "sections": [self.section_view(s) for s in self.sections if s.changed], "saved": self.saved,
                "unsaved_before": not self.clean_before}

    @staticmethod
    def section_view(sec):
        return {"kind": sec.kind, "name": sec.name, "before": mask_lines(sec.before), "after": mask_lines(sec.after),
                "commands": mask_lines(sec.send), "undo": mask_lines(sec.undo)}

    def result(self):
        result = super(SwitchConfig, self).result()
        result["diff"] = self.text_diff()
        return result

    def text_diff(self):
        """--diff as configuration text: the changed sections before and after, and the lines to send."""
        before, after, sent = [], [], []
        for sec in self.sections:
            if sec.changed:
                before += _as_config(sec.before, sec.head)
                after += _as_config(sec.after, sec.head)
                sent += sec.send
        host = self.params["switch_host"]
        return {"before": "\n".join(mask_lines(before)) + "\n", "after": "\n".join(mask_lines(after)) + "\n",
                "before_header": "%s running-configuration (before)" % host,
                "after_header": "%s running-configuration (after)" % host,
                "prepared": "lines to send on %s:\n%s" % (host, "\n".join(mask_lines(sent)) if sent else "(none)")}

    def fail(self, msg, error=None, **extra):
        if self.rollback_outcome is not None:
            outcome = self.rollback_outcome
            extra.update((k, v) for k, v in outcome.items() if k != "ok")
            extra["rollback"] = "rolled_back" if outcome["ok"] else "rollback_failed"
            extra["left_to_undo"] = [l for r in self.tracker.records if r["status"] == "rollback_failed"
                                     for l in _left_lines(r.get("error"))]
            msg = "%s. Rollback: %s" % (msg, outcome["summary"])
        elif self.tracker is not None and self.tracker.journal:
            extra["rollback"] = "not_run"
        return super(SwitchConfig, self).fail(msg, error=error, **extra)


def _as_config(lines, head):
    """A section's lines as the configuration prints them: the view's lines indented under its head, then `#`."""
    if not lines:
        return []
    if head and lines[0] == head:
        return [head] + [" " + l for l in lines[1:]] + ["#"]
    return list(lines) + ["#"]


def _left_lines(error):
    found = re.search(r"lines left to undo: (.*)$", error or "")
    if not found or found.group(1).startswith("(none"):
        return []
    return [l.strip() for l in found.group(1).split(" / ")]


class SwitchConfigRollback(RollbackModule):
    """switch_config_rollback: undo a switch_config journal (the role's rescue, or by hand)."""

    module_class = SwitchModule
    platform = PLATFORM
    undo_table = UNDO_TABLE
