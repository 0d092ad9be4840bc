"""Coverage holds under faults: 10 % injected 5xx plus a forced session expiry mid-run give the same
findings as a clean run (the retries and the one re-login absorb them)."""

import datetime
import threading

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks import zstack_catalogue
from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.engine import evaluate
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.collect import Collector

NOW = datetime.datetime.now(datetime.timezone.utc)


def inspect(lab):
    client = ZStackClient(lab.http_url, lab.account, lab.password, retries=8, base_delay=0.01)
    client.set_limits(max_concurrency=4)
    client.login()
    data, errors, _seconds = Collector(client, workers=4).collect(set(n for c in zstack_catalogue.CHECKS for n in c.requires))
    findings = evaluate(zstack_catalogue.CHECKS, data, "zstack", client.endpoint, collect_errors=errors, now=NOW)
    client.close()
    return sorted((f["uid"], f["status"]) for f in findings), errors, client.stats


def test_faults_do_not_change_the_findings(fresh_lab):
    clean, clean_errors, _stats = inspect(fresh_lab)
    fresh_lab.faults.update(latency_ms=30, error_rate=0.10, seed=5)
    timer = threading.Timer(0.15, fresh_lab.expire_sessions)  # while datasets are in flight
    timer.start()
    try:
        faulty, faulty_errors, stats = inspect(fresh_lab)
    finally:
        timer.cancel()
        fresh_lab.faults.update(latency_ms=0, error_rate=0.0)
    assert clean_errors == {} and faulty_errors == {}
    assert stats["retries"] > 0 and stats["relogins"] >= 1
    assert faulty == clean
