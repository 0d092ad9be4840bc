# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AnsibleModule glue shared by every cloud module (the amazon.aws `AnsibleAWSModule` idea):
the platform's connection options merged into the module's own, one client per module run,
and failures that carry the API's own error fields instead of a traceback."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.connection import option_problems


class CloudModule(object):
    """Subclasses set `connection_spec()` and `client_from_params`, and the platform's `error_type`."""

    error_type = Exception

    @staticmethod
    def connection_spec():
        return {}

    # Rules between connection options (e.g. account/password or an AccessKey): AnsibleModule's
    # mutually_exclusive / required_one_of / required_together lists, joined with the module's own.
    connection_rules = {}

    @staticmethod
    def client_from_params(params):
        raise NotImplementedError

    def __init__(self, argument_spec=None, **kwargs):
        spec = self.connection_spec()
        spec.update(argument_spec or {})
        for rule, groups in self.connection_rules.items():
            kwargs[rule] = list(groups) + list(kwargs.get(rule) or [])
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self._client = None
        # Range checks the argument spec cannot express (timeout, retries, workers, requests_per_second,
        # ca_path): a wrong value fails here, before any request, instead of hanging or retrying.
        problems = option_problems(self.module.params)
        if problems:
            self.module.fail_json(msg="; ".join(problems))

    def __getattr__(self, name):
        return getattr(self.module, name)

    def client(self):
        if self._client is None:
            try:
                self._client = self.client_from_params(self.module.params)
            except self.error_type as err:
                self.fail_error(err)
            # Once per module run: a credential the endpoint's plain HTTP would expose.
            warning = getattr(self._client, "cleartext_warning", None)
            if warning is not None and warning():
                self.module.warn(warning())
        return self._client

    def check_ready(self, client):
        """Fail early (raise error_type) when the endpoint cannot be used; platforms override."""

    def endpoint_label(self, client):
        """How reports name the endpoint (never credentials); platforms override."""
        return ""

    def ready_client(self):
        """The client with the module's concurrency and rate limits, checked usable before any real work.

        Wrong credentials or an unreachable endpoint fail the task here, once, instead of failing
        every dataset of an inspection.
        """
        client = self.client()
        params = self.module.params
        if "workers" in params:
            client.set_limits(max_concurrency=params["workers"], requests_per_second=params.get("requests_per_second") or None)
        try:
            self.check_ready(client)
        except self.error_type as err:
            self.fail_error(err)
        return client

    def close(self):
        """Release what the client holds (a ZStack session it owns); a no-op where nothing is held."""
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    def _api_calls(self, result):
        if self._client is not None:
            result.setdefault("api_calls", self._client.stats["api_calls"])

    def exit_json(self, **result):
        self.close()
        self._api_calls(result)
        self.module.exit_json(**result)

    def fail_error(self, err, msg=None):
        """Fail with the API's own error fields (code, message, request id ...) and no traceback."""
        self.close()
        result = {"error": err.to_dict()} if isinstance(err, self.error_type) else {}
        self._api_calls(result)
        self.module.fail_json(msg=msg or str(err), **result)
