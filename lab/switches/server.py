"""The SSH side: one asyncssh listener per switch on 127.0.0.1, an event loop on a thread, and
``SwitchLab`` (start/stop, ports, faults, write log, snapshot)."""
from __future__ import annotations

import asyncio
import itertools
import threading
import time

import asyncssh

from lab.common.app import LabBase

from . import world as world_mod
from .shell import Dropped, Shell


class _Server(asyncssh.SSHServer):
    def __init__(self, dev):
        self.dev = dev

    def begin_auth(self, username):
        return True

    def password_auth_supported(self):
        return True

    def validate_password(self, username, password):
        return self.dev.users.get(username) == password


class SwitchLab(LabBase):
    """``with SwitchLab(world="switches_demo") as lab: lab.ports["DSW-CE-01"]``.

    Every switch listens on its own ephemeral loopback port (``ports={name: port}`` to fix some).
    """

    NAME = "switches"
    BY_NAME = "by_device"

    def __init__(self, world="switches_demo", host="127.0.0.1", ports=None, state_dir=None):
        super().__init__(world, host, None, None, None, state_dir, 0, None, None)
        self.fixed_ports = dict(ports or {})
        self.devices = {}
        self.spec = {}
        self._loop = None
        self._thread = None
        self._listeners = []
        self._session_ids = itertools.count(1)
        self._sessions: set = set()

    # ---- lifecycle ------------------------------------------------------------------------------------
    def start(self):
        self.spec = world_mod.load(self.world) if isinstance(self.world, str) else dict(self.world)
        self.devices = {d.name: d for d in world_mod.build(self.spec, self)}
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="switches-lab", daemon=True)
        self._thread.start()
        ready.wait()
        fut = asyncio.run_coroutine_threadsafe(self._listen_all(), self._loop)
        try:
            fut.result(timeout=30)
        except BaseException:
            self.stop()
            raise
        return self

    def _run(self, ready):
        asyncio.set_event_loop(self._loop)
        self._loop.call_soon(ready.set)
        self._loop.run_forever()

    async def _listen_all(self):
        key = asyncssh.generate_private_key("ssh-ed25519")
        for dev in self.devices.values():
            srv = await asyncssh.create_server(
                lambda dev=dev: _Server(dev), self.host, self.fixed_ports.get(dev.name, 0),
                server_host_keys=[key], process_factory=lambda p, dev=dev: self._session(dev, p),
                line_editor=False, encoding="utf-8", keepalive_interval=0)
            dev.port = srv.sockets[0].getsockname()[1]
            self._listeners.append(srv)

    def stop(self):
        if self._loop is None:
            return

        async def close():
            for proc in list(self._sessions):
                proc.close()
            for srv in self._listeners:
                srv.close()
                await srv.wait_closed()
        try:
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
            self._loop = None
            self._listeners.clear()

    # ---- one session ------------------------------------------------------------------------------------
    async def _session(self, dev, proc):
        sid = next(self._session_ids)
        self._sessions.add(proc)
        user = proc.get_extra_info("username")
        shell = Shell(dev, user, sid, self)
        self.count(dev.name)
        try:
            await self._delay(dev)
            proc.stdout.write(shell.greeting(time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())))
            buf = ""
            last_cr = False
            while not shell.closed:
                data = await proc.stdin.read(4096)
                if not data:
                    break
                out: list[str] = []         # one write per chunk read: echo and answers together
                for ch in data:
                    if shell.pages:
                        out.append(shell.page_key(ch))
                        continue
                    if ch == "\n" and last_cr:          # \r\n is one Enter
                        last_cr = False
                        continue
                    last_cr = ch == "\r"
                    if ch in "\r\n":
                        out.append("\r\n")
                        line, buf = buf, ""
                        if self._flush(proc, out) and self.devices[dev.name].faults.latency_ms:
                            await self._delay(dev)
                        try:
                            out.append(shell.handle(line))
                        except Dropped:
                            return
                        if shell.closed:
                            break
                    elif ch in "\x7f\x08":
                        if buf:
                            buf = buf[:-1]
                            out.append("\b \b")
                    elif ch == "\x1a":                  # Ctrl+Z: back to the user view
                        buf = ""
                        out.append("\r\n" + shell.handle("return"))
                    elif ch == "\x03":
                        buf = ""
                        out.append("\r\n" + shell.prompt())
                    elif ch >= " ":
                        buf += ch
                        out.append(ch)
                self._flush(proc, out)
        except (asyncssh.Error, ConnectionError, BrokenPipeError):
            pass
        finally:
            shell.discard()                 # a dropped or closed session loses its uncommitted candidate
            self._sessions.discard(proc)
            if not proc.channel.is_closing():
                proc.exit(0)

    @staticmethod
    def _flush(proc, out: list) -> bool:
        """Write what is pending unless the client has gone (no writes into a closed socket)."""
        text = "".join(out)
        out.clear()
        if proc.channel.is_closing():
            return False
        if text:
            proc.stdout.write(text)
        return True

    @staticmethod
    async def _delay(dev):
        if dev.faults.latency_ms:
            await asyncio.sleep(dev.faults.latency_ms / 1000.0)

    # ---- for tests and the entry point --------------------------------------------------------------------
    @property
    def ports(self) -> dict:
        return {name: d.port for name, d in self.devices.items()}

    def faults_for(self, name: str):
        return self.devices[name].faults

    def device(self, name: str):
        return self.devices[name]

    def credentials(self) -> tuple[str, str]:
        u = (self.spec.get("users") or [{}])[0]
        return u.get("name"), u.get("password")

    def snapshot(self) -> dict:
        """Per switch: running and saved configuration (without the changing header lines) and commit ids."""
        return {name: d.snapshot() for name, d in sorted(self.devices.items())}

    def info(self) -> dict:
        user, password = self.credentials()
        return {"world": self.world if isinstance(self.world, str) else "-", "host": self.host,
                "username": user, "password": password,
                "switches": {name: {"host": self.host, "port": d.port, "device_type": d.vendor.kind,
                                    "model": d.model} for name, d in self.devices.items()}}
