# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SwitchModule: the switch doc fragment's options (env_fallback for the connection) and one client per module run."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.module import CloudModule
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.client import (
    SwitchClient,
    SwitchError,
    client_params,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.client import option_problems as switch_option_problems


def switch_argument_spec():
    return dict(
        switch_host=dict(type="str", required=True, fallback=(env_fallback, ["CLOUDOPS_SWITCH_HOST"])),
        switch_port=dict(type="int", default=22, fallback=(env_fallback, ["CLOUDOPS_SWITCH_PORT"])),
        switch_username=dict(type="str", required=True, fallback=(env_fallback, ["CLOUDOPS_SWITCH_USERNAME"])),
        switch_password=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["CLOUDOPS_SWITCH_PASSWORD"])),
        switch_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["CLOUDOPS_SWITCH_SECRET"])),
        device_type=dict(type="str", required=True, choices=["huawei", "huawei_vrpv8", "hp_comware"],
                         fallback=(env_fallback, ["CLOUDOPS_SWITCH_DEVICE_TYPE"])),
        conn_timeout=dict(type="float", default=10),
        auth_timeout=dict(type="float", default=10),
        banner_timeout=dict(type="float", default=15),
        read_timeout=dict(type="float", default=30),
    )


def client_from_params(params):
    return SwitchClient(**client_params(params))


class SwitchModule(CloudModule):
    """An AnsibleModule with the switch connection options and one netmiko session per module run."""

    error_type = SwitchError
    connection_spec = staticmethod(switch_argument_spec)
    client_from_params = staticmethod(client_from_params)

    def __init__(self, argument_spec=None, **kwargs):
        super(SwitchModule, self).__init__(argument_spec=argument_spec, **kwargs)
        # Range checks the argument spec cannot express, before any connection.
        problems = switch_option_problems(self.module.params)
        if problems:
            self.module.fail_json(msg="; ".join(problems), error={"kind": "invalid_option"})

    def check_ready(self, client):
        client.open()              # wrong password, a dead switch or a foreign prompt fail here, once

    def endpoint_label(self, client):
        name = (client.prompt or "").strip("<>[]~*")
        where = "%s:%s, %s" % (client.host, client.port, client.device_type)
        return "%s (%s)" % (name, where) if name else where
