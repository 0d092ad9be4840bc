"""API table and URL routing, mirroring RestServer.build()/getMatchPath().

The table (``data/apis.tsv``) is the SDK-derived index of all 1,905 REST APIs: method, path,
whether a session is needed, whether the API is async, and the body key. Handlers register by
API name; a real API without a lab handler answers SYS.1014 ("not implemented"), and a
``Query*`` API without a lab collection answers an empty ``inventories`` list.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field

_DATA = os.path.join(os.path.dirname(__file__), "data", "apis.tsv")
_VAR = re.compile(r"\{([^}]+)\}")


@dataclass
class Api:
    name: str
    method: str
    path: str                    # "/v1/..." with {vars}
    need_session: bool
    is_async: bool
    body_key: str | None         # action name for PUT actions, "params" for POST, None for GET/DELETE
    response_keys: list[str] = field(default_factory=list)
    is_query: bool = False

    @property
    def action_name(self) -> str | None:
        if self.method == "PUT" and self.body_key and self.body_key != "params":
            return self.body_key
        return None


def _normalize(path: str) -> str:
    """/backup-storage/{backupStorageUuid}/actions and /backup-storage/{uuid}/actions are equal."""
    counter = iter(range(100))
    return _VAR.sub(lambda m: "{%d}" % next(counter), path)


@functools.lru_cache(maxsize=4096)
def _compile(path: str):
    parts = path.strip("/").split("/")
    rx = "^/" + "/".join("([^/]+)" if _VAR.fullmatch(p) else re.escape(p) for p in parts) + "$"
    return re.compile(rx)


class Router:
    def __init__(self):
        self.apis: dict[str, Api] = {}
        self.by_norm: dict[str, list[Api]] = {}
        self._patterns: list[tuple[int, int, str, re.Pattern]] = []
        self._load()

    def _add_path(self, api: Api, path: str):
        norm = _normalize(path)
        if norm not in self.by_norm:
            self.by_norm[norm] = []
            nvars = len(_VAR.findall(norm))
            literal = len(_VAR.sub("", norm))
            self._patterns.append((nvars, -literal, norm, _compile(norm)))
        self.by_norm[norm].append(Api(api.name, api.method, path, api.need_session, api.is_async,
                                      api.body_key, api.response_keys, api.is_query))

    def _load(self):
        with open(_DATA, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                name, method, path, ns, asy, bk, keys = (line.rstrip("\n").split("\t") + [""] * 7)[:7]
                api = Api(name, method, "/v1" + path, ns == "true", asy == "true",
                          None if bk in ("", "-") else bk, [k for k in keys.split(",") if k])
                api.is_query = (method == "GET" and name.startswith("Query") and "inventories" in api.response_keys)
                self.apis[name] = api
                self._add_path(api, api.path)
                if api.is_query and "{" not in api.path:
                    # optionalPaths: every Query* API also answers GET <path>/{uuid}
                    self._add_path(api, api.path + "/{uuid}")
        self._patterns.sort(key=lambda t: (t[0], t[1]))

    def match(self, path: str) -> list[Api] | None:
        """Exact match first, then the most specific pattern (fewest variables, longest literal)."""
        if path in self.by_norm:
            return self.by_norm[path]
        for _n, _l, norm, rx in self._patterns:
            if rx.match(path):
                return self.by_norm[norm]
        return None

    @staticmethod
    def path_vars(api: Api, path: str) -> dict[str, str]:
        names = _VAR.findall(api.path)
        m = _compile(api.path).match(path)
        return dict(zip(names, m.groups())) if m else {}


ROUTER = None


def router() -> Router:
    global ROUTER
    if ROUTER is None:
        ROUTER = Router()
    return ROUTER


# ---- handler and collection registries -------------------------------------------------------
HANDLERS: dict = {}          # api name -> callable(ctx) -> response mapping (dict)
QUERIES: dict = {}           # query api name -> (kind name, base filter callable | None, java class | None)
VOLATILE_QUERIES: set = set()  # queries whose answer changes without a state change (never cached)
JOB_SECONDS: dict = {}       # api name -> simulated duration of the async job


def handler(*names: str, seconds: float | None = None):
    def deco(fn):
        for n in names:
            HANDLERS[n] = fn
            if seconds is not None:
                JOB_SECONDS[n] = seconds
        return fn
    return deco


def query(name: str, kind: str, where=None, java_class: str | None = None, volatile: bool = False):
    """Register a Query* API. ``volatile``: the answer depends on the clock (or ``where`` changes
    records), so it is computed afresh each time instead of being served from the render cache."""
    QUERIES[name] = (kind, where, java_class)
    if volatile:
        VOLATILE_QUERIES.add(name)
    else:
        VOLATILE_QUERIES.discard(name)
