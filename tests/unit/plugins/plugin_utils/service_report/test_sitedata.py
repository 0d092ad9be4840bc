# -*- coding: utf-8 -*-
"""Site data of the service report: every malformed input is an error naming the file and the row."""
from __future__ import annotations

import os
import shutil

import pytest

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import period, sitedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", ".."))
LAB = os.path.join(ROOT, "sites", "lab")


@pytest.fixture
def site(tmp_path):
    shutil.copytree(LAB, tmp_path / "service")
    return tmp_path / "service"


def test_the_lab_site_loads(site):
    data = sitedata.load_site(str(site))
    assert data["plan"]["tier"] == "5x8" and data["prices"]["currency"] == "CNY"
    problems = data["problems"]
    assert problems["source"] == "problems.yml, problems.csv" and len(problems["rows"]) == 6
    assert [r["opened"] for r in problems["rows"]] == sorted(r["opened"] for r in problems["rows"])
    itsm = [r for r in problems["rows"] if r["id"] == "INC-ITSM-7002"][0]
    assert itsm["opened"] == "2026-11-19T21:15:00+08:00"              # a zone-less export time is the site's time
    assert len(data["requirements"]["rows"]) == 3


def test_csv_with_wrong_columns(site):
    (site / "problems.csv").write_text("id,opened,kind,priority,status,title\nX-1,2026-11-01,fault,P2,open,t\n", encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"problems.csv: wrong columns: missing category, unknown kind"):
        sitedata.load_site(str(site))


def test_bad_date_names_the_row(site):
    (site / "problems.csv").write_text("id,opened,category,priority,status,title\nX-1,2026-11-01,fault,P2,open,a\n"
                                       "X-2,31/11/2026,fault,P2,open,b\n", encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"problems.csv row 3 \(X-2\): opened: bad date '31/11/2026'"):
        sitedata.load_site(str(site))


def test_unknown_status_names_the_row(site):
    text = (site / "requirements.yml").read_text(encoding="utf-8").replace("status: planned", "status: someday", 1)
    (site / "requirements.yml").write_text(text, encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"requirements.yml row 1 \(REQ-2026-01\): unknown status 'someday'"):
        sitedata.load_site(str(site))


def test_closed_without_resolved_time_and_duplicates(site):
    (site / "problems.csv").write_text("id,opened,category,priority,status,title\nX-1,2026-11-01,fault,P2,closed,a\n",
                                       encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"X-1\): status closed but no resolved time"):
        sitedata.load_site(str(site))
    (site / "problems.csv").write_text("id,opened,category,priority,status,title\nPRB-2026-101,2026-11-01,fault,P2,open,a\n",
                                       encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"problems.csv \(PRB-2026-101\): id already in problems.yml"):
        sitedata.load_site(str(site))


def test_empty_register(site):
    (site / "problems.csv").write_text("id,opened,category,priority,status,title\n", encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"problems.csv: the register is empty"):
        sitedata.load_site(str(site))


def test_xlsx_export(site):
    openpyxl = pytest.importorskip("openpyxl")
    (site / "problems.csv").unlink()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "opened", "category", "priority", "status", "title", "resolved", "resolution"])
    import datetime  # pylint: disable=import-outside-toplevel
    sheet.append(["ITSM-9", datetime.datetime(2026, 11, 20, 9, 0), "fault", "P1", "resolved", "disk full",
                  datetime.datetime(2026, 11, 20, 11, 30), "expanded"])
    book.save(str(site / "problems.xlsx"))
    rows = sitedata.load_site(str(site))["problems"]["rows"]
    row = [r for r in rows if r["id"] == "ITSM-9"][0]
    assert row["opened"] == "2026-11-20T09:00:00+08:00" and row["resolved"] == "2026-11-20T11:30:00+08:00"


def test_price_table_errors(site):
    (site / "prices.yml").write_text("currency: CNY\nprices:\n  - {kind: vm, unit: instance-hour, price: 0.6}\n"
                                     "  - {kind: volume, unit: volume-hour}\n", encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"prices.yml row 2: needs kind, unit, price"):
        sitedata.load_site(str(site))
    (site / "prices.yml").write_text("prices:\n  - {kind: vm, unit: h, price: 1}\n", encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"prices.yml: missing currency"):
        sitedata.load_site(str(site))


def test_plan_errors(site, tmp_path):
    text = (site / "plan.yml").read_text(encoding="utf-8")
    (site / "plan.yml").write_text(text.replace("tier: 5x8", "tier: 24x7"), encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"plan.yml: unknown tier '24x7'"):
        sitedata.load_site(str(site))
    (site / "plan.yml").write_text(text.replace("timezone: Asia/Shanghai", "timezone: Asia/Nowhere"), encoding="utf-8")
    with pytest.raises(sitedata.SiteDataError, match=r"unknown time zone 'Asia/Nowhere'"):
        sitedata.load_site(str(site))
    with pytest.raises(sitedata.SiteDataError, match=r"no site data directory"):
        sitedata.load_site(str(tmp_path / "nowhere"))


@pytest.mark.parametrize("text,label,since,until", [
    ("2026-11", "2026-11", "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z"),
    ("2026-W48", "2026-W48", "2026-11-22T16:00:00Z", "2026-11-29T16:00:00Z"),
    ("2026-11-01..2026-11-15", "2026-11-01_2026-11-15", "2026-10-31T16:00:00Z", "2026-11-15T16:00:00Z"),
])
def test_periods_in_the_site_zone(text, label, since, until):
    p = period.resolve(text, "Asia/Shanghai")
    assert (p["label"], p["since"], p["until"]) == (label, since, until)


def test_relative_periods_and_errors():
    import datetime  # pylint: disable=import-outside-toplevel
    today = datetime.date(2026, 12, 7)
    assert period.resolve("last_month", "Asia/Shanghai", today=today)["label"] == "2026-11"
    assert period.resolve("this_week", "Asia/Shanghai", today=today)["label"] == "2026-W50"
    assert period.resolve("last_week", "Asia/Shanghai", today=today)["start"] == "2026-11-30"
    assert period.previous(period.resolve("2026-01", "UTC"))["label"] == "2025-12"
    for bad in ("2026-13", "2026-W60", "2026-11-15..2026-11-01", "yesterday"):
        with pytest.raises(period.PeriodError):
            period.resolve(bad, "UTC")


def test_contract_periods_per_tier():
    import datetime  # pylint: disable=import-outside-toplevel
    plan = {"tier": "5x8", "timezone": "Asia/Shanghai", "contract_start": "2026-10-01", "contract_end": "2027-09-30"}
    assert period.contract_periods(plan, today=datetime.date(2026, 12, 7)) == ["2026-10", "2026-11"]
    assert len(period.contract_periods(plan, today=datetime.date(2028, 1, 1))) == 12        # the whole contract
    weekly = dict(plan, tier="7x24", contract_start="2026-11-02")
    assert period.contract_periods(weekly, today=datetime.date(2026, 11, 24)) == ["2026-W45", "2026-W46", "2026-W47"]
    assert period.contract_periods({"tier": "5x8", "timezone": "UTC"}) == []
