"""The persisted change journal (change/journal_file.py): where it lives, its modes, and what stays open."""

import os
import stat

from ansible_collections.cloudops.privatecloud.plugins.module_utils.change.journal_file import JournalFile, entry_key


def _entry(rid, rtype="vpc"):
    return {"op": "create", "type": rtype, "id": rid, "name": "n-%s" % rid, "keys": {}}


def test_one_private_file_per_change_and_endpoint(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDOPS_JOURNAL_DIR", str(tmp_path / "j"))
    one = JournalFile.for_change("CHG/../1", "zstack", "http://a:8080")
    assert os.path.dirname(os.path.dirname(one.path)) == str(tmp_path / "j")
    assert os.path.basename(os.path.dirname(JournalFile.for_change("..", "zstack", "x").path)) == "_"
    assert one.path != JournalFile.for_change("CHG/../1", "zstack", "http://b:8080").path
    one.intent({"type": "vpc"})
    assert stat.S_IMODE(os.stat(one.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(one.path)).st_mode) == 0o700
    assert JournalFile.for_change("unnamed-change", "zstack", "x") is None and JournalFile.for_change(None, "z", "x") is None
    monkeypatch.setenv("CLOUDOPS_JOURNAL_DIR", "off")
    assert JournalFile.for_change("CHG-1", "zstack", "x") is None


def test_open_entries_are_what_no_task_result_carried_and_no_rollback_undid(tmp_path):
    journal = JournalFile(str(tmp_path / "c" / "f.jsonl"))
    delivered = journal.intent({"op": "create", "type": "vpc", "name": "a"})
    journal.result(delivered, _entry("vpc-a"))
    journal.delivered([delivered])
    done = journal.intent({"op": "create", "type": "vpc", "name": "b"})
    journal.result(done, _entry("vpc-b"))
    journal.undone(_entry("vpc-b"))
    resolved = journal.intent({"op": "create", "type": "vpc", "name": "c"})
    journal.result(resolved, _entry("vpc-c"))
    pending = journal.intent({"op": "create", "type": "vswitch", "name": "d", "id": None})
    with open(journal.path, "a", encoding="utf-8") as handle:
        handle.write('{"kind": "result", "key": "cut sh')          # a line a kill cut short
    open_entries = journal.open_entries()
    assert [(e.get("kind"), e["id"] if e.get("id") else e["name"]) for e in open_entries] == [
        (None, "vpc-c"), ("intent", "d")]
    assert open_entries[1]["key"] == pending
    assert journal.created("vpc", "vpc-c")["id"] == "vpc-c" and journal.created("vswitch", None, "d")["key"] == pending
    assert journal.created("vpc", "vpc-a") is None
    assert entry_key(_entry("x")) == entry_key(dict(_entry("x"), name="other"))
