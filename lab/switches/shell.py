"""One CLI session on one switch: views and prompts, abbreviations, errors, paging, dialogs, the VRPv8
candidate. Transport-free: ``Shell.handle(line)`` returns what the device prints after the echoed line,
prompt or question included, so the SSH server and the world loader share it."""
from __future__ import annotations

from . import display
from .device import Device, IfConf
from .grammar import UNRECOGNIZED, WRONG, CliError, Grammar

PAGE_LINES = 24          # the default screen-length; "screen-length 0 temporary"/"disable" turns paging off
MORE = "  ---- More ----"


class DeviceError(Exception):
    """A semantic refusal: printed as one ``Error: ...`` (Comware ``% ...``) line, nothing changed."""


class Dropped(Exception):
    """The drop_on fault: the session ends here."""


# ---- configuration commands: (vendor, cfg, ctx, args) -> new ctx ------------------------------------------
def _iface(cfg, ctx) -> IfConf:
    return cfg.ifaces.setdefault(ctx[1], IfConf())


def _has_vlan_config(ic: IfConf) -> bool:
    return bool(ic.trunk or (ic.pvid and ic.pvid != 1) or ic.trunk_pvid)


def c_sysname(v, cfg, ctx, a):
    cfg.sysname = a[0]


def c_vlan(v, cfg, ctx, a):
    cfg.vlans.setdefault(int(a[0]), {})
    return ("vlan", int(a[0]))


def c_vlan_batch(v, cfg, ctx, a):
    for vid in a[0]:
        cfg.vlans.setdefault(vid, {})


def c_vlan_range(v, cfg, ctx, a):
    lo, hi = int(a[0]), int(a[1])
    if hi < lo:
        raise CliError(WRONG, -1)
    for vid in range(lo, hi + 1):
        cfg.vlans.setdefault(vid, {})


def _drop_vlans(cfg, vids):
    for vid in vids:
        if vid == 1:
            raise DeviceError("The default VLAN cannot be deleted.")
    for vid in vids:
        cfg.vlans.pop(vid, None)
        for ic in cfg.ifaces.values():
            ic.trunk.discard(vid)
            if ic.pvid == vid:
                ic.pvid = None


def c_undo_vlan(v, cfg, ctx, a):
    _drop_vlans(cfg, [int(a[0])])


def c_undo_vlan_batch(v, cfg, ctx, a):
    _drop_vlans(cfg, a[0])


def c_undo_vlan_range(v, cfg, ctx, a):
    _drop_vlans(cfg, range(int(a[0]), int(a[1]) + 1))


def c_ntp(v, cfg, ctx, a):
    if a[0] not in cfg.ntp:
        cfg.ntp.append(a[0])


def c_undo_ntp(v, cfg, ctx, a):
    if a[0] in cfg.ntp:
        cfg.ntp.remove(a[0])


def c_noop(v, cfg, ctx, a):
    return None


def c_route(v, cfg, ctx, a):
    text = " ".join(a)
    if text not in cfg.routes:
        cfg.routes.append(text)


def c_undo_route(v, cfg, ctx, a):
    text = " ".join(a)
    if text in cfg.routes:
        cfg.routes.remove(text)


def c_vlan_name(v, cfg, ctx, a):
    cfg.vlans.setdefault(ctx[1], {})["name"] = a[0]


def c_vlan_undo_name(v, cfg, ctx, a):
    cfg.vlans.setdefault(ctx[1], {}).pop("name", None)


def c_vlan_desc(v, cfg, ctx, a):
    cfg.vlans.setdefault(ctx[1], {})["description"] = a[0]


def c_vlan_undo_desc(v, cfg, ctx, a):
    cfg.vlans.setdefault(ctx[1], {}).pop("description", None)


def c_if_desc(v, cfg, ctx, a):
    _iface(cfg, ctx).description = a[0]


def c_if_undo_desc(v, cfg, ctx, a):
    _iface(cfg, ctx).description = None


