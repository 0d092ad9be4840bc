"""The Query* engine: q= conditions (RestServer.handleQueryApi), joins, tags, paging, sort, fields."""
from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field

from . import wire
from .kinds import KINDS, NESTED_CLASSES
from .wire import RestError, argerr

# DO NOT change the order: an operator contained in another must come after it (RestServer)
QUERY_OPS = ["!=", ">=", "<=", "!?=", "!~=", "~=", "?=", "=", ">", "<", "is null", "not null"]
_NEGATIVE = {"!=": "=", "!?=": "?=", "!~=": "~="}
DEFAULT_LIMIT = 1000


@dataclass
class Cond:
    name: str
    op: str
    value: str | None = None


@dataclass
class QuerySpec:
    conds: list[Cond] = field(default_factory=list)
    limit: int = DEFAULT_LIMIT
    start: int = 0
    count: bool = False
    reply_with_count: bool = False
    sort_by: str | None = None
    sort_desc: bool = False
    fields: list[str] | None = None


def _java_bool(v: str) -> bool:
    return v.strip().lower() == "true"   # Boolean.parseBoolean


def parse(params: list[tuple[str, str]]) -> QuerySpec:
    """params: decoded (name, value) pairs in request order. Raises RestError(400) like the real server."""
    grouped: dict[str, list[str]] = {}
    for k, v in params:
        grouped.setdefault(k, []).append(v)
    spec = QuerySpec()
    for raw_name, values in grouped.items():
        name = raw_name.strip()
        first = values[0].strip()
        if name == "limit":
            try:
                spec.limit = int(first)
            except ValueError:
                raise RestError(400, "Invalid query parameter. 'limit' must be an integer")
        elif name == "start":
            try:
                spec.start = int(first)
            except ValueError:
                raise RestError(400, "Invalid query parameter. 'start' must be an integer")
        elif name == "count":
            spec.count = _java_bool(first)
        elif name == "replyWithCount":
            spec.reply_with_count = _java_bool(first)
        elif name in ("groupBy", "filterName"):
            pass
        elif name == "sort":
            if first.startswith("+"):
                spec.sort_by, spec.sort_desc = first.lstrip("+"), False
            elif first.startswith("-"):
                spec.sort_by, spec.sort_desc = first.lstrip("-"), True
            else:
                spec.sort_by, spec.sort_desc = first, False
        elif "q".startswith(name):          # the real server tests "q".startsWith(varname)
            for cond in values:
                spec.conds.append(parse_cond(cond))
        elif name == "fields":
            fs = [f.strip() for f in first.split(",")]
            spec.fields = fs
        # anything else is silently ignored, as the real server does
    return spec


def parse_cond(cond: str) -> Cond:
    op = next((o for o in QUERY_OPS if o in cond), None)
    if op is None:
        raise RestError(400, "Invalid query parameter. The '%s' in the parameter[q] doesn't contain any query"
                             " operator. Valid query operators are [%s]" % (cond, "[" + ", ".join(QUERY_OPS) + "]"))
    ks = cond.split(op, 1)
    if op in ("is null", "not null"):
        return Cond(ks[0].strip(), op)
    return Cond(ks[0].strip(), op, ks[1])   # the value is not trimmed


# ---- evaluation ---------------------------------------------------------------------------
def _like_rx(pattern: str) -> re.Pattern:
    out = []
    for ch in pattern:
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
    return re.compile("^" + "".join(out) + "$", re.IGNORECASE | re.DOTALL)


def _coerce(sample, text: str):
    """Convert the condition text to the type of the record value (numbers numeric, dates as dates)."""
    if isinstance(sample, bool):
        return text.strip().lower() == "true"
    if isinstance(sample, (int, float)):
        try:
            return float(text)
        except ValueError:
            raise argerr(f"the value[{text}] of a condition is not a number")
    if isinstance(sample, _dt.datetime):
        d = wire.parse_date(text)
        if d is None:
            raise argerr(f"the value[{text}] of a condition is not a valid date")
        return d
    return text


def _cmp_scalar(v, op: str, raw: str | None) -> bool:
    if op == "is null":
        return v is None or v == []
    if op == "not null":
        return not (v is None or v == [])
    if v is None:
        return False
    if isinstance(v, list):
        return any(_cmp_scalar(item, op, raw) for item in v)
    if isinstance(v, (dict,)):
        return False
    if op in ("?=", "!?="):
        vals = [_coerce(v, x) for x in raw.split(",")]
        hit = v in vals
        return hit if op == "?=" else not hit
    if op in ("~=", "!~="):
        hit = bool(_like_rx(raw).match(str(v).lower() if isinstance(v, bool) else str(v)))
        return hit if op == "~=" else not hit
    c = _coerce(v, raw)
    if op == "=":
        return v == c
    if op == "!=":
        return v != c
    try:
        if op == ">":
            return v > c
        if op == "<":
            return v < c
        if op == ">=":
            return v >= c
        if op == "<=":
            return v <= c
    except TypeError:
        return False
    return False


