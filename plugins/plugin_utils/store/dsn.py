# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the run store is (a DSN) and how a DSN is shown: never with its password.

Order: the callback option / command-line value, then E(CLOUDOPS_STORE_DSN), then SQLite in the reports folder
(`<reports>/store.sqlite3`).  Accepted forms: `sqlite:///<path>`, `postgresql://user:pw@host:port/db`
(also `postgres://` and `postgresql+psycopg://`; psycopg 3 is the one PostgreSQL driver).
"""

from __future__ import annotations

import os
import re

DSN_ENV = "CLOUDOPS_STORE_DSN"
SQLITE_NAME = "store.sqlite3"
MASK = "***"
_SCHEMES = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg",
            "postgresql+psycopg": "postgresql+psycopg"}
# user:password@ in a URL, and password=... in a libpq keyword string or a query
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)([^@\s]*)(@)")
_KEY_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|[^\s&;]*)", re.IGNORECASE)


class StoreError(Exception):
    """The run store cannot be used: wrong DSN, database down, schema newer than the code, disk full.

    The message never holds the DSN's password (every message passes scrub()).
    """


def mask(text):
    """`text` with every DSN password in it replaced by ***."""
    text = _URL_PASSWORD.sub(lambda m: m.group(1) + MASK + m.group(3), str(text))
    return _KEY_PASSWORD.sub(lambda m: m.group(1) + MASK, text)


def scrub(text, dsn=None):
    """mask(), and also the literal password of `dsn` wherever it appears (a driver may quote it alone)."""
    out = mask(text)
    secret = password_of(dsn) if dsn else None
    if secret:
        out = out.replace(secret, MASK)
    return out


def password_of(dsn):
    match = _URL_PASSWORD.search(str(dsn or ""))
    if match and match.group(2):
        return match.group(2)
    match = _KEY_PASSWORD.search(str(dsn or ""))
    return match.group(2).strip("'") if match and match.group(2) else None


def default_dsn(reports_dir):
    """SQLite in the reports folder: what a single engineer and `make demo` use."""
    return "sqlite:///" + os.path.join(os.path.abspath(os.path.expanduser(reports_dir or "reports")), SQLITE_NAME)


def resolve(option=None, reports_dir=None):
    """The DSN to use: the option, else E(CLOUDOPS_STORE_DSN), else SQLite in `reports_dir`."""
    return (option or "").strip() or os.environ.get(DSN_ENV, "").strip() or default_dsn(reports_dir)


def sqlalchemy_url(dsn):
    """The SQLAlchemy URL of `dsn` (the psycopg 3 driver for PostgreSQL); StoreError for any other scheme."""
    scheme, sep, rest = str(dsn or "").partition("://")
    target = _SCHEMES.get(scheme.lower())
    if not sep or target is None or not rest:
        # A malformed DSN is not echoed: where its password is cannot be known.
        shown = re.match(r"[A-Za-z0-9+.-]{0,30}", str(dsn or "")).group(0)
        raise StoreError("store DSN (scheme %r) not usable: expected sqlite:///<path> or "
                         "postgresql://user:password@host:port/database" % shown)
    return "%s://%s" % (target, rest)


def dialect(dsn):
    """'sqlite' or 'postgresql'."""
    return "sqlite" if sqlalchemy_url(dsn).startswith("sqlite") else "postgresql"


def sqlite_path(dsn):
    """The database file of a sqlite DSN (None for :memory: and other dialects)."""
    url = sqlalchemy_url(dsn)
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///"):].split("?", 1)[0]
    return path if path and path != ":memory:" else None
