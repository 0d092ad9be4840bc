# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every *_inspect module does, whatever the cloud: validate the site configuration,
collect once, evaluate the catalogue, and return report material.

The platform parts (client, collector, capacity figures) are passed in, so ZStack and Apsara
share one implementation of the inspection contract.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import ConfigError, evaluate, validate_config
from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import summarize


def inspection_argument_spec():
    """Options of the `inspection` doc fragment."""
    return dict(
        thresholds=dict(type="dict", default={}),
        skip_checks=dict(type="list", elements="str", default=[]),
        mutes=dict(type="list", elements="dict", default=[]),
        workers=dict(type="int", default=4),
        requests_per_second=dict(type="float", default=0),
    )


def validate_params(module, checks):
    """Fail the module on bad site configuration, before any API call."""
    params = module.params
    try:
        validate_config(checks, params["thresholds"], params["skip_checks"], params["mutes"])
    except ConfigError as err:
        module.fail_json(msg=str(err))
    if params["workers"] < 1:
        module.fail_json(msg="workers must be at least 1")
    if params["requests_per_second"] < 0:
        module.fail_json(msg="requests_per_second must not be negative")


def inspect(module, platform, endpoint, checks, collector, client_stats, capacity_fn, counts_fn):
    """Collect, evaluate and return the module result (report material for the report callback)."""
    params = module.params
    active = [c for c in checks if c.id not in set(params["skip_checks"])]
    wanted = set(name for c in active for name in c.requires)
    data, errors, seconds = collector.collect(wanted)
    if wanted and not data:
        # Nothing at all came back (bad credentials, wrong endpoint): a task failure that names
        # the cause, not a report made of ERROR findings.
        first = sorted(errors.items())[0] if errors else ("-", "unknown error")
        module.fail_json(msg="inspection of %s collected no data: %s: %s" % (endpoint, first[0], first[1]), errors=errors)
    findings = evaluate(checks, data, platform, endpoint, thresholds=params["thresholds"], skip=params["skip_checks"],
                        mutes=params["mutes"], collect_errors=errors)
    stats = client_stats()
    return dict(
        changed=False,
        report_kind="inspection",
        platform=platform,
        endpoint=endpoint,
        findings=findings,
        summary=summarize(findings),
        checks_run=[{"id": c.id, "title": c.title, "pillar": c.pillar, "severity": c.severity} for c in active],
        capacity=capacity_fn(data),
        inventory_counts=counts_fn(data),
        collection={"api_calls": stats["api_calls"], "retries": stats.get("retries", 0), "relogins": stats.get("relogins", 0),
                    "seconds": seconds, "errors": errors},
    )
