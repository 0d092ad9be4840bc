# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every *_restore_test module does, whatever the cloud (issue 5, item 5).

Sample resources that have a good backup/snapshot, restore the newest one into a new scratch
resource named `cloudops-restore-<run8>-<source name>`, wait until it is usable, verify it (state,
size, and a content marker when a probe is configured), measure the RTO, and delete the scratch
resource again - always, also when the restore or the verification fails.  Scratch resources of
an earlier, interrupted run are found by their name prefix and reported (and deleted on request).

The platform steps are passed in as an object (see `zstack_restore.ZStackRestore` and
`apsara_restore.ApsaraRestore`) with:

- `platform`, `endpoint`, `error_type`, `source_type`, `scratch_type`, `backup_label(source)`;
- `candidates(source)` -> rows {source: ref, backup: ref + created, expected_size: int|None},
  one per resource that has a good backup, the newest good one;
- `list_scratch()` -> [{type, uuid, name, created}] of every resource named with SCRATCH_PREFIX;
- `lookup(keys)` -> {uuid: name} of resources with those names or uuids (any, with or without backups);
- `find_scratch(name)` -> uuids of resources with exactly that name (a half-created restore);
- `read_original(uuid)` -> the original's representation (fields a restore must never change);
- `restore(candidate, name, params)` -> uuid of the scratch resource (the call that starts the restore);
- `wait_usable(uuid, timeout)` -> the scratch resource once usable (raises on failure / timeout);
- `verify(candidate, scratch)` -> {state: bool, size: bool};
- `delete(uuid, timeout)` -> True when gone (never raises for "already gone").

The findings come from the restore checks of the backup catalogue (backup/checks.py: failed test,
RTO over its target, scratch resource left behind), evaluated by the check engine like every other
check: bilingual, muteable, thresholds as site data.
"""

from __future__ import annotations

import datetime
import json
import time
import uuid as uuidlib

from ansible.module_utils.urls import open_url

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.checks import catalogue, restore_checks
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import scoped_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import (
    collection_facts, evaluate_config, module_result, site_config, site_config_spec)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import resource_ref

SCRATCH_PREFIX = "cloudops-restore-"
NAME_LIMIT = 64  # the shorter of the two clouds' name limits (Apsara disk names: 2-128; ZStack: 255)


class RestoreTestError(Exception):
    """Bad input found before any write (unknown resource names, a bad probe template)."""


def restore_test_argument_spec(source_choices):
    """Options shared by both *_restore_test modules (the `backup.restore_test` and `inspection` doc
    fragments; the platform adds its own)."""
    spec = site_config_spec()
    spec.update(
        sample_size=dict(type="int", default=1),
        time_budget_seconds=dict(type="int", default=600),
        resources=dict(type="list", elements="str", default=[]),
        source=dict(type="str", default=source_choices[0], choices=list(source_choices)),
        content_probe_url=dict(type="str"),
        cleanup_leftovers=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
    )
    return spec


def validate_params(params):
    """Structure errors, before any API call.  Returns a list of messages (empty when fine)."""
    errors = []
    if params["sample_size"] < 0:
        errors.append("sample_size must not be negative (0 only looks for leftovers)")
    if params["time_budget_seconds"] < 1:
        errors.append("time_budget_seconds must be at least 1")
    if params["wait_timeout"] < 1:
        errors.append("wait_timeout must be at least 1")
    probe = params.get("content_probe_url")
    if probe is not None:
        if "{id}" not in probe:
            errors.append("content_probe_url must contain the placeholder {id} (for example https://lab:18080/_lab/content/{id})")
        elif not probe.startswith(("http://", "https://")):
            errors.append("content_probe_url must be an http(s) URL")
    names = [str(n).strip() for n in params.get("resources") or []]
    if any(not n for n in names):
        errors.append("resources must not contain empty names")
    return errors


class RestoreTest(object):
    """The *_restore_test job of one platform (run by inspection.run_report_module).

    `steps(client, endpoint)` returns the platform steps; `extra_spec` are the platform's own options."""

    kind = "backup"

    def __init__(self, platform, sources, steps, extra_spec=None):
        self.platform = platform
        self.sources = sources
        self.steps = steps
        self.extra_spec = extra_spec or {}
        self.checks = restore_checks(platform)
        # Site settings may name backup-validation checks too: one backup catalogue per platform.
        self.catalogue = catalogue(platform)

    def argument_spec(self):
        spec = restore_test_argument_spec(self.sources)
        spec.update(self.extra_spec)
        return spec

    def validate(self, module):
        problems = validate_params(module.params)
        if problems:
            module.fail_json(msg="; ".join(problems))
        return site_config(module, self.checks, self.catalogue)

    def run(self, module, client, endpoint, config):
        platform = self.steps(client, endpoint)
        runner = Runner(platform, module.params, check_mode=module.check_mode, warn=module.warn, checks=self.checks,
                        config=config, stats=lambda: client.stats)
        try:
            return runner.run()
        except (RestoreTestError, platform.error_type) as err:
            # Reads and selection only: every restore catches its own errors, so nothing was created yet.
            module.fail_error(err)
        return None  # not reached: fail_error exits


