"""Run one collection module in its own process, as AnsiballZ would, and report its cost.

usage: module_worker.py <module name> '<json module args>'
Prints one JSON line: seconds, peak_rss_mb, failed, and the module result's small fields.
"""

import contextlib
import importlib
import io
import json
import sys
import time

import _paths  # noqa: F401  pylint: disable=unused-import

from ansible.module_utils.testing import patch_module_args

from inspect_worker import peak_rss_mb  # pylint: disable=import-error


def main():
    name, args = sys.argv[1], json.loads(sys.argv[2])
    module = importlib.import_module("ansible_collections.cloudops.privatecloud.plugins.modules." + name)
    out = io.StringIO()
    started = time.monotonic()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    seconds = round(time.monotonic() - started, 3)
    result = json.loads(out.getvalue())
    small = dict((k, v) for k, v in result.items() if k in ("failed", "msg", "changed", "coverage", "summary", "api_calls"))
    small["restore_tests"] = [{"source": t["source"]["name"], "status": t["status"], "rto_seconds": t["rto_seconds"],
                               "cleaned_up": t["cleaned_up"]} for t in result.get("restore_tests") or ()]
    small["protection_rows"] = len(result.get("protection") or ())
    small.update(seconds=seconds, peak_rss_mb=peak_rss_mb())
    print(json.dumps(small))


if __name__ == "__main__":
    main()
