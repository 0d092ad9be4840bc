# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The site data of a service report, versioned beside the inventories (sites/<site>/; not inside an inventory
directory, where Ansible would read every file as an inventory source):

    plan.yml            the service plan (tier, scope, contacts, schedule, escalation, SLA, backup policy)
    prices.yml          the contract price table (per resource kind and unit, currency)
    problems.yml|.csv|.xlsx       the problem register (an ITSM export is CSV or XLSX with the same columns)
    requirements.yml|.csv|.xlsx   the requirements register

Every error names the file and the row (SiteDataError); nothing here guesses a missing value.
"""

from __future__ import annotations

import csv
import datetime
import os

import yaml

TIERS = ("5x8", "7x24")
PROBLEM_STATUSES = ("open", "in_progress", "resolved", "closed")
PROBLEM_COLUMNS = ("id", "opened", "category", "priority", "status", "title")          # required
PROBLEM_OPTIONAL = ("resolved", "resolution")
REQUIREMENT_STATUSES = ("new", "planned", "in_progress", "done", "rejected")
REQUIREMENT_COLUMNS = ("id", "opened", "type", "status", "title")
REQUIREMENT_OPTIONAL = ("planned", "done")
PLAN_KEYS = ("site", "customer", "tier", "timezone", "scope", "contacts", "schedule", "escalation")
PRICE_KEYS = ("kind", "unit", "price")


class SiteDataError(ValueError):
    """Bad or missing site data; the text names the file and the row."""


def parse_time(value, where, tz=None):
    """An ISO date or date-time (or 'YYYY-MM-DD HH:MM' from an ITSM export) as an aware datetime; dates at 00:00 in `tz`."""
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime(value.year, value.month, value.day)
    else:
        text = str(value or "").strip()
        if not text:
            raise SiteDataError("%s: empty date" % where)
        try:
            parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise SiteDataError("%s: bad date %r (expected YYYY-MM-DD or an ISO 8601 time)" % (where, text)) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz or datetime.timezone.utc)
    return parsed


def _load_yaml(path):
    try:
        with open(path, "r", encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as err:
        raise SiteDataError("%s: not valid YAML: %s" % (path, err)) from None
    if not isinstance(data, dict):
        raise SiteDataError("%s: empty or not a mapping" % path)
    return data


def _table_rows(path):
    """(header, [row dict]) of a CSV or XLSX export (first sheet, first row is the header)."""
    if path.endswith(".csv"):
        with open(path, "r", encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            return [h.strip() for h in reader.fieldnames or []], [dict((k.strip(), v) for k, v in r.items() if k) for r in reader]
    import openpyxl  # pylint: disable=import-outside-toplevel  # only XLSX needs it

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    if not rows:
        return [], []
    header = [str(h or "").strip() for h in rows[0]]
    return header, [dict(zip(header, r)) for r in rows[1:] if any(v not in (None, "") for v in r)]


def _register_files(directory, name):
    """Every file of a register: the YAML kept by hand and the ITSM exports beside it are one register."""
    return [p for p in (os.path.join(directory, name + ext) for ext in (".yml", ".yaml", ".csv", ".xlsx")) if os.path.exists(p)]


def _merged(paths, load):
    if not paths:
        return None
    rows, seen = [], {}
    for path in paths:
        for row in load(path)["rows"]:
            if row["id"] in seen:
                raise SiteDataError("%s (%s): id already in %s" % (path, row["id"], seen[row["id"]]))
            seen[row["id"]] = os.path.basename(path)
            rows.append(dict(row, source=os.path.basename(path)))
    return {"source": ", ".join(os.path.basename(p) for p in paths), "rows": sorted(rows, key=lambda r: parse_time(r["opened"], r["id"]))}


def _register(path, key, required, optional, statuses, date_keys, tz):
    if path.endswith((".yml", ".yaml")):
        rows = _load_yaml(path).get(key)
        if not isinstance(rows, list):
            raise SiteDataError("%s: expected a list under '%s'" % (path, key))
        header = None
    else:
        header, rows = _table_rows(path)
        missing = [c for c in required if c not in header]
        unknown = [c for c in header if c not in required + optional]
        if missing or unknown:
            raise SiteDataError("%s: wrong columns: missing %s, unknown %s (expected %s)" % (
                path, ", ".join(missing) or "none", ", ".join(unknown) or "none", ", ".join(required + optional)))
    if not rows:
        raise SiteDataError("%s: the register is empty" % path)
    out, seen = [], set()
    for number, row in enumerate(rows, start=2 if header is not None else 1):
        where = "%s row %d" % (path, number)
        if not isinstance(row, dict):
            raise SiteDataError("%s: not a mapping" % where)
        row = dict((k, (v.strip() if isinstance(v, str) else v)) for k, v in row.items())
        absent = [c for c in required if row.get(c) in (None, "")]
        if absent:
            raise SiteDataError("%s: missing %s" % (where, ", ".join(absent)))
        where = "%s row %d (%s)" % (path, number, row["id"])
        if row["id"] in seen:
            raise SiteDataError("%s: duplicate id" % where)
        seen.add(row["id"])
        status = str(row["status"]).strip().lower()
        if status not in statuses:
            raise SiteDataError("%s: unknown status %r (expected one of %s)" % (where, row["status"], ", ".join(statuses)))
        entry = dict((k, row.get(k)) for k in required + optional if row.get(k) not in (None, ""))
        entry["status"] = status
        for k in date_keys:
            if entry.get(k) is not None:
                entry[k] = parse_time(entry[k], "%s: %s" % (where, k), tz).isoformat()
        out.append(entry)
    return {"source": os.path.basename(path), "rows": out}


def _problems(path, tz):
    reg = _register(path, "problems", PROBLEM_COLUMNS, PROBLEM_OPTIONAL, PROBLEM_STATUSES, ("opened", "resolved"), tz)
    for row in reg["rows"]:
        if row["status"] in ("resolved", "closed") and not row.get("resolved"):
            raise SiteDataError("%s (%s): status %s but no resolved time" % (path, row["id"], row["status"]))
        if row.get("resolved") and parse_time(row["resolved"], path) < parse_time(row["opened"], path):
            raise SiteDataError("%s (%s): resolved before it was opened" % (path, row["id"]))
    return reg


def load_problems(directory, tz=None):
    return _merged(_register_files(directory, "problems"), lambda p: _problems(p, tz))


def load_requirements(directory, tz=None):
    return _merged(_register_files(directory, "requirements"), lambda p: _register(
        p, "requirements", REQUIREMENT_COLUMNS, REQUIREMENT_OPTIONAL, REQUIREMENT_STATUSES, ("opened", "planned", "done"), tz))


def load_plan(directory):
    path = os.path.join(directory, "plan.yml")
    if not os.path.exists(path):
        raise SiteDataError("%s: no service plan (plan.yml) for this site" % directory)
    plan = _load_yaml(path)
    missing = [k for k in PLAN_KEYS if not plan.get(k)]
    if missing:
        raise SiteDataError("%s: missing %s" % (path, ", ".join(missing)))
    if plan["tier"] not in TIERS:
        raise SiteDataError("%s: unknown tier %r (expected 5x8 or 7x24)" % (path, plan["tier"]))
    try:
        import zoneinfo  # pylint: disable=import-outside-toplevel
        zoneinfo.ZoneInfo(plan["timezone"])
    except Exception:  # pylint: disable=broad-except
        raise SiteDataError("%s: unknown time zone %r" % (path, plan["timezone"])) from None
    for key in ("contract_start", "contract_end"):
        if plan.get(key):
            plan[key] = parse_time(plan[key], "%s: %s" % (path, key)).date().isoformat()
    plan.setdefault("sla", {}).setdefault("response_minutes", 10)
    return plan


def load_prices(directory):
    path = os.path.join(directory, "prices.yml")
    if not os.path.exists(path):
        return None
    data = _load_yaml(path)
    if not data.get("currency"):
        raise SiteDataError("%s: missing currency" % path)
    rows = data.get("prices")
    if not isinstance(rows, list) or not rows:
        raise SiteDataError("%s: expected a non-empty list under 'prices'" % path)
    table = {}
    for number, row in enumerate(rows, start=1):
        where = "%s row %d" % (path, number)
        if not isinstance(row, dict) or any(row.get(k) in (None, "") for k in PRICE_KEYS):
            raise SiteDataError("%s: needs %s" % (where, ", ".join(PRICE_KEYS)))
        if not isinstance(row["price"], (int, float)) or row["price"] < 0:
            raise SiteDataError("%s (%s): price must be a number >= 0, got %r" % (where, row["kind"], row["price"]))
        if row["kind"] in table:
            raise SiteDataError("%s (%s): duplicate kind" % (where, row["kind"]))
        table[row["kind"]] = {"unit": row["unit"], "price": float(row["price"])}
    return {"currency": data["currency"], "valid_from": str(data.get("valid_from") or ""), "prices": table, "source": path}


def load_site(directory):
    """{plan, prices, problems, requirements} of a site directory; SiteDataError on anything malformed."""
    if not os.path.isdir(directory):
        raise SiteDataError("%s: no site data directory (the service plan lives in sites/<site>/)" % directory)
    plan = load_plan(directory)
    import zoneinfo  # pylint: disable=import-outside-toplevel

    tz = zoneinfo.ZoneInfo(plan["timezone"])
    return {"plan": plan, "prices": load_prices(directory), "problems": load_problems(directory, tz),
            "requirements": load_requirements(directory, tz), "directory": directory}
