# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Apsara flavour of CloudModule: connection options and client."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraError, client_from_params
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.connection import transport_argument_spec
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.module import CloudModule


def apsara_argument_spec():
    """Connection options; keep in step with the apsara doc fragment."""
    return dict(
        access_key_id=dict(type="str", required=True, fallback=(env_fallback, ["APSARA_ACCESS_KEY_ID"])),
        access_key_secret=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["APSARA_ACCESS_KEY_SECRET"])),
        security_token=dict(type="str", no_log=True, fallback=(env_fallback, ["APSARA_SECURITY_TOKEN"])),
        region_id=dict(type="str", required=True, fallback=(env_fallback, ["APSARA_REGION_ID"])),
        organization_id=dict(type="str", fallback=(env_fallback, ["APSARA_ORGANIZATION_ID"])),
        resource_group_id=dict(type="str", fallback=(env_fallback, ["APSARA_RESOURCE_GROUP_ID"])),
        endpoints=dict(type="dict", default={}, fallback=(env_fallback, ["APSARA_ENDPOINTS"])),
        domain=dict(type="str", fallback=(env_fallback, ["APSARA_DOMAIN"])),
        center_region=dict(type="bool", default=True, fallback=(env_fallback, ["APSARA_CENTER_REGION"])),
        asapi_endpoint=dict(type="str", fallback=(env_fallback, ["APSARA_ASAPI_ENDPOINT"])),
        **transport_argument_spec("APSARA")
    )


class ApsaraModule(CloudModule):
    """An AnsibleModule with the Apsara connection options and one client per module run."""

    error_type = ApsaraError
    connection_spec = staticmethod(apsara_argument_spec)
    client_from_params = staticmethod(client_from_params)

    def check_ready(self, client):
        client.endpoint("ecs")  # every Apsara module reads ECS: its endpoint must resolve

    def endpoint_label(self, client):
        return "%s %s" % (self.module.params["region_id"], client.endpoint("ecs"))
