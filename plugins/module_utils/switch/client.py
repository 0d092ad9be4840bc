# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one switch client: one unmodified netmiko session per task, one error type.

Wire facts this relies on (shared/reference/switch-cli.md):
- device types `huawei` (VRP5), `huawei_vrpv8` (CloudEngine, two-stage commit), `hp_comware` (1.1);
- netmiko does no error detection unless given `error_pattern` (1.9); the vendors' markers are a
  caret line and `Error: ...` on Huawei, `% Unrecognized|Ambiguous|Wrong parameter|Incomplete|Too many`
  on Comware, so a rejected line is found per line, not by grepping for "error";
- `use_textfsm=True` in netmiko is unsafe on `huawei_vrp` (the `dir` catch-all index line parses every
  `d...` command and raises TextFSMError, 1.13): parsing goes through ntc-templates' `parse_output` for an
  allow-list of commands, plus the collection's own templates (switch/templates.py), never netmiko's;
- on VRPv8 a config line flips the prompt `[~H]` -> `[*H]`, so config lines go through send_config_set,
  never send_command (1.8).
Secrets (password, secret) never appear in an exception, a result or a log line: every text this
client hands out passes `scrub()`.
"""

from __future__ import annotations

import re
import socket
import time

try:
    from netmiko import ConnectHandler
    from netmiko.exceptions import (
        ConfigInvalidException,
        NetmikoAuthenticationException,
        NetmikoTimeoutException,
        ReadException,
        ReadTimeout,
    )
    HAS_NETMIKO = True
    NETMIKO_IMPORT_ERROR = None
except ImportError as exc:          # reported by the module with missing_required_lib
    HAS_NETMIKO = False
    NETMIKO_IMPORT_ERROR = exc

DEVICE_TYPES = ("huawei", "huawei_vrpv8", "hp_comware")

# ntc-templates platform per device type (reference 1.13: `huawei` finds nothing, `huawei_vrp` does).
TEXTFSM_PLATFORM = {"huawei": "huawei_vrp", "huawei_vrpv8": "huawei_vrp", "hp_comware": "hp_comware"}

# The vendors' error markers (reference 1.9), used per line as netmiko's error_pattern.
ERROR_PATTERNS = {
    "huawei": r"^\s*Error\s*:",
    "huawei_vrpv8": r"^\s*Error\s*:",
    "hp_comware": r"^\s*% (?:Unrecognized|Ambiguous|Wrong parameter|Incomplete|Too many)",
}
ERROR_LINE = re.compile(r"^\s*(?:Error\s*:.*|% (?:Unrecognized|Ambiguous|Wrong parameter|Incomplete|Too many).*)$", re.M)

# A prompt the drivers understand: <H> (user view), [H] / [~H] / [*H] with an optional view suffix.
PROMPT = re.compile(r"^(?:<[^<>\s]+>|\[[~*]?[^\[\]\s]+\])$")

KINDS = ("auth", "unreachable", "timeout", "unexpected_prompt", "rejected_command", "connection_lost", "parse",
         "missing_library", "invalid_option")

MASK = "********"


class SwitchError(Exception):
    """Any failure talking to a switch, with `kind` one of KINDS and, for a rejected line, the line."""

    def __init__(self, message, kind, host=None, command=None, device_output=None, sent=None):
        super(SwitchError, self).__init__(message)
        self.message = message
        self.kind = kind if kind in KINDS else "unexpected_prompt"
        self.host = host
        self.command = command
        self.device_output = device_output
        # Lines the device took before the failure (immediate-apply devices keep them: the caller undoes).
        self.sent = list(sent or [])

    def to_dict(self):
        out = {"msg": self.message, "kind": self.kind}
        for key in ("host", "command", "device_output"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.sent:
            out["sent"] = list(self.sent)
        return out


def client_params(params):
    """The client's keyword arguments from a module's `switch` options (doc fragment switch)."""
    return dict(
        host=params.get("switch_host"),
        port=params.get("switch_port") or 22,
        username=params.get("switch_username"),
        password=params.get("switch_password"),
        secret=params.get("switch_secret"),
        device_type=params.get("device_type"),
        conn_timeout=params.get("conn_timeout") or 10,
        auth_timeout=params.get("auth_timeout") or 10,
        banner_timeout=params.get("banner_timeout") or 15,
        read_timeout=params.get("read_timeout") or 30,
    )


def option_problems(params):
    """What is wrong with the connection options, before any connection is tried."""
    problems = []
    if params.get("device_type") not in DEVICE_TYPES:
        problems.append("device_type must be one of %s, got %r" % (", ".join(DEVICE_TYPES), params.get("device_type")))
    port = params.get("switch_port")
    if port is not None and not 1 <= int(port) <= 65535:
        problems.append("switch_port must be 1 to 65535, got %s" % port)
    for key in ("conn_timeout", "auth_timeout", "banner_timeout", "read_timeout"):
        value = params.get(key)
        if value is not None and not 0 < value <= 3600:
            problems.append("%s must be more than 0 and at most 3600 seconds, got %s" % (key, value))
    if not params.get("switch_host"):
        problems.append("switch_host is required")
    if not params.get("switch_username") or params.get("switch_password") is None:
        problems.append("switch_username and switch_password are required (or CLOUDOPS_SWITCH_USERNAME / CLOUDOPS_SWITCH_PASSWORD)")
    return problems


class SwitchClient(object):
    """One netmiko session to one switch. Use as a context manager; the session opens on first use."""

    def __init__(self, host, device_type, username, password, port=22, secret=None, conn_timeout=10,
                 auth_timeout=10, banner_timeout=15, read_timeout=30, fast_cli=True, connect_handler=None):
        if device_type not in DEVICE_TYPES:
            raise SwitchError("unsupported device_type %r (one of %s)" % (device_type, ", ".join(DEVICE_TYPES)),
                              "invalid_option", host=host)
        self.host = host
        self.port = int(port or 22)
        self.device_type = device_type
        self.username = username
        self._password = password
        self._secret = secret
        self.conn_timeout = conn_timeout
        self.auth_timeout = auth_timeout
        self.banner_timeout = banner_timeout
        self.read_timeout = read_timeout
        self.fast_cli = fast_cli
        self._handler = connect_handler
        self._conn = None
        self._config_touched = False   # a configuration primitive ran: leave through netmiko's full cleanup
        self.prompt = None
        self.timings = {"connect": 0.0, "commands": 0.0, "count": 0}

    # ---- secrets -------------------------------------------------------------------------
    def scrub(self, text):
        """The text with the password and secret masked (netmiko never prints them; a device might echo one)."""
        if text is None:
            return None
        text = str(text)
        for secret in (self._password, self._secret):
            if secret:
                text = text.replace(secret, MASK)
        return text

    def __repr__(self):
        return "SwitchClient(%s:%s, %s, user=%s)" % (self.host, self.port, self.device_type, self.username)

    # ---- session -------------------------------------------------------------------------
    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    @property
    def connection(self):
        """The open netmiko connection (for dialogs the primitives below do not cover); its user may change the
        view, so the session is then left through netmiko's full cleanup."""
        conn = self.open()
        self._config_touched = True
        return conn

    def open(self):
        if self._conn is not None:
            return self._conn
        if not HAS_NETMIKO:
            raise SwitchError("netmiko is required on the controller: %s" % NETMIKO_IMPORT_ERROR, "missing_library",
                              host=self.host)
        params = dict(device_type=self.device_type, host=self.host, port=self.port, username=self.username,
                      password=self._password, conn_timeout=self.conn_timeout, auth_timeout=self.auth_timeout,
                      banner_timeout=self.banner_timeout, fast_cli=self.fast_cli, session_log=None)
        if self._secret:
            params["secret"] = self._secret
        handler = self._handler or ConnectHandler
        started = time.monotonic()
        try:
            self._conn = handler(**params)
            prompt = (self._conn.find_prompt() or "").strip()
        except Exception as err:       # classified; `from None`: no chained netmiko/paramiko context in tracebacks
            self._drop()
            raise self._classify(err, "connect") from None
        finally:
            self.timings["connect"] += time.monotonic() - started
        if not PROMPT.match(prompt):
            self._drop()
            raise SwitchError("%s:%s answered with an unexpected prompt %r (not a VRP/Comware prompt)"
                              % (self.host, self.port, self.scrub(prompt)), "unexpected_prompt", host=self.host)
        self.prompt = prompt
        self._config_touched = False       # a new session starts in user view
        return self._conn

    def close(self):
        """Leave the device cleanly (`quit`); a session already gone is closed quietly.

        A session that only ran display commands is still in user view, where `quit` ends it: netmiko's
        disconnect() would first run check_config_mode, a 2 s quiet read on Huawei (reference 1.12, 1.15),
        half of a whole inspection's time. After any configuration primitive netmiko's own cleanup runs.
        """
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            if self._config_touched:
                conn.disconnect()
            else:
                conn.write_channel("quit" + conn.RETURN)
                conn.paramiko_cleanup()
        except Exception:              # the session may have been dropped by the device: nothing to leave
            pass

    def _drop(self):
        """Close the transport without the config-mode checks (netmiko's 2 s quiet reads)."""
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            conn.paramiko_cleanup()
        except Exception:              # already closed
            pass

    # ---- primitives ----------------------------------------------------------------------
    def send_show(self, cmd, use_textfsm=False, expect_string=None, read_timeout=None):
        """Run one display command; the text, or with use_textfsm the parsed rows (None: no template)."""
        conn = self.open()
        started = time.monotonic()
        try:
            kwargs = {"read_timeout": read_timeout or self.read_timeout}
            if expect_string:
                kwargs["expect_string"] = expect_string
            elif not self._config_touched and self.prompt:
                # Still in user view: wait for the exact prompt seen at login instead of netmiko's find_prompt
                # before every command (a write and a wait each time); `<NAME>` never appears inside output.
                kwargs["expect_string"] = re.escape(self.prompt)
            output = conn.send_command(cmd, **kwargs)
        except Exception as err:
            raise self._classify(err, cmd) from None
        finally:
            self.timings["commands"] += time.monotonic() - started
            self.timings["count"] += 1
        output = self.scrub(output)
        rejected = ERROR_LINE.search(output or "")
        if rejected:
            raise SwitchError("%s rejected %r: %s" % (self.host, cmd, rejected.group(0).strip()), "rejected_command",
                              host=self.host, command=cmd, device_output=output)
        if use_textfsm:
            return self.parse(cmd, output)
        return output

    def parse(self, cmd, output):
        """Rows parsed with the collection's template or ntc-templates' (allow-listed), None without one."""
        from ansible_collections.cloudops.privatecloud.plugins.module_utils.switch.textfsm import parse
        try:
            return parse(self.device_type, cmd, output)
        except Exception as err:       # TextFSMError: the output does not have the template's shape
            raise SwitchError("%s: %r could not be parsed: %s" % (self.host, cmd, err), "parse", host=self.host,
                              command=cmd, device_output=output)

    def send_config(self, lines, exit_config_mode=None, read_timeout=None):
        """Send configuration lines in system view, each checked against the vendor's error markers.

        A rejected line raises rejected_command naming the line; `sent` lists the lines before it (on VRP5
        and Comware they are applied; on VRPv8 they sit in this session's candidate until commit).
        On VRPv8 the session stays in system view (netmiko's default for huawei_vrpv8) so the caller commits.
        """
        lines = [str(line) for line in lines]
        conn = self.open()
        self._config_touched = True
        kwargs = {"error_pattern": ERROR_PATTERNS[self.device_type], "read_timeout": read_timeout or self.read_timeout}
        if exit_config_mode is not None:
            kwargs["exit_config_mode"] = exit_config_mode
        started = time.monotonic()
        try:
            output = conn.send_config_set(lines, **kwargs)
        except ConfigInvalidException as err:
            text = self.scrub(str(err))
            match = re.search(r"at command: (.*?), matched error: (.*)$", text, re.S)
            bad = match.group(1) if match else None
            index = lines.index(bad) if bad in lines else 0
            raise SwitchError("%s rejected %r: %s" % (self.host, bad, (match.group(2) if match else text).strip()),
                              "rejected_command", host=self.host, command=bad, device_output=text,
                              sent=lines[:index]) from None
        except Exception as err:
            raise self._classify(err, "configuration") from None
        finally:
            self.timings["commands"] += time.monotonic() - started
            self.timings["count"] += len(lines)
        return self.scrub(output)

    def commit(self, label=None, read_timeout=120):
        """VRPv8: commit this session's candidate (`commit label L`, the form the command reference lists, not
        netmiko's `commit comment`), back in user view. A refusal raises rejected_command."""
        if self.device_type != "huawei_vrpv8":
            raise SwitchError("commit is a VRPv8 (huawei_vrpv8) command; %s applies lines at once" % self.device_type,
                              "invalid_option", host=self.host)
        conn = self.open()
        self._config_touched = True
        cmd = "commit" if not label else "commit label %s" % label
        try:
            conn.config_mode()
            output = self.scrub(conn.send_command(cmd, expect_string=r"\]", strip_prompt=False, strip_command=False,
                                                  read_timeout=read_timeout))
        except Exception as err:
            raise self._classify(err, cmd) from None
        rejected = ERROR_LINE.search(output or "")
        if rejected or "Failed to generate committed config" in (output or ""):
            raise SwitchError("%s refused %r: %s" % (self.host, cmd, (rejected.group(0) if rejected else output).strip()),
                              "rejected_command", host=self.host, command=cmd, device_output=output)
        try:
            conn.exit_config_mode()
        except Exception as err:
            raise self._classify(err, "return") from None
        return output

    def set_limits(self, max_concurrency=None, requests_per_second=None):
        """Accepted for the common module interface: a switch session runs one command at a time."""

    @property
    def stats(self):
        """What CloudModule reports as api_calls: commands sent, and seconds in connect and commands."""
        return {"api_calls": self.timings["count"], "connect_seconds": round(self.timings["connect"], 3),
                "command_seconds": round(self.timings["commands"], 3)}

    def save(self):
        """Persist running to saved (`save` + `y` on Huawei, `save force` on Comware)."""
        conn = self.open()
        self._config_touched = True        # Comware's save_config leaves the session in system view
        try:
            return self.scrub(conn.save_config())
        except Exception as err:
            raise self._classify(err, "save") from None

    # ---- errors --------------------------------------------------------------------------
    def _session_gone(self):
        """True when the SSH channel or transport is closed (without writing anything to the device)."""
        channel = getattr(self._conn, "remote_conn", None)
        if channel is None or getattr(channel, "closed", False):
            return True
        transport = getattr(channel, "transport", None)
        try:
            return transport is not None and not transport.is_active()
        except Exception:          # a half-torn transport: gone
            return True

    def _classify(self, err, what):
        """One SwitchError from a netmiko/paramiko/socket failure, without the password in it."""
        if isinstance(err, SwitchError):
            return err
        text = self.scrub(str(err)).strip().splitlines()
        first = text[0] if text else type(err).__name__
        where = "%s:%s" % (self.host, self.port)
        if HAS_NETMIKO and isinstance(err, NetmikoAuthenticationException):
            return SwitchError("authentication to %s as %s failed" % (where, self.username), "auth", host=self.host)
        if isinstance(err, (ConnectionRefusedError, socket.gaierror)) or "refused" in first.lower():
            return SwitchError("%s is unreachable: %s" % (where, first), "unreachable", host=self.host)
        if HAS_NETMIKO and isinstance(err, NetmikoTimeoutException):
            low = " ".join(text).lower()
            if "tcp connection to device failed" in low or "timed-out" in low or "timed out" in low \
                    or "unable to connect" in low or "refused" in low:
                return SwitchError("%s is unreachable (no SSH answer within %ss): %s" % (where, self.conn_timeout, first),
                                   "unreachable", host=self.host)
            return SwitchError("%s timed out during %s: %s" % (where, what, first), "timeout", host=self.host)
        if HAS_NETMIKO and isinstance(err, ReadTimeout):
            if what == "connect":
                return SwitchError("%s did not show a VRP/Comware prompt after login: %s" % (where, first),
                                   "unexpected_prompt", host=self.host)
            if self._session_gone():
                # netmiko does not notice a channel the device closed: it waits out read_timeout, then says timeout
                return SwitchError("%s dropped the session during %r (noticed after the %ss read timeout)"
                                   % (where, what, self.read_timeout), "connection_lost", host=self.host, command=what)
            return SwitchError("%s: no prompt within the read timeout after %r (%s)" % (where, what, first),
                               "timeout", host=self.host, command=what)
        if isinstance(err, (socket.timeout, TimeoutError)):
            return SwitchError("%s timed out during %s" % (where, what), "timeout" if what != "connect" else "unreachable",
                               host=self.host)
        if isinstance(err, (EOFError, OSError)) or (HAS_NETMIKO and isinstance(err, ReadException)) \
                or "socket is closed" in first.lower() or "closed" in first.lower():
            if what == "connect":
                return SwitchError("%s is unreachable: %s" % (where, first), "unreachable", host=self.host)
            return SwitchError("%s dropped the session during %s: %s" % (where, what, first), "connection_lost",
                               host=self.host, command=what)
        return SwitchError("%s: %s during %s: %s" % (where, type(err).__name__, what, first), "unexpected_prompt",
                           host=self.host, command=what)
