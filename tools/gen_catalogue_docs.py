#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Generate the check documentation from the catalogue (the catalogue is the single source).

    .venv/bin/python tools/gen_catalogue_docs.py            # rewrite the generated files
    .venv/bin/python tools/gen_catalogue_docs.py --check    # exit 1 if either file is stale

Writes docs/checks.md (per platform: ZStack, Apsara Stack; one table per pillar; then the backup
catalogue of each platform: validation and restore-test checks),
roles/inspection/defaults/main/thresholds.yml (`inspection_threshold_defaults`: every check id of
both inspection catalogues with its default thresholds) and
roles/backup_validation/defaults/main/thresholds.yml (`backup_validation_threshold_defaults`: the same
for both backup catalogues).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join("docs", "checks.md")
THRESHOLDS = os.path.join("roles", "inspection", "defaults", "main", "thresholds.yml")
BACKUP_THRESHOLDS = os.path.join("roles", "backup_validation", "defaults", "main", "thresholds.yml")

PILLAR_TITLES = {
    "capacity": ("Capacity", "容量"),
    "availability": ("Availability", "可用性"),
    "security": ("Security", "安全"),
    "backup": ("Backup", "备份"),
    "operations": ("Operations", "运维流程"),
    "cost": ("Cost", "成本"),
}
BAND_SEVERITIES = ("critical", "high", "medium", "low")


