#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment's build context, offline: the collection tarball, then `ansible-builder create`.

    .venv/bin/python tools/awx_ee.py [--context build/ee/context]
    podman build -t registry.example.invalid/cloudops/privatecloud-ee:0.2.0 build/ee/context

No container engine is needed for this step (ansible-builder `create` only writes files); `build` needs podman
or docker, which the test machines do not have.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
COLLECTION_DIR = os.path.join(ROOT, "build", "ee", "collections")
TARBALL = os.path.join(COLLECTION_DIR, "cloudops-privatecloud.tar.gz")


def _run(cmd):
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        raise RuntimeError("%s failed (%d): %s%s" % (" ".join(cmd[:3]), proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


def build_collection():
    """ansible-galaxy collection build into build/ee/collections, under a name without the version."""
    os.makedirs(COLLECTION_DIR, exist_ok=True)
    for old in glob.glob(os.path.join(COLLECTION_DIR, "cloudops-privatecloud-*.tar.gz")):
        os.remove(old)
    _run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--force", "--output-path", COLLECTION_DIR, ROOT])
    built = glob.glob(os.path.join(COLLECTION_DIR, "cloudops-privatecloud-*.tar.gz"))
    if len(built) != 1:
        raise RuntimeError("ansible-galaxy collection build left %s" % built)
    shutil.move(built[0], TARBALL)
    return TARBALL


def create(context):
    """ansible-builder create: the Containerfile and _build/ for `podman build`."""
    if os.path.isdir(context):
        shutil.rmtree(context)
    _run([os.path.join(BIN, "ansible-builder"), "create", "-f", os.path.join(ROOT, "execution-environment.yml"),
          "-c", context, "--output-filename", "Containerfile"])
    return os.path.join(context, "Containerfile")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--context", default=os.path.join(ROOT, "build", "ee", "context"))
    args = parser.parse_args(argv)
    print(build_collection())
    print(create(os.path.abspath(args.context)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
