# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Connection options of every switch module (one netmiko SSH session per task)."""

    DOCUMENTATION = r"""
options:
  switch_host:
    description:
      - Management address or name of the switch (in an inventory, usually C({{ ansible_host }})).
      - If not set, the value of the E(CLOUDOPS_SWITCH_HOST) environment variable is used.
    type: str
    required: true
  switch_port:
    description:
      - SSH port of the switch, 1 to 65535.
      - If not set, the value of the E(CLOUDOPS_SWITCH_PORT) environment variable is used.
    type: int
    default: 22
  switch_username:
    description:
      - Login name on the switch (an AWX machine credential gives it as C(ansible_user)).
      - If not set, the value of the E(CLOUDOPS_SWITCH_USERNAME) environment variable is used.
    type: str
    required: true
  switch_password:
    description:
      - Password of O(switch_username). Never logged, and masked in every output, error, backup and diff.
      - If not set, the value of the E(CLOUDOPS_SWITCH_PASSWORD) environment variable is used.
    type: str
    required: true
  switch_secret:
    description:
      - Optional privilege secret passed to netmiko as C(secret); masked like the password. VRP and Comware
        logins used here need none.
      - If not set, the value of the E(CLOUDOPS_SWITCH_SECRET) environment variable is used.
    type: str
  device_type:
    description:
      - The netmiko device type. C(huawei_vrpv8) for CloudEngine (two-stage commit), C(huawei) for VRP5
        S-series, C(hp_comware) for H3C Comware 7. netmiko cannot autodetect C(huawei_vrpv8), so it comes from inventory.
      - If not set, the value of the E(CLOUDOPS_SWITCH_DEVICE_TYPE) environment variable is used.
    type: str
    required: true
    choices: [huawei, huawei_vrpv8, hp_comware]
  conn_timeout:
    description:
      - Seconds to wait for the TCP connection; an unreachable switch fails within this time.
    type: float
    default: 10
  auth_timeout:
    description:
      - Seconds to wait for the SSH authentication answer.
    type: float
    default: 10
  banner_timeout:
    description:
      - Seconds to wait for the SSH banner.
    type: float
    default: 15
  read_timeout:
    description:
      - Seconds to wait for the prompt after one command.
    type: float
    default: 30
notes:
  - Each task opens one SSH session per switch and leaves it with C(quit) when it ends.
  - Requires C(netmiko) and C(ntc-templates) on the controller (see the collection's requirements.txt).
  - Failures carry a C(kind) - C(auth), C(unreachable), C(timeout), C(unexpected_prompt), C(rejected_command),
    C(connection_lost) - so a playbook can tell a wrong password from a switch that is down.
"""

    ACTION_GROUP = r"""
attributes:
  action_group:
    description: Use C(group/cloudops.privatecloud.switch) in C(module_defaults) to set connection options for all switch modules.
    support: full
    membership:
      - cloudops.privatecloud.switch
"""
