"""Drive ``python -m lab`` as a user would: ``serve`` in the background, then the control sub-commands."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENV = dict(os.environ, PYTHONPATH=ROOT)


@contextlib.contextmanager
def serving(state, *args):
    """``serve`` on ephemeral ports with --state-dir ``state``; SIGTERM on exit (check proc.returncode after)."""
    proc = subprocess.Popen([sys.executable, "-m", "lab", "serve", "--zstack-http-port", "0", "--zstack-https-port", "0",
                             "--apsara-http-port", "0", "--apsara-https-port", "0",
                             "--apsara-asapi-port", "0", "--state-dir", str(state), *args],
                            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def lab_json(*args) -> dict:
    """Run ``python -m lab <args>``; it must succeed; returns the JSON it prints."""
    out = subprocess.run([sys.executable, "-m", "lab", *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
                         timeout=20, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)