def c_link_type(v, cfg, ctx, a):
    ic = _iface(cfg, ctx)
    new = a[0].lower()
    if new not in ("access", "trunk", "hybrid"):
        raise CliError(WRONG, -1)
    if v.huawei and (ic.link_type or "access") != new and _has_vlan_config(ic):
        # VRP refuses to change the link type of a port with VLAN settings (a well-known pitfall)
        raise DeviceError("Please renew the default configurations.")
    if (ic.link_type or "access") != new:
        ic.trunk.clear()
        ic.pvid = ic.trunk_pvid = None
    ic.link_type = new


def _need(ic: IfConf, kind: str, v):
    if (ic.link_type or "access") != kind:
        raise DeviceError(f"The port is not an {kind} port." if kind == "access" else
                          f"The port is not a {kind} port.")       # [unverified wording]


def c_access(v, cfg, ctx, a):
    ic = _iface(cfg, ctx)
    _need(ic, "access", v)
    vid = int(a[0])
    if vid not in cfg.vlans:
        raise DeviceError(f"The VLAN {vid} does not exist." if v.huawei else f"VLAN {vid} does not exist.")
    ic.pvid = vid


def c_undo_access(v, cfg, ctx, a):
    _iface(cfg, ctx).pvid = None


def c_trunk(v, cfg, ctx, a):
    ic = _iface(cfg, ctx)
    _need(ic, "trunk", v)
    ic.trunk |= set(a[0])               # adds to the list; never replaces it


def c_undo_trunk(v, cfg, ctx, a):
    ic = _iface(cfg, ctx)
    _need(ic, "trunk", v)
    ic.trunk -= set(a[0])


def c_trunk_pvid(v, cfg, ctx, a):
    ic = _iface(cfg, ctx)
    _need(ic, "trunk", v)
    ic.trunk_pvid = int(a[0])


def c_undo_trunk_pvid(v, cfg, ctx, a):
    _iface(cfg, ctx).trunk_pvid = None


def c_shutdown(v, cfg, ctx, a):
    _iface(cfg, ctx).shutdown = True


def c_undo_shutdown(v, cfg, ctx, a):
    _iface(cfg, ctx).shutdown = False


def c_ip(v, cfg, ctx, a):
    _iface(cfg, ctx).ip = f"{a[0]} {a[1]}"


def c_undo_ip(v, cfg, ctx, a):
    _iface(cfg, ctx).ip = None


def _config_grammars(v):
    system, iface, vlan = Grammar(), Grammar(), Grammar()
    system.add("sysname <word>", c_sysname)
    if v.huawei:
        system.add("vlan batch <vlans>", c_vlan_batch)
        system.add("undo vlan batch <vlans>", c_undo_vlan_batch)
    else:
        system.add("vlan <vid> to <vid>", c_vlan_range)
        system.add("undo vlan <vid> to <vid>", c_undo_vlan_range)
        system.add("ntp-service enable", c_noop)
    system.add("vlan <vid>", c_vlan)
    system.add("undo vlan <vid>", c_undo_vlan)
    system.add("interface <ifname>", "interface")
    system.add(f"{v.ntp_command} <ip>", c_ntp)
    system.add(f"undo {v.ntp_command} <ip>", c_undo_ntp)
    system.add("ip route-static <ip> <mask> <ip>", c_route)
    system.add("undo ip route-static <ip> <mask> <ip>", c_undo_route)
    iface.add("description <text>", c_if_desc)
    iface.add("undo description", c_if_undo_desc)
    iface.add("port link-type <word>", c_link_type)
    iface.add(f"{v.access_command} <vid>", c_access)
    iface.add(f"undo {v.access_command}", c_undo_access)
    iface.add(f"undo {v.access_command} <vid>", c_undo_access)
    iface.add(f"{v.trunk_command} <vlans>", c_trunk)
    iface.add(f"undo {v.trunk_command} <vlans>", c_undo_trunk)
    iface.add("port trunk pvid vlan <vid>", c_trunk_pvid)
    iface.add("undo port trunk pvid vlan", c_undo_trunk_pvid)
    iface.add("shutdown", c_shutdown)
    iface.add("undo shutdown", c_undo_shutdown)
    iface.add("ip address <ip> <mask>", c_ip)
    iface.add("undo ip address", c_undo_ip)
    if not v.huawei:
        iface.add("port link-mode bridge", c_noop)
    vlan.add("name <text>", c_vlan_name)
    vlan.add("undo name", c_vlan_undo_name)
    vlan.add("description <text>", c_vlan_desc)
    vlan.add("undo description", c_vlan_undo_desc)
    return {"system": system, "interface": iface, "vlan": vlan}