def _eval(state, kind, rec, path: list[str], op: str, raw) -> bool:
    head = path[0]
    if len(path) == 1:
        if head in ("__systemTag__", "__userTag__"):
            table = "systemtag" if head == "__systemTag__" else "usertag"
            tags = [t["tag"] for t in state.by(table, "resourceUuid", rec.get("uuid"))]
            if op in ("is null", "not null"):
                return (not tags) if op == "is null" else bool(tags)
            if op in _NEGATIVE:
                return not any(_cmp_scalar(t, _NEGATIVE[op], raw) for t in tags)
            return any(_cmp_scalar(t, op, raw) for t in tags)
        return _cmp_scalar(rec.get(head), op, raw)
    join = kind.joins.get(head)
    if join is None:
        sub = rec.get(head)
        if isinstance(sub, dict):
            return _cmp_scalar(sub.get(path[1]), op, raw) if len(path) == 2 else False
        raise argerr(f"condition name[{'.'.join(path)}] is invalid, no such field on inventory class[{kind.java_class}]")
    target_kind, fn = join
    tk = KINDS[target_kind]
    related = fn(state, rec)
    if op in _NEGATIVE:
        return not any(_eval(state, tk, r, path[1:], _NEGATIVE[op], raw) for r in related)
    if op == "is null" and len(path) == 2:
        return not any(_eval(state, tk, r, path[1:], "not null", raw) for r in related)
    return any(_eval(state, tk, r, path[1:], op, raw) for r in related)


def _check_field(kind, state, name: str, records):
    if "." in name or name in ("__systemTag__", "__userTag__"):
        return
    known = set(kind.extra_fields)
    for r in records[:50]:
        known.update(r.keys())
    if records and name not in known:
        raise argerr(f"condition name[{name}] is invalid, no such field on inventory class[{kind.java_class}]")


def _sort_key(v):
    if v is None:
        return (0, 0)
    if isinstance(v, bool):
        return (1, int(v))
    if isinstance(v, (int, float)):
        return (1, v)
    if isinstance(v, _dt.datetime):
        return (1, v.timestamp())
    return (2, str(v))


def run(state, kind_name: str, spec: QuerySpec, where=None, uuid: str | None = None,
        java_class: str | None = None, cache: bool = True):
    """Return the response of a Query* API: a mapping for ``count=true``, else the encoded JSON body
    (``wire.RawJson``). ``cache=False`` (volatile queries) renders afresh and skips the caches."""
    kind = KINDS[kind_name]
    cls = java_class or kind.java_class
    with state.lock:
        if uuid is not None:
            spec = QuerySpec()
        if cache:
            renders, results = state.serving_caches()
            key = (kind_name, where, uuid, tuple((c.name, c.op, c.value) for c in spec.conds),
                   spec.sort_by, spec.sort_desc)
            records = results.get(key)
            if records is None:
                records = _select(state, kind, spec, where, uuid)
                if len(results) > 256:
                    results.clear()
                results[key] = records
        else:
            renders = None
            records = _select(state, kind, spec, where, uuid)
        total = len(records)
        if spec.count:
            return {"total": total, "schema": {}}
        start = max(spec.start, 0)
        page = records[start:start + spec.limit] if spec.limit >= 0 else records[start:]
        if renders is None:
            entries = [_render_entry(state, kind, r) for r in page]
        else:
            entries = []
            for r in page:
                ck = (kind_name, id(r))
                e = renders.get(ck)
                if e is None:
                    e = renders[ck] = _render_entry(state, kind, r)
                entries.append(e)
    return _encode(entries, spec, cls, total)


def _select(state, kind, spec: QuerySpec, where, uuid) -> list:
    """The records a query matches (base filter, uuid, q= conditions), sorted if asked."""
    if uuid is not None:
        rec = state.tables[kind.name].get(uuid)
        if rec is not None and rec.get("uuid") == uuid:
            records = [rec]
        else:
            records = [r for r in state.all(kind.name) if r.get("uuid") == uuid]
        if where is not None:
            records = [r for r in records if where(r)]
    else:
        records = state.all(kind.name)
        if where is not None:
            records = [r for r in records if where(r)]
    for c in spec.conds:
        _check_field(kind, state, c.name, records)
    for c in spec.conds:
        pred = _compile_cond(state, kind, c)
        records = [r for r in records if pred(r)]
    if spec.sort_by:
        _check_field(kind, state, spec.sort_by, records)
        sort_by = spec.sort_by
        records = sorted(records, key=lambda r: _sort_key(r.get(sort_by)), reverse=spec.sort_desc)
    return records


