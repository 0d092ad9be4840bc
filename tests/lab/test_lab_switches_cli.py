"""The lab switches' CLI as netmiko sees it, fast paths only (send_command with expect_string):
prompts and their ~/* flips, errors, abbreviations, paging, the VRPv8 candidate, commit list and
rollback to commit-id, exit and save dialogs, the login banner before any input."""
from __future__ import annotations

import time

import paramiko

from conftest import SWITCH_PASSWORD, SWITCH_USER

ANY_PROMPT = r"[>\]]\s*$"


def cmd(conn, line, expect=ANY_PROMPT):
    return conn.send_command(line, expect_string=expect, strip_prompt=False)


def test_vrpv8_prompts_candidate_commit_list_and_rollback(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    dev = lab.device("DSW-CE-01")
    conn = switch_connect(lab, "DSW-CE-01")
    before = lab.snapshot()["DSW-CE-01"]["running"]
    # the world's configuration is itself a commit point (a CE configured by commits has one to roll back to)
    assert [c.commit_id for c in dev.commits] == [1000000001]
    assert "Enter system view, return user view with return command." in cmd(conn, "sys")
    assert cmd(conn, "").strip() == "[~DSW-CE-01]"
    out = cmd(conn, "int 10GE1/0/5")
    assert out.strip().endswith("[~DSW-CE-01-10GE1/0/5]")
    assert cmd(conn, "description new-port").strip().endswith("[*DSW-CE-01-10GE1/0/5]")     # ~ -> *
    # a rejected line leaves the prompt and the candidate as they were
    out = cmd(conn, "port trunk allow-pass vlan 5000")
    assert "Error: Wrong parameter found at '^' position." in out
    assert "^" in out.splitlines()[1]
    changes = cmd(conn, "display configuration candidate changes")
    assert "+ description new-port" in changes and "interface 10GE1/0/5" in changes
    assert dev.snapshot()["running"] == before                  # nothing applied yet
    assert cmd(conn, "commit label first").strip().endswith("[~DSW-CE-01-10GE1/0/5]")       # * -> ~
    assert "description new-port" in dev.running_text()
    cmd(conn, "description second")
    cmd(conn, "commit")
    lst = cmd(conn, "display configuration commit list")
    assert "1000000002" in lst and "1000000003" in lst and "first" in lst
    cmd(conn, "return")
    # rollback is a user-view command: back to the state at the first commit point
    out = cmd(conn, "rollback configuration to commit-id 1000000002")
    assert "Error" not in out
    assert "description new-port" in dev.running_text() and "description second" not in dev.running_text()
    assert dev.commits[-1].commit_id == 1000000004
    cmd(conn, "rollback configuration to commit-id 1000000002")
    cmd(conn, "rollback configuration to commit-id 1000000004")
    assert dev.snapshot()["running"] != before
    # back to the world's point: the configuration as the lab started
    cmd(conn, "rollback configuration to commit-id 1000000001")
    assert dev.snapshot()["running"] == before
    # a second session sees running, never the first one's candidate
    cmd(conn, "system-view")
    cmd(conn, "vlan 77")
    other = switch_connect(lab, "DSW-CE-01")
    assert "77" not in other.send_command("display vlan")


def test_vrpv8_exit_with_uncommitted_candidate_asks(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    conn = switch_connect(lab, "DSW-CE-02")
    cmd(conn, "system-view")
    cmd(conn, "vlan 55")
    out = cmd(conn, "return", expect=r"\[Y\(yes\)/N\(no\)/C\(cancel\)\]:")
    assert "Uncommitted configurations found" in out
    assert "Please choose" in cmd(conn, "x", expect=r"\[Y/N/C\]:")
    assert cmd(conn, "c").strip() == "[*DSW-CE-02-vlan55]"
    cmd(conn, "return", expect=r"\]:")
    assert cmd(conn, "n").strip() == "<DSW-CE-02>"
    assert "vlan batch 10 20 30 55" not in lab.device("DSW-CE-02").running_text()
    cmd(conn, "system-view")
    cmd(conn, "vlan 56")
    cmd(conn, "return", expect=r"\]:")
    cmd(conn, "y")
    assert "vlan batch 10 20 30 56 100 110" in lab.device("DSW-CE-02").running_text()
    # clear configuration candidate discards and stays in system view
    cmd(conn, "system-view")
    cmd(conn, "vlan 57")
    assert cmd(conn, "clear configuration candidate").strip() == "[~DSW-CE-02]"


def test_errors_in_each_vendor_format(switch_lab, switch_connect):
    ce = switch_connect(switch_lab, "DSW-CE-01")
    out = cmd(ce, "display foo")
    assert out.splitlines()[0] == " " * len("<DSW-CE-01>display ") + "^"
    assert out.splitlines()[1] == "Error: Unrecognized command found at '^' position."
    assert "Error: Incomplete command found at '^' position." in cmd(ce, "display")
    assert "Error: Ambiguous command found at '^' position." in cmd(ce, "dis c")
    assert "Error: Too many parameters found at '^' position." in cmd(ce, "display version now")
    h3c = switch_connect(switch_lab, "CSW-H3C-01")
    out = h3c.send_command("display foo", expect_string=ANY_PROMPT)
    assert "% Unrecognized command found at '^' position." in out
    vrp = switch_connect(switch_lab, "CSW-S-01")
    cmd(vrp, "system-view")
    out = cmd(vrp, "interface GigabitEthernet0/0/99")
    assert "Error: Wrong parameter found at '^' position." in out
    cmd(vrp, "interface GigabitEthernet0/0/1")
    # VRP refuses a link-type change on a port with VLAN settings
    assert "Error: Please renew the default configurations." in cmd(vrp, "port link-type trunk")
    assert cmd(vrp, "return").strip() == "<CSW-S-01>"


def test_banner_and_prompt_before_input_then_paging_and_quit(switch_lab):
    """A raw shell: what netmiko's Huawei login handler needs, and paging until it is turned off."""
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect("127.0.0.1", port=switch_lab.ports["CSW-S-01"], username=SWITCH_USER, password=SWITCH_PASSWORD,
                   look_for_keys=False, allow_agent=False)
    try:
        chan = client.invoke_shell(term="vt100", width=511, height=1000)

        def read_until(marker, timeout=5):
            buf, end = "", time.time() + timeout
            while marker not in buf and time.time() < end:
                if chan.recv_ready():
                    buf += chan.recv(65536).decode()
                else:
                    time.sleep(0.01)
            return buf

        first = read_until("<CSW-S-01>")           # sent without any input
        assert "Info: The max number of VTY users" in first and first.endswith("<CSW-S-01>")
        chan.send("display current-configuration\n")
        page = read_until("---- More ----")
        assert page.startswith("display current-configuration\r\n") and "---- More ----" in page
        chan.send("q")
        read_until("<CSW-S-01>")
        chan.send("screen-length 0 temporary\n")
        assert "Info: The configuration takes effect on the current user terminal interface only." in \
            read_until("<CSW-S-01>")
        chan.send("display current-configuration\n")
        full = read_until("return\r\n<CSW-S-01>")
        assert "---- More ----" not in full
        chan.send("quit\n")                           # quit in user view closes the session
        end = time.time() + 5
        while not chan.exit_status_ready() and time.time() < end:
            time.sleep(0.02)
        assert chan.exit_status_ready()
    finally:
        client.close()


def test_wrong_password_is_refused(switch_lab):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        import pytest
        with pytest.raises(paramiko.AuthenticationException):
            client.connect("127.0.0.1", port=switch_lab.ports["CSW-S-01"], username=SWITCH_USER, password="wrong",
                           look_for_keys=False, allow_agent=False)
    finally:
        client.close()


def test_save_dialogs(fresh_switch_lab, switch_connect):
    lab = fresh_switch_lab
    vrp = switch_connect(lab, "CSW-S-02")
    out = cmd(vrp, "save", expect=r"\[Y/N\]:")
    assert "Are you sure to continue?[Y/N]:" in out
    assert cmd(vrp, "n").strip() == "<CSW-S-02>" and lab.device("CSW-S-02").unsaved()
    h3c = switch_connect(lab, "CSW-H3C-01")
    cmd(h3c, "system-view")
    cmd(h3c, "vlan 99")
    cmd(h3c, "return")
    assert lab.device("CSW-H3C-01").unsaved()
    cmd(h3c, "save", expect=r"\[Y/N\]:")
    assert "press the enter key" in cmd(h3c, "y", expect=r"key\):")
    assert "overwrite? [Y/N]:" in cmd(h3c, "", expect=r"\[Y/N\]:")
    assert "Saved the current configuration to mainboard device successfully." in cmd(h3c, "y")
    assert not lab.device("CSW-H3C-01").unsaved()
