# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one paging loop of both clients.

A client says how to read one page and which requests follow an answer; this walks them.  When
an answer's total names every page after it, they come back as one batch and are fetched on a
bounded pool (`workers` > 1), so a 10,000-item list costs one call per page and about the wall
time of two pages.  Without a total (a token, or a short page ending the list) the walk goes on
one page at a time.  Either way: one call per page, never a count call.
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.parallel import bounded_map


def walk_pages(fetch, first, following, workers=1):
    """Yield every answer, in page order: `fetch(request)` -> answer, starting with `first`.

    `following(request, answer)` gets the last request of a batch and its answer and returns the
    requests to send next: none at the end, one to walk on, or every remaining page at once.
    """
    batch = [first]
    while batch:
        answers = bounded_map(fetch, batch, workers)
        yield from answers
        batch = following(batch[-1], answers[-1])
