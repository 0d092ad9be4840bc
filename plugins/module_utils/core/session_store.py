# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Share one API session per endpoint and account across the tasks and hosts of one run.

Each Ansible task runs its module in a new process, so a session must outlive the process to be
reused.  The `cloudops.privatecloud.sessions` callback sets CLOUDOPS_RUN_ID when the playbook
starts (every module process inherits it) and logs the run's sessions out when it ends.  Entries
are small JSON files in a per-user 0700 directory, written 0600 (a session id is a credential),
keyed by a hash of run id + endpoint + account.  A file lock makes parallel forks share one
login instead of racing to create several.

Without a run id (a module used outside a playbook with the callback) there is no store: the
client logs in once and logs out when the module exits.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile

from ansible_collections.cloudops.privatecloud.plugins.module_utils.run_facts import RUN_ID_ENV

DIR_ENV = "CLOUDOPS_SESSION_DIR"


def default_dir():
    base = os.environ.get(DIR_ENV)
    if base:
        return base
    return os.path.join(tempfile.gettempdir(), "cloudops-sessions-%d" % os.getuid())


class SessionStore(object):
    """Session ids of one run, on disk."""

    def __init__(self, run_id, directory=None):
        self.run_id = run_id
        self.directory = directory or default_dir()

    @classmethod
    def from_env(cls):
        run_id = os.environ.get(RUN_ID_ENV)
        return cls(run_id) if run_id else None

    def _ensure_dir(self):
        os.makedirs(self.directory, mode=0o700, exist_ok=True)
        os.chmod(self.directory, 0o700)

    def _path(self, endpoint, account, fingerprint=""):
        # The credential's fingerprint is part of the key: a task with another password must log
        # in itself (and fail if the password is wrong), never borrow a session.
        key = "\x1f".join((self.run_id, endpoint, account, fingerprint))
        return os.path.join(self.directory, "%s.json" % hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])

    @contextlib.contextmanager
    def locked(self, endpoint, account, fingerprint=""):
        """Hold an exclusive lock for endpoint+account while logging in or replacing a session."""
        self._ensure_dir()
        lock_path = self._path(endpoint, account, fingerprint) + ".lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def get(self, endpoint, account, fingerprint=""):
        try:
            with open(self._path(endpoint, account, fingerprint)) as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def put(self, endpoint, account, entry, fingerprint=""):
        """Write atomically with 0600 permissions.  `entry` never holds a password."""
        self._ensure_dir()
        path = self._path(endpoint, account, fingerprint)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w") as handle:
                json.dump(dict(entry, run_id=self.run_id, endpoint=endpoint, account=account), handle)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except Exception:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def entries(self):
        """Every session entry of this run: [(path, entry)]."""
        found = []
        if not os.path.isdir(self.directory):
            return found
        for name in sorted(os.listdir(self.directory)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(self.directory, name)
            try:
                with open(path) as handle:
                    entry = json.load(handle)
            except (OSError, ValueError):
                continue
            if entry.get("run_id") == self.run_id:
                found.append((path, entry))
        return found

    def logout_all(self, client_class):
        """Log out every session of this run and remove its entry; returns the endpoints whose logout failed.

        `client_class` is the platform's client (ZStackClient), passed in because its module
        imports this one.  A failed logout is not retried: the session expires on the server.
        """
        failed = []
        for path, entry in self.entries():
            if entry.get("session"):
                client = client_class(entry["endpoint"], entry.get("account"), None,
                                      validate_certs=entry.get("validate_certs", True), ca_path=entry.get("ca_path"),
                                      timeout=10, retries=0)
                if not client.logout(entry["session"]):
                    failed.append(entry["endpoint"])
            self.remove(path)
        return failed

    @staticmethod
    def remove(path):
        for candidate in (path, path + ".lock"):
            try:
                os.unlink(candidate)
            except OSError:
                pass
