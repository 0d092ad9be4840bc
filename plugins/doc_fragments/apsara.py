# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Connection options of every Apsara Stack module (and, via PLUGINS, of the inventory plugin)."""

    DOCUMENTATION = r"""
options:
  access_key_id:
    description:
      - AccessKey ID of the Apsara Stack user (personal AccessKey or STS).
      - If not set, the value of the E(APSARA_ACCESS_KEY_ID) environment variable is used.
    type: str
    required: true
  access_key_secret:
    description:
      - AccessKey secret. It only signs requests (Signature V2, HMAC-SHA1) and is never sent, logged or returned.
      - If not set, the value of the E(APSARA_ACCESS_KEY_SECRET) environment variable is used.
    type: str
    required: true
  security_token:
    description:
      - STS security token, when O(access_key_id) is a temporary STS key.
      - If not set, the value of the E(APSARA_SECURITY_TOKEN) environment variable is used.
    type: str
  region_id:
    description:
      - Apsara region id, for example V(cn-wulan-env1-d01). Sent as C(RegionId) and in the C(x-acs-regionid) header.
      - If not set, the value of the E(APSARA_REGION_ID) environment variable is used.
    type: str
    required: true
  organization_id:
    description:
      - Organization (department) id, sent in the C(x-acs-organizationid) header. Without it the gateway uses the user's own organization.
      - If not set, the value of the E(APSARA_ORGANIZATION_ID) environment variable is used.
    type: str
  resource_group_id:
    description:
      - Resource set id, sent in the C(x-acs-resourcegroupid) header. A resource set needs O(organization_id) too.
      - If not set, the value of the E(APSARA_RESOURCE_GROUP_ID) environment variable is used.
    type: str
  endpoints:
    description:
      - "Endpoint URL per product, for example C({ecs: https://ecs-internal.region.example.invalid, vpc: ...}).
        Products are V(ecs), V(vpc), V(cms), V(rds), V(slb) and V(ascm). A bare host name means C(https://HOST)."
      - Only C(http) and C(https) URLs or C(HOST[:PORT]) in printable ASCII (an internationalised host name in its C(xn--) form),
        without a user name or password in the URL. C(http) is allowed without a warning, as Apsara internal gateways often use
        it; requests are signed, and the secret never travels.
      - Each Apsara deployment assigns its own endpoints (Apsara Uni-manager, OpenAPI Explorer); they take precedence over O(domain).
      - If not set, the value of the E(APSARA_ENDPOINTS) environment variable (JSON) is used.
    type: dict
    default: {}
  domain:
    description:
      - Fallback for products missing from O(endpoints) - the POP gateway domain, from which endpoints are derived as the
        C(alibabacloudstack) Terraform provider does (for example C(ecs-internal.<region>.<domain>), or C(ecs-internal.<domain>)
        in the center region). Prefix V(http://) for a plain HTTP gateway.
      - If not set, the value of the E(APSARA_DOMAIN) environment variable is used.
    type: str
  center_region:
    description:
      - Whether O(region_id) is the deployment's center region, which changes the endpoints derived from O(domain).
      - If not set, the value of the E(APSARA_CENTER_REGION) environment variable is used.
    type: bool
    default: true
  asapi_endpoint:
    description:
      - URL of the ASAPI gateway, for example C(http://server.asapi.<region>.<domain>/asapi/v3). When set, every product
        is called there (path C(/asapi/v3), the product in the C(Product) parameter and the C(x-acs-asapi-product) header)
        and O(endpoints) and O(domain) are not used.
      - If not set, the value of the E(APSARA_ASAPI_ENDPOINT) environment variable is used.
    type: str
  validate_certs:
    description:
      - Verify the TLS certificate of C(https) endpoints. Turn off only for a lab.
      - If not set, the value of the E(APSARA_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA bundle that signed the endpoints' certificates (Apsara gateways usually use an internal CA).
        A file that does not exist fails the task before any request, naming the file.
      - If not set, the value of the E(APSARA_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for one HTTP answer (connect and read), 1 to 3600.
      - If not set, the value of the E(APSARA_TIMEOUT) environment variable is used.
    type: int
    default: 30
  retries:
    description:
      - How often a read is retried after throttling (C(Throttling*)), C(ServiceUnavailable), C(InternalError), a 5xx answer
        or a transport error, with jittered exponential backoff; 0 to 20.
      - Writes are retried only when they carry a C(ClientToken), so they never run twice.
    type: int
    default: 3
notes:
  - Requests are signed with Signature V2 (HMAC-SHA1), the scheme Apsara Stack POP gateways accept. The controller's clock must
    be within 15 minutes of the gateway's.
"""

    ACTION_GROUP = r"""
attributes:
  action_group:
    description: Use C(group/cloudops.privatecloud.apsara) in C(module_defaults) to set connection options for all Apsara modules.
    support: full
    membership:
      - cloudops.privatecloud.apsara
"""

    PLUGINS = r"""
options:
  access_key_id:
    description: AccessKey ID of the Apsara Stack user.
    type: str
    required: true
    env:
      - name: APSARA_ACCESS_KEY_ID
  access_key_secret:
    description: AccessKey secret; only signs requests, never sent or stored in the cache.
    type: str
    required: true
    env:
      - name: APSARA_ACCESS_KEY_SECRET
  security_token:
    description: STS security token for a temporary AccessKey.
    type: str
    env:
      - name: APSARA_SECURITY_TOKEN
  region_id:
    description: Apsara region id.
    type: str
    required: true
    env:
      - name: APSARA_REGION_ID
  organization_id:
    description: Organization (department) id for the C(x-acs-organizationid) header.
    type: str
    env:
      - name: APSARA_ORGANIZATION_ID
  resource_group_id:
    description: Resource set id for the C(x-acs-resourcegroupid) header.
    type: str
    env:
      - name: APSARA_RESOURCE_GROUP_ID
  endpoints:
    description:
      - Endpoint URL per product (V(ecs), V(vpc), ...), as a dict or as JSON text (the form E(APSARA_ENDPOINTS) takes).
      - The inventory needs V(ecs), and V(vpc) for vSwitch names.
    type: raw
    default: {}
    env:
      - name: APSARA_ENDPOINTS
  domain:
    description: POP gateway domain from which missing endpoints are derived.
    type: str
    env:
      - name: APSARA_DOMAIN
  center_region:
    description: Whether O(region_id) is the center region (changes derived endpoints).
    type: bool
    default: true
    env:
      - name: APSARA_CENTER_REGION
  asapi_endpoint:
    description: URL of the ASAPI gateway (C(.../asapi/v3)); when set, every product is called there.
    type: str
    env:
      - name: APSARA_ASAPI_ENDPOINT
  validate_certs:
    description: Verify the TLS certificate of C(https) endpoints.
    type: bool
    default: true
    env:
      - name: APSARA_VALIDATE_CERTS
  ca_path:
    description: PEM CA bundle for the endpoints' certificates; a missing file fails before any request, naming it.
    type: path
    env:
      - name: APSARA_CA_PATH
  timeout:
    description: Seconds to wait for one HTTP answer, 1 to 3600.
    type: int
    default: 30
    env:
      - name: APSARA_TIMEOUT
  retries:
    description: Retries of a read after throttling, a 5xx answer or a transport error, 0 to 20.
    type: int
    default: 3
    env:
      - name: APSARA_RETRIES
"""
