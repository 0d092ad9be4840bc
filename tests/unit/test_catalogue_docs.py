"""docs/checks.md and the roles' thresholds.yml are generated from the catalogues and must not go stale."""

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup import checks as backup_checks
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue, switch_catalogue, zstack_catalogue

ALL_CHECKS = list(zstack_catalogue.CHECKS) + list(apsara_catalogue.CHECKS) + list(switch_catalogue.CHECKS)
BACKUP_CHECKS = list(backup_checks.ZSTACK_CATALOGUE) + list(backup_checks.APSARA_CATALOGUE)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "gen_catalogue_docs.py")
THRESHOLDS = os.path.join("roles", "inspection", "defaults", "main", "thresholds.yml")
BACKUP_THRESHOLDS = os.path.join("roles", "backup_validation", "defaults", "main", "thresholds.yml")
DOCS = os.path.join("docs", "checks.md")


def _run(*args):
    return subprocess.run([sys.executable, TOOL] + list(args), cwd=ROOT, capture_output=True, text=True, check=False)


def test_generated_files_are_current():
    result = _run("--check")
    assert result.returncode == 0, "generated docs are stale, run tools/gen_catalogue_docs.py: " + result.stderr


def test_check_mode_detects_a_stale_file(tmp_path):
    for rel in (THRESHOLDS, BACKUP_THRESHOLDS, DOCS):
        os.makedirs(os.path.dirname(str(tmp_path / rel)), exist_ok=True)
        shutil.copy(os.path.join(ROOT, rel), str(tmp_path / rel))
    assert _run("--check", "--root", str(tmp_path)).returncode == 0
    with open(str(tmp_path / THRESHOLDS), "a", encoding="utf-8") as handle:
        handle.write("# edited by hand\n")
    result = _run("--check", "--root", str(tmp_path))
    assert result.returncode == 1 and "thresholds.yml" in result.stderr
    assert _run("--root", str(tmp_path)).returncode == 0  # regenerating fixes it
    assert _run("--check", "--root", str(tmp_path)).returncode == 0


@pytest.mark.parametrize("path, variable, checks", [
    (THRESHOLDS, "inspection_threshold_defaults", ALL_CHECKS),
    (BACKUP_THRESHOLDS, "backup_validation_threshold_defaults", BACKUP_CHECKS),
], ids=["inspection", "backup_validation"])
def test_thresholds_yaml_matches_catalogue(path, variable, checks):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        text = handle.read()
    assert text.startswith("---\n")
    assert max(len(line) for line in text.splitlines()) <= 160
    defaults = yaml.safe_load(text)[variable]
    assert defaults == dict((c.id, c.thresholds) for c in checks)
    assert list(defaults) == [c.id for c in checks]  # report order
    for check in checks:
        assert "  # %s\n  %s:" % (check.title["en"], check.id) in text


def test_docs_list_every_check_by_pillar():
    with open(os.path.join(ROOT, DOCS), encoding="utf-8") as handle:
        text = handle.read()
    for check in ALL_CHECKS + BACKUP_CHECKS:
        assert "| `%s` | %s | %s |" % (check.id, check.title["en"], check.title["zh_CN"]) in text
    for catalogue in (zstack_catalogue, apsara_catalogue, switch_catalogue):
        assert "| **Total / 合计** | **%d** |" % len(catalogue.CHECKS) in text
    assert "high ≥ 90, medium ≥ 80" in text and "critical > 1.5" in text
