"""Fault-injection basics both gateways share: knob validation, a seeded RNG, latency and rolls.

Each side subclasses ``BaseFaults`` with its own knobs and decides what a fault looks like on its wire.
"""
from __future__ import annotations

import random
import threading
import time


def float_map(value) -> dict[str, float]:
    """{"Api": "0.5"} -> {"Api": 0.5}; None -> {}."""
    return {str(a): float(p) for a, p in (value or {}).items()}


def flag(value) -> bool:
    """A bool, or its text form from the CLI / JSON ("1", "true", "yes")."""
    return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")


def str_list(value) -> list[str]:
    return [str(a) for a in (value or [])]


class BaseFaults:
    """Knobs every side has: latency_ms, error_rate, fail_async (name -> probability), fail_async_rate, seed."""

    FIELDS: tuple[str, ...] = ()    # every knob, in the order as_dict (GET /_lab/faults) lists them
    COERCE = {"latency_ms": int, "error_rate": float, "fail_async": float_map, "fail_async_rate": float}

    def __init__(self, **kw):
        self._lock = threading.Lock()
        self.latency_ms = 0
        self.error_rate = 0.0
        self.fail_async: dict[str, float] = {}
        self.fail_async_rate = 0.0
        self.seed = None
        self._rng = random.Random()
        self.update(**kw)

    def update(self, **kw) -> dict:
        with self._lock:
            for k, v in kw.items():
                if k not in self.FIELDS:
                    raise ValueError(f"unknown fault knob {k!r}; valid: {', '.join(self.FIELDS)}")
                coerce = self.COERCE.get(k)
                setattr(self, k, v if coerce is None else coerce(v))
            if "seed" in kw:
                self._rng = random.Random(self.seed)
        return self.as_dict()

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.FIELDS}

    def delay(self):
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)

    def _roll(self, p: float) -> bool:
        # p <= 0 draws nothing, so a seeded sequence only depends on the knobs that are on
        if p <= 0:
            return False
        with self._lock:
            return self._rng.random() < p

    def _coin(self) -> bool:
        with self._lock:
            return self._rng.random() < 0.5

    def _async_roll(self, name: str) -> bool:
        return self._roll(self.fail_async.get(name, self.fail_async_rate))
