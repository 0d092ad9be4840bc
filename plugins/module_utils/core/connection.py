# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every cloud client takes besides its endpoint and credentials: TLS
verification, the per-request timeout and the retries.  Defined once for the modules' argument
specs and for building a client from module or inventory plugin options."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 3


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
