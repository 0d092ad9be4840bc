# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ZStack flavour of CloudModule: connection options and client."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.connection import transport_argument_spec
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.module import CloudModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackError, client_from_params


def zstack_argument_spec():
    """Connection options; keep in step with the zstack doc fragment."""
    return dict(
        endpoint=dict(type="str", required=True, fallback=(env_fallback, ["ZSTACK_ENDPOINT"])),
        account=dict(type="str", fallback=(env_fallback, ["ZSTACK_ACCOUNT"])),
        password=dict(type="str", no_log=True, fallback=(env_fallback, ["ZSTACK_PASSWORD"])),
        access_key_id=dict(type="str", fallback=(env_fallback, ["ZSTACK_ACCESS_KEY_ID"])),
        access_key_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["ZSTACK_ACCESS_KEY_SECRET"])),
        **transport_argument_spec("ZSTACK")
    )


# An account with its password, or an AccessKey (zstack-api.md 1.3): one of the two, never both.
ZSTACK_CONNECTION_RULES = dict(
    required_one_of=[("account", "access_key_id")],
    mutually_exclusive=[("account", "access_key_id"), ("password", "access_key_secret")],
    required_together=[("account", "password"), ("access_key_id", "access_key_secret")],
)


class ZStackModule(CloudModule):
    """An AnsibleModule with the ZStack connection options; one client (one session, or an AccessKey) per module run."""

    error_type = ZStackError
    connection_spec = staticmethod(zstack_argument_spec)
    connection_rules = ZSTACK_CONNECTION_RULES
    client_from_params = staticmethod(client_from_params)

    def check_ready(self, client):
        client.login()

    def endpoint_label(self, client):
        return client.endpoint
