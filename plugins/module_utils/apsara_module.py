# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AnsibleModule glue shared by every Apsara module (the amazon.aws `AnsibleAWSModule` idea)."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara import ApsaraError, client_from_params


def apsara_argument_spec():
    """Connection options; keep in step with the apsara doc fragment."""
    return dict(
        access_key_id=dict(type="str", required=True, fallback=(env_fallback, ["APSARA_ACCESS_KEY_ID"])),
        access_key_secret=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["APSARA_ACCESS_KEY_SECRET"])),
        security_token=dict(type="str", no_log=True, fallback=(env_fallback, ["APSARA_SECURITY_TOKEN"])),
        region_id=dict(type="str", required=True, fallback=(env_fallback, ["APSARA_REGION_ID"])),
        organization_id=dict(type="str", fallback=(env_fallback, ["APSARA_ORGANIZATION_ID"])),
        resource_group_id=dict(type="str", fallback=(env_fallback, ["APSARA_RESOURCE_GROUP_ID"])),
        endpoints=dict(type="dict", default={}, fallback=(env_fallback, ["APSARA_ENDPOINTS"])),
        domain=dict(type="str", fallback=(env_fallback, ["APSARA_DOMAIN"])),
        center_region=dict(type="bool", default=True, fallback=(env_fallback, ["APSARA_CENTER_REGION"])),
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["APSARA_VALIDATE_CERTS"])),
        ca_path=dict(type="path", fallback=(env_fallback, ["APSARA_CA_PATH"])),
        timeout=dict(type="int", default=30, fallback=(env_fallback, ["APSARA_TIMEOUT"])),
        retries=dict(type="int", default=3),
    )


class ApsaraModule(object):
    """An AnsibleModule with the Apsara connection options merged in and one client per module run."""

    def __init__(self, argument_spec=None, **kwargs):
        spec = apsara_argument_spec()
        spec.update(argument_spec or {})
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self._client = None

    def __getattr__(self, name):
        return getattr(self.module, name)

    def client(self):
        if self._client is None:
            try:
                self._client = client_from_params(self.module.params)
            except ApsaraError as err:
                self.fail_apsara(err)
        return self._client

    def exit_json(self, **result):
        if self._client is not None:
            result.setdefault("api_calls", self._client.stats["api_calls"])
        self.module.exit_json(**result)

    def fail_apsara(self, err, msg=None):
        """Fail with the API's Code/Message/RequestId and no traceback."""
        result = {"error": err.to_dict()} if isinstance(err, ApsaraError) else {}
        if self._client is not None:
            result["api_calls"] = self._client.stats["api_calls"]
        self.module.fail_json(msg=msg or str(err), **result)
