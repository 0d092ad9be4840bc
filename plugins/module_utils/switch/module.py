# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument spec of the switch doc fragment, with env_fallback for every connection option."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback


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
