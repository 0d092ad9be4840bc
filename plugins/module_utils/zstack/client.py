# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one ZStack REST v1 client every module and plugin of the collection uses.

Wire facts this relies on (shared/reference/zstack-api.md, from ZStack's RestServer):
- login is `PUT /zstack/v1/accounts/login` with a lowercase hex SHA-512 password; the session id
  goes in `Authorization: OAuth <uuid>`; an invalid or expired session is `ID.1001` (a 503 for
  reads, and for async calls a 503 only when the job is polled);
- or no session at all: AccessKey authentication (section 1.3), `Authorization: ZStack
  <AccessKeyId>:<base64(HMAC-SHA1(secret, METHOD\nDate\n/v1/<path>))>` with a `Date` header, the
  path without the context path and the query string, within 15 minutes of the server's clock;
- async calls answer 202 with a `location` naming the management node's own IP, which is not
  necessarily the address we used (VIP, NAT), so the job path is re-based on our endpoint as
  both official SDKs do; ZStack builds it without `/zstack` when its REST path is empty, so any
  location ending in `/v1/api-jobs/<uuid>` is re-based;
- the server sends no Content-Type: bodies are parsed as JSON and fall back to text;
- queries take repeated `q=` conditions, `limit` (default 1000), `start`, `replyWithCount`.

Built on ansible.module_utils.urls (not requests) so modules have no extra dependency and get
Ansible's TLS handling (validate_certs, ca_path) for free.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import json
import re
import socket
import ssl
import threading
import time
import uuid as uuidlib

from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit

from ansible.module_utils.urls import Request

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.connection import (
    option_problems,
    split_http_url,
    transport_kwargs,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.paging import walk_pages
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.retry import RateLimiter, call_with_retries, wait_until
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.session_store import SessionStore
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.tls import LazyTlsContext
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import MissingList, list_at

API_PREFIX = "/zstack/v1"
JOB_MARKER = "/zstack/v1/api-jobs/"
# The job part of an async location, with or without the context path (zstack-api.md 1.4).
JOB_LOCATION = re.compile(r"/v1/api-jobs/([^/?#]+)/?$")
DEFAULT_PORT = 8080
MAX_PAGE = 1000  # the server's default and our page size: one call per 1,000 items

# Codes that mean "log in again" (older and newer builds), per ZStack's own MCP client.
SESSION_INVALID_CODES = ("ID.1001", "ORG_ZSTACK_IDENTITY_10020")

# Transient server-side failures worth another try: internal error, and the management node too
# busy to answer in time.  Retrying is safe for reads, and for writes because each write carries
# its X-Job-UUID (a repeat is answered "Duplicate job uuid" and we follow the first job).
RETRIABLE_CODES = ("SYS.1000", "SYS.1001")

# Query operators in the order the server tries them (RestServer.handleQueryApi).
OPERATORS = ("!=", ">=", "<=", "!?=", "!~=", "~=", "?=", "=", ">", "<")
UNARY_OPERATORS = ("is null", "not null")

# Resource types zstack_info and the inventory plugin accept: name -> query path.
RESOURCE_PATHS = {
    "alarm": "/zwatch/alarms",
    "backup_storage": "/backup-storage",
    "cluster": "/clusters",
    "eip": "/eips",
    "event_subscription": "/zwatch/events/subscriptions",
    "global_config": "/global-configurations",
    "host": "/hosts",
    "image": "/images",
    "instance_offering": "/instance-offerings",
    "ip_range": "/l3-networks/ip-ranges",
    "l2_network": "/l2-networks",
    "l3_network": "/l3-networks",
    "management_node": "/management-nodes",
    "network_service_provider": "/network-services/providers",
    "primary_storage": "/primary-storage",
    "resource_config": "/resource-configurations",
    "scheduler_job": "/scheduler/jobs",
    "scheduler_job_history": "/scheduler/job/history",
    "scheduler_trigger": "/scheduler/triggers",
    "security_group": "/security-groups",
    "security_group_rule": "/security-groups/rules",
    "system_tag": "/system-tags",
    "vip": "/vips",
    "virtual_router_offering": "/instance-offerings/virtual-routers",
    "vm_instance": "/vm-instances",
    "vm_nic": "/vm-instances/nics",
    "volume": "/volumes",
    "volume_backup": "/volume-backups",
    "volume_snapshot": "/volume-snapshots",
    "vpc_router": "/vpc/virtual-routers",
    "zone": "/zones",
}


NOT_FOUND_CODE = "SYS.1003"          # "A resource can not be found"
INVALID_ARGUMENT_CODE = "SYS.1007"   # argerr; a uuid field naming no resource says "... can not be found"


class ZStackError(Exception):
    """Any failure talking to ZStack: the API's own code/description/details when it sent them."""

    def __init__(self, message, code=None, description=None, details=None, status=None, endpoint=None, retriable=False):
        super(ZStackError, self).__init__(message)
        self.message = message
        self.code = code
        self.description = description
        self.details = details
        self.status = status
        self.endpoint = endpoint
        self.retriable = retriable

    @property
    def session_invalid(self):
        if self.code in SESSION_INVALID_CODES:
            return True
        text = ("%s %s" % (self.description or "", self.details or "")).lower()
        return "session" in text and ("invalid" in text or "expired" in text)

    def is_not_found(self):
        """Whether ZStack said the resource a request names does not exist: SYS.1003, or an argument
        error (SYS.1007) whose details say the resource cannot be found.  Never from the HTTP status."""
        if self.code == NOT_FOUND_CODE:
            return True
        text = ("%s %s" % (self.description or "", self.details or "")).lower()
        return self.code == INVALID_ARGUMENT_CODE and ("can not be found" in text or "cannot be found" in text)

    def to_dict(self):
        result = {"message": self.message, "status": self.status, "endpoint": self.endpoint}
        for key in ("code", "description", "details"):
            if getattr(self, key):
                result[key] = getattr(self, key)
        return result

    def __str__(self):
        return self.message


def hash_password(password):
    """ZStack wants the lowercase hex SHA-512 of the plaintext."""
    return hashlib.sha512(password.encode("utf-8")).hexdigest()


def access_key_signature(secret, method, date, path):
    """base64(HMAC-SHA1(secret, METHOD + "\n" + Date + "\n" + "/v1/<path>")), zstack-api.md 1.3 (ZSClient)."""
    text = "%s\n%s\n%s" % (method.upper(), date, path)
    return base64.b64encode(hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).digest()).decode("ascii")


def signed_path(url):
    """The path an AccessKey signature covers: `/v1/...`, no context path, no query string."""
    path = urlsplit(url).path
    return path[path.index("/v1/"):] if "/v1/" in path else path


def normalize_endpoint(endpoint):
    """'https://mn:8443', 'mn', 'mn:8080/zstack' -> base URL without the context path."""
    text = (endpoint or "").strip().rstrip("/")
    if not text:
        raise ZStackError("zstack endpoint is empty: set endpoint (or ZSTACK_ENDPOINT)")
    try:
        parts = split_http_url(text, "http")
    except ValueError as err:
        raise ZStackError("zstack endpoint %r %s" % (endpoint, err))
    netloc = parts.netloc if parts.port else "%s:%d" % (parts.netloc, DEFAULT_PORT)
    path = parts.path
    if path.endswith("/zstack/v1"):
        path = path[: -len("/zstack/v1")]
    if path.endswith("/zstack"):
        path = path[: -len("/zstack")]
    return "%s://%s%s" % (parts.scheme, netloc, path)


def condition(field, op, value=None):
    """One `q=` condition.  `?=`/`!?=` take a list (sent comma-joined); 'is null'/'not null' none."""
    if op in UNARY_OPERATORS:
        return "%s %s" % (field, op)
    if op not in OPERATORS:
        raise ZStackError("unknown query operator %r (valid: %s)" % (op, ", ".join(OPERATORS + UNARY_OPERATORS)))
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return "%s%s%s" % (field, op, value)


def parse_condition(text):
    """'state=Running' or 'vmInstanceUuid is null' -> validated condition string."""
    text = str(text)
    for op in UNARY_OPERATORS:
        if text.endswith(" " + op):
            return condition(text[: -len(op) - 1], op)
    for op in OPERATORS:
        index = text.find(op)
        if index > 0:
            return condition(text[:index], op, text[index + len(op):])
    raise ZStackError("query condition %r has no operator (use one of %s)" % (text, ", ".join(OPERATORS + UNARY_OPERATORS)))


def listed(body, key, api):
    """The list under `key` of an answer (values.list_at: one object is [it], an empty wrapper []).
    An answer without it is a ZStackError naming the API and the key, never zero items."""
    try:
        return list_at(body if isinstance(body, dict) else {}, key)
    except MissingList as err:
        raise ZStackError("ZStack %s answered no %s list (its answer has: %s); the collection does not know this answer shape"
                          % (api, key, ", ".join(err.keys) or "nothing"), code="UnexpectedAnswer")
    except ValueError as err:
        raise ZStackError("ZStack %s: %s is not a list: %s" % (api, key, err), code="UnexpectedAnswer")


def _parse_body(raw):
    if raw is None:
        return None
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if not text:
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return text  # plain-text errors (400/404/500) are part of the protocol


class ZStackClient(object):
    """A client for one endpoint and one identity: an account (with a session) or an AccessKey
    (every request signed, no session).  Thread-safe."""

    def __init__(self, endpoint, account=None, password=None, validate_certs=True, ca_path=None, timeout=30,
                 retries=3, poll_interval=0.5, poll_timeout=1800, requests_per_second=None,
                 session_store=None, base_delay=0.5, max_concurrency=None, access_key_id=None,
                 access_key_secret=None, clock=None):
        self.endpoint = normalize_endpoint(endpoint)
        problems = option_problems(dict(ca_path=ca_path, timeout=timeout, retries=retries,
                                        requests_per_second=requests_per_second, workers=max_concurrency))
        if problems:
            raise ZStackError("; ".join(problems), endpoint=self.endpoint)
        if (access_key_id or access_key_secret) and (account or password):
            raise ZStackError("give either account/password or access_key_id/access_key_secret, not both",
                              endpoint=self.endpoint)
        if bool(access_key_id) != bool(access_key_secret):
            raise ZStackError("access_key_id and access_key_secret go together (or ZSTACK_ACCESS_KEY_ID / "
                              "ZSTACK_ACCESS_KEY_SECRET)", endpoint=self.endpoint)
        self.account = account
        self._password_hash = hash_password(password) if password else None
        self.access_key_id = access_key_id or None
        self._access_key_secret = access_key_secret or None
        self.clock = clock or time.time  # tests move it to show the 15-minute Date window
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.timeout = timeout
        self.retries = retries
        self.base_delay = base_delay
        self.poll_interval = poll_interval
        self.poll_timeout = poll_timeout
        self.session_store = session_store
        self._limiter = RateLimiter(requests_per_second)
        # Bounds in-flight requests across all threads of this client (pools may nest).
        self._slots = threading.BoundedSemaphore(max_concurrency) if max_concurrency else None
        self._lock = threading.Lock()
        self._session_lock = threading.RLock()
        self._tls = LazyTlsContext(self.ca_path, self.validate_certs)
        self._session = None
        self._owns_session = False
        self.stats = {"api_calls": 0, "retries": 0, "logins": 0, "relogins": 0}

    def set_limits(self, max_concurrency=None, requests_per_second=None):
        """Bound in-flight requests and/or the request rate (set before starting threads)."""
        problems = option_problems(dict(workers=max_concurrency, requests_per_second=requests_per_second))
        if problems:
            raise ZStackError("; ".join(problems), endpoint=self.endpoint)
        self._slots = threading.BoundedSemaphore(max_concurrency) if max_concurrency else None
        self._limiter = RateLimiter(requests_per_second)

    def cleartext_warning(self):
        """Why plain HTTP to this endpoint exposes a credential, or None (an AccessKey signs and never sends its secret)."""
        if not self.endpoint.startswith("http://") or self.access_key_id:
            return None
        return ("ZStack endpoint %s is plain HTTP: the login (the password's SHA-512 hash, which logs in as well as the "
                "password) and the session id travel in clear. Use https:// (the management node also listens on 8443 with "
                "TLS) or an AccessKey." % self.endpoint)

    # -- transport -----------------------------------------------------------------------
    def _request(self, method, url, body=None, headers=None, auth=True):
        """One HTTP exchange -> (status, parsed body).  Raises ZStackError on transport errors."""
        self._limiter.acquire()
        hdrs = {"Accept": "application/json"}
        if body is not None:
            hdrs["Content-Type"] = "application/json;charset=UTF-8"
        if auth:
            hdrs.update(self._auth_headers(method, url))
        hdrs.update(headers or {})
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = Request(timeout=self.timeout, http_agent="cloudops.privatecloud", follow_redirects="none",
                          context=self._tls.get())
        with self._lock:
            self.stats["api_calls"] += 1
        slots = self._slots
        if slots is None:
            return self._exchange(request, method, url, data, hdrs)
        slots.acquire()
        try:
            return self._exchange(request, method, url, data, hdrs)
        finally:
            slots.release()

    def _auth_headers(self, method, url):
        if not self.access_key_id:
            return {"Authorization": "OAuth %s" % self._session_id()}
        date = email.utils.formatdate(self.clock(), usegmt=True)  # EEE, dd MMM yyyy HH:mm:ss zzz
        signature = access_key_signature(self._access_key_secret, method, date, signed_path(url))
        return {"Authorization": "ZStack %s:%s" % (self.access_key_id, signature), "Date": date}

    def _exchange(self, request, method, url, data, hdrs):
        try:
            response = request.open(method, url, data=data, headers=hdrs)
            return response.getcode(), _parse_body(response.read())
        except HTTPError as err:
            try:
                raw = err.read()
            except Exception:  # pylint: disable=broad-except
                raw = b""
            return err.code, _parse_body(raw)
        except (ssl.SSLError, ssl.CertificateError) as err:
            raise self._tls_error(err)
        except URLError as err:
            if isinstance(err.reason, (ssl.SSLError, ssl.CertificateError)) or "CERTIFICATE_VERIFY_FAILED" in str(err.reason):
                raise self._tls_error(err.reason)
            raise ZStackError("cannot reach ZStack endpoint %s: %s" % (self.endpoint, err.reason),
                              endpoint=self.endpoint, retriable=True)
        except (socket.timeout, TimeoutError) as err:
            raise ZStackError("ZStack endpoint %s did not answer within %ss (%s)" % (self.endpoint, self.timeout, err),
                              endpoint=self.endpoint, retriable=True)
        except (OSError, ValueError) as err:
            text = str(err)
            if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
                raise self._tls_error(err)
            raise ZStackError("cannot reach ZStack endpoint %s: %s" % (self.endpoint, text), endpoint=self.endpoint, retriable=True)

    def _tls_error(self, err):
        return ZStackError(
            "TLS certificate of %s could not be verified (%s). validate_certs is true: give the site's CA "
            "bundle with ca_path (ZSTACK_CA_PATH), or set validate_certs: false only for a lab." % (self.endpoint, err),
            endpoint=self.endpoint)

    def _error_from(self, status, body, api):
        """Turn a non-success answer into ZStackError carrying the API's own fields."""
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            err = body["error"]
            code, description, details = err.get("code"), err.get("description"), err.get("details")
            text = "ZStack %s failed: %s %s" % (api, code, description)
            if details:
                text += ": %s" % details
            if self.access_key_id and code in SESSION_INVALID_CODES:
                text += " (the AccessKey was refused: check access_key_id / access_key_secret)"
            return ZStackError(text, code=code, description=description, details=details, status=status,
                               endpoint=self.endpoint, retriable=code in RETRIABLE_CODES)
        text = body if isinstance(body, str) else json.dumps(body)
        retriable = status in (500, 502, 503, 504)
        return ZStackError("ZStack %s failed: HTTP %s: %s" % (api, status, (text or "").strip()[:500]),
                           status=status, endpoint=self.endpoint, retriable=retriable)

    def _url(self, path, params=None):
        url = self.endpoint + API_PREFIX + path
        if params:
            url += "?" + urlencode(params, doseq=True)
        return url

    def _retrying(self, func):
        def count(exc, delay):
            with self._lock:
                self.stats["retries"] += 1
        return call_with_retries(func, lambda exc: isinstance(exc, ZStackError) and exc.retriable,
                                 retries=self.retries, base_delay=self.base_delay, on_retry=count)

    # -- sessions ----------------------------------------------------------------------------
    def _login(self):
        if not self.account or not self._password_hash:
            raise ZStackError("ZStack account and password are required (account/password or ZSTACK_ACCOUNT/ZSTACK_PASSWORD)",
                              endpoint=self.endpoint)
        body = {"logInByAccount": {"accountName": self.account, "password": self._password_hash}}
        status, reply = self._retrying(lambda: self._raise_retriable(
            self._request("PUT", self._url("/accounts/login"), body=body, auth=False), "LogInByAccount"))
        if status != 200 or not isinstance(reply, dict) or "inventory" not in reply:
            raise self._error_from(status, reply, "LogInByAccount")
        with self._lock:
            self.stats["logins"] += 1
        return reply["inventory"]["uuid"]

    def _raise_retriable(self, answer, api):
        """Raise transient failures (so _retrying tries again); hand everything else back."""
        status, body = answer
        if status >= 500:
            error = self._error_from(status, body, api)
            if error.retriable:
                raise error
        return answer

    def _session_id(self):
        if self._session:
            return self._session
        with self._session_lock:
            if not self._session:
                self._open_session()
        return self._session

    def _open_session(self):
        if self.session_store is not None:
            with self.session_store.locked(self.endpoint, self.account, self._fingerprint()):
                entry = self.session_store.get(self.endpoint, self.account, self._fingerprint())
                if entry and entry.get("session"):
                    self._session = entry["session"]
                else:
                    self._session = self._login()
                    self._store_session()
        else:
            self._session = self._login()
            self._owns_session = True

    def _relogin(self, stale):
        """Replace an invalid session once (other threads/forks may already have done it)."""
        with self._session_lock:
            self._replace_session(stale)

    def _replace_session(self, stale):
        if self._session and self._session != stale:
            return  # another thread already replaced it
        with self._lock:
            self.stats["relogins"] += 1
        if self.session_store is not None:
            with self.session_store.locked(self.endpoint, self.account, self._fingerprint()):
                entry = self.session_store.get(self.endpoint, self.account, self._fingerprint())
                if entry and entry.get("session") and entry["session"] != stale:
                    self._session = entry["session"]
                    return
                self._session = self._login()
                self._store_session()
        else:
            self._session = self._login()
            self._owns_session = True

    def _store_session(self):
        entry = {"session": self._session, "validate_certs": self.validate_certs, "ca_path": self.ca_path}
        self.session_store.put(self.endpoint, self.account, entry, self._fingerprint())

    @property
    def uses_session(self):
        """False for an AccessKey client: nothing to log in, share or log out."""
        return not self.access_key_id

    def _fingerprint(self):
        return hashlib.sha256((self._password_hash or "").encode("ascii")).hexdigest()

    def login(self):
        """Make sure the credentials work (for callers that want to fail early): a session, or for an
        AccessKey one signed read (None)."""
        if not self.uses_session:
            self.query("/zones", limit=1)
            return None
        return self._session_id()

    def logout(self, session=None):
        """Log out a session (ours by default).  Never raises: used in cleanup paths."""
        target = session or self._session
        if not target:
            return False
        try:
            status, _body = self._request("DELETE", self._url("/accounts/sessions/%s" % target), auth=False)
        except ZStackError:
            return False
        if target == self._session:
            self._session = None
            self._owns_session = False
        return status == 200

    def close(self):
        """Log out when this client created a session nobody else shares."""
        if self._owns_session:
            self.logout()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- reads -------------------------------------------------------------------------------
    def get(self, path, params=None, api=None, auth=True):
        """A synchronous GET with retries (transport errors, 5xx) and one re-login."""
        api = api or "GET %s" % path

        def attempt():
            return self._raise_retriable(self._request("GET", self._url(path, params), auth=auth), api)

        for relogged in (False, True):
            stale = self._session
            status, body = self._retrying(attempt)
            if status == 200:
                return body
            error = self._error_from(status, body, api)
            if auth and error.session_invalid and not relogged and self.uses_session:
                self._relogin(stale)
                continue
            raise error
        raise ZStackError("unreachable")  # pragma: no cover

    def query(self, path, conditions=None, limit=None, start=None, sort=None, fields=None,
              reply_with_count=False, count=False):
        """One page of a Query API.  Returns the decoded body (inventories, total, schema)."""
        params = [("q", parse_condition(c)) for c in (conditions or [])]
        if limit is not None:
            params.append(("limit", int(limit)))
        if start:
            params.append(("start", int(start)))
        if sort:
            params.append(("sort", sort if sort[0] in "+-" else "+" + sort))
        if fields:
            params.append(("fields", ",".join(fields)))
        if reply_with_count:
            params.append(("replyWithCount", "true"))
        if count:
            params.append(("count", "true"))
        return self.get(path, params, api="Query %s" % path)

    def query_all(self, path, conditions=None, sort=None, fields=None, page_size=MAX_PAGE, max_items=None, workers=1):
        """Every item of a Query API, page by page: one call per page, no extra count call."""
        return self.query_all_with_total(path, conditions, sort, fields, page_size, max_items, workers)[0]

    def query_all_with_total(self, path, conditions=None, sort=None, fields=None, page_size=MAX_PAGE, max_items=None,
                             workers=1):
        """(items, total on the server).  The first page asks for the total, which names the pages after it;
        `workers` > 1 fetches those in parallel (the collector does; one-off reads need not)."""
        def fetch(start, limit):
            body = self.query(path, conditions, limit=limit, start=start, sort=sort, fields=fields,
                              reply_with_count=start == 0)
            total = body.get("total") if isinstance(body, dict) else None
            return listed(body, "inventories", "Query %s" % path), int(total) if total is not None else None

        return self.pages(fetch, page_size, max_items, workers)

    def get_all(self, path, params, list_key, api, page_size=MAX_PAGE, workers=1):
        """Every item of a GET API that pages with limit/start but answers no total (GetAlarmData)."""
        def fetch(start, limit):
            body = self.get(path, list(params) + [("limit", limit), ("start", start)], api=api)
            return listed(body, list_key, api), None

        return self.pages(fetch, page_size, workers=workers)[0]

    def pages(self, fetch, page_size=MAX_PAGE, max_items=None, workers=1):
        """(items, total) of a list read by limit/start: `fetch(start, limit)` -> (items, total or None).

        With a total in the first answer every page after it is known (and fetched on `workers`
        threads); without one, pages are read one by one until a short one.  Calls = pages.
        """
        first_answer = {}

        def limit_at(start):
            return page_size if max_items is None else min(page_size, max_items - start)

        def following(start, answer):
            items, total = answer
            if start == 0:
                first_answer["total"] = total
            if len(items) < limit_at(start):
                return []  # a short page ends the list
            ends = [n for n in (first_answer["total"], max_items) if n is not None]
            after = start + page_size
            if first_answer["total"] is None:  # nothing names the pages ahead: one at a time
                return [after] if not ends or after < min(ends) else []
            return list(range(after, min(ends), page_size))

        if limit_at(0) <= 0:
            return [], 0
        items = []
        for page, _total in walk_pages(lambda start: fetch(start, limit_at(start)), 0, following, workers):
            items.extend(page)
        total = first_answer.get("total")
        return items, len(items) if total is None else total

    def count(self, path, conditions=None):
        body = self.query(path, conditions, count=True)
        return int(body.get("total", 0))

    # -- writes ------------------------------------------------------------------------------
    def call(self, method, path, body=None, api=None, wait=True, timeout=None):
        """A write (POST/PUT/DELETE).  Async answers are polled until done.

        Each call carries an X-Job-UUID.  If the connection breaks before we get an answer, the
        same job uuid is sent again: the server either runs it once or says "Duplicate job uuid",
        and then we poll that job, so a retried write never runs twice.  An invalid session
        (at submit or at poll time) logs in again and resubmits once with a new job uuid.
        """
        api = api or "%s %s" % (method, path)
        for relogged in (False, True):
            stale = self._session
            job = uuidlib.uuid4().hex
            status, reply = self._submit(method, path, body, job, api)
            if status == 202 and wait:
                status, reply = self._poll(reply, job, api, timeout or self.poll_timeout)
            if status in (200, 202):
                return reply
            error = self._error_from(status, reply, api)
            if error.session_invalid and not relogged and self.uses_session:
                self._relogin(stale)
                continue
            raise error
        raise ZStackError("unreachable")  # pragma: no cover

    def _submit(self, method, path, body, job, api):
        headers = {"X-Job-UUID": job}

        def attempt():
            status, reply = self._request(method, self._url(path), body=body, headers=headers)
            if status == 400 and isinstance(reply, str) and "Duplicate job uuid" in reply:
                # An earlier attempt reached the server: follow that job instead of re-running.
                return 202, {"location": self.endpoint + JOB_MARKER + job}
            return self._raise_retriable((status, reply), api)

        return self._retrying(attempt)

    def job_url(self, location):
        """Re-base a job location on our endpoint: the server names its own IP, not ours, and leaves
        out `/zstack` when its REST path is empty (zstack-api.md 1.4)."""
        match = JOB_LOCATION.search(urlsplit(str(location)).path)
        if not match:
            raise ZStackError("unexpected async location %r" % location, endpoint=self.endpoint)
        return self.endpoint + JOB_MARKER + match.group(1)

    def _poll(self, reply, job, api, timeout):
        location = reply.get("location") if isinstance(reply, dict) else None
        url = self.job_url(location) if location else self.endpoint + JOB_MARKER + job

        def read():
            return self._retrying(lambda: self._raise_retriable(self._request("GET", url, auth=False), api))

        def timed_out(_answer):
            return ZStackError("ZStack %s did not finish within %ss (job %s)" % (api, timeout, job), endpoint=self.endpoint)

        # quick first polls, then the configured cadence
        return wait_until(read, lambda answer: answer[0] != 202, timeout, timed_out,
                          first_delay=0.05, max_delay=self.poll_interval)


def client_from_params(params, session_store="env"):
    """Build a client from module/plugin options (see the zstack doc fragment)."""
    store = SessionStore.from_env() if session_store == "env" else session_store
    return ZStackClient(
        endpoint=params.get("endpoint"),
        account=params.get("account"),
        password=params.get("password"),
        access_key_id=params.get("access_key_id"),
        access_key_secret=params.get("access_key_secret"),
        session_store=store,
        **transport_kwargs(params)
    )
