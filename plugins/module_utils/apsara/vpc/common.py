# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every Apsara VPC change module shares: the runner (ClientTokens, writes read back, waits) and the step
of a resource a change creates unless it exists.

A module's planner reads and validates (any problem is an InputError before the first write) and returns the
engine's `Step`s (change/engine.py); the runner applies them in order.  A create step journals the new id right
after the create call, so a failing wait still leaves it in the journal for the rollback, then waits for the
final state; its post-checks read the outcome back, and a failed post-check fails the step.
"""

from __future__ import annotations

import re
import uuid

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.vpc.planned import Planned
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.engine import (  # noqa: F401  pylint: disable=unused-import
    InputError, Runner, Step, StepFailed, Validation, target)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.tracker import ChangeTracker, check_result
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import CidrError, parse_cidr
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.retry import wait_until

PRODUCT = "vpc"
PLATFORM = "apsara"

# Names of VPCs, vSwitches, router interfaces, NAT gateways, EIPs, SNAT entries (Vpc API reference):
# 2-128 characters, starting with a letter or a Chinese character; digits, ".", "_" and "-" allowed;
# not starting with http:// or https://.
NAME_RE = re.compile(u"^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5._-]{1,127}$")

# The parameter that names what a create action makes (Vpc API reference): the name the rollback matches.
NAME_PARAMS = {"CreateVpc": "VpcName", "CreateVSwitch": "VSwitchName", "CreateNatGateway": "Name",
               "AllocateEipAddress": "Name", "CreateSnatEntry": "SnatEntryName", "CreateRouterInterface": "Name",
               "CreateRouteEntry": "RouteEntryName"}

# Prefix bounds (Vpc API reference): a VPC /8 to /28, a vSwitch /16 to /29; route destinations any length.
VPC_PREFIX = (8, 28)
VSWITCH_PREFIX = (16, 29)


def name_problem(value, what):
    """None, or why `value` is not a valid Apsara resource name."""
    if not isinstance(value, str) or not NAME_RE.match(value) or value.lower().startswith(("http://", "https://")):
        return "%s %r is not a valid name (2-128 characters, starting with a letter; letters, digits, '.', '_', '-')" % (what, value)
    return None


def cidr_problem(value, what, bounds=None):
    """None, or why `value` is not a CIDR of the given prefix bounds."""
    try:
        parse_cidr(value, what, *(bounds or (None, None)))
    except CidrError as exc:
        return str(exc)
    return None


class ChangeRun(Runner):
    """The engine's runner with Apsara's calls: ClientTokens, writes whose effect is read back, and waits."""

    def __init__(self, client, tracker, wait_timeout=600):
        super(ChangeRun, self).__init__(client, tracker, wait_timeout)
        # ClientTokens: unique per module run (a later run must never replay the answer of an earlier
        # create that a rollback has since deleted), the same for every retry of one call.
        self._nonce = uuid.uuid4().hex[:16]
        self._tokens = 0
        # what earlier items of the change would create: filled in check mode (context_spec, or the pre-check)
        self.planned = Planned()

    @property
    def region_id(self):
        return self.client.region_id

    def token(self):
        self._tokens += 1
        return "cloudops-%s-%d" % (self._nonce, self._tokens)

    # -- calls ---------------------------------------------------------------------------------
    def call(self, action, params=None, retry=None):
        return self.client.call(PRODUCT, action, params, retry=retry)

    def items(self, action, params=None, product=PRODUCT):
        return self.client.call_all_pages(product, action, params)

    def settle(self, action, params, settled):
        """A write without a ClientToken whose effect can be read back (connect, modify, unassociate):
        a lost answer or an "incorrect status" is fine when `settled()` then reads the effect present."""
        try:
            return self.call(action, params)
        except ApsaraError as err:
            if settled():
                return {}
            raise err

    def poll(self, what, read, done, failed=None, describe=None):
        """Poll `read()` until `done(item)`; `failed(item)` (or the item vanishing after it was seen, or
        never appearing) ends the wait with an error, as does wait_timeout."""
        seen = []

        def check(item):
            if item is not None:
                seen.append(True)
                if failed is not None and failed(item):
                    raise ApsaraError("%s failed: %s" % (what, describe(item) if describe else item), code="WaitFailed")
                return
            seen.append(False)
            if any(seen) or len(seen) >= 5:
                raise ApsaraError("%s failed: the resource %s" % (what, "disappeared (the cloud gave up the operation)"
                                                                  if any(seen) else "never appeared"), code="WaitFailed")

        def timed_out(item):
            return ApsaraError("%s did not finish within wait_timeout=%ss (last: %s)" % (
                what, self.wait_timeout, describe(item) if describe and item is not None else item), code="WaitTimeout")

        return wait_until(read, done, self.wait_timeout, timed_out, check=check, first_delay=0.1, max_delay=2.0,
                          clock=self.client.clock_monotonic, sleep=self.client.sleep)

    def gone(self, what, read):
        """Wait until `read()` finds nothing (a delete finished)."""
        return self.poll(what, read, lambda item: item is None)

    def create(self, rec, rtype, name, action, params, id_field, keys, find=None):
        """Call a create action with a ClientToken and journal the new id at once; returns the id.

        When every retry of the call failed, `find()` (a read by name) tells whether the create was
        applied anyway (its answer lost): then the resource is journaled and the step goes on.

        Before the call the intent is persisted (change/journal_file.py) with the ClientToken and the create's
        parameters, by which a rollback finds what an interrupted call made."""
        params = dict(params, ClientToken=self.token())
        resource_name = params.get(NAME_PARAMS.get(action))
        resource_name = resource_name if resource_name != name else None
        lookup = dict((k, v) for k, v in params.items() if k not in ("ClientToken", "Description") and v is not None)
        self.intend(rec, rtype, name=name, keys=keys, token=params["ClientToken"], action=action, id_field=id_field,
                    lookup=lookup, resource_name=resource_name)
        try:
            rid = self.call(action, params)[id_field]
        except ApsaraError as err:
            rid = find() if (find is not None and err.retriable) else None
            if not rid:
                raise err
        self.created(rec, rtype, rid, dict(keys, **{id_field: rid}), name, resource_name=resource_name)
        return rid


def resource_step(state, key, action, rtype, name, found, view, ready, wait, create, planned, checks):
    """The step of a resource a change creates unless it exists; `state[key]` is the resource found or made.

    Found: unchanged; outside check mode it is waited for until `ready(item)` (`wait(run, id)` -> item) and
    its post-checks `checks(run, item)` read back.  Absent: `create(run, rec)` -> id (run.create journals
    it), then `wait(run, id)`; `planned` is the state check mode shows."""
    state[key] = found
    before = view(found)

    def verify(run):
        if not ready(state[key]):
            state[key] = wait(run, before["id"])
        return checks(run, state[key])
    if found is not None:
        return Step(action, target(rtype, name, before["id"]), before=before, verify=verify)

    def apply(run, rec):
        state[key] = wait(run, create(run, rec))
        return view(state[key])
    return Step(action, target(rtype, name), after=planned, apply=apply, verify=lambda run: checks(run, state[key]))


def check(check_id, passed, message, title_en, title_zh):
    """A post- or pre-check result (change.check_result with both titles)."""
    return check_result(check_id, passed, message, title_en, title_zh)


def start(module, label, wait_timeout_key="wait_timeout"):
    """Client, tracker and run for a module (the client checked usable first)."""
    client = module.ready_client()
    tracker = ChangeTracker(module.params.get("change") or {}, PLATFORM, module.endpoint_label(client),
                            check_mode=module.check_mode)
    return ChangeRun(client, tracker, module.params.get(wait_timeout_key) or 600), label
