"""Request dispatch following org.zstack.rest.RestServer; the HTTP plumbing is lab.common.server.

The real server sets no Content-Type and answers many errors as plain text; so does this one.
"""
from __future__ import annotations

import json
import re
import traceback
from urllib.parse import parse_qsl, unquote, urlsplit

from ..common import content
from ..common.server import LabHandler, control
from . import query as q
from . import wire
from .resources.storage import content_of
from .routes import HANDLERS, JOB_SECONDS, QUERIES, VOLATILE_QUERIES, router
from .wire import ApiError, RestError

_JOB_PATH = re.compile(r"^/v1/api-jobs/([^/]+)$")
_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_SESSION_APIS = {"RenewSession", "LogOut", "ValidateSession"}
# API timeouts (ms) reported in the 202 body; ApiTimeoutManager default is 30 min
_API_TIMEOUT_MS = {"CreateVolumeSnapshot": 10800000, "RevertVolumeFromSnapshot": 86400000,
                   "CreateVolumeBackup": 86400000, "CreateVmBackup": 86400000,
                   "RevertVolumeFromVolumeBackup": 86400000, "CreateDataVolumeFromVolumeBackup": 86400000}


class Ctx:
    """What a handler sees: the lab, the api, path variables, parameters, session."""

    def __init__(self, lab, api, path_vars, params, system_tags=None, user_tags=None, session=None):
        self.lab = lab
        self.state = lab.state
        self.api = api
        self.vars = path_vars
        self.params = params or {}
        self.system_tags = system_tags or []
        self.user_tags = user_tags or []
        self.session = session

    def get(self, name, default=None):
        if name in self.vars:
            return self.vars[name]
        v = self.params.get(name, default)
        return default if v is None else v

    def req(self, name):
        v = self.get(name)
        if v is None or v == "" or v == []:
            raise wire.argerr(f"missing mandatory field[{name}]")
        return v

    def list(self, name) -> list:
        v = self.params.get(name)
        if v is None:
            return []
        return v if isinstance(v, list) else [v]

    def bool(self, name, default=False) -> bool:
        v = self.params.get(name)
        if v is None:
            return default
        return v if isinstance(v, bool) else str(v).strip().lower() == "true"


def _normalize_collection_params(pairs):
    """name.0=a&name.1=b -> name=[a,b]; map params name.key=v -> {name: {key: v}}; repeats -> list."""
    out: dict = {}
    indexed: dict = {}
    for k, v in pairs:
        if "." in k:
            base, _sep, key = k.partition(".")
            if key.isdigit():
                indexed.setdefault(base, []).append((int(key), v))
                continue
            out.setdefault(base, {})
            if isinstance(out[base], dict):
                out[base][key] = v
            continue
        if k in out:
            out[k] = out[k] + [v] if isinstance(out[k], list) else [out[k], v]
        else:
            out[k] = v
    for base, items in indexed.items():
        out[base] = [v for _i, v in sorted(items)]
    return out


