# -*- coding: utf-8 -*-
"""The service report playbooks end to end: collect_cost.yml against the lab's billing API, service_report.yml from
the run store (a month filled by tools/fill_store.py), confirm_report.yml (check mode, confirm, again, refused)."""
from __future__ import annotations

import json
import os
import shutil
import sys

import yaml

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import ledger
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import RunStore

from conftest import ROOT, Runner  # pylint: disable=import-error

sys.path.insert(0, os.path.join(ROOT, "tools"))
import fill_store  # noqa: E402  pylint: disable=wrong-import-position,import-error


def _site(runner, fill=True):
    shutil.copytree(os.path.join(ROOT, "sites", "lab"), runner.tmp / "service")
    lab = runner.lab
    inventory = {"all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                                  "cloudops_site": "lab"}},
                 "zstack": {"hosts": {"zstack-lab": {"zstack_endpoint": lab.https_url, "zstack_account": lab.account,
                                                     "zstack_password": lab.password, "zstack_ca_path": lab.ca_file}}}}
    runner.inventory.write_text(yaml.safe_dump(inventory))
    client = ZStackClient(lab.http_url, lab.account, lab.password)
    for name, unit, price in fill_store.DEMO_PRICES:
        client.call("POST", "/billings/prices", {"params": {"resourceName": name, "resourceUnit": unit, "timeUnit": "s",
                                                            "price": price, "dateInLong": 1700000000000}})
    client.logout()
    dsn = "sqlite:///" + str(runner.reports / "store.sqlite3")
    if fill:
        fill_store.fill(dsn, "lab", "2026-11")
    return dsn, ("-e", "service_report_site_dir=%s" % (runner.tmp / "service"))


def test_collect_render_confirm(fresh_lab, tmp_path):
    runner = Runner(fresh_lab, tmp_path)
    dsn, site = _site(runner)
    with RunStore(dsn) as store:
        filled = ledger.costs(store, "lab", "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z")[0]

    proc = runner.playbook("playbooks/collect_cost.yml", "-e", "cost_period=2026-11", "-e", "cost_site_dir=%s" % (tmp_path / "service"))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    with RunStore(dsn) as store:
        collected = ledger.costs(store, "lab", "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z")
    assert len(collected) == 1 and collected[0]["collected"] > filled["collected"]      # replaced, not added
    assert collected[0]["method"] == "billing_api" and collected[0]["total"] > 0
    assert fresh_lab.password not in proc.stdout

    proc = runner.playbook("playbooks/service_report.yml", "-e", "service_report_period=2026-11", *site)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    out = runner.reports / "service" / "lab" / "2026-11"
    names = sorted(os.listdir(out))
    assert names == ["report.en.html", "report.en.md", "report.en.pdf", "report.json", "report.zh_CN.html",
                     "report.zh_CN.md", "report.zh_CN.pdf"]
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    cost = dict((r["host"], r) for r in doc["sections"]["cost"]["rows"])
    assert cost["zstack-lab"]["method"] == "billing_api"
    assert cost["zstack-lab"]["total"] == round(collected[0]["total"], 2)
    assert "service report lab 2026-11 version 1" in proc.stdout

    proc = runner.playbook("playbooks/confirm_report.yml", "-e", "period=2026-11", "-e", "confirmed_by=王明", "--check", "--diff")
    assert proc.returncode == 0 and "changed=1" in proc.stdout, proc.stdout[-3000:]
    index = json.loads((runner.reports / "service" / "lab" / "index.json").read_text(encoding="utf-8"))
    assert index[0]["confirmation"] is None
    proc = runner.playbook("playbooks/confirm_report.yml", "-e", "period=2026-11", "-e", "confirmed_by=王明")
    assert proc.returncode == 0 and "changed=1" in proc.stdout, proc.stdout[-3000:]
    proc = runner.playbook("playbooks/confirm_report.yml", "-e", "period=2026-11", "-e", "confirmed_by=王明")
    assert proc.returncode == 0 and "changed=0" in proc.stdout, proc.stdout[-3000:]
    proc = runner.playbook("playbooks/confirm_report.yml", "-e", "period=2026-11", "-e", "confirmed_by=someone")
    assert proc.returncode != 0 and "already confirmed by 王明" in proc.stdout
    index = json.loads((runner.reports / "service" / "lab" / "index.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["confirmation"]["confirmed_by"]) for v in index] == [(1, "王明")]
    assert "已确认" in (runner.reports / "service" / "lab" / "acceptance.html").read_text(encoding="utf-8")


def test_bad_input_fails_with_the_reason(fresh_lab, tmp_path):
    runner = Runner(fresh_lab, tmp_path)
    _dsn, site = _site(runner, fill=False)      # both fail on the input, before the store is read
    proc = runner.playbook("playbooks/service_report.yml", "-e", "service_report_period=2026-13", *site)
    assert proc.returncode != 0 and "no such month" in proc.stdout
    bad = "id,opened,category,priority,status,title\nX,2026-11-01,fault,P2,lost,t\n"
    (runner.tmp / "service" / "problems.csv").write_text(bad, encoding="utf-8")
    proc = runner.playbook("playbooks/service_report.yml", "-e", "service_report_period=2026-11", *site)
    assert proc.returncode != 0 and "problems.csv row 2 (X): unknown status 'lost'" in proc.stdout
    assert not (runner.reports / "service").exists()
