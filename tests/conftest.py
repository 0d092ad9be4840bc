"""Make the repo importable as ansible_collections.cloudops.privatecloud (and the lab as `lab`)."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "cloudops", "privatecloud")

if not os.path.exists(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    os.symlink(os.path.join("..", "..", "..", ".."), LINK)
for path in (COLLECTIONS, ROOT):
    if path not in sys.path:
        sys.path.insert(0, path)


import pytest  # noqa: E402  (after the sys.path set-up above, on purpose)


@pytest.fixture(scope="session")
def zstack_lab():
    """The demo world on ephemeral loopback ports, shared by read-only tests."""
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    with ZStackLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


@pytest.fixture
def fresh_lab():
    """A private demo world for tests that change state or inject faults."""
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    with ZStackLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab
