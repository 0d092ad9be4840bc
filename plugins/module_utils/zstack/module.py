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
        account=dict(type="str", required=True, fallback=(env_fallback, ["ZSTACK_ACCOUNT"])),
        password=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["ZSTACK_PASSWORD"])),
        **transport_argument_spec("ZSTACK")
    )


class ZStackModule(CloudModule):
    """An AnsibleModule with the ZStack connection options; one client (one session) per module run."""

    error_type = ZStackError
    connection_spec = staticmethod(zstack_argument_spec)
    client_from_params = staticmethod(client_from_params)

    def check_ready(self, client):
        client.login()

    def endpoint_label(self, client):
        return client.endpoint
