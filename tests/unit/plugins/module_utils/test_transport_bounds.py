"""Transport options and endpoints as hostile input (issue 18, item 8): clear errors before any request,
never a hang, a traceback or a retry; a warning when plain HTTP carries the ZStack login."""

import math

import pytest

from ansible.module_utils import _internal as module_internal
from ansible.module_utils.common import warnings as module_warnings

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import ApsaraClient, ApsaraError
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.connection import option_problems
from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import ZStackClient, ZStackError
from ansible_collections.cloudops.privatecloud.plugins.modules import apsara_info, zstack_info, zstack_inspect

from ..modules.module_runner import lab_args, run_module
from .apsara_fixtures import Capture

SECRET = "Transport-Bounds-Secret-31"


@pytest.mark.parametrize("params,fragment", [
    ({"requests_per_second": 1e-9}, "requests_per_second"),
    ({"requests_per_second": -1.0}, "requests_per_second"),
    ({"requests_per_second": math.nan}, "requests_per_second"),
    ({"requests_per_second": math.inf}, "requests_per_second"),
    ({"timeout": -1}, "timeout"),
    ({"timeout": 10 ** 9}, "timeout"),
    ({"retries": 10 ** 6}, "retries"),
    ({"retries": -1}, "retries"),
    ({"workers": 0}, "workers"),
    ({"workers": 100000}, "workers"),
    ({"ca_path": "/nonexistent/site-ca.pem"}, "/nonexistent/site-ca.pem"),
])
def test_option_problems_name_the_option(params, fragment):
    problems = option_problems(params)
    assert len(problems) == 1 and fragment in problems[0]


def test_defaults_and_no_cap_are_fine():
    assert option_problems({"timeout": 30, "retries": 3, "workers": 4, "requests_per_second": 0, "ca_path": None}) == []
    assert option_problems({"timeout": 1, "retries": 0, "workers": 1, "requests_per_second": 0.1}) == []


@pytest.mark.parametrize("endpoint", ["javascript:alert(1)", "javascript://x", "http://bücher.invalid", "bücher.invalid:8080",
                                      "http://[::1", "http://h:99999", "http://a b", "http://h/\x00", "http://user:pw@h",
                                      "file:///etc/passwd", "http://h:0"])
def test_hostile_endpoints_are_a_client_error_not_a_crash(endpoint):
    with pytest.raises(ZStackError) as info:
        ZStackClient(endpoint, "admin", "password")
    assert "endpoint" in str(info.value)
    with pytest.raises(ApsaraError) as info:
        ApsaraClient("AK", SECRET, "cn-test-1", endpoints={"ecs": endpoint})
    assert "endpoint" in str(info.value)


def test_missing_ca_path_fails_before_any_request_naming_the_file(tmp_path):
    missing = str(tmp_path / "no-such-ca.pem")
    with Capture() as server:
        with pytest.raises(ZStackError) as info:
            ZStackClient(server.url.replace("http:", "https:"), "admin", "password", ca_path=missing)
        assert missing in str(info.value) and not info.value.retriable
        with pytest.raises(ApsaraError) as info:
            ApsaraClient("AK", SECRET, "cn-test-1", endpoints={"ecs": server.url}, ca_path=missing)
        assert missing in str(info.value) and not info.value.retriable
    assert server.requests == []


def test_zstack_module_missing_ca_path_no_request(fresh_lab, capsys, tmp_path):
    missing = str(tmp_path / "site-ca.pem")
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_info, lab_args(fresh_lab, endpoint=fresh_lab.https_url, ca_path=missing,
                                                      resource="zone"), capsys)
    assert failed and missing in result["msg"] and "cannot reach" not in result["msg"]
    assert fresh_lab.stats()["requests"] == 0


def test_apsara_module_missing_ca_path_no_request(capsys, tmp_path):
    missing = str(tmp_path / "site-ca.pem")
    with Capture() as server:
        failed, result = run_module(apsara_info, {
            "access_key_id": "AK", "access_key_secret": SECRET, "region_id": "cn-test-1", "ca_path": missing,
            "endpoints": {"ecs": server.url}, "product": "ecs", "action": "DescribeInstances"}, capsys)
    assert failed and missing in result["msg"]
    assert server.requests == []


@pytest.mark.parametrize("extra,fragment", [
    ({"requests_per_second": 1e-9}, "requests_per_second"),
    ({"timeout": -1}, "timeout"),
    ({"retries": 100000}, "retries"),
    ({"workers": 0}, "workers"),
])
def test_module_limits_fail_at_argument_validation(fresh_lab, capsys, extra, fragment):
    fresh_lab.reset_stats()
    failed, result = run_module(zstack_inspect, lab_args(fresh_lab, **extra), capsys)
    assert failed and fragment in result["msg"], result
    assert fresh_lab.stats()["requests"] == 0


def cleartext_warnings(result):
    return [w for w in result.get("warnings", []) if "plain HTTP" in str(w)]


@pytest.fixture
def no_earlier_warnings(monkeypatch):
    """Modules run in-process share ansible's global warning list: start from an empty one.  And once a test of
    the same worker has loaded controller code (a callback), ansible sends module warnings to the display
    instead of the result: run as a module does."""
    module_warnings._global_warnings.clear()  # pylint: disable=protected-access
    monkeypatch.setattr(module_internal, "is_controller", False)
    yield


def test_plain_http_login_warns_once_naming_the_endpoint(zstack_lab, capsys, no_earlier_warnings):
    failed, result = run_module(zstack_info, lab_args(zstack_lab, resource="zone"), capsys)
    assert not failed, result
    warnings = cleartext_warnings(result)
    assert len(warnings) == 1 and zstack_lab.http_url in str(warnings[0])
    assert zstack_lab.password not in str(result)


def test_https_gives_no_cleartext_warning(zstack_lab, capsys, no_earlier_warnings):
    failed, result = run_module(zstack_info, lab_args(zstack_lab, endpoint=zstack_lab.https_url, ca_path=zstack_lab.ca_file,
                                                      resource="zone"), capsys)
    assert not failed, result
    assert not cleartext_warnings(result)


def test_bare_host_defaults_to_http_and_warns():
    client = ZStackClient("127.0.0.1", "admin", "password")
    assert client.endpoint == "http://127.0.0.1:8080" and "plain HTTP" in client.cleartext_warning()
    assert ZStackClient("127.0.0.1", access_key_id="AK", access_key_secret=SECRET).cleartext_warning() is None
