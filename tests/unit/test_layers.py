"""The import directions of docs/architecture.md, checked on every Python file of plugins/ and lab/.

Each file belongs to one layer (by its path); each layer names the layers it may import.  A file no
rule places fails the test too, so a new file is placed on purpose (and the doc updated with it).
"""

from __future__ import annotations

import ast
import fnmatch
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PKG = "ansible_collections.cloudops.privatecloud."

# (glob on the path below the repository root, layer).  First match wins: specific before general.
LAYERS = (
    ("plugins/module_utils/records.py", "records"),
    ("plugins/module_utils/timeparse.py", "records"),
    ("plugins/module_utils/values.py", "records"),
    ("plugins/module_utils/run_facts.py", "records"),
    ("plugins/module_utils/checks/*", "checks"),
    ("plugins/module_utils/core/*", "core"),
    ("plugins/module_utils/zstack/client.py", "zstack client"),
    ("plugins/module_utils/zstack/__init__.py", "zstack client"),      # re-exports the client's old names
    ("plugins/module_utils/apsara/client.py", "apsara client"),
    ("plugins/module_utils/apsara/__init__.py", "apsara client"),
    ("plugins/module_utils/switch/client.py", "switch client"),
    ("plugins/module_utils/switch/__init__.py", "switch client"),
    ("plugins/module_utils/switch/textfsm/*", "switch client"),          # parsing the client's show output
    ("plugins/module_utils/change/*", "change"),
    ("plugins/module_utils/events/*", "events"),
    ("plugins/module_utils/zstack/*", "zstack"),
    ("plugins/module_utils/apsara/*", "apsara"),
    ("plugins/module_utils/switch/*", "switch"),
    ("plugins/module_utils/backup/*", "backup"),
    ("plugins/module_utils/inspection.py", "inspection contract"),
    ("plugins/modules/*", "modules"),
    ("plugins/doc_fragments/*", "doc fragments"),
    ("plugins/plugin_utils/reporting/*", "reporting"),
    ("plugins/plugin_utils/store/*", "run store"),
    ("plugins/plugin_utils/service_report/*", "service report"),
    ("plugins/plugin_utils/inventory.py", "inventory support"),
    ("plugins/plugin_utils/*", "controller support"),
    ("plugins/inventory/*", "inventory plugins"),
    ("plugins/callback/*", "callbacks"),
    ("plugins/action/*", "action plugins"),
    ("plugins/lookup/*", "lookup plugins"),
    ("lab/*", "lab"),
)

MODULE_UTILS = {"records", "checks", "core", "zstack client", "apsara client", "change", "zstack", "apsara", "backup",
                "inspection contract", "switch client", "switch", "events"}

# Who may import whom.  A layer may always import itself.
ALLOWED = {
    "records": set(),
    "checks": {"records"},
    "core": {"records"},
    "zstack client": {"records", "core"},
    "apsara client": {"records", "core"},
    "switch client": {"records", "core"},
    "change": {"records", "core"},                                   # platform-neutral: no client
    "events": {"records", "core", "change"},                         # platform-neutral: no client
    "zstack": {"records", "core", "change", "checks", "backup", "zstack client", "events"},
    "apsara": {"records", "core", "change", "checks", "backup", "apsara client", "events"},
    "switch": {"records", "core", "change", "checks", "backup", "switch client"},
    "backup": {"records", "core", "checks", "inspection contract"},
    "inspection contract": {"records", "checks"},
    "modules": MODULE_UTILS,
    "doc fragments": set(),
    "reporting": {"records", "controller support"},                  # never a client, core or the change runtime
    "run store": {"records", "reporting"},                            # reporting never imports the store (or a driver)
    "service report": {"records", "reporting", "run store", "controller support"},  # reads the store, never a cloud
    "controller support": {"records"},
    "inventory support": {"records", "core"},
    "inventory plugins": {"records", "core", "zstack client", "apsara client", "inventory support"},
    "callbacks": {"records", "core", "zstack client", "reporting", "run store", "controller support"},
    "action plugins": {"records", "controller support", "service report", "run store"},
    "lookup plugins": {"records", "run store", "controller support"},    # read the store for a task (never write it)
    "lab": set(),                                                    # an independent peer: imports nothing of ours
}