def newest(items, group_key, when, ident):
    """The newest item per group: by `when(item)` (a datetime or None = oldest), ties broken by `ident`."""
    floor = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)

    def key(item):
        moment = when(item)
        if moment is not None and moment.tzinfo is None:
            moment = moment.astimezone()
        return (moment or floor, ident(item))
    best = {}
    for item in items:
        group = group_key(item)
        if group and (group not in best or key(item) > key(best[group])):
            best[group] = item
    return best


def new_run_id():
    return uuidlib.uuid4().hex


def scratch_name(run_id, source_name):
    """`cloudops-restore-<run8>-<source name>`, cut to a length both clouds accept."""
    text = "%s%s-%s" % (SCRATCH_PREFIX, run_id[:8], source_name or "unnamed")
    return text[:NAME_LIMIT]


def sort_key(candidate):
    """Deterministic order: by source name, then uuid."""
    return (candidate["source"]["name"] or "", candidate["source"]["uuid"] or "")


def select(candidates, resources, sample_size, known):
    """The candidates to test.

    `resources` (names or uuids) picks exactly those, in the order given; a name matching no resource
    in `known` (every resource of the source type, {uuid: name}) is an error raised before any write.
    A listed resource without a good backup yields a candidate with `backup` None (an error row).
    Without `resources`: the first `sample_size` candidates in deterministic order.
    """
    ordered = sorted(candidates, key=sort_key)
    if not resources:
        return ordered[:sample_size]
    by_key = {}
    for cand in ordered:
        by_key.setdefault(cand["source"]["uuid"], cand)
        by_key.setdefault(cand["source"]["name"], cand)
    names_known = {}
    for uuid, name in known.items():
        names_known.setdefault(uuid, uuid)
        names_known.setdefault(name, uuid)
    unknown = [r for r in resources if r not in by_key and r not in names_known]
    if unknown:
        raise RestoreTestError("unknown resource(s) in resources: %s (no such name or uuid)" % ", ".join(unknown))
    picked, seen = [], set()
    for key in resources:
        cand = by_key.get(key)
        if cand is None:
            uuid = names_known[key]
            cand = {"source": None, "uuid": uuid, "name": known.get(uuid, key), "backup": None, "expected_size": None}
        ident = cand["source"]["uuid"] if cand.get("source") else cand["uuid"]
        if ident not in seen:
            seen.add(ident)
            picked.append(cand)
    return picked


def probe_content(url_template, rid, validate_certs=True, ca_path=None, timeout=30):
    """GET the content probe for one resource -> the decoded JSON object."""
    url = url_template.replace("{id}", rid)
    response = open_url(url, method="GET", validate_certs=validate_certs, ca_path=ca_path, timeout=timeout,
                        http_agent="cloudops.privatecloud", headers={"Accept": "application/json"})
    body = json.loads(response.read().decode("utf-8") or "{}")
    if not isinstance(body, dict) or "marker" not in body:
        raise ValueError("content probe %s answered without a marker" % url)
    return body


