"""Make the repo importable as ansible_collections.cloudops.privatecloud (and the lab as `lab`)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tools.collection_path import ensure_importable  # noqa: E402  pylint: disable=wrong-import-position

ensure_importable()


import pytest  # noqa: E402  (after the sys.path set-up above, on purpose)


@pytest.fixture(scope="session")
def zstack_lab():
    """The demo world on ephemeral loopback ports, shared by read-only tests."""
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    with ZStackLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


@pytest.fixture
def fresh_lab():
    """A private demo world for tests that change state or inject faults."""
    from lab.zstack import ZStackLab  # pylint: disable=import-outside-toplevel

    with ZStackLab(world="demo", host="127.0.0.1", http_port=0, https_port=0) as lab:
        yield lab


# -- a real PostgreSQL server for the run store's tests ----------------------------------------------------------
PG_PASSWORD = "pg-Secret-4711"     # the tests check this never appears in output


def _pg_bin():
    """The directory of initdb/pg_ctl (Debian's postgresql-N or PATH), or None."""
    import glob  # pylint: disable=import-outside-toplevel
    import shutil  # pylint: disable=import-outside-toplevel

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


class PostgresServer(object):
    """initdb + pg_ctl on 127.0.0.1 and a free port, in a throw-away data dir, as the `postgres` user when we are root
    (PostgreSQL refuses to run as root).  Password authentication over TCP, so a DSN's password is really used."""

    def __init__(self, bin_dir, base):
        import pwd  # pylint: disable=import-outside-toplevel
        import socket  # pylint: disable=import-outside-toplevel

        self.bin_dir = bin_dir
        self.base = base
        self.data = os.path.join(base, "data")
        self.as_user = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(base, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]

    def _run(self, *args):
        import subprocess  # pylint: disable=import-outside-toplevel

        proc = subprocess.run(self.as_user + [os.path.join(self.bin_dir, args[0])] + list(args[1:]), cwd=self.base,
                              capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0:
            raise RuntimeError("%s failed (%s): %s %s" % (args[0], proc.returncode, proc.stdout, proc.stderr))
        return proc

    def start(self):
        pwfile = os.path.join(self.base, "pw")
        with open(pwfile, "w", encoding="utf-8") as fh:
            fh.write(PG_PASSWORD + "\n")
        if self.as_user:
            import pwd  # pylint: disable=import-outside-toplevel

            owner = pwd.getpwnam("postgres")
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        self._run("initdb", "-D", self.data, "-U", "postgres", "--pwfile", pwfile, "--auth-local=trust",
                  "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions")
        options = "-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off " \
                  "-c full_page_writes=off -c max_connections=50" % (self.port, self.base)
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.base, "log"), "-o", options, "-w", "-t", "60", "start")
        return self

    def stop(self):
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except RuntimeError:
            pass

    def dsn(self, database="postgres", password=PG_PASSWORD):
        return "postgresql://postgres:%s@127.0.0.1:%d/%s" % (password, self.port, database)

    def create_database(self, name):
        import psycopg  # pylint: disable=import-outside-toplevel

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "%s"' % name)
            conn.execute('CREATE DATABASE "%s"' % name)
        return self.dsn(name)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL per test session (per xdist worker: its own port and data dir), stopped at the end."""
    import shutil  # pylint: disable=import-outside-toplevel
    import tempfile  # pylint: disable=import-outside-toplevel

    bin_dir = _pg_bin()
    if bin_dir is None:
        if os.geteuid() == 0:
            pytest.fail("PostgreSQL binaries not found: `make setup-system` installs Debian's postgresql")
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found and not root to install them (make setup-system)")
    base = tempfile.mkdtemp(prefix="cloudops-pg-")
    os.chmod(base, 0o755)
    server = PostgresServer(bin_dir, base)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_dsn(postgres_server, request):
    """A fresh database on the session's PostgreSQL, for one test."""
    import re  # pylint: disable=import-outside-toplevel

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return postgres_server.create_database(name)
