# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report-module contract: the one body of every report module (*_inspect, *_backup_validate,
*_restore_test), the site configuration they all take, the one result shape they all return, and
the inspection job (collect once, evaluate the catalogue).

Every report module does the same four things: take its options, fail on bad input before any API
call, start the client (failing early on bad credentials), run, exit with report material.  What
differs is passed in: the platform's module class (ZStackModule, ApsaraModule: connection options,
client, endpoint label) and a job (Inspection here, backup.validate.BackupValidation,
backup.restore_test.RestoreTest) with
- `argument_spec()` -> the module's own options (the platform adds its connection options);
- `validate(module)` -> what the run needs from the parsed input; fails the module on bad input;
- `run(module, client, endpoint, prepared)` -> the module result (module_result).
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import ConfigError, evaluate, scoped_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize


def run_report_module(module_class, job):
    """The body of every report module: build the module, validate, connect, run the job, exit with its result."""
    module = module_class(argument_spec=job.argument_spec(), supports_check_mode=True)
    prepared = job.validate(module)  # bad input fails here, before the first API call
    client = module.ready_client()
    result = job.run(module, client, module.endpoint_label(client), prepared)
    module.exit_json(**result)


def site_config_spec():
    """Thresholds, skipped checks and mutes: options of every report module (the `inspection` doc fragment)."""
    return dict(
        thresholds=dict(type="dict", default={}),
        skip_checks=dict(type="list", elements="str", default=[]),
        mutes=dict(type="list", elements="dict", default=[]),
    )


def inspection_argument_spec():
    """Site configuration plus collection limits (the `inspection` and `inspection.collection` doc fragments)."""
    spec = site_config_spec()
    spec.update(workers=dict(type="int", default=4), requests_per_second=dict(type="float", default=0))
    return spec


def site_config(module, checks, catalogue=None):
    """Validate the site configuration against `catalogue` (default: `checks`), before any API call.

    Fails the module on bad input; returns {thresholds, skip, mutes} cut down to `checks`."""
    params = module.params
    try:
        thresholds, skip, mutes = scoped_config(catalogue or checks, checks, params["thresholds"], params["skip_checks"],
                                                params["mutes"])
    except ConfigError as err:
        module.fail_json(msg=str(err))
    if params.get("workers") is not None and params["workers"] < 1:
        module.fail_json(msg="workers must be at least 1")
    if (params.get("requests_per_second") or 0) < 0:
        module.fail_json(msg="requests_per_second must not be negative")
    return {"thresholds": thresholds, "skip": skip, "mutes": mutes}


def validate_params(module, checks):
    """Fail the module on bad site configuration, before any API call."""
    site_config(module, checks)


def collect(module, what, endpoint, collector, wanted):
    """Collect `wanted` once -> (data, errors, seconds).

    Nothing at all coming back (bad credentials, wrong endpoint) is a task failure that names the
    cause, not a report made of ERROR findings."""
    data, errors, seconds = collector.collect(wanted)
    if wanted and not data:
        first = sorted(errors.items())[0] if errors else ("-", "unknown error")
        module.fail_json(msg="%s of %s collected no data: %s: %s" % (what, endpoint, first[0], first[1]), errors=errors)
    return data, errors, seconds


def collection_facts(stats, seconds, errors):
    """How collection went: client statistics, wall time and the datasets that could not be read."""
    return {"api_calls": stats.get("api_calls", 0), "retries": stats.get("retries", 0), "relogins": stats.get("relogins", 0),
            "seconds": seconds, "errors": errors}


def module_result(kind, platform, endpoint, checks, config, findings, collection, changed=False, **material):
    """The one result shape of every report module; what the report callback reads.

    `checks` is the module's part of the catalogue and `config` its site configuration (site_config):
    `checks_run` lists the checks evaluated.  `material` is the kind's own data (capacity,
    protection, restore_tests, ...)."""
    skipped = set(config["skip"])
    result = dict(
        changed=changed,
        report_kind=kind,
        platform=platform,
        endpoint=endpoint,
        findings=findings,
        summary=summarize(findings),
        checks_run=[{"id": c.id, "title": c.title, "pillar": c.pillar, "severity": c.severity} for c in checks if c.id not in skipped],
        collection=collection,
    )
    result.update(material)
    return result


def evaluate_config(checks, data, platform, endpoint, config, collect_errors=None, now=None):
    """engine.evaluate with a module's site configuration (site_config)."""
    return evaluate(checks, data, platform, endpoint, thresholds=config["thresholds"], skip=config["skip"], mutes=config["mutes"],
                    collect_errors=collect_errors, now=now)


class Inspection(object):
    """The *_inspect job (report_module): collect what the active checks read, evaluate, capacity and counts."""

    kind = "inspection"

    def __init__(self, platform, checks, collector_class, capacity_fn, counts_fn):
        self.platform = platform
        self.checks = checks
        self.collector_class = collector_class
        self.capacity_fn = capacity_fn
        self.counts_fn = counts_fn

    @staticmethod
    def argument_spec():
        return inspection_argument_spec()

    def validate(self, module):
        return site_config(module, self.checks)

    def run(self, module, client, endpoint, config):
        active = [c for c in self.checks if c.id not in set(config["skip"])]
        wanted = set(name for c in active for name in c.requires)
        collector = self.collector_class(client, workers=module.params["workers"])
        data, errors, seconds = collect(module, "inspection", endpoint, collector, wanted)
        findings = evaluate_config(self.checks, data, self.platform, endpoint, config, collect_errors=errors)
        return module_result(self.kind, self.platform, endpoint, self.checks, config, findings,
                             collection_facts(client.stats, seconds, errors),
                             capacity=self.capacity_fn(data), inventory_counts=self.counts_fn(data))
