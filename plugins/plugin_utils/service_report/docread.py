# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read only what the service report needs of a stored report document, without building the whole document.

A scale run's document holds >300,000 findings: parsed whole it takes over a gigabyte.  The report needs, of every
run, what comes before `findings` (run, summary, endpoints with their counts and capacity), and of the last run its
open and muted findings and its score.  `head` decompresses only until the `findings` key; `open_part` walks the
findings array one element at a time and keeps the FAIL and MUTED ones.  A document that does not have the expected
layout is parsed whole (the same answer, only slower).
"""

from __future__ import annotations

import codecs
import json
import re
import zlib

CHUNK = 1 << 14
_FINDINGS = re.compile(r'(?<!\\)"findings"\s*:\s*\[')
_DECODER = json.JSONDecoder()


def _key(text, start=0):
    """Where the top-level `findings` array starts: (index of the comma before the key, index of '['), or None."""
    match = _FINDINGS.search(text, start)
    if match is None:
        return None
    comma = text.rfind(",", 0, match.start())
    return (comma, match.end() - 1) if comma > 0 else None


def head(blob):
    """The document's keys before `findings` (schema, kind, run, summary, endpoints), decompressing no further."""
    stream, text, data = zlib.decompressobj(), "", bytes(blob)
    utf8 = codecs.getincrementaldecoder("utf-8")()        # a chunk may end inside a character
    for start in range(0, len(data), CHUNK):
        seen = len(text)
        text += utf8.decode(stream.decompress(data[start:start + CHUNK]))
        found = _key(text, max(0, seen - 32))
        if found:
            try:
                return json.loads(text[:found[0]] + "}")
            except ValueError:
                break
    return _whole(blob)


def _whole(blob):
    doc = json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))
    return dict((k, v) for k, v in doc.items() if k not in ("findings", "carried"))


def open_part(blob, keep=("FAIL", "MUTED")):
    """(findings whose status is in `keep`, the keys after `findings`: score, delta, carried)."""
    text = zlib.decompress(bytes(blob)).decode("utf-8")
    found = _key(text)
    if found is None:
        doc = json.loads(text)
        return [f for f in doc.get("findings") or () if f.get("status") in keep], doc
    kept, i, size = [], found[1] + 1, len(text)
    while i < size:
        while i < size and text[i] in " \t\r\n,":
            i += 1
        if text[i] == "]":
            i += 1
            break
        item, i = _DECODER.raw_decode(text, i)
        if item.get("status") in keep:
            kept.append(item)
    rest = text[i:].lstrip()
    tail = json.loads("{" + rest[1:]) if rest.startswith(",") else {}
    return kept, tail
