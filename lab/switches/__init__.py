"""Simulated Huawei CE (VRPv8), Huawei VRP5 and H3C Comware 7 switches over SSH, for netmiko.
See README.md beside this file."""
from __future__ import annotations

from .server import SwitchLab

__all__ = ["SwitchLab"]
