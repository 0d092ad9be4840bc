# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AnsibleModule glue shared by every ZStack module (the amazon.aws `AnsibleAWSModule` idea)."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack import ZStackError, client_from_params


def zstack_argument_spec():
    """Connection options; keep in step with the zstack doc fragment."""
    return dict(
        endpoint=dict(type="str", required=True, fallback=(env_fallback, ["ZSTACK_ENDPOINT"])),
        account=dict(type="str", required=True, fallback=(env_fallback, ["ZSTACK_ACCOUNT"])),
        password=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["ZSTACK_PASSWORD"])),
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["ZSTACK_VALIDATE_CERTS"])),
        ca_path=dict(type="path", fallback=(env_fallback, ["ZSTACK_CA_PATH"])),
        timeout=dict(type="int", default=30, fallback=(env_fallback, ["ZSTACK_TIMEOUT"])),
        retries=dict(type="int", default=3),
    )


class ZStackModule(object):
    """An AnsibleModule with the ZStack connection options merged in and one client per module run."""

    def __init__(self, argument_spec=None, **kwargs):
        spec = zstack_argument_spec()
        spec.update(argument_spec or {})
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self._client = None

    def __getattr__(self, name):
        return getattr(self.module, name)

    def client(self):
        if self._client is None:
            try:
                self._client = client_from_params(self.module.params)
            except ZStackError as err:
                self.fail_zstack(err)
        return self._client

    def close(self):
        if self._client is not None:
            self._client.close()

    def exit_json(self, **result):
        self.close()
        if self._client is not None:
            result.setdefault("api_calls", self._client.stats["api_calls"])
        self.module.exit_json(**result)

    def fail_zstack(self, err, msg=None):
        """Fail with the API's code/description/details and no traceback."""
        self.close()
        result = {"error": err.to_dict()} if isinstance(err, ZStackError) else {}
        self.module.fail_json(msg=msg or str(err), **result)
