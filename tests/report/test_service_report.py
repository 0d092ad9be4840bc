# -*- coding: utf-8 -*-
"""The monthly service report over a month filled from the lab (tools/fill_store.py: the real modules against the demo
worlds), its figures against values computed here from the store and the site data, the HTML in headless Chromium
(zh_CN and en, screenshots, no network) and the PDF (CJK font embedded)."""
from __future__ import annotations

import datetime
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
import zoneinfo

import pytest
import yaml

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import build, ledger, period, run, sitedata
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore

from tests.report.test_html_chromium import CHROMIUM, console_problems, flags, net_requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SITE_DIR = os.path.join(ROOT, "sites", "lab")
SCREENS = os.environ.get("SERVICE_REPORT_SCREENS", "/tmp/integrate/screens")
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
sys.path.insert(0, os.path.join(ROOT, "tools"))

import fill_store  # noqa: E402  pylint: disable=wrong-import-position,import-error


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("service-report")
    dsn = "sqlite:///" + str(tmp / "store.sqlite3")
    fill_store.fill(dsn, "lab", "2026-11")
    out = run.generate(dsn, "lab", SITE_DIR, "2026-11", str(tmp / "reports"), pdf=os.access(CHROMIUM, os.X_OK),
                       operator="pytest")
    with open(out["files"]["json"], encoding="utf-8") as fh:
        doc = json.load(fh)
    return {"tmp": tmp, "dsn": dsn, "out": out, "doc": doc}


