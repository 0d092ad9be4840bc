# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Connection options of every ZStack module (and, via PLUGINS, of the inventory plugin)."""

    DOCUMENTATION = r"""
options:
  endpoint:
    description:
      - Base URL of the ZStack management node (or its VIP), for example C(https://zstack.example.invalid:8443).
      - A bare host name means C(http://HOST:8080), the ZStack default. The C(/zstack) context path is added by the client.
      - Only C(http) and C(https) URLs or C(HOST[:PORT]) in printable ASCII (an internationalised host name in its C(xn--) form),
        without a user name or password in the URL.
      - With a plain C(http) endpoint (or a bare host) and O(account)/O(password), the login (the password's SHA-512 hash, which
        logs in as well as the password) and the session id travel in clear; the module warns once per run, naming the endpoint.
        There is no C(allow_http) switch on purpose; many management nodes and the lab listen on HTTP only, so refusing it would
        break working sites, and the warning shows the risk on every run. Prefer C(https://HOST:8443), or an AccessKey, whose
        secret never travels.
      - If not set, the value of the E(ZSTACK_ENDPOINT) environment variable is used.
    type: str
    required: true
  account:
    description:
      - ZStack account name used with C(LogInByAccount).
      - Give O(account) and O(password), or O(access_key_id) and O(access_key_secret); one of the two is required.
      - If not set, the value of the E(ZSTACK_ACCOUNT) environment variable is used.
    type: str
  password:
    description:
      - Plaintext password of O(account). It is sent only as its SHA-512 hash, as the ZStack API requires, and never logged.
      - If not set, the value of the E(ZSTACK_PASSWORD) environment variable is used.
    type: str
  access_key_id:
    description:
      - ZStack AccessKey ID, instead of O(account) and O(password). Every request is signed
        (an C(Authorization) header C(ZStack <AccessKeyId>:<signature>) with a C(Date) header); no session is opened.
      - If not set, the value of the E(ZSTACK_ACCESS_KEY_ID) environment variable is used.
    type: str
  access_key_secret:
    description:
      - Secret of O(access_key_id). It only signs requests and is never sent or logged.
      - If not set, the value of the E(ZSTACK_ACCESS_KEY_SECRET) environment variable is used.
    type: str
  validate_certs:
    description:
      - Verify the TLS certificate of an C(https) endpoint. Turn off only for a lab.
      - If not set, the value of the E(ZSTACK_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA bundle that signed the endpoint's certificate. A file that does not exist fails the task before
        any request, naming the file.
      - If not set, the value of the E(ZSTACK_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for one HTTP answer (connect and read), 1 to 3600. An unreachable endpoint fails within this time, per retry.
      - If not set, the value of the E(ZSTACK_TIMEOUT) environment variable is used.
    type: int
    default: 30
  retries:
    description:
      - How often a read is retried after a transport error or a 5xx answer, with jittered exponential backoff; 0 to 20.
      - Writes are retried only with the same C(X-Job-UUID), so they never run twice.
    type: int
    default: 3
notes:
  - Within a playbook run with the C(cloudops.privatecloud.sessions) callback enabled (the repository's C(ansible.cfg) does),
    all tasks and hosts share one session per endpoint and account, logged out when the run ends. Otherwise each module
    logs in once and logs out when it finishes.
  - An invalid or expired session (C(ID.1001)) is replaced by logging in again once, also when it is reported while polling an async job.
  - With an AccessKey there is no session to share or log out; the controller's clock must be within 15 minutes of the management node's.
"""

    ACTION_GROUP = r"""
attributes:
  action_group:
    description: Use C(group/cloudops.privatecloud.zstack) in C(module_defaults) to set connection options for all ZStack modules.
    support: full
    membership:
      - cloudops.privatecloud.zstack
"""

    PLUGINS = r"""
options:
  endpoint:
    description:
      - Base URL of the ZStack management node, for example C(https://zstack.example.invalid:8443).
      - A plain C(http) endpoint carries the login hash and the session id in clear; the plugin warns, naming it.
    type: str
    required: true
    env:
      - name: ZSTACK_ENDPOINT
  account:
    description: ZStack account name (or give O(access_key_id) and O(access_key_secret)).
    type: str
    env:
      - name: ZSTACK_ACCOUNT
  password:
    description: Plaintext password of O(account); sent only as its SHA-512 hash.
    type: str
    env:
      - name: ZSTACK_PASSWORD
  access_key_id:
    description: ZStack AccessKey ID, instead of O(account) and O(password); requests are signed, no session is opened.
    type: str
    env:
      - name: ZSTACK_ACCESS_KEY_ID
  access_key_secret:
    description: Secret of O(access_key_id); only signs requests.
    type: str
    env:
      - name: ZSTACK_ACCESS_KEY_SECRET
  validate_certs:
    description: Verify the TLS certificate of an C(https) endpoint.
    type: bool
    default: true
    env:
      - name: ZSTACK_VALIDATE_CERTS
  ca_path:
    description: PEM CA bundle for the endpoint's certificate; a missing file fails before any request, naming it.
    type: path
    env:
      - name: ZSTACK_CA_PATH
  timeout:
    description: Seconds to wait for one HTTP answer, 1 to 3600.
    type: int
    default: 30
    env:
      - name: ZSTACK_TIMEOUT
"""