class Dispatcher:
    def __init__(self, lab):
        self.lab = lab
        self.router = router()

    # returns (status, body) where body is bytes or a JSON-able object
    def handle(self, method: str, raw_path: str, headers, body: bytes):
        lab = self.lab
        split = urlsplit(raw_path)
        path = unquote(split.path)
        pairs = parse_qsl(split.query, keep_blank_values=True)
        if path.startswith("/_lab/"):
            return self.control(method, path, body)
        if not path.startswith("/zstack/"):
            return 404, f"no api mapping to {path}".encode()
        path = path[len("/zstack"):]
        lab.faults.delay()

        m = _JOB_PATH.match(path)
        if m:
            lab.count("api-jobs")
            return self.job_query(method, m.group(1))

        apis = self.router.match(path)
        if not apis:
            lab.count("<no-mapping>")
            return 404, f"no api mapping to {path}".encode()

        try:
            body_map = json.loads(body.decode("utf-8")) if body and body.strip() else None
        except ValueError as e:
            return 500, f"com.google.gson.JsonSyntaxException: {e}".encode()
        if body_map is not None and not isinstance(body_map, dict):
            body_map = None

        try:
            api, param_name = self.select(apis, method, path, body_map or {})
        except RestError as e:
            return e.status, e.text.encode()
        lab.count(api.name)
        if method != "GET" and api.name not in _SESSION_APIS and not api.name.startswith("LogIn"):
            lab.record_write(api.name, {"method": method, "path": path, **(body_map or {})})
        if api.name in ("LogInByAccount", "LogOut") and lab.faults.exempt_login:
            pass
        else:
            fault = lab.faults.http_fault()
            if fault:
                status, payload = fault
                return status, payload.body() if isinstance(payload, ApiError) else payload
        try:
            return self.call(api, param_name, method, path, pairs, headers, body_map or {})
        except RestError as e:
            return e.status, e.text.encode()
        except ApiError as e:
            return 503, e.body()
        except Exception as e:  # uncaught: 500 with the exception message, like the real REST layer
            traceback.print_exc()
            return 500, f"{type(e).__name__}: {e}".encode()

    def select(self, apis, method, path, body_map):
        """RestServer.handleUniqueApi / handleNonUniqueApi."""
        if len(apis) == 1:
            api = apis[0]
            if api.method != method:
                raise RestError(405, f"The method[{method}] is not allowed for the path[/zstack{path}]")
            return api, api.action_name or api.body_key
        if method == "PUT":
            for a in apis:
                if a.method == "PUT" and a.action_name and a.action_name in body_map:
                    return a, a.action_name
            non_action = [a for a in apis if a.method == "PUT" and not a.action_name]
            if non_action:
                return non_action[0], non_action[0].body_key
            if any(a.method == "PUT" for a in apis):
                raise RestError(400, f"the body doesn't contain action mapping to the URL[{path}]")
        for a in apis:
            if a.method == method:
                return a, a.body_key
        raise RestError(405, f"The method[{method}] is not allowed for the path[/zstack{path}]")

    def authenticate(self, headers, method: str, path: str):
        """The session uuid (OAuth), or what ``Sessions.access_key`` made of an AccessKey signature over
        ``path`` (``/v1/...``: no context path, no query string)."""
        auth = headers.get("Authorization")
        if auth is None:
            raise RestError(400, "missing header 'Authorization'")
        auth = auth.strip()
        if auth.startswith("OAuth"):
            return auth[len("OAuth"):].strip()
        if auth.startswith("ZStack"):
            parts = auth[len("ZStack"):].strip().split(":")
            if len(parts) != 2:
                raise RestError(400, "accessKey format is 'ZStack AccessKeyId:Signature'")
            if headers.get("Date") is None:
                raise RestError(400, "'Date' must be incuded in request header")
            return self.lab.sessions.access_key(parts[0].strip(), parts[1].strip(), method, headers["Date"], path)
        raise RestError(400, "Authorization type must be 'OAuth'")

    def call(self, api, param_name, method, path, pairs, headers, body_map):
        lab = self.lab
        session_uuid = None
        if api.need_session:
            session_uuid = self.authenticate(headers, method, path)
        path_vars = self.router.path_vars(api, path)

        if api.is_query:
            spec = q.parse(pairs)
            session = lab.sessions.check(session_uuid)   # ID.1001 -> 503 for a sync GET
            del session
            return 200, self.run_query(api, spec, path_vars.get("uuid"))

        if method in ("GET", "DELETE"):
            params = _normalize_collection_params(pairs)
        else:
            params = body_map.get(param_name) if param_name else None
            if params is not None and not isinstance(params, dict):
                raise RestError(400, f"the value of the body key[{param_name}] must be a JSON object")
            params = dict(params or {})
        system_tags = user_tags = None
        if method not in ("GET", "DELETE"):
            system_tags = body_map.get("systemTags") or params.get("systemTags")
            user_tags = body_map.get("userTags") or params.get("userTags")

        job_uuid = headers.get("X-Job-UUID")
        if job_uuid is not None:
            if len(job_uuid) != 32 or not _HEX32.match(job_uuid):
                raise RestError(400, "Invalid header[X-Job-UUID], it must be a UUID with '-' stripped")
            if method in ("POST", "PUT", "DELETE") and lab.jobs.exists(job_uuid):
                raise RestError(400, f"Duplicate job uuid[{job_uuid}]")
        timeout_ms = _API_TIMEOUT_MS.get(api.name, 1800000)
        if headers.get("X-API-Timeout"):
            try:
                timeout_ms = int(headers.get("X-API-Timeout")) * 1000
            except ValueError:
                raise RestError(400, "Invalid header[X-API-Timeout], timeout is requested")

        ctx = Ctx(lab, api, path_vars, params, system_tags, user_tags)
        fn = HANDLERS.get(api.name)

        def precheck():
            if api.need_session:
                ctx.session = lab.sessions.check(session_uuid)
                if method != "GET" and api.name not in _SESSION_APIS:
                    lab.sessions.check_write(ctx.session, api.name)

        if not api.is_async:
            precheck()
            if fn is None:
                raise ApiError("SYS.1014", f"the lab does not simulate API[{api.name}]")
            with lab.state.lock:
                return 200, fn(ctx)

        # async: 202 now, the outcome (including session and validation errors) at poll time
        job_uuid = job_uuid or wire.new_uuid()
        pre_error = None
        try:
            precheck()
        except ApiError as e:
            pre_error = e
        begun = None
        if pre_error is None and fn is not None and hasattr(fn, "begin"):
            with lab.state.lock:
                try:
                    begun = fn.begin(ctx)
                except ApiError as e:
                    pre_error = e

        def run():
            if pre_error is not None:
                raise pre_error
            if fn is None:
                raise ApiError("SYS.1014", f"the lab does not simulate API[{api.name}]")
            injected = lab.faults.async_failure(api.name)
            with lab.state.lock:
                if injected is not None:
                    if begun is not None and callable(begun):
                        begun()          # roll back a transitional state
                    raise injected
                return fn(ctx)

        # JOB_SECONDS are durations at the default job_seconds of 0.2 s; they scale with the knob.
        # A handler with ``seconds_knob`` (the test restores: restore_seconds) takes that knob as is.
        knob = getattr(fn, "seconds_knob", None)
        if knob:
            seconds = getattr(lab.faults, knob)
        else:
            seconds = lab.faults.job_seconds * JOB_SECONDS.get(api.name, 0.2) / 0.2
        if pre_error is not None:
            seconds = min(seconds, 0.05)
        lab.jobs.submit(job_uuid, api.name, run, seconds)
        location = f"http://{lab.mn_address}{lab.faults.location_context_path}/v1/api-jobs/{job_uuid}"
        return 202, {"location": location, "apiTimeout": timeout_ms}

    def run_query(self, api, spec, uuid):
        entry = QUERIES.get(api.name)
        if entry is None:
            if spec.count:
                return {"total": 0, "schema": {}}
            out = {"inventories": [], "schema": {}}
            if spec.reply_with_count:
                out["total"] = 0
            return out
        kind, where, java_class = entry
        return q.run(self.lab.state, kind, spec, where=where, uuid=uuid, java_class=java_class,
                     cache=api.name not in VOLATILE_QUERIES)

    def job_query(self, method, uuid):
        if method != "GET":
            return 405, b"only GET method is allowed for querying job status"
        job = self.lab.jobs.lookup(uuid)
        if job is None:
            return 404, b"the job has been expired"
        if not job.done:
            return 202, {}
        if job.error is not None:
            return 503, job.error.body()
        return 200, job.result if job.result is not None else {}

    # ---- lab control endpoints (not part of ZStack; never under /zstack) -------------------
    def control(self, method, path, body):
        if method == "GET":
            found = content.answer(path, lambda rid: content_of(self.lab.state, rid))
            if found is not None:
                # JSON (also the 404), nulls kept: Wired skips the Gson-like null dropping of API answers
                return found[0], wire.Wired(found[1])
        status, payload = control(self.lab, method, path, body, writes={"/_lab/expire-sessions": self._expire_sessions})
        # errors as plain text, like the REST layer's own
        return status, payload.encode() if isinstance(payload, str) else payload

    def _expire_sessions(self, data):
        del data   # the endpoint takes no parameters
        self.lab.expire_sessions()
        return {}


class _Handler(LabHandler):
    dispatcher: Dispatcher = None  # set per server class

    def _serve(self):
        status, payload = self.dispatcher.handle(self.command, self.path, self.headers, self.read_body())
        headers = []
        if isinstance(payload, (bytes, bytearray)):
            data = payload if isinstance(payload, bytes) else bytes(payload)   # RawJson goes out uncopied
        else:
            data = wire.dumps(payload)
            if self.path.startswith("/_lab/"):
                # lab control only: API answers carry no Content-Type (RestServer.sendResponse sets none)
                headers.append(("Content-Type", "application/json"))
        headers.append(("Content-Length", str(len(data))))
        self.reply(status, headers, data)


def handler_for(dispatcher: Dispatcher) -> type:
    return type("ZStackLabHandler", (_Handler,), {"dispatcher": dispatcher})
