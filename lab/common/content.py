"""Content markers: the lab's stand-in for "mount the restored disk and read a marker file".

Every volume/disk, snapshot and backup has a lab-internal marker (record key ``_marker``, never on
the wire). A volume/disk without one has the marker derived from its own id; a snapshot/backup
without one has the marker derived from its source volume/disk id, which is what that source
carried when the world was built. Records created at runtime copy their source's marker. A restore
copies the snapshot's/backup's marker, unless the world planted it ``corrupt`` (``_corrupt``):
the restored resource then carries a different marker. ``GET /_lab/content/<id>`` answers
``{"marker", "source_marker"}`` on both gateways.
"""
from __future__ import annotations

import hashlib


def marker_for(key: str) -> str:
    """The marker a resource with this id carries when nothing else set one."""
    return "mk-" + hashlib.sha1(f"content/{key}".encode("utf-8")).hexdigest()[:24]


def corrupted(marker: str) -> str:
    """What a restore from a corrupt snapshot/backup reads back: never equal to ``marker``."""
    return "mk-" + hashlib.sha1(f"corrupt/{marker}".encode("utf-8")).hexdigest()[:24]


def restored(source_marker: str, corrupt: bool) -> dict:
    """Internal keys for a resource restored from a snapshot/backup with ``source_marker``."""
    return {"_marker": corrupted(source_marker) if corrupt else source_marker, "_source_marker": source_marker}


def answer(path: str, lookup) -> tuple[int, dict] | None:
    """``GET /_lab/content/<id>``: None when ``path`` is another endpoint, else (status, JSON body).
    ``lookup(id)`` returns {"marker", "source_marker"} or None for an unknown id."""
    prefix = "/_lab/content/"
    if not path.startswith(prefix):
        return None
    rid = path[len(prefix):].strip("/")
    found = lookup(rid) if rid else None
    if found is None:
        return 404, {"error": f"no volume, disk, snapshot or backup with id {rid!r}"}
    return 200, found