class Runner(object):
    """One run of restore tests on one endpoint."""

    def __init__(self, platform, params, check_mode=False, clock=time.monotonic, run_id=None, warn=None, checks=None,
                 config=None, stats=None):
        self.platform = platform
        self.params = params
        self.checks = checks or restore_checks(platform.platform)
        if config is None:
            thresholds, skip, mutes = scoped_config(self.checks, self.checks, params.get("thresholds"), params.get("skip_checks"),
                                                    params.get("mutes"))
            config = {"thresholds": thresholds, "skip": skip, "mutes": mutes}
        self.config = config
        self.stats = stats or dict
        self.check_mode = check_mode
        self.clock = clock
        self.run_id = run_id or new_run_id()
        self.warn = warn or (lambda msg: None)
        self.started = clock()
        self.changed = False
        self.created = set()

    # -- helpers -----------------------------------------------------------------------------------
    def _probe(self, rid):
        params = self.params
        return probe_content(params["content_probe_url"], rid, params.get("validate_certs", True), params.get("ca_path"),
                             params.get("timeout") or 30)

    def _original(self, uuid):
        """The original's representation, and its content marker when a probe is configured."""
        rep = self.platform.read_original(uuid)
        if rep is not None and self.params.get("content_probe_url"):
            try:
                rep = dict(rep, content_marker=self._probe(uuid).get("marker"))
            except Exception as err:  # pylint: disable=broad-except
                rep = dict(rep, content_marker="probe failed: %s" % err)
        return rep

    def _content_check(self, candidate, scratch_uuid):
        """True/False by the probe, None without one (never faked).  Returns (result, reason)."""
        if not self.params.get("content_probe_url"):
            return None, None
        try:
            answer = self._probe(scratch_uuid)
            expected = answer.get("source_marker")
            if expected is None:
                expected = self._probe(candidate["backup"]["uuid"]).get("marker")
        except Exception as err:  # pylint: disable=broad-except
            return False, "content probe failed: %s" % err
        if answer.get("marker") == expected:
            return True, None
        return False, "content marker %r does not match the backup's %r" % (answer.get("marker"), expected)

    def _cleanup(self, name, scratch_uuid):
        """Delete the scratch resource (and anything else carrying its unique name).  True when none remains."""
        platform = self.platform
        timeout = self.params["wait_timeout"]
        targets = [scratch_uuid] if scratch_uuid else []
        try:
            targets.extend(u for u in platform.find_scratch(name) if u not in targets)
        except platform.error_type as err:
            self.warn("could not list scratch resources named %s: %s" % (name, err))
            return False
        gone = True
        for uuid in targets:
            try:
                if platform.delete(uuid, timeout):
                    self.changed = True
                else:
                    gone = False
            except platform.error_type as err:
                self.warn("could not delete scratch %s %s (%s): %s" % (platform.scratch_type, uuid, name, err))
                gone = False
        if gone:
            try:
                gone = not platform.find_scratch(name)
            except platform.error_type:
                gone = False
        return gone

    # -- one test -------------------------------------------------------------------------------------
    def _row(self, candidate):
        source = candidate.get("source") or resource_ref(self.platform.source_type, candidate["uuid"], candidate["name"])
        return {"source": source, "backup": candidate.get("backup"), "scratch": None, "status": "planned",
                "checks": {"state": None, "size": None, "content": None}, "rto_seconds": None,
                "cleaned_up": True, "error": None, "original_unchanged": None}

    def run_one(self, candidate):
        row = self._row(candidate)
        if candidate.get("backup") is None:
            row["status"] = "error"
            row["error"] = "no good %s found for this resource" % self.platform.backup_label(self.params["source"])
            return row
        if self.check_mode:
            return row
        platform = self.platform
        name = scratch_name(self.run_id, row["source"]["name"])
        row["scratch"] = {"type": platform.scratch_type, "uuid": None, "name": name}
        before = self._original(row["source"]["uuid"])
        scratch_uuid = None
        try:
            start = self.clock()
            scratch_uuid = platform.restore(candidate, name, self.params)
            row["scratch"]["uuid"] = scratch_uuid
            self.created.add(scratch_uuid)
            self.changed = True
            scratch = platform.wait_usable(scratch_uuid, self.params["wait_timeout"])
            row["rto_seconds"] = round(self.clock() - start, 3)
            checks = platform.verify(candidate, scratch)
            content, reason = self._content_check(candidate, scratch_uuid)
            row["checks"] = {"state": checks["state"], "size": checks["size"], "content": content}
            problems = [platform.describe_mismatch(key, candidate, scratch) for key in ("state", "size") if not checks[key]]
            if reason:
                problems.append(reason)
            row["status"] = "failed" if problems else "passed"
            row["error"] = "; ".join(problems) or None
        except Exception as err:  # pylint: disable=broad-except
            # API errors (a failed restore job) and anything unexpected: an error row, and cleanup still runs.
            row["status"] = "error"
            row["error"] = str(err)
        finally:
            row["cleaned_up"] = self._cleanup(name, scratch_uuid)
            if scratch_uuid is None:
                row["scratch"]["uuid"] = None
        after = self._original(row["source"]["uuid"])
        row["original_unchanged"] = None if before is None else before == after
        if row["original_unchanged"] is False and row["status"] == "passed":
            row["status"] = "failed"
            row["error"] = "the original %s changed during the restore test" % row["source"]["type"]
        return row

    # -- leftovers --------------------------------------------------------------------------------------
    def leftovers(self, found):
        rows = []
        for item in sorted(found, key=lambda i: (i.get("created") or "", i["uuid"])):
            if item["uuid"] in self.created:
                continue
            cleaned = False
            if self.params["cleanup_leftovers"] and not self.check_mode:
                try:
                    cleaned = self.platform.delete(item["uuid"], self.params["wait_timeout"])
                    self.changed = self.changed or cleaned
                except self.platform.error_type as err:
                    self.warn("could not delete leftover %s %s (%s): %s" % (item["type"], item["uuid"], item["name"], err))
            rows.append(dict(item, cleaned=bool(cleaned)))
        return rows

    # -- the run ------------------------------------------------------------------------------------------
    def run(self):
        """Reads, selection, restores, leftovers -> the module result (without `changed` bookkeeping)."""
        params = self.params
        platform = self.platform
        found = platform.list_scratch()  # before any restore: everything found is an earlier run's
        candidates, known = platform.candidates(params["source"])
        candidates = [c for c in candidates if not c["source"]["name"].startswith(SCRATCH_PREFIX)]
        wanted = [str(r).strip() for r in params["resources"]]
        missing = [r for r in wanted if r not in known and r not in known.values()]
        if missing:
            known = dict(known, **platform.lookup(missing))  # resources without any backup: error rows, not "unknown"
        picked = select(candidates, wanted, params["sample_size"], known)
        rows = []
        budget = params["time_budget_seconds"]
        for cand in picked:
            if not self.check_mode and self.clock() - self.started >= budget:
                row = self._row(cand)
                row["status"] = "not_run"
                row["error"] = "time budget of %ss spent before this restore could start" % budget
                rows.append(row)
                continue
            rows.append(self.run_one(cand))
        leftovers = self.leftovers(found)
        findings = evaluate_config(self.checks, {"restore_tests": rows, "restore_leftovers": leftovers}, platform.platform,
                                   platform.endpoint, self.config)
        collection = collection_facts(self.stats(), round(self.clock() - self.started, 3), {})
        return module_result("backup", platform.platform, platform.endpoint, self.checks, self.config, findings, collection,
                             changed=self.changed, restore_tests=rows, leftovers=leftovers)
