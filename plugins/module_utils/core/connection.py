# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every cloud client takes besides its endpoint and credentials: TLS
verification, the per-request timeout and the retries.  Defined once for the modules' argument
specs and for building a client from module or inventory plugin options, with their bounds and
the one check of an endpoint URL."""

from __future__ import annotations

import os

from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback

DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 3

# Bounds outside which a run hangs or never ends (a rate of 1e-9/s waits for decades between two
# requests, unbounded retries go on for hours) or fails with a confusing error (a negative timeout).
TIMEOUT_RANGE = (1, 3600)
RETRIES_RANGE = (0, 20)
WORKERS_RANGE = (1, 64)
REQUESTS_PER_SECOND_RANGE = (0.1, 10000.0)  # 0 also allowed: no cap


def transport_argument_spec(env_prefix):
    """validate_certs, ca_path, timeout (each also from <env_prefix>_*) and retries; keep in step with the doc fragments."""
    return dict(
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["%s_VALIDATE_CERTS" % env_prefix])),
        ca_path=dict(type="path", fallback=(env_fallback, ["%s_CA_PATH" % env_prefix])),
        timeout=dict(type="int", default=DEFAULT_TIMEOUT, fallback=(env_fallback, ["%s_TIMEOUT" % env_prefix])),
        retries=dict(type="int", default=DEFAULT_RETRIES),
    )


def transport_kwargs(params):
    """The client keyword arguments for those options, from module params or plugin options (defaults where absent)."""
    return dict(
        validate_certs=params.get("validate_certs", True),
        ca_path=params.get("ca_path"),
        timeout=params.get("timeout") or DEFAULT_TIMEOUT,
        retries=params.get("retries", DEFAULT_RETRIES),
    )


def _outside(value, bounds):
    # `not low <= value <= high` is also true for NaN
    return isinstance(value, bool) or not isinstance(value, (int, float)) or not bounds[0] <= value <= bounds[1]


def option_problems(params):
    """What is wrong with the transport and limit options present in `params` (module params, plugin
    options or a client's keyword arguments): one sentence each, naming the option.  Checked before
    any request, so a wrong value fails at once instead of hanging or retrying."""
    problems = []
    for name, bounds, unit in (("timeout", TIMEOUT_RANGE, " seconds"), ("retries", RETRIES_RANGE, ""),
                               ("workers", WORKERS_RANGE, "")):
        value = params.get(name)
        if value is not None and _outside(value, bounds):
            problems.append("%s must be between %s and %s%s, not %r" % (name, bounds[0], bounds[1], unit, value))
    rate = params.get("requests_per_second")
    if rate not in (None, 0) and _outside(rate, REQUESTS_PER_SECOND_RANGE):
        problems.append("requests_per_second must be 0 (no cap) or between %s and %s, not %r" % (
            REQUESTS_PER_SECOND_RANGE + (rate,)))
    ca_path = params.get("ca_path")
    if ca_path and not os.path.isfile(ca_path):
        problems.append("ca_path %s: no such file (the CA bundle that verifies the endpoint's certificate)" % ca_path)
    elif ca_path and not os.access(ca_path, os.R_OK):
        problems.append("ca_path %s: the file cannot be read" % ca_path)
    return problems


def split_http_url(value, default_scheme):
    """urlsplit() of an http(s) endpoint (`default_scheme` for a bare host[:port]), or ValueError saying why not.

    Refused: other schemes (`javascript:`, `file:`), a port that is not a number, user:password@ in the
    URL, and anything outside printable ASCII (spaces, control bytes, a host name in Unicode: give an
    internationalised name in its ASCII `xn--` form, so that what is checked is what is resolved).
    """
    text = str(value or "").strip()
    if any(not 32 < ord(char) < 127 for char in text):
        raise ValueError("has a space, a control byte or a non-ASCII character (give an internationalised host name "
                         "in its xn-- form)")
    if "://" not in text:
        text = "%s://%s" % (default_scheme, text)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as err:
        raise ValueError("is not an http(s) URL or host[:port] (%s)" % err)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("is not an http(s) URL or host[:port]")
    if port == 0:
        raise ValueError("has port 0")
    if parts.username is not None or parts.password is not None:
        raise ValueError("carries a user name or password; give credentials as options, never in the URL")
    return parts
