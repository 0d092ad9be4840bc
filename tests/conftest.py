"""Make the repo importable as ansible_collections.cloudops.privatecloud (and the lab as `lab`)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tools.collection_path import ensure_importable  # noqa: E402  pylint: disable=wrong-import-position

ensure_importable()


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
