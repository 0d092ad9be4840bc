"""Make a source checkout importable as ansible_collections.cloudops.privatecloud (and the lab as `lab`).

`make setup` links the repository as build/collections/ansible_collections/cloudops/privatecloud;
tests, benchmarks and tools call ensure_importable() so they also work before that, from any
working directory.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "cloudops", "privatecloud")


def ensure_importable():
    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(os.path.join("..", "..", "..", ".."), LINK)
    for path in (COLLECTIONS, ROOT):
        if path not in sys.path:
            sys.path.insert(0, path)