def _compile_cond(state, kind, c: Cond):
    """A predicate rec -> bool for one condition; plain string fields with =, !=, ?=, !?= are
    compared directly, everything else goes through _eval (same answers, just faster)."""
    path = c.name.split(".")
    op, raw = c.op, c.value
    if len(path) == 1 and path[0] not in ("__systemTag__", "__userTag__") and op in ("=", "!=", "?=", "!?="):
        name = path[0]
        if op in ("?=", "!?="):
            values = frozenset(raw.split(","))
            positive = op == "?="

            def pred_in(rec):
                v = rec.get(name)
                if type(v) is str:      # pylint: disable=unidiomatic-typecheck
                    return (v in values) is positive
                return _cmp_scalar(v, op, raw)
            return pred_in
        equal = op == "="

        def pred_eq(rec):
            v = rec.get(name)
            if type(v) is str:          # pylint: disable=unidiomatic-typecheck
                return (v == raw) is equal
            return _cmp_scalar(v, op, raw)
        return pred_eq
    return lambda rec: _eval(state, kind, rec, path, op, raw)


class _Entry:
    """One rendered inventory: its wire mapping, its JSON text (lazy) and its schema entries."""
    __slots__ = ("wire", "text", "nested")

    def __init__(self, wire_map: dict, nested: dict):
        self.wire = wire_map
        self.text = None
        self.nested = nested        # top-level key -> [(".key[j]...", java class), ...] in walk order

    def json(self) -> str:
        if self.text is None:
            self.text = _dumps_str(self.wire)
        return self.text


def _render_entry(state, kind, rec) -> _Entry:
    inv = kind.inventory(state, rec)
    nested: dict = {}
    if not NESTED_CLASSES.keys().isdisjoint(inv.keys()):
        for k, v in inv.items():
            if k in NESTED_CLASSES and isinstance(v, list):
                out: list = []
                _nested_paths(out, "", k, v)
                nested[k] = out
    return _Entry(wire.Wired(wire.to_wire(inv)), nested)


def wired(state, kind_name: str, rec: dict) -> dict:
    """The cached wire form of a record (shared by every inventory that embeds it), or a plain copy
    when the serving cache is stale. Call with ``state.lock`` held."""
    if state._cache_version != state.version:     # pylint: disable=protected-access
        return dict(rec)
    renders = state._render_cache                 # pylint: disable=protected-access
    ck = (kind_name, id(rec))
    e = renders.get(ck)
    if e is None:
        e = renders[ck] = _render_entry(state, KINDS[kind_name], rec)
    return e.wire


def _nested_paths(out: list, prefix: str, key: str, items: list):
    """Like _nested for one nested list: collects (relative path, class) pairs in walk order."""
    cls = NESTED_CLASSES[key]
    for j, item in enumerate(items):
        if isinstance(item, dict):
            p = f"{prefix}.{key}[{j}]"
            out.append((p, cls))
            if not NESTED_CLASSES.keys().isdisjoint(item.keys()):
                for k, v in item.items():
                    if k in NESTED_CLASSES and isinstance(v, list):
                        _nested_paths(out, p, k, v)


def prewarm(state, min_records: int = 0) -> int:
    """Render every record of every kind into the serving cache (done once at start, so even the
    first page of a big query is served from the cache). Returns the number of records rendered."""
    n = 0
    with state.lock:
        renders, _results = state.serving_caches()
        for kind_name, table in list(state.tables.items()):
            kind = KINDS.get(kind_name)
            if kind is None or len(table) < min_records:
                continue
            for rec in table.values():
                ck = (kind_name, id(rec))
                if ck not in renders:
                    e = renders[ck] = _render_entry(state, kind, rec)
                    e.json()
                    n += 1
    return n


_dumps_str = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _encode(entries: list, spec: QuerySpec, java_class: str, total: int) -> wire.RawJson:
    """The response body, assembled from the cached pieces (same content as build_schema + dumps)."""
    cls_json = _dumps_str(java_class)
    schema: list[str] = []
    add = schema.append
    if spec.fields:
        fields = spec.fields
        invs = []
        for i, e in enumerate(entries):
            w = e.wire
            invs.append({k: w[k] for k in fields if k in w})
            add(f'"inventories[{i}]":{cls_json}')
            for k in fields:
                for sub, ncls in e.nested.get(k, ()):
                    add(f'"inventories[{i}]{sub}":"{ncls}"')
        inv_text = _dumps_str(invs)
    else:
        inv_text = "[" + ",".join([e.json() for e in entries]) + "]"
        for i, e in enumerate(entries):
            add(f'"inventories[{i}]":{cls_json}')
            for subs in e.nested.values():
                for sub, ncls in subs:
                    add(f'"inventories[{i}]{sub}":"{ncls}"')
    body = '{"inventories":' + inv_text + ',"schema":{' + ",".join(schema) + "}"
    if spec.reply_with_count:
        body += f',"total":{total}'
    return wire.RawJson(wire.utf8(body + "}"))


def build_schema(key: str, items: list, java_class: str) -> dict:
    schema = {}
    for i, inv in enumerate(items):
        p = f"{key}[{i}]"
        schema[p] = java_class
        _nested(schema, p, inv)
    return schema


def _nested(schema: dict, prefix: str, obj: dict):
    for k, v in obj.items():
        cls = NESTED_CLASSES.get(k)
        if cls and isinstance(v, list):
            for j, item in enumerate(v):
                if isinstance(item, dict):
                    p = f"{prefix}.{k}[{j}]"
                    schema[p] = cls
                    _nested(schema, p, item)
