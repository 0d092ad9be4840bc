"""What every `serve` command of the lab does around its servers: the info file and waiting for a stop signal."""
from __future__ import annotations

import json
import os
import signal
import threading


def write_info(path: str, info: dict) -> None:
    """Write the info file (ports, credentials, pid) atomically: a reader never sees half of it."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
    os.replace(tmp, path)


def stop_requested() -> threading.Event:
    """An event SIGTERM or SIGINT sets; install it before saying "ready": a caller may stop us at once."""
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_args: done.set())
    return done


def remove_info(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
