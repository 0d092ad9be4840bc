#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The awx.awx collection, offline: unpacked from the `ansible` wheel pinned in constraints.txt.

    .venv/bin/python tools/awx_collection.py            # prints the collections path that holds awx/awx

Galaxy is out of reach here, but the PyPI `ansible` 12.x wheel (the community package that matches our
ansible-core 2.19 pin) bundles awx.awx 24.6.1.  Installing that package would put 90 other collections into
the venv, so only `ansible_collections/awx/awx/` is unpacked, into build/collections: the collections path
of the repository's ansible.cfg, beside this collection's link, so awx/configure.yml, ansible-lint's syntax check
and the tests (which import the modules' argument specs) find it with no further setting.
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build", "awx")
COLLECTIONS = os.path.join(ROOT, "build", "collections")
PREFIX = "ansible_collections/awx/awx/"
AWX_VERSION = "24.6.1"


def pinned_ansible():
    """The `ansible` version pinned in constraints.txt (the wheel that carries awx.awx)."""
    with open(os.path.join(ROOT, "constraints.txt"), encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"^ansible==(\S+)\s*$", line)
            if m:
                return m.group(1)
    raise RuntimeError("constraints.txt pins no `ansible==` version (the wheel that carries awx.awx)")


def installed_version(path=COLLECTIONS):
    """The awx.awx version unpacked under `path`, or None."""
    manifest = os.path.join(path, PREFIX, "MANIFEST.json")
    if not os.path.exists(manifest):
        return None
    with open(manifest, encoding="utf-8") as fh:
        return json.load(fh)["collection_info"]["version"]


def ensure(path=COLLECTIONS):
    """Unpack awx.awx under `path` (downloading the pinned wheel with pip once) and return `path`.  Several test
    workers may ask at once: one unpacks, under a lock, the others wait for it."""
    if installed_version(path) == AWX_VERSION:
        return path
    os.makedirs(BUILD, exist_ok=True)
    with open(os.path.join(BUILD, ".lock"), "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed_version(path) == AWX_VERSION:
            return path
        return _unpack(path)


def _unpack(path):
    version = pinned_ansible()
    wheels = os.path.join(BUILD, "wheels")
    wheel = os.path.join(wheels, "ansible-%s-py3-none-any.whl" % version)
    if not os.path.exists(wheel):
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-d", wheels,
               "ansible==%s" % version]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
        if proc.returncode != 0 or not glob.glob(wheel):
            raise RuntimeError("could not download ansible==%s (it carries awx.awx): %s" % (version, proc.stderr.strip()[-500:]))
    with zipfile.ZipFile(wheel) as zf:
        members = [n for n in zf.namelist() if n.startswith(PREFIX)]
        if not members:
            raise RuntimeError("%s holds no awx.awx collection" % wheel)
        zf.extractall(path, members)
    found = installed_version(path)
    if found != AWX_VERSION:
        raise RuntimeError("ansible==%s carries awx.awx %s, the configuration is written for %s" % (version, found, AWX_VERSION))
    return path


if __name__ == "__main__":
    print(ensure())
