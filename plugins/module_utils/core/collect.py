# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one collector engine of both clouds: every wanted dataset fetched once, on a bounded pool.

A platform's collector is its table of datasets (name -> how to fetch it, and the parent dataset
it iterates over, if any) plus its few custom fetchers; this runs the table.  Collect only: the
fetchers call the API and return raw items with the API's own field names; the checks judge them.

A dataset that fails is recorded in `errors` with the API's message and left out of `data`: the
check engine turns every check needing it into an ERROR finding instead of losing coverage.  A
dataset whose parent failed is recorded as "needs <parent>: <its error>".
"""

from __future__ import annotations

import time

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.parallel import bounded_map

# Answers of an unexpected shape: a dataset error, not a crashed inspection.
UNEXPECTED_ANSWER_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


class DatasetCollector(object):
    """Subclasses set `platform`, `error_type` (their client's error) and `table()`.

    `table()` maps a dataset name to `(parent, fetch)`: `fetch()` for a top-level dataset
    (parent None), `fetch(parent_items)` for one fetched per item of its parent dataset.
    """

    platform = "cloud"
    error_type = Exception

    def __init__(self, client, workers=4, now=None):
        self.client = client
        self.workers = max(1, int(workers))
        self.now = now or time.time
        self.timings = {}  # dataset -> seconds of its last fetch, for benchmarks and debugging

    def table(self):
        raise NotImplementedError

    def map(self, func, items):
        """func over items on this collector's bounded pool (pages, per-resource calls)."""
        return bounded_map(func, items, self.workers)

    def collect(self, wanted=None):
        """Returns (data, errors, seconds).  `wanted` names datasets of the table (default: all)."""
        started = time.monotonic()
        table = self.table()
        wanted = set(table) if wanted is None else set(wanted)
        unknown = wanted - set(table)
        if unknown:
            raise ValueError("unknown %s datasets: %s" % (self.platform, ", ".join(sorted(unknown))))
        parents = set(table[name][0] for name in wanted if table[name][0])
        data, errors = {}, {}

        def run(task):
            name, fetch = task
            began = time.monotonic()
            try:
                data[name] = fetch()
            except self.error_type as err:
                errors[name] = str(err)
            except UNEXPECTED_ANSWER_ERRORS as err:
                errors[name] = "unexpected answer: %s: %s" % (type(err).__name__, err)
            finally:
                self.timings[name] = round(time.monotonic() - began, 3)

        top = sorted((name, table[name][1]) for name in (wanted | parents) if not table[name][0])
        self.map(run, top)
        dependents = []
        for name in sorted(name for name in wanted if table[name][0]):
            parent, fetch = table[name]
            if parent in data:
                dependents.append((name, lambda fetch=fetch, parent=parent: fetch(data[parent])))
            else:
                errors[name] = "needs %s: %s" % (parent, errors.get(parent))
        self.map(run, dependents)
        for name in parents - wanted:
            data.pop(name, None)  # fetched only for its dependents
        return data, errors, round(time.monotonic() - started, 3)
