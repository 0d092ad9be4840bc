# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The *_backup_validate job, whatever the cloud (run by inspection.run_report_module): validate the
requirements and the site configuration (before any call), collect once, build the protection table,
evaluate the backup validation checks and return report material (report kind `backup`).  Read-only."""

from __future__ import annotations

import datetime

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.checks import catalogue, validation_checks
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.protection import build, coverage, public_job, public_row
from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup.requirements import RequirementError, parse_rules, unknown_references
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import validate_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.inspection import (
    collect, collection_facts, evaluate_config, inspection_argument_spec, module_result, site_config)


def backup_argument_spec():
    """Options of the `backup`, `inspection` and `inspection.collection` doc fragments."""
    spec = inspection_argument_spec()
    spec["backup_requirements"] = dict(type="list", elements="raw", default=[])
    return spec


class BackupValidation(object):
    """The job of one platform: its datasets and the function that turns them into the protection model."""

    kind = "backup"

    def __init__(self, platform, collector_class, datasets, model_fn, now=None):
        self.platform = platform
        self.checks = validation_checks(platform)
        # Site settings may name restore-test checks too: one backup catalogue per platform.
        self.catalogue = catalogue(platform)
        self.collector_class = collector_class
        self.datasets = datasets
        self.model_fn = model_fn
        self.now = now

    @staticmethod
    def argument_spec():
        return backup_argument_spec()

    def validate(self, module):
        """Site configuration and parsed requirement rules; bad input fails before any API call."""
        config = site_config(module, self.checks, self.catalogue)
        try:
            config["rules"] = parse_rules(module.params["backup_requirements"])
        except RequirementError as err:
            module.fail_json(msg=str(err))
        return config

    def run(self, module, client, endpoint, config):
        """Collect, build the protection table, evaluate and return the module result."""
        platform = self.platform
        now = self.now or datetime.datetime.now(datetime.timezone.utc)
        collector = self.collector_class(client, workers=module.params["workers"])
        data, errors, seconds = collect(module, "backup validation", endpoint, collector, self.datasets)
        missing = [name for name in self.datasets if name not in data]
        rows, policies, jobs = [], [], []
        computed = {}
        if missing:
            cause = "needs " + ", ".join("%s (%s)" % (name, errors.get(name, "not collected")) for name in missing)
            errors.update({"protection": cause, "backup_jobs": cause})
        else:
            model = self.model_fn(data, {"now": now, "platform": platform, "endpoint": endpoint})
            problems = unknown_references(config["rules"], [s["facts"] for s in model["subjects"]], model["groups"])
            if problems:
                module.fail_json(msg="backup_requirements name what does not exist on %s: %s" % (endpoint, "; ".join(problems)))
            merged = validate_config(self.checks, config["thresholds"])
            rows, policies, jobs = build(model, config["rules"], now, merged["%s_backup_job_stopped" % platform])
            computed = {"protection": rows, "backup_jobs": jobs}
        findings = evaluate_config(self.checks, computed, platform, endpoint, config, collect_errors=errors, now=now)
        return module_result(self.kind, platform, endpoint, self.checks, config, findings,
                             collection_facts(client.stats, seconds, errors),
                             protection=[public_row(r) for r in rows], policies=policies, jobs=[public_job(j) for j in jobs],
                             coverage=coverage(rows))