def layer_of(rel):
    for pattern, layer in LAYERS:
        if fnmatch.fnmatch(rel, pattern):
            return layer
    return None


def python_files(root):
    for top in ("plugins", "lab"):
        yield from sorted((root / top).rglob("*.py"))


def resolve(root, dotted):
    """The repository file a dotted import names (module or package), or None when it is not ours."""
    if dotted.startswith(PKG):
        parts = dotted[len(PKG):].split(".")
    elif dotted == "lab" or dotted.startswith("lab."):
        parts = dotted.split(".")
    else:
        return None
    base = root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate.relative_to(root).as_posix()
    return "/".join(parts) + ".py"        # a name that does not exist is still an edge (and a broken import)


def imports_of(root, path):
    """The repository files `path` imports (`from a.b import c` counts c when c is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import mod`: the edge is to mod; `from mod import Name`: to mod
            subs = [resolve(root, "%s.%s" % (node.module, alias.name)) for alias in node.names]
            subs = [s for s in subs if s and (root / s).is_file()]
            names = None
            if subs:
                out.extend((node.lineno, s) for s in subs)
                continue
            names = [node.module]
        else:
            continue
        for name in names:
            target = resolve(root, name)
            if target is not None:
                out.append((node.lineno, target))
    return out


def violations(root):
    """Every import edge against ALLOWED, and every file no layer rule places."""
    problems = []
    for path in python_files(root):
        rel = path.relative_to(root).as_posix()
        src = layer_of(rel)
        if src is None:
            problems.append("%s: no layer (add it to LAYERS and docs/architecture.md)" % rel)
            continue
        for lineno, target in imports_of(root, path):
            dst = layer_of(target)
            if dst == src:
                continue
            if src == "lab" or dst == "lab" or dst not in ALLOWED[src]:
                problems.append("%s:%d (%s) imports %s (%s)" % (rel, lineno, src, target, dst))
    return problems


def test_every_import_follows_the_documented_directions():
    found = violations(ROOT)
    assert not found, "imports against docs/architecture.md:\n" + "\n".join(found)


def test_every_layer_is_documented():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = sorted(layer for layer in ALLOWED if "`%s`" % layer not in doc)
    assert not missing, "layers missing from docs/architecture.md: %s" % missing


def _tree(tmp_path, files):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


GOOD = {
    "plugins/module_utils/records.py": "import hashlib\n",
    "plugins/module_utils/zstack/__init__.py": "",
    "plugins/module_utils/zstack/client.py": "X = 1\n",
    "plugins/module_utils/apsara/__init__.py": "",
    "plugins/module_utils/apsara/client.py": "Y = 1\n",
    "plugins/module_utils/checks/__init__.py": "",
    "plugins/module_utils/checks/base.py":
        "from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual\n",
    "plugins/plugin_utils/reporting/__init__.py": "",
    "lab/__init__.py": "",
}


@pytest.mark.parametrize("rel, text, expected", [
    ("plugins/module_utils/checks/bad.py",
     "from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import X\n", "(zstack client)"),
    ("plugins/module_utils/checks/bad.py",
     "from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import client\n", "(zstack client)"),
    ("plugins/plugin_utils/reporting/bad.py",
     "import ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client\n", "(apsara client)"),
    ("plugins/module_utils/zstack/bad.py",
     "from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import Y\n", "(apsara client)"),
    ("lab/bad.py", "from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import bilingual\n",
     "(records)"),
    ("plugins/module_utils/core/bad.py", "import lab\n", "(lab)"),
    ("plugins/module_utils/newlayer/thing.py", "X = 1\n", "no layer"),
])
def test_a_planted_wrong_import_is_found(tmp_path, rel, text, expected):
    root = _tree(tmp_path, dict(GOOD, **{rel: text}))
    found = violations(root)
    assert len(found) == 1 and rel in found[0] and expected in found[0], found


def test_the_allowed_directions_pass(tmp_path):
    assert violations(_tree(tmp_path, GOOD)) == []
