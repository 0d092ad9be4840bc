"""Run a module's main() in-process with patch_module_args (the ansible-core 2.19 way)."""

import json

import pytest

from ansible.module_utils.testing import patch_module_args


def run_module(module, args, capsys):
    """Returns (failed, result dict)."""
    with patch_module_args(args):
        with pytest.raises(SystemExit) as exit_info:
            module.main()
    out = capsys.readouterr().out
    result = json.loads(out)
    return exit_info.value.code != 0 or bool(result.get("failed")), result


def lab_args(lab, **extra):
    args = {"endpoint": lab.http_url, "account": lab.account, "password": lab.password}
    args.update(extra)
    return args