def _t(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_every_section_is_filled(month):
    doc = month["doc"]
    assert [k for k, s in doc["sections"].items() if s["status"] != "ok"] == []
    assert doc["summary"]["missing"] == []
    assert doc["report_type"] == "monthly" and doc["tier"] == "5x8" and doc["period"]["label"] == "2026-11"
    assert doc["period"]["since"] == "2026-10-31T16:00:00Z" and doc["period"]["until"] == "2026-11-30T16:00:00Z"
    assert doc["version"] == 1 and len(doc["digest"]) == 64


def test_scores_and_risks_match_the_store(month):
    doc, sec = month["doc"], month["doc"]["sections"]
    with RunStore(month["dsn"]) as store:
        runs = list(reversed(store.runs("inspection", "lab", doc["period"]["since"], doc["period"]["until"])))
        rows = store.period_findings("inspection", "lab", doc["period"]["since"], doc["period"]["until"])
        changes = store.runs("change", "lab", doc["period"]["since"], doc["period"]["until"])
    assert len(runs) == 30
    days = [_t(r["started"]).astimezone(TZ).date().isoformat() for r in runs]
    assert [d["day"] for d in sec["resources"]["score_by_day"]] == days
    assert [d["score"] for d in sec["resources"]["score_by_day"]] == [r["score"] for r in runs]
    assert doc["summary"]["score"] == runs[-1]["score"] and doc["summary"]["score_first"] == runs[0]["score"]
    assert doc["summary"]["score"] > doc["summary"]["score_first"]       # the criticals fixed by day 20
    first = set(r["uid"] for r in rows if r["run_id"] == runs[0]["run_id"])
    last = set(r["uid"] for r in rows if r["run_id"] == runs[-1]["run_id"])
    assert sec["risks"]["open"] == len(last) == runs[-1]["open_findings"]
    assert sec["risks"]["new_in_period"] == len(last - first)
    assert sec["risks"]["resolved_in_period"] == len(first - last)
    opened = sum(d["opened"] for d in sec["resources"]["findings_by_day"])
    closed = sum(d["closed"] for d in sec["resources"]["findings_by_day"])
    assert opened - closed == len(last) - len(first)
    assert len(doc["summary"]["changes"]) == len(changes) == 2


def test_cost_matches_prices_times_counts_and_the_billing_api(month):
    doc = month["doc"]
    cost = dict((r["host"], r) for r in doc["sections"]["cost"]["rows"])
    with open(os.path.join(SITE_DIR, "prices.yml"), encoding="utf-8") as fh:
        prices = dict((p["kind"], p["price"]) for p in yaml.safe_load(fh)["prices"])
    with RunStore(month["dsn"]) as store:
        docs = list(store.documents("inspection", "lab", doc["period"]["since"], doc["period"]["until"]))
        billing = ledger.costs(store, "lab", doc["period"]["since"], doc["period"]["until"])
    counts = [dict((e["name"], e["inventory_counts"]) for e in d["endpoints"])["apsara-lab"] for d in docs]
    assert all(c == counts[0] for c in counts)       # one lab result re-dated: the month is 720 h of the same counts
    kinds = {"instances": "vm", "disks": "volume", "snapshots": "snapshot", "eips": "eip", "rds_instances": "rds",
             "slb_load_balancers": "slb", "nat_gateways": "nat"}
    expected = sum(round(counts[0][k] * 720 * prices[v], 2) for k, v in kinds.items() if counts[0].get(k))
    assert cost["apsara-lab"]["method"] == "price_table"
    assert cost["apsara-lab"]["total"] == pytest.approx(expected, abs=0.01)
    zs = cost["zstack-lab"]
    assert zs["method"] == "billing_api" and [b["host"] for b in billing] == ["zstack-lab"]
    detail = billing[0]["detail"]
    # two billing APIs, one figure: the account total and the sum of every CalculateResourceSpending row
    assert detail["resource_rows"]["total"] == pytest.approx(detail["total"], rel=1e-6)
    assert zs["total"] == pytest.approx(detail["total"], abs=0.01) and zs["total"] > 0
    assert doc["sections"]["cost"]["total"] == pytest.approx(zs["total"] + cost["apsara-lab"]["total"], abs=0.01)


def test_sla_events_problems_backup_from_their_sources(month):
    sec = month["doc"]["sections"]
    assert sec["events"]["total"] == len(fill_store.EVENT_PLAN) == 7
    # The lab site is 5x8 (09:00-18:00 Mon-Fri, Asia/Shanghai), target 10 min, P1 5 min, counted on that clock.
    # The fill's events (1 November 2026 is a Sunday): Tue 3rd 10:05 P2 acked +4 -> 4 min; Sat 7th P3 -> 0 (weekend);
    # Thu 12th 09:05 P1 +3 -> 3 (< 5); Mon 16th 14:05 P2 +14 -> 14 > 10: late; Fri 20th 11:05 P3 +6 -> 6;
    # Wed 25th 03:05 P4 never acknowledged -> waiting from 09:00 until the period's end: breach; Sat 28th P2 -> 0.
    assert sec["sla"]["tier"] == "5x8" and sec["sla"]["targets"] == {"P1": 5}
    assert sec["sla"]["met"] == 5 and sec["sla"]["met_pct"] == round(100 * 5 / 7.0, 1)
    assert [(b["priority"], b["reason"], b["minutes"]) for b in sec["sla"]["breaches"]] == [
        ("P2", "late", 14.0), ("P4", "not_acknowledged", None)]
    assert sec["sla"]["max_minutes"] == 14.0
    assert sec["sla"]["avg_minutes"] == round((4 + 0 + 3 + 14 + 6 + 0) / 6.0, 1)
    assert sec["sla"]["sla_met"] is False and month["doc"]["summary"]["sla_met"] is False
    reg = sitedata.load_problems(SITE_DIR, TZ)["rows"]
    hours = [(_t(r["resolved"]) - _t(r["opened"])).total_seconds() / 3600 for r in reg if r.get("resolved")]
    assert sec["problems"]["total"] == len(reg)
    assert sec["problems"]["open"] == sum(1 for r in reg if r["status"] in ("open", "in_progress"))
    assert sec["problems"]["avg_hours_to_resolve"] == pytest.approx(sum(hours) / len(hours), abs=0.01)
    mondays = [d for d in range(1, 31) if datetime.date(2026, 11, d).weekday() == 0]
    assert len(sec["backup"]["restore_tests"]) == 2 * len(mondays)
    assert sec["backup"]["restore_passed"] == 2 * len(mondays)
    assert sec["backup"]["runs"] == 30 and sec["backup"]["coverage_last"]["pct"] > 0


def test_a_period_without_runs_says_so(month):
    data = sitedata.load_site(SITE_DIR)
    with RunStore(month["dsn"]) as store:
        doc = build.build(store, "lab", data, period.resolve("2026-09", "Asia/Shanghai"))
    sec = doc["sections"]
    for key in ("resources", "risks", "backup", "cost"):
        assert sec[key]["status"] == "no_runs" and sec[key]["note"]
    assert sec["events"]["total"] == 0 and "no alarm event" in sec["events"]["note"]
    assert sec["problems"]["total"] == 0 and "no problem" in sec["problems"]["note"]
    assert sec["sla"]["events"] == 0 and sec["sla"]["met_pct"] is None and doc["summary"]["score"] is None


def test_unknown_site_is_refused(month, tmp_path):
    with pytest.raises(sitedata.SiteDataError, match="plan of site 'lab', not 'nope'"):
        run.generate(month["dsn"], "nope", SITE_DIR, "2026-11", str(tmp_path))
    other = tmp_path / "service"
    shutil.copytree(SITE_DIR, other)
    (other / "plan.yml").write_text((other / "plan.yml").read_text(encoding="utf-8").replace("site: lab", "site: nope"),
                                    encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match="site 'nope' has no run at all"):
        run.generate(month["dsn"], "nope", str(other), "2026-11", str(tmp_path))


def test_confirmation_and_acceptance(month):
    reports = str(month["tmp"] / "reports")
    changed, row = run.confirm(month["dsn"], "lab", "2026-11", "王明", check_mode=True)
    assert changed and row["version"] == 1
    with RunStore(month["dsn"]) as store:
        assert ledger.reports(store, "lab")[0]["confirmation"] is None       # check mode wrote nothing
    changed, row = run.confirm(month["dsn"], "lab", "2026-11", "王明", channel="portal", out_root=reports)
    assert changed and row["digest"] == month["doc"]["digest"]
    assert run.confirm(month["dsn"], "lab", "2026-11", "王明")[0] is False
    with pytest.raises(ledger.LedgerError, match="already confirmed by 王明"):
        run.confirm(month["dsn"], "lab", "2026-11", "someone else")
    with pytest.raises(ledger.LedgerError, match="no report version 9"):
        run.confirm(month["dsn"], "lab", "2026-11", "王明", version=9)
    with pytest.raises(ledger.LedgerError, match="no service report for period 2026-10"):
        run.confirm(month["dsn"], "lab", "2026-10", "王明")
    site_root = os.path.join(reports, "service", "lab")
    with open(os.path.join(site_root, "index.json"), encoding="utf-8") as fh:
        index = json.load(fh)
    assert [(v["period"], v["version"], v["confirmation"]["confirmed_by"]) for v in index] == [("2026-11", 1, "王明")]
    with open(os.path.join(site_root, "acceptance.html"), encoding="utf-8") as fh:
        page = fh.read()
    assert "验收报告" in page and "王明" in page and "已确认" in page and "演示客户" in page
    # the contract (from 2026-11-01) owes November so far: the acceptance report lists it, confirmed
    assert page.count("<tr><td>2026-") == len(period.contract_periods(sitedata.load_plan(SITE_DIR)))


@pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason="%s not installed" % CHROMIUM)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_html_in_chromium_without_network(month, language, tmp_path):
    html = month["out"]["files"]["html_" + language]
    os.makedirs(SCREENS, exist_ok=True)
    shot = os.path.join(SCREENS, "service-report-%s.png" % language)
    proc = subprocess.run(flags(tmp_path, "shot") + ["--window-size=1100,3000", "--hide-scrollbars", "--screenshot=%s" % shot,
                                                     "file://" + html], capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(shot, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(shot) > 50000
    assert console_problems(proc.stderr) == []
    assert net_requests(str(tmp_path / "netlog-shot.json")) == []
    proc = subprocess.run(flags(tmp_path, "dom") + ["--dump-dom", "file://" + html], capture_output=True, text=True,
                          timeout=180, check=False)
    heads = {"zh_CN": ["执行摘要", "运维服务方案", "资源运行状态", "问题清单", "事件清单", "风险清单", "需求清单", "备份策略",
                       "费用分析", "响应 SLA", "客户确认"],
             "en": ["Executive summary", "Service plan", "Resource status", "Problem register", "Events", "Risks",
                    "Requirements", "Backup", "Cost analysis", "Response SLA", "Customer sign-off"]}[language]
    positions = [proc.stdout.find(h) for h in heads]
    assert -1 not in positions and positions == sorted(positions)
    assert proc.stdout.count("<svg") == 3


def _png(path, width, height, rows):
    """A minimal RGB PNG writer (no imaging library in the test requirements)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                 + chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + r for r in rows), 6)) + chunk(b"IEND", b""))


def _page_png(page, path):
    bitmap = page.render(scale=1.3, rev_byteorder=True)
    data, n = bytes(bitmap.buffer), bitmap.n_channels
    rows = []
    for y in range(bitmap.height):
        line = data[y * bitmap.stride:y * bitmap.stride + bitmap.width * n]
        rows.append(line if n == 3 else b"".join(line[i:i + 3] for i in range(0, len(line), n)))
    _png(path, bitmap.width, bitmap.height, rows)
    return sum(1 for r in rows for i in range(0, len(r), 3 * 16) if r[i:i + 3] != b"\xff\xff\xff")


@pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason="%s not installed" % CHROMIUM)
@pytest.mark.parametrize("language,title,section", [("zh_CN", "运维服务报告", "九、响应 SLA"),
                                                    ("en", "Operations service report", "9. Response SLA")])
def test_pdf_renders_with_its_fonts_embedded(month, language, title, section):
    pdfium = pytest.importorskip("pypdfium2")
    path = month["out"]["files"]["pdf_" + language]
    with open(path, "rb") as fh:
        raw = fh.read()
    assert raw.startswith(b"%PDF-") and (b"/FontFile2" in raw or b"/FontFile3" in raw)    # embedded, not referenced
    if language == "zh_CN":
        assert b"WenQuanYi" in raw or b"Noto" in raw, "no CJK font in the PDF (make setup-system: fonts-wqy-zenhei)"
    pdf = pdfium.PdfDocument(path)
    assert len(pdf) >= 3
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert title in text and section in text                 # the glyphs map back to the text: nothing is tofu
    os.makedirs(SCREENS, exist_ok=True)
    inked = _page_png(pdf[0], os.path.join(SCREENS, "service-report-%s-pdf-p1.png" % language))
    assert inked > 500
    pdf.close()


def test_weekly_report_of_a_7x24_site(month, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE_DIR, site)
    (site / "plan.yml").write_text((site / "plan.yml").read_text(encoding="utf-8").replace("tier: 5x8", "tier: 7x24"),
                                   encoding="utf-8")
    out = run.generate(month["dsn"], "lab", str(site), "2026-W47", str(tmp_path / "reports"), pdf=False)
    with open(out["files"]["json"], encoding="utf-8") as fh:
        doc = json.load(fh)
    sec = doc["sections"]
    assert doc["report_type"] == "weekly" and doc["period"]["label"] == "2026-W47" and doc["period"]["days"] == 7
    assert sec["resources"]["runs"] == 7 and sec["cost"]["previous_period"] == "2026-11-09_2026-11-15"
    apsara = [r for r in sec["cost"]["rows"] if r["host"] == "apsara-lab"][0]
    assert apsara["by_kind"]["vm"]["quantity"] == pytest.approx(
        month["doc"]["sections"]["cost"]["rows"][0]["by_kind"]["vm"]["quantity"] * 7 / 30.0)
    # the week of Mon 16 to Sun 22 November: Mon 14:05 P2 acknowledged after 14 min (late on any clock), Fri 11:05 P3 6 min
    assert (sec["sla"]["tier"], sec["sla"]["events"], sec["sla"]["met"]) == ("7x24", 2, 1)
    assert sec["cost"]["rows"][1]["method"] == "price_table"    # the billing collection covers the month, not this week