def _import_path():
    """Make the collection importable when run from a source checkout."""
    # tools/ is sys.path[0] when a tool runs as a script
    from collection_path import ensure_importable  # pylint: disable=import-outside-toplevel

    ensure_importable()


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _value(value):
    """A threshold value as YAML / Markdown text (JSON scalars are valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _bands(check):
    """'critical ≥ 85, high ≥ 65' for banded checks, else ''.

    Percent bands fire when the value reaches the floor; ratio bands (`*_ratio`) when the value
    exceeds it (a ratio of exactly 1.0 means no overcommit and must pass).
    """
    parts = []
    for severity in BAND_SEVERITIES:
        for name, value in sorted(check.thresholds.items()):
            if name.startswith(severity + "_") and not isinstance(value, (list, str)):
                parts.append("%s %s %s" % (severity, ">" if name.endswith("_ratio") else "≥", _value(value)))
    return ", ".join(parts)


def _thresholds_cell(check):
    if not check.thresholds:
        return "–"
    items = []
    for name in sorted(check.thresholds):
        value = check.thresholds[name]
        shown = "[%s]" % ", ".join(_value(v) for v in value) if isinstance(value, list) else _value(value)
        items.append("`%s`: %s" % (name, _cell(shown)))
    return "<br>".join(items)


def _check_table(checks):
    """The table of one group of checks: one row per check."""
    lines = [
        "| ID | Title | 标题 | Severity | Resource | Data | Thresholds (default) | Remediation / 处理建议 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for check in checks:
        bands = _bands(check)
        severity = "%s (banded: %s)" % (check.severity, bands) if bands else check.severity
        lines.append("| `%s` | %s | %s | %s | %s | %s | %s | %s<br><br>%s |" % (
            check.id, _cell(check.title["en"]), _cell(check.title["zh_CN"]), severity, check.resource_type,
            ", ".join("`%s`" % r for r in check.requires), _thresholds_cell(check),
            _cell(check.remediation["en"]), _cell(check.remediation["zh_CN"])))
    return lines


def _pillar_sections(checks, pillars, level):
    lines = [
        "| Pillar / 维度 | Checks / 项数 |",
        "|---|---|",
    ]
    for pillar in pillars:
        count = len([c for c in checks if c.pillar == pillar])
        lines.append("| %s / %s | %d |" % (PILLAR_TITLES[pillar][0], PILLAR_TITLES[pillar][1], count))
    lines.append("| **Total / 合计** | **%d** |" % len(checks))
    for pillar in pillars:
        selected = [c for c in checks if c.pillar == pillar]
        if not selected:
            continue
        lines.extend(["", "%s %s / %s" % (level, PILLAR_TITLES[pillar][0], PILLAR_TITLES[pillar][1]), ""])
        lines.extend(_check_table(selected))
    return lines


BACKUP_INTRO = (
    "The backup validation role (`roles/backup_validation`) evaluates a catalogue of its own per platform, pillar backup: "
    "`<platform>_backup_*` checks judge the protection table of the `*_backup_validate` module, `<platform>_restore_*` checks "
    "the restore tests of the `*_restore_test` module (`restore_tests`: one row per tested resource; `restore_leftovers`: "
    "scratch resources of earlier runs). Both modules accept the settings of the whole catalogue: override thresholds with "
    "`backup_validation_thresholds` (defaults: `roles/backup_validation/defaults/main/thresholds.yml`), skip with "
    "`backup_validation_skip_checks`, mute with `backup_validation_mutes`."
)


def render_markdown(catalogues, pillars, backup_catalogues=()):
    """`catalogues` is [(platform title en, platform title zh_CN, checks), ...] in document order;
    `backup_catalogues` the same for the backup validation role."""
    lines = [
        "# Check catalogue / 巡检项目录",
        "",
        "<!-- Generated by tools/gen_catalogue_docs.py from plugins/module_utils/checks/*_catalogue.py and backup/checks.py. Do not edit. -->",
        "",
        "Every check judges one resource (or the endpoint, for site-wide checks) and returns PASS or FAIL; a check "
        "whose data could not be collected returns ERROR. Banded checks choose the FAIL severity from the value "
        "(thresholds named `critical_*`, `high_*`, `medium_*`; a `_pct` band fires when the value reaches it, a `_ratio` band "
        "when the value exceeds it). Override any threshold per site with "
        "`inspection_thresholds` (defaults: `roles/inspection/defaults/main/thresholds.yml`), for example:",
        "",
        "```yaml",
        "inspection_thresholds:",
        "  zstack_host_vm_density: {max_running_vms_count: 30}",
        "  zstack_ps_physical_usage: {high_pct: 70, critical_pct: 85}",
        "  apsara_disk_snapshot_stale: {max_hours: 50}",
        "  apsara_instance_untagged: {required_tag_keys: [owner, env]}",
        "```",
        "",
        "Threshold names ending in `_pct` are percentages (0–100); `_days`, `_hours`, `_minutes`, `_seconds`, "
        "`_count`, `_gib` and `_ratio` carry their unit in the name. Check ids start with the platform "
        "(`zstack_`, `apsara_`); the role passes each platform only its own checks' settings.",
        "",
        "| Platform / 平台 | Checks / 项数 |",
        "|---|---|",
    ]
    for title_en, title_zh, checks in catalogues:
        label = title_en if title_en == title_zh else "%s / %s" % (title_en, title_zh)
        lines.append("| %s | %d |" % (label, len(checks)))
    for title_en, title_zh, checks in catalogues:
        lines.extend(["", "## %s checks / %s 巡检项" % (title_en, title_zh), ""])
        lines.extend(_pillar_sections(checks, pillars, "###"))
    if backup_catalogues:
        lines.extend(["", "## Backup validation and restore tests / 备份校验与恢复测试", "", BACKUP_INTRO])
    for title_en, title_zh, checks in backup_catalogues:
        lines.extend(["", "### %s backup checks / %s 备份检查项" % (title_en, title_zh), ""])
        lines.extend(_check_table(checks))
    return "\n".join(lines) + "\n"


def render_thresholds(catalogues, variable="inspection_threshold_defaults", overrides="inspection_thresholds"):
    lines = [
        "---",
        "# Generated by tools/gen_catalogue_docs.py from the check catalogues. Do not edit by hand:",
        "# change the check, then run `.venv/bin/python tools/gen_catalogue_docs.py`.",
        "#",
        "# Every check id with its default thresholds (see docs/checks.md). Names ending in _pct are",
        "# percentages (0-100); other names carry their unit (_days, _hours, _minutes, _count, ...).",
        "# Override per site with `%s: {check_id: {name: value}}`; the role passes each" % overrides,
        "# platform only the ids with its prefix (zstack_, apsara_, switch_).",
        "%s:" % variable,
    ]
    for title_en, _title_zh, checks in catalogues:
        lines.append("  # ---- %s (%d checks) ----" % (title_en, len(checks)))
        for check in checks:
            lines.append("  # %s" % check.title["en"])
            if not check.thresholds:
                lines.append("  %s: {}" % check.id)
                continue
            lines.append("  %s:" % check.id)
            for name in sorted(check.thresholds):
                value = check.thresholds[name]
                if isinstance(value, list):
                    if not value:
                        lines.append("    %s: []" % name)
                        continue
                    lines.append("    %s:" % name)
                    lines.extend("      - %s" % _value(item) for item in value)
                else:
                    lines.append("    %s: %s" % (name, _value(value)))
    return "\n".join(lines) + "\n"


def outputs():
    """{relative path: content} of every generated file."""
    _import_path()
    # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.backup import checks as backup_checks
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import apsara_catalogue, switch_catalogue, zstack_catalogue
    from ansible_collections.cloudops.privatecloud.plugins.module_utils.records import PILLARS

    catalogues = [
        ("ZStack", "ZStack", list(zstack_catalogue.CHECKS)),
        ("Apsara Stack", "阿里云专有云 Apsara Stack", list(apsara_catalogue.CHECKS)),
        ("Switches (CSW/DSW)", "网络交换机（CSW/DSW）", list(switch_catalogue.CHECKS)),
    ]
    backup = [
        ("ZStack", "ZStack", list(backup_checks.ZSTACK_CATALOGUE)),
        ("Apsara Stack", "阿里云专有云 Apsara Stack", list(backup_checks.APSARA_CATALOGUE)),
    ]
    return {DOCS: render_markdown(catalogues, PILLARS, backup), THRESHOLDS: render_thresholds(catalogues),
            BACKUP_THRESHOLDS: render_thresholds(backup, "backup_validation_threshold_defaults", "backup_validation_thresholds")}


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def main(argv=None):
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description="Generate docs/checks.md and the roles' thresholds.yml from the catalogues.")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a generated file is stale")
    parser.add_argument("--root", default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    stale = []
    for relpath, content in sorted(outputs().items()):
        path = os.path.join(args.root, relpath)
        if _read(path) == content:
            continue
        stale.append(relpath)
        if not args.check:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
    if args.check and stale:
        sys.stderr.write("stale generated files (run tools/gen_catalogue_docs.py): %s\n" % ", ".join(stale))
        return 1
    for relpath in stale:
        sys.stdout.write("wrote %s\n" % relpath)
    return 0


if __name__ == "__main__":
    sys.exit(main())
