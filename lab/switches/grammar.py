"""Command matching with the vendors' abbreviation rules and error kinds.

A pattern is a string of keywords and parameters: ``display interface brief``, ``vlan <vid>``,
``description <text>``. A typed word matches a keyword it is a case-insensitive prefix of
(``dis int br``); a word that is a prefix of two different keywords is ambiguous. Failures carry the
error kind and the column of the offending word, so the shell can print the caret line.
"""
from __future__ import annotations

import ipaddress
import re

UNRECOGNIZED = "Unrecognized command"
WRONG = "Wrong parameter"
INCOMPLETE = "Incomplete command"
TOO_MANY = "Too many parameters"
AMBIGUOUS = "Ambiguous command"


class CliError(Exception):
    def __init__(self, kind: str, column: int):
        super().__init__(kind)
        self.kind = kind
        self.column = column


def parse_vlans(tokens: list[str]) -> list[int] | None:
    """``10 20 to 30`` -> [10, 20, 21, ..., 30]; None when it is not a VLAN list (1-4094)."""
    out: list[int] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].isdigit():
            return None
        lo = int(tokens[i])
        hi = lo
        if i + 2 < len(tokens) + 1 and i + 1 < len(tokens) and tokens[i + 1].lower() == "to":
            if i + 2 >= len(tokens) or not tokens[i + 2].isdigit():
                return None
            hi = int(tokens[i + 2])
            i += 2
        if not (1 <= lo <= hi <= 4094):
            return None
        out.extend(range(lo, hi + 1))
        i += 1
    return out or None


def vlan_text(vlans) -> str:
    """[10, 20, 21, 22] -> ``10 20 to 22`` (the devices' own compression)."""
    items = sorted(set(vlans))
    parts, i = [], 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1] == items[j] + 1:
            j += 1
        parts.append(str(items[i]) if j == i else (f"{items[i]} {items[i + 1]}" if j == i + 1
                                                   else f"{items[i]} to {items[j]}"))
        i = j + 1
    return " ".join(parts)


def _is_ip(tok: str) -> bool:
    try:
        ipaddress.IPv4Address(tok)
        return True
    except ValueError:
        return False


# single-word parameters
_PARAMS = {
    "<vid>": lambda t: t.isdigit() and 1 <= int(t) <= 4094,
    "<int>": str.isdigit,
    "<word>": lambda t: True,
    "<ip>": _is_ip,
    "<mask>": lambda t: _is_ip(t) or (t.isdigit() and int(t) <= 32),
    "<ifname>": lambda t: re.match(r"^\d*[A-Za-z][A-Za-z\-]*\d+(/\d+)*(\.\d+)?$", t) is not None,
}
# parameters that take the rest of the line
_REST = {
    "<text>": bool,
    "<vlans>": lambda ts: parse_vlans(ts) is not None,
    "<any>": lambda ts: True,
}


class Grammar:
    def __init__(self):
        self.entries: list[tuple[list[str], object]] = []

    def add(self, pattern: str, handler):
        self.entries.append((pattern.split(), handler))

    def match(self, line: str):
        """-> (handler, args, words) or raise CliError."""
        words = [(m.group(), m.start()) for m in re.finditer(r"\S+", line)]
        plain = [w for w, _pos in words]
        cands = [(pat, h, []) for pat, h in self.entries]
        finished = []                  # patterns whose last parameter took the rest of the line
        for i, (tok, col) in enumerate(words):
            kw_hits: dict[str, list] = {}
            params = []
            param_at_i = longer = False
            for pat, h, args in cands:
                if i >= len(pat):
                    continue
                longer = True
                p = pat[i]
                if p in _REST:
                    param_at_i = True
                    rest = plain[i:]
                    if _REST[p](rest):
                        finished.append((h, args + [parse_vlans(rest) if p == "<vlans>" else " ".join(rest)]))
                elif p in _PARAMS:
                    param_at_i = True
                    if _PARAMS[p](tok):
                        params.append((pat, h, args + [tok]))
                elif p.lower().startswith(tok.lower()):
                    kw_hits.setdefault(p.lower(), []).append((pat, h, args))
            keep = params
            if kw_hits:
                exact = kw_hits.get(tok.lower())
                if exact is None and len(kw_hits) > 1 and not finished:
                    raise CliError(AMBIGUOUS, col)
                keep = (exact if exact is not None else next(iter(kw_hits.values()))) + params
            if not keep:
                if finished:
                    return finished[0][0], finished[0][1], plain
                if not longer:
                    raise CliError(TOO_MANY, col)
                raise CliError(WRONG if param_at_i else UNRECOGNIZED, col)
            cands = keep
        for pat, h, args in cands:
            if len(pat) == len(words):
                return h, args, plain
        if finished:
            return finished[0][0], finished[0][1], plain
        raise CliError(INCOMPLETE, len(line.rstrip()) + 1)
