# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one bounded fan-out: the pages of a list after its first, the datasets of a collection,
one call per resource.  Management nodes and API gateways are small, so every fan-out is bounded."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


def bounded_map(func, items, workers=1):
    """[func(item) for item in items], in order, on at most `workers` threads.

    One item or one worker runs in the calling thread (no pool to start).  The first exception
    raised by `func` propagates, as it would from the plain loop.  Pools may nest (a dataset's
    pages inside the dataset pool): the clients bound the requests in flight, not this.
    """
    items = list(items)
    workers = max(1, int(workers or 1))
    if workers == 1 or len(items) < 2:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        return list(pool.map(func, items))
