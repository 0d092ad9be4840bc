# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every *_backup_validate module does, whatever the cloud: validate the requirements and the
site configuration (before any call), collect once, build the protection table, evaluate the backup
catalogue and return report material (report kind `backup`).  Read-only."""

from __future__ import annotations

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.protection import build, coverage, public_job, public_row
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.requirements import RequirementError, parse_rules, unknown_references
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate, validate_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import inspection_argument_spec, validate_params
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize


def backup_argument_spec():
    """Options of the `backup` and `inspection` doc fragments."""
    spec = inspection_argument_spec()
    spec["backup_requirements"] = dict(type="list", elements="raw", default=[])
    return spec


def validate_backup_params(module, checks):
    """Fail on bad requirements or site configuration, before any API call.  Returns the parsed rules."""
    validate_params(module, checks)
    try:
        return parse_rules(module.params["backup_requirements"])
    except RequirementError as err:
        module.fail_json(msg=str(err))
    return []  # not reached: fail_json exits


def validate_backups(module, platform, endpoint, checks, rules, collector, datasets, model_fn, client_stats, now=None):
    """Collect, build the protection table, evaluate and return the module result."""
    params = module.params
    now = now or datetime.datetime.now(datetime.timezone.utc)
    data, errors, seconds = collector.collect(datasets)
    if not data:
        first = sorted(errors.items())[0] if errors else ("-", "unknown error")
        module.fail_json(msg="backup validation of %s collected no data: %s: %s" % (endpoint, first[0], first[1]), errors=errors)
    missing = [name for name in datasets if name not in data]
    ctx = {"now": now, "platform": platform, "endpoint": endpoint}
    rows, policies, jobs = [], [], []
    computed = {}
    if missing:
        cause = "needs " + ", ".join("%s (%s)" % (name, errors.get(name, "not collected")) for name in missing)
        errors.update({"protection": cause, "backup_jobs": cause})
    else:
        model = model_fn(data, ctx)
        problems = unknown_references(rules, [s["facts"] for s in model["subjects"]], model["groups"])
        if problems:
            module.fail_json(msg="backup_requirements name what does not exist on %s: %s" % (endpoint, "; ".join(problems)))
        merged = validate_config(checks, params["thresholds"], params["skip_checks"], params["mutes"])
        rows, policies, jobs = build(model, rules, now, merged["%s_backup_job_stopped" % platform])
        computed = {"protection": rows, "backup_jobs": jobs}
    active = [c for c in checks if c.id not in set(params["skip_checks"])]
    findings = evaluate(checks, computed, platform, endpoint, thresholds=params["thresholds"], skip=params["skip_checks"],
                        mutes=params["mutes"], collect_errors=errors, now=now)
    stats = client_stats()
    return dict(
        changed=False,
        report_kind="backup",
        platform=platform,
        endpoint=endpoint,
        findings=findings,
        summary=summarize(findings),
        checks_run=[{"id": c.id, "title": c.title, "pillar": c.pillar, "severity": c.severity} for c in active],
        protection=[public_row(r) for r in rows],
        policies=policies,
        jobs=[public_job(j) for j in jobs],
        coverage=coverage(rows),
        collection={"api_calls": stats["api_calls"], "seconds": seconds, "errors": errors},
    )