def apply_line(dev: Device, cfg, ctx, line: str):
    """Apply one configuration line to ``cfg`` in view ``ctx`` (None = system view) -> the new view.
    Commands of the system view are accepted in a sub-view too (VRP and Comware both do this)."""
    grammars = _config_grammars(dev.vendor)
    sub = ctx[0] if ctx else "system"
    try:
        handler, args, words = grammars[sub].match(line)
    except CliError as sub_error:
        if sub == "system":
            raise
        try:
            handler, args, words = grammars["system"].match(line)
        except CliError as sys_error:
            # the sub-view's error is the precise one unless its first word was unknown there
            raise sys_error if sub_error.kind == UNRECOGNIZED and sub_error.column == 0 else sub_error
        ctx = None
    if handler == "interface":
        name = dev.resolve_port(args[0])
        if name is None:
            raise CliError(WRONG, line.find(args[0]))
        cfg.ifaces.setdefault(name, IfConf())
        return ("interface", name)
    try:
        new = handler(dev.vendor, cfg, ctx, args)
    except CliError as e:
        if e.column < 0:
            e.column = line.rfind(words[-1])
        raise
    return new if new is not None else ctx


# ---- the session -----------------------------------------------------------------------------------------
class Shell:
    def __init__(self, dev: Device, user: str, session_id: int = 0, lab=None):
        self.dev = dev
        self.v = dev.vendor
        self.user = user
        self.session_id = session_id
        self.lab = lab
        self.in_system = False
        self.ctx = None                  # None, ("interface", name) or ("vlan", vid)
        self.immediate = not self.v.two_stage
        self.paging = True
        self.pending = None              # a dialog: callable(answer) -> output
        self.pages: list[str] = []       # output still held behind "---- More ----"
        self.closed = False
        self.candidate = None            # VRPv8: the session's candidate Config
        self.candidate_lines: list[tuple] = []
        self.grammar = self._grammar()

    # ---- prompts -------------------------------------------------------------------------------------
    def sysname(self):
        return self.dev.running.sysname

    def prompt(self) -> str:
        name = self.sysname()
        if not self.in_system:
            return f"<{name}>"
        if self.ctx:
            name += f"-{self.ctx[1]}" if self.ctx[0] == "interface" else f"-vlan{self.ctx[1]}"
        if self.immediate:
            return f"[{name}]"
        return f"[{'*' if self.candidate_lines else '~'}{name}]"

    def greeting(self, now: str) -> str:
        text = self.v.banner(now)
        if self.dev.password_change_prompt and self.v.huawei:
            self.pending = self._password_change
            return text + "The password needs to be changed. Change now? [Y/N]: "
        return text + self.prompt()

    def _password_change(self, answer):
        if answer.lower().startswith("y"):
            return self._ask("Please enter old password: ", lambda a: "Error: The password change is not "
                             "supported by the lab.\r\n" + self.prompt())
        return self.prompt()

    def _ask(self, question, then):
        self.pending = then
        return question

    # ---- output helpers ------------------------------------------------------------------------------
    def _err(self, line: str, e: CliError) -> list[str]:
        caret = " " * (len(self.prompt()) + max(e.column, 0)) + "^"
        return [caret, f"{self.v.error_prefix}{e.kind} found at '^' position."]

    def _out(self, lines: list[str]) -> str:
        """Lines then the prompt, paged while paging is on."""
        if self.paging and len(lines) > PAGE_LINES:
            self.pages = lines[PAGE_LINES:]
            return "\r\n".join(lines[:PAGE_LINES]) + "\r\n" + MORE
        body = "".join(ln + "\r\n" for ln in lines)
        return body + self.prompt()

    def page_key(self, key: str) -> str:
        """A key typed at ``---- More ----``: space the next page, Enter one line, q/Ctrl+C stop."""
        erase = "\x1b[16D" + " " * len(MORE) + "\x1b[16D"
        if key in ("q", "Q", "\x03"):
            self.pages = []
            return erase + "\r\n" + self.prompt()
        n = 1 if key in ("\r", "\n") else PAGE_LINES
        chunk, self.pages = self.pages[:n], self.pages[n:]
        text = erase + "".join(ln + "\r\n" for ln in chunk)
        return text + (MORE if self.pages else self.prompt())

    def record(self, line: str, result: str):
        if self.lab is not None:
            self.lab.record_write(self.dev.name, {"session": self.session_id, "line": line,
                                                  "view": self.prompt(), "result": result})

    # ---- the command loop ------------------------------------------------------------------------------
    def handle(self, line: str) -> str:
        """What the device prints after ``line`` was typed and echoed (ends with a prompt or a question)."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            return pending(line.strip())
        if not line.strip():
            return self.prompt()
        faults = self.dev.faults
        if faults.drops(line):
            self.record(line, "dropped")
            raise Dropped(line)
        if faults.command_fails(line):
            self.record(line, "failed") if self.in_system else None
            words = line.split()
            return self._out(self._err(line, CliError(WRONG, line.rfind(words[-1]))))
        with self.dev.lock:
            try:
                handler, args, words = self.grammar.match(line)
            except CliError as e:
                if not self.in_system:
                    return self._out(self._err(line, e))
                return self._config(line, e)
            try:
                return handler(args)
            except CliError as e:
                return self._out(self._err(line, e))
            except DeviceError as e:
                return self._out([f"{self.v.error_prefix}{e}"])

    def _config(self, line: str, syntax_error: CliError) -> str:
        """A line that is no session/display command, in system view: configuration."""
        base = self.dev.running if self.immediate else (self.candidate or self.dev.running.clone())
        from .device import render
        was = None if self.immediate else render(self.v, base)
        try:
            new_ctx = apply_line(self.dev, base, self.ctx, line)
        except CliError as e:
            if e.kind == UNRECOGNIZED and syntax_error.kind != UNRECOGNIZED:
                e = syntax_error
            self.record(line, "rejected")
            return self._out(self._err(line, e))
        except DeviceError as e:
            self.record(line, "rejected")
            return self._out([f"{self.v.error_prefix}{e}"])
        if self.immediate:
            self.dev.touch(self.user)
            self.record(line, "applied")
        elif render(self.v, base) != was or self.candidate_lines:
            # entering the view of something that exists changes nothing: the prompt keeps its ~
            self.candidate = base
            self.candidate_lines.append((self.ctx, line))
            self.record(line, "candidate")
        self.ctx = new_ctx
        return self.prompt()

    # ---- the session/display grammar -------------------------------------------------------------------
    def _grammar(self) -> Grammar:
        g = Grammar()
        v = self.v

        def show(fn):
            return lambda a: self._out(fn(self.dev))
        g.add("display version", show(display.version))
        g.add("display current-configuration", lambda a: self._out(self.dev.running_text().split("\n")))
        g.add("display current-configuration | include <text>", self.d_cur_include)
        g.add("display current-configuration | begin <text>", self.d_cur_begin)
        g.add("display current-configuration interface <ifname>", self.d_cur_interface)
        g.add("display saved-configuration", lambda a: self._out(self.dev.saved_text().split("\n")))
        g.add("display this", self.d_this)
        g.add("display interface brief", show(display.interface_brief))
        g.add("display vlan brief", show(display.vlan if v.huawei else display.comware_vlan_brief))
        g.add("display stp brief", show(display.stp_brief))
        g.add("display stp", show(display.stp))
        if v.kind == "huawei_vrpv8":
            g.add("display device temperature all", show(display.device_temperature))
        elif v.huawei:
            g.add("display temperature all", show(display.temperature_all))
        else:
            g.add("display environment", show(display.environment))
        g.add("display cpu-usage", show(display.cpu))
        g.add("display clock", show(display.clock))
        g.add("display fan", show(display.fan))
        g.add("display power", show(display.power))
        g.add("display device", show(display.device))
        g.add("quit", self.s_quit)
        g.add("return", self.s_return)
        g.add("system-view", self.s_system_view)
        g.add("save", self.s_save)
        g.add(v.paging_command, self.s_paging)
        if v.huawei:
            g.add("display interface description", show(display.interface_description))
            g.add("display error-down recovery", show(display.error_down))
            g.add("display vlan", show(display.vlan))
            g.add("display port vlan", show(display.port_vlan))
            g.add("display lldp neighbor brief", show(display.lldp_brief))
            g.add("display lldp neighbor", show(display.lldp_detail))
            g.add("display memory-usage", show(display.memory))
            g.add("display alarm active", show(display.alarm_active))
            g.add("display startup", show(display.startup))
            g.add("screen-width <int>", self.s_screen_width)
        else:
            g.add("display interface brief down", show(display.interface_brief_down))
            g.add("display vlan all", show(display.comware_vlan_all))
            g.add("display lldp neighbor-information list", show(display.comware_lldp_list))
            g.add("display device manuinfo", show(display.comware_device_manuinfo))
            g.add("display memory", show(display.memory))
            g.add("display logbuffer summary", show(display.comware_logbuffer_summary))
            g.add("save force", self.s_save_force)
        if v.kind == "huawei_vrpv8":
            g.add("display cpu", show(display.cpu))
            g.add("display memory", show(display.memory))
            g.add("display device fan", show(display.fan))
            g.add("display device power", show(display.power))
            g.add("display ntp status", show(display.ntp_status))
            g.add("display configuration candidate changes", self.d_candidate_changes)
            g.add("display configuration commit list", lambda a: self._out(display.commit_list(self.dev)))
            g.add("display configuration commit list verbose",
                  lambda a: self._out(display.commit_list(self.dev, True)))
            g.add("system-view immediately", self.s_system_view_immediately)
            g.add("commit", self.s_commit)
            g.add("commit label <word>", self.s_commit)
            g.add("commit description <text>", self.s_commit_description)
            g.add("clear configuration candidate", self.s_clear_candidate)
            g.add("rollback configuration to commit-id <int>", self.s_rollback)
            g.add("mmi-mode enable", self.s_nothing)
            g.add("undo mmi-mode enable", self.s_nothing)
        else:
            g.add("display ntp-service status", show(display.ntp_status))
        return g

    def s_nothing(self, a):
        return self.prompt()

    # ---- display handlers needing the session ----------------------------------------------------------
    def d_cur_include(self, a):
        import re
        try:
            rx = re.compile(a[0])
        except re.error:
            rx = re.compile(re.escape(a[0]))
        return self._out([ln for ln in self.dev.running_text().split("\n") if rx.search(ln)])

    def d_cur_begin(self, a):
        lines = self.dev.running_text().split("\n")
        start = next((i for i, ln in enumerate(lines) if a[0] in ln), len(lines))
        return self._out(lines[start:])

    def d_cur_interface(self, a):
        name = self.dev.resolve_port(a[0])
        if name is None:
            raise CliError(WRONG, len("display current-configuration interface "))
        return self._out(self._section(self.dev.running_text(), f"interface {name}") + ["#", "return"])

    @staticmethod
    def _section(text, head):
        lines = text.split("\n")
        if head not in lines:
            return []
        i = lines.index(head)
        out = [lines[i]]
        for ln in lines[i + 1:]:
            if not ln.startswith(" "):
                break
            out.append(ln)
        return ["#"] + out

    def d_this(self, a):
        cfg_text = self.dev.running_text()
        if not self.in_system or not self.ctx:
            return self._out(["#", "return"] if not self.in_system else cfg_text.split("\n"))
        head = f"interface {self.ctx[1]}" if self.ctx[0] == "interface" else f"vlan {self.ctx[1]}"
        return self._out(self._section(cfg_text, head)[1:] + ["#", "return"])

    def d_candidate_changes(self, a):
        """``+``/``-`` per changed line under its section head [unverified exact layout]."""
        if not self.in_system:
            raise CliError(UNRECOGNIZED, 8)
        if not self.candidate_lines:
            return self._out([])
        from .device import render
        old = render(self.v, self.dev.running).split("\n")
        new = render(self.v, self.candidate).split("\n")
        out = []
        for head, o_lines, n_lines in _section_diff(old, new):
            out.append("#")
            out.append(head)
            out += [f"- {ln.strip()}" if head != ln else f"- {ln}" for ln in o_lines]
            out += [f"+ {ln.strip()}" if head != ln else f"+ {ln}" for ln in n_lines]
        return self._out(out + ["#"])

    # ---- session commands --------------------------------------------------------------------------------
    def s_paging(self, a):
        if self.in_system and self.v.huawei:
            raise CliError(UNRECOGNIZED, 0)
        self.paging = False
        return self._out([self.v.paging_reply])

    def s_screen_width(self, a):
        return self._ask("Warning: This command will change the screen width for the current user "
                         "terminal. Continue? [Y/N]:", lambda ans: self.prompt())

    def s_system_view(self, a):
        if self.in_system:
            raise CliError(UNRECOGNIZED, 0)
        self.in_system = True
        self.ctx = None
        self.immediate = not self.v.two_stage
        return self._out([self.v.system_view_banner])

    def s_system_view_immediately(self, a):
        out = self.s_system_view(a)
        self.immediate = True
        return out[:-len("[~" + self.sysname() + "]")] + self.prompt()

    def s_quit(self, a):
        if not self.in_system:
            self.closed = True
            return ""
        if self.ctx:
            self.ctx = None
            return self.prompt()
        return self._leave()

    def s_return(self, a):
        if not self.in_system:
            return self.prompt()
        return self._leave()

    def _leave(self) -> str:
        if self.candidate_lines:
            return self._ask("Warning: Uncommitted configurations found, commit them before exiting? "
                             "[Y(yes)/N(no)/C(cancel)]:", self._leave_answer)
        self.in_system, self.ctx = False, None
        return self.prompt()

    def _leave_answer(self, ans):
        ans = ans.lower()
        if ans in ("y", "yes"):
            err = self._commit(None)
            if err:
                return self._out(err)
        elif ans in ("n", "no"):
            self.discard()
        elif ans in ("c", "cancel"):
            return self.prompt()
        else:
            return self._ask("Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. "
                             "[Y/N/C]:", self._leave_answer)
        self.in_system, self.ctx = False, None
        return self.prompt()

    def discard(self):
        if self.candidate_lines:
            self.record("clear configuration candidate", "discarded")
        self.candidate, self.candidate_lines = None, []

    def s_clear_candidate(self, a):
        if not self.in_system:
            raise CliError(UNRECOGNIZED, 0)
        self.discard()
        self.ctx = None
        return self.prompt()

    def s_commit(self, a, description=None):
        if not self.in_system:
            raise CliError(UNRECOGNIZED, 0)
        err = self._commit(a[0] if a else None)
        return self._out(err) if err else self.prompt()

    def s_commit_description(self, a):
        return self.s_commit([], description=a[0])

    def _commit(self, label):
        """Replay the candidate onto the current running configuration (another session may have
        committed meanwhile), then make it running and a rollback point."""
        if not self.candidate_lines:
            return None
        before = self.dev.running.clone()
        cfg = self.dev.running.clone()
        ctx = None
        try:
            for ctx_at, line in self.candidate_lines:
                ctx = apply_line(self.dev, cfg, ctx_at, line)
        except (CliError, DeviceError) as e:
            return [f"Error: Failed to generate committed config. ({line.strip()}: {e})"]
        self.dev.running = cfg
        self.dev.touch(self.user)
        c = self.dev.add_commit(before, cfg, self.user, label or "-")
        self.record("commit" + (f" label {label}" if label else ""), f"committed {c.commit_id}")
        self.candidate, self.candidate_lines = None, []
        return None

    def s_rollback(self, a):
        if self.in_system:       # a user-view command (HWNE rollbackconfig)
            raise CliError(UNRECOGNIZED, 0)
        cid = int(a[0])
        target = next((c for c in self.dev.commits if c.commit_id == cid), None)
        if target is None:
            return self._out([f"Error: The commit ID {cid} does not exist."])       # [unverified wording]
        before = self.dev.running.clone()
        self.dev.running = target.after.clone()
        self.dev.touch(self.user)
        c = self.dev.add_commit(before, self.dev.running, self.user, "-")
        self.record(f"rollback configuration to commit-id {cid}", f"rolled back, commit {c.commit_id}")
        return self._out(["Info: The configuration rollback succeeded."])          # [unverified wording]

    def s_save(self, a):
        if self.v.kind == "huawei_vrpv8":
            return self._ask("Warning: The current configuration will be written to the device. Continue? [Y/N]:",
                             lambda ans: self._saved(ans, ["Now saving the current configuration to the slot 1 .",
                                                           "Info: Save the configuration successfully."]))
        if self.v.huawei:
            return self._ask("Warning: The current configuration will be written to the device.\r\n"
                             "Are you sure to continue?[Y/N]:",
                             lambda ans: self._saved(ans, [
                                 "It will take several minutes to save configuration file, please wait........",
                                 "Configuration file had been saved successfully",
                                 "Note: The configuration file will take effect after being activated"]))
        return self._ask("The current configuration will be written to the device. Are you sure? [Y/N]:",
                         self._comware_save_name)

    def _comware_save_name(self, ans):
        if not ans.lower().startswith("y"):
            return self._out(["Configuration is not saved!"])
        return self._ask("Please input the file name(*.cfg)[flash:/startup.cfg]\r\n"
                         "(To leave the existing filename unchanged, press the enter key):",
                         lambda name: self._ask(f"{name or 'flash:/startup.cfg'} exists, overwrite? [Y/N]:",
                                                lambda ok: self._saved(ok, self._comware_saved_lines())))

    def _comware_saved_lines(self):
        return ["Validating file. Please wait...", "Saved the current configuration to mainboard device successfully."]

    def s_save_force(self, a):
        return self._saved("y", self._comware_saved_lines())

    def _saved(self, ans, lines):
        if not ans.lower().startswith("y"):
            return self.prompt()
        with self.dev.lock:
            self.dev.saved = self.dev.running.clone()
        self.record("save", "saved")
        return self._out(lines)


def _section_diff(old: list[str], new: list[str]):
    """Sections (split at ``#``) keyed by their head line -> (head, removed lines, added lines)."""
    def sections(lines):
        out, cur = {}, []
        for ln in lines:
            if ln == "#" or ln == "return":
                if cur:
                    out.setdefault(cur[0], []).extend(cur[1:] if cur[0].startswith(("interface", "vlan ")) else cur)
                cur = []
            else:
                cur.append(ln)
        return out
    a, b = sections(old), sections(new)
    for head in list(a) + [h for h in b if h not in a]:
        o, n = a.get(head), b.get(head)
        if o == n:
            continue
        if o is None:
            yield head, [], ([head] if head.startswith(("interface", "vlan ")) else []) + n
        elif n is None:
            yield head, ([head] if head.startswith(("interface", "vlan ")) else []) + o, []
        else:
            yield head, [ln for ln in o if ln not in n], [ln for ln in n if ln not in o]
