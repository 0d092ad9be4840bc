# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one Apsara Stack (Alibaba Cloud RPC OpenAPI) client every module and plugin of the collection uses.

Wire facts this relies on (shared/reference/apsara-api.md):
- RPC style: every action goes to path `/` of the product's endpoint; `Action` and `Version` are
  parameters.  We send the common parameters in the query and the action's parameters as an
  `application/x-www-form-urlencoded` POST body (the Tea SDK layout); the signature covers both.
- Signature V2 (`HMAC-SHA1`, `SignatureVersion=1.0`, section 1.3): RFC 3986 percent-encoding,
  sorted canonical query, `POST&%2F&<encoded canonical query>`, key = secret + "&".  Apsara
  gateways accept nothing else (no evidence of V3 on Apsara, section 1.10).
- Endpoints are per product and assigned per deployment (section 2.2): an explicit `endpoints`
  map wins; deriving from `domain` (`ecs-internal.<region>.<domain>` ...) is only a fallback.
- Tenancy travels in headers (section 2.3): `x-acs-organizationid`, `x-acs-resourcegroupid`,
  `x-acs-regionid`, `x-acs-request-version: v1`.
- Lists are wrapped (`Instances.Instance[]`); two paging styles exist (PageNumber/PageSize with a
  total, and NextToken/MaxResults) with per-action maximum page sizes (section 1.7).
- Success bodies may carry `Code: "200"` and `Success: true`; only a failed HTTP status or an
  explicit `Success: false` is an error (section 1.5).
- XML answers (the POP default, and some gateways' errors whatever Format asked for) are parsed into
  the same dict as their JSON form (section 1.2), with the standard library's parser, DOCTYPE refused.
- ASAPI gateway mode (sections 2.1, 2.5): one host, path `/asapi/v3`, the product in the `Product`
  parameter and the `x-acs-asapi-product` header; the `asapi*` envelope (`asapiSuccess: false` ->
  `asapiErrorCode` / `asapiErrorMessage` / `asapiRequestId`) is unwrapped.

Built on ansible.module_utils.urls (not requests) so modules have no extra dependency and get
Ansible's TLS handling (validate_certs, ca_path) for free.  The secret is used for signing only:
it never appears in a URL, a header, a log line or an error message.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import math
import re
import socket
import ssl
import threading
import time
import uuid as uuidlib

from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

from ansible.module_utils.urls import Request

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.connection import (
    option_problems,
    split_http_url,
    transport_kwargs,
)
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.paging import walk_pages
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.retry import RateLimiter, call_with_retries, wait_until
from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.tls import LazyTlsContext
from ansible_collections.cloudops.privatecloud.plugins.module_utils.values import MissingList, iso_utc, list_at

# product -> API version, the product code Apsara gateways know, and the POP endpoint templates
# (center region, other regions) of terraform-provider-alibabacloudstack's endpoint.go.
PRODUCTS = {
    "ecs": {"version": "2014-05-26", "code": "Ecs", "name": "ECS", "templates": ("ecs-internal.{domain}", "ecs-internal.{region}.{domain}")},
    "vpc": {"version": "2016-04-28", "code": "Vpc", "name": "VPC", "templates": ("vpc-internal.{domain}", "vpc-internal.{region}.{domain}")},
    "cms": {"version": "2019-01-01", "code": "Cms", "name": "CMS", "templates": ("metrics.open.{domain}", "metrics.open.{region}.{domain}")},
    "rds": {"version": "2014-08-15", "code": "Rds", "name": "RDS", "templates": ("rds.{domain}", "rds.{region}.{domain}")},
    "slb": {"version": "2014-05-15", "code": "Slb", "name": "SLB", "templates": ("slb-vpc.{domain}", "slb-vpc.{region}.{domain}")},
    "ascm": {"version": "2019-05-10", "code": "ascm", "name": "ASCM", "templates": ("ascm.{domain}", "ascm.{region}.{domain}")},
}

READ_PREFIXES = ("Describe", "List", "Get", "Query", "Check")

# What the client itself sets on every request: the POP common and signature parameters (apsara-api.md
# 1.2, with the legacy owner ones) and the ASAPI routing ones (2.1, 2.6).  A caller's parameter of the
# same name, in any case, could replace the signed action or the identity: refused, never merged.
RESERVED_PARAMETERS = (
    "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce",
    "SignatureType", "Timestamp", "SecurityToken", "Product", "x-acs-body", "ResourceOwnerAccount", "ResourceOwnerId",
    "OwnerAccount", "OwnerId")
_RESERVED_LOWER = frozenset(name.lower() for name in RESERVED_PARAMETERS)

# Paging per action (apsara-api-meta.json, section 1.7):
#   (page number param, page size param, max page size, token size param, max token page size)
# None where the action does not support the style.
PAGING = {
    ("ecs", "DescribeInstances"): ("PageNumber", "PageSize", 100, "MaxResults", 100),
    ("ecs", "DescribeDisks"): ("PageNumber", "PageSize", 100, "MaxResults", 500),
    ("ecs", "DescribeSnapshots"): ("PageNumber", "PageSize", 100, "MaxResults", 100),
    ("ecs", "DescribeSecurityGroups"): ("PageNumber", "PageSize", 100, "MaxResults", 100),
    ("ecs", "DescribeAutoSnapshotPolicyEx"): ("PageNumber", "PageSize", 100, None, None),
    ("ecs", "DescribeInstanceStatus"): ("PageNumber", "PageSize", 50, None, None),
    ("ecs", "DescribeImages"): ("PageNumber", "PageSize", 100, None, None),
    ("ecs", "DescribeSnapshotLinks"): ("PageNumber", "PageSize", 100, None, None),
    ("ecs", "DescribeTasks"): ("PageNumber", "PageSize", 100, None, None),
    ("ecs", "DescribeInstanceHistoryEvents"): ("PageNumber", "PageSize", 100, None, None),
    ("ecs", "DescribeInstanceTypes"): (None, None, None, "MaxResults", 1600),
    ("vpc", "DescribeVpcs"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeVSwitches"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeNatGateways"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeSnatTableEntries"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeForwardTableEntries"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeRouterInterfaces"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeRouteTables"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeRouteTableList"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeVRouters"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeCommonBandwidthPackages"): ("PageNumber", "PageSize", 50, None, None),
    ("vpc", "DescribeEipAddresses"): ("PageNumber", "PageSize", 100, None, None),
    ("vpc", "DescribeRouteEntryList"): (None, None, None, "MaxResult", 500),
    ("cms", "DescribeMetricRuleList"): ("Page", "PageSize", 100, None, None),
    ("cms", "DescribeAlertHistoryList"): ("Page", "PageSize", 100, None, None),
    ("cms", "DescribeAlertLogList"): ("PageNumber", "PageSize", 100, None, None),
    ("cms", "DescribeSystemEventAttribute"): ("PageNumber", "PageSize", 100, None, None),
    ("cms", "DescribeProjectMeta"): ("PageNumber", "PageSize", 100, None, None),
    ("cms", "DescribeMetricMetaList"): ("PageNumber", "PageSize", 100, None, None),
    ("cms", "DescribeMetricLast"): (None, None, None, "Length", 1000),
    ("cms", "DescribeMetricList"): (None, None, None, "Length", 1000),
    ("rds", "DescribeDBInstances"): ("PageNumber", "PageSize", 100, "MaxResults", 100),
    ("rds", "DescribeBackups"): ("PageNumber", "PageSize", 100, None, None),
    ("slb", "DescribeLoadBalancers"): ("PageNumber", "PageSize", 100, None, None),
    ("ascm", "ListResourceGroup"): ("pageNumber", "pageSize", 100, None, None),
}

# Where each list lives in the answer; other actions are unwrapped by shape (see list_path_of).
LIST_PATHS = {
    ("ecs", "DescribeInstances"): "Instances.Instance",
    ("ecs", "DescribeDisks"): "Disks.Disk",
    ("ecs", "DescribeSnapshots"): "Snapshots.Snapshot",
    ("ecs", "DescribeAutoSnapshotPolicyEx"): "AutoSnapshotPolicies.AutoSnapshotPolicy",
    ("ecs", "DescribeSecurityGroups"): "SecurityGroups.SecurityGroup",
    ("ecs", "DescribeSecurityGroupAttribute"): "Permissions.Permission",
    ("ecs", "DescribeInstanceStatus"): "InstanceStatuses.InstanceStatus",
    ("vpc", "DescribeVpcs"): "Vpcs.Vpc",
    ("vpc", "DescribeVSwitches"): "VSwitches.VSwitch",
    ("vpc", "DescribeRouterInterfaces"): "RouterInterfaceSet.RouterInterfaceType",
    ("vpc", "DescribeEipAddresses"): "EipAddresses.EipAddress",
    ("vpc", "DescribeNatGateways"): "NatGateways.NatGateway",
    ("vpc", "DescribeSnatTableEntries"): "SnatTableEntries.SnatTableEntry",
    ("vpc", "DescribeRouteTableList"): "RouterTableList.RouterTableListType",
    ("vpc", "DescribeRouteEntryList"): "RouteEntrys.RouteEntry",
    ("cms", "DescribeMetricRuleList"): "Alarms.Alarm",
    ("cms", "DescribeAlertHistoryList"): "AlarmHistoryList.AlarmHistory",
    ("cms", "DescribeMetricLast"): "Datapoints",
    ("cms", "DescribeMetricList"): "Datapoints",
    ("rds", "DescribeDBInstances"): "Items.DBInstance",
    ("rds", "DescribeBackups"): "Items.Backup",
    ("slb", "DescribeLoadBalancers"): "LoadBalancers.LoadBalancer",
    ("slb", "DescribeHealthStatus"): "BackendServers.BackendServer",
    ("ascm", "ListResourceGroup"): "data",
}

# Fields that carry the server-side total in the page style.
TOTAL_FIELDS = ("TotalCount", "TotalRecordCount", "Total", "total")

# Describe action -> (id parameter, sent as a JSON array?) for wait_for().
WAIT_ID_PARAMS = {
    ("ecs", "DescribeInstances"): ("InstanceIds", True),
    ("ecs", "DescribeDisks"): ("DiskIds", True),
    ("ecs", "DescribeSnapshots"): ("SnapshotIds", True),
    ("ecs", "DescribeSecurityGroups"): ("SecurityGroupIds", True),
    ("vpc", "DescribeVpcs"): ("VpcId", False),
    ("vpc", "DescribeVSwitches"): ("VSwitchId", False),
    ("vpc", "DescribeNatGateways"): ("NatGatewayId", False),
    ("vpc", "DescribeEipAddresses"): ("AllocationId", False),
    ("vpc", "DescribeSnatTableEntries"): ("SnatEntryId", False),
    ("rds", "DescribeDBInstances"): ("DBInstanceId", False),
    ("slb", "DescribeLoadBalancers"): ("LoadBalancerId", False),
}

# Transient failures worth another try (aliyunsdkcore retry_config.json, alibabacloudstack NeedRetry).
RETRIABLE_CODE = re.compile(r"^(Throttling.*|Rejected\.Throttling|ServiceUnavailable|InternalError|UnknownError|SignatureNonceUsed)$")
RETRIABLE_STATUS = (500, 502, 503, 504)

# One hint per error a person can fix, appended to the API's own message.
HINTS = {
    "SignatureDoesNotMatch": "the access key secret does not match access_key_id (check access_key_secret / APSARA_ACCESS_KEY_SECRET)",
    "InvalidAccessKeyId.NotFound": "the gateway does not know access_key_id (check access_key_id / APSARA_ACCESS_KEY_ID)",
    "InvalidAccessKeyId.Inactive": "the access key is disabled in the Apsara console",
    "InvalidTimeStamp.Expired": "the clock of this controller differs from the gateway's by more than 15 minutes: synchronise it (NTP)",
    "InvalidSecurityToken.Expired": "the STS security_token has expired: request a new one",
    "InvalidSecurityToken.MismatchWithAccessKey": "security_token does not belong to access_key_id",
    "InvalidSecurityToken.Malformed": "security_token is not a valid STS token",
}


# `*.NotFound` codes that say the request is wrong, not that the resource it names is gone.
REQUEST_NOT_FOUND_CODES = frozenset((
    "InvalidAccessKeyId.NotFound", "InvalidAction.NotFound", "InvalidApi.NotFound", "InvalidVersion.NotFound",
    "InvalidRegionId.NotFound", "InvalidZoneId.NotFound", "InvalidParam.NotFound", "InvalidNextHop.NotFound",
    "InvalidSecurityToken.NotFound", "InvalidProduct.NotFound"))


class ApsaraError(Exception):
    """Any failure talking to Apsara: the API's own Code/Message/RequestId when it sent them."""

    def __init__(self, message, code=None, request_id=None, status=None, product=None, action=None,
                 endpoint=None, retriable=False, api_message=None):
        super(ApsaraError, self).__init__(message)
        self.message = message
        self.code = code
        self.api_message = api_message
        self.request_id = request_id
        self.status = status
        self.product = product
        self.action = action
        self.endpoint = endpoint
        self.retriable = retriable

    def is_not_found(self, codes=None):
        """Whether the API said the resource a request names does not exist.

        Decided by the API's own code, never by the HTTP status: gateways answer 404 for an unknown
        AccessKey and 400 for signature, throttling and parameter errors.  `codes` are the action's own
        not-found codes (e.g. ("InvalidVpcId.NotFound",)); without them any resource `*.NotFound` code
        counts, except those that name the request itself (credentials, action, region, zone).
        """
        if not self.code:
            return False
        if codes is not None:
            return self.code in codes
        return self.code.endswith(".NotFound") and self.code not in REQUEST_NOT_FOUND_CODES

    def to_dict(self):
        result = {"message": self.message}
        for key in ("code", "api_message", "request_id", "status", "product", "action", "endpoint"):
            if getattr(self, key) is not None:
                result[key] = getattr(self, key)
        return result

    def __str__(self):
        return self.message


# -- Signature V2 -------------------------------------------------------------------------------
def percent_encode(value):
    """RFC 3986 as the POP gateway wants it: UTF-8, only A-Z a-z 0-9 - _ . ~ left as they are."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return quote(value if isinstance(value, (str, bytes)) else str(value), safe="-_.~")


def canonical_query(params):
    """k1=v1&k2=v2 sorted by name (byte order), every name and value percent-encoded."""
    encoded = [(percent_encode(k), percent_encode(v)) for k, v in params.items() if k != "Signature"]
    return "&".join("%s=%s" % pair for pair in sorted(encoded))


def string_to_sign(method, params):
    return "%s&%s&%s" % (method.upper(), percent_encode("/"), percent_encode(canonical_query(params)))


def sign(method, params, secret):
    """Base64(HMAC-SHA1(secret + "&", string_to_sign)), Signature V2 / "1.0"."""
    digest = hmac.new((secret + "&").encode("utf-8"), string_to_sign(method, params).encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def form_encode(params):
    return "&".join("%s=%s" % (percent_encode(k), percent_encode(v)) for k, v in params.items())


def stringify(value):
    """Parameter values on the wire: booleans as true/false, lists/dicts as JSON strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"))
    return "" if value is None else str(value)


# -- endpoints -----------------------------------------------------------------------------------
def normalize_url(value, scheme="https"):
    """'ecs.example.invalid', 'host:8080', 'http://host:8080/' -> 'scheme://host[:port]/'."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        parts = split_http_url(text, scheme)
    except ValueError as err:
        raise ApsaraError("endpoint %r %s" % (value, err))
    path = parts.path.rstrip("/") + "/"
    return "%s://%s%s" % (parts.scheme, parts.netloc, path)


ASAPI_PATH = "/asapi/v3/"
# The envelope an ASAPI gateway adds to every answer (apsara-api.md 2.5), left out of what callers get.
ASAPI_ENVELOPE = ("asapiSuccess", "asapiRequestId", "asapiErrorCode", "asapiErrorMessage", "eagleEyeTraceId")


def normalize_asapi_endpoint(value):
    """'server.asapi.<region>.<domain>/asapi/v3', 'http://host:port' -> 'scheme://host[:port]/asapi/v3/'."""
    url = normalize_url(value)
    if url and urlsplit(url).path == "/":
        url = url.rstrip("/") + ASAPI_PATH
    return url


def derive_endpoint(product, domain, region_id, center_region=True):
    """POP endpoint from the deployment domain (section 2.2), e.g. ecs-internal.<region>.<domain>."""
    scheme = "https"
    text = str(domain).strip()
    if "://" in text:
        scheme, text = text.split("://", 1)
    text = text.strip("/")
    template = PRODUCTS[product]["templates"][0 if center_region else 1]
    return normalize_url(template.format(domain=text, region=region_id), scheme)


def product_key(product):
    key = str(product or "").strip().lower()
    if key not in PRODUCTS:
        raise ApsaraError("unknown Apsara product %r (valid: %s)" % (product, ", ".join(sorted(PRODUCTS))))
    return key


def is_read_action(action):
    return str(action).startswith(READ_PREFIXES)


def reserved_parameters(params):
    """The names in `params` that collide, case-insensitively, with a parameter the client sets itself."""
    return sorted(str(name) for name in (params or {}) if str(name).strip().lower() in _RESERVED_LOWER)


def dig(body, path):
    """body['Instances']['Instance'] for 'Instances.Instance'; None when a step is missing."""
    node = body
    for step in path.split("."):
        if not isinstance(node, dict) or step not in node:
            return None
        node = node[step]
    return node


def list_path_of(product, action, body=None):
    """The known list path, or the one wrapped list in the answer (`X: {Y: [...]}` or `X: [...]`)."""
    known = LIST_PATHS.get((product, action))
    if known or not isinstance(body, dict):
        return known
    candidates = []
    for key, value in body.items():
        if isinstance(value, list):
            candidates.append(key)
        elif isinstance(value, dict) and len(value) == 1:
            inner_key, inner = next(iter(value.items()))
            if isinstance(inner, list):
                candidates.append("%s.%s" % (key, inner_key))
    return candidates[0] if len(candidates) == 1 else None


def unwrap(body, path, required=False, action=None):
    """The list at `path`, in whatever shape it came (values.list_at): one item without its array
    (XML heritage) is [it], CMS Datapoints (JSON text) are parsed, an empty wrapper is [].

    A path that is missing is [] only when not `required`: a list action's answer without its list
    (an extra envelope, a renamed wrapper) raises ApsaraError naming the action and the path.
    """
    try:
        return list_at(body, path)
    except MissingList as err:
        if not required:
            return []
        raise ApsaraError("%s answered no list at %s (its answer has: %s); the collection does not know this answer shape" % (
            action or "the action", path, ", ".join(err.keys) or "nothing"), code="UnexpectedAnswer", action=action)
    except ValueError as err:
        raise ApsaraError("list %s of %s is not a list: %s" % (path, action or "the answer", err), code="UnexpectedAnswer",
                          action=action)


def total_of(body):
    for key in TOTAL_FIELDS:
        if isinstance(body, dict) and body.get(key) not in (None, ""):
            try:
                return int(body[key])
            except (TypeError, ValueError):
                continue
    info = body.get("pageInfo") if isinstance(body, dict) else None
    if isinstance(info, dict) and info.get("total") is not None:
        return int(info["total"])
    return None


# -- how one page follows another (core.paging.walk_pages sends them) -----------------------------
def _page_number_walk(product, action, params, spec, page_size, list_path):
    """PageNumber/PageSize: a full page with a total names every page after it; without a total, the next one."""
    page_param, size_param = (spec[0], spec[1]) if spec else ("PageNumber", "PageSize")
    size = int(page_size or params.pop(size_param, None) or (spec[2] if spec else 50))
    number = int(params.pop(page_param, None) or 1)

    def following(request, body):
        path = list_path or list_path_of(product, action, body)
        count = len(unwrap(body, path)) if path and isinstance(body, dict) else 0
        if count < size:
            return []  # a short (or empty) page ends the list
        total = total_of(body)
        current = int(request[page_param])
        last = int(math.ceil(total / float(size))) if total is not None else current + 1
        return [dict(request, **{page_param: n}) for n in range(current + 1, last + 1)]

    return dict(params, **{page_param: number, size_param: size}), following


def _token_walk(params, spec, page_size):
    """NextToken/MaxResults: each answer's token names the one next page."""
    size_param = spec[3] if spec else "MaxResults"
    size = int(page_size or params.pop(size_param, None) or (spec[4] if spec else 100))
    token = params.pop("NextToken", None)
    first = dict(params, **{size_param: size})
    if token:
        first["NextToken"] = token

    def following(request, body):
        token = body.get("NextToken") if isinstance(body, dict) else None
        return [dict(request, NextToken=token)] if token else []

    return first, following


def _walk_as_answered(product, action):
    """Undocumented actions: follow what the answer itself says about more pages."""
    def following(request, body):
        if not isinstance(body, dict):
            return []
        if body.get("NextToken"):
            return [dict(request, NextToken=body["NextToken"])]
        path = list_path_of(product, action, body)
        if path and body.get("PageNumber") and (total_of(body) or 0) > int(body["PageNumber"]) * int(body.get("PageSize") or 10**9):
            return [dict(request, PageNumber=int(body["PageNumber"]) + 1, PageSize=int(body["PageSize"]))]
        return []

    return following


def _xml_value(element):
    """An element as JSON would carry it: its text, or its children by tag, a repeated tag being a
    list (`<VSwitches><VSwitch/><VSwitch/></VSwitches>` -> {"VSwitches": {"VSwitch": [{}, {}]}})."""
    children = list(element)
    if not children:
        return (element.text or "").strip()
    value = {}
    for child in children:
        item = _xml_value(child)
        if child.tag in value:
            if not isinstance(value[child.tag], list):
                value[child.tag] = [value[child.tag]]
            value[child.tag].append(item)
        else:
            value[child.tag] = item
    return value


def parse_xml_body(text):
    """An XML answer (apsara-api.md 1.2: XML is the POP default, and some gateways answer errors such as
    SignatureDoesNotMatch in XML whatever Format asked for) -> the dict its JSON form would be: the root
    element (`<Error>`, `<DescribeVpcsResponse>`) dropped.  A DOCTYPE is refused (no entity expansion);
    what does not parse stays text."""
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        return "XML answer with a DOCTYPE refused (entity declarations are not read)"
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return text
    value = _xml_value(root)
    return value if isinstance(value, dict) else {root.tag: value}


def _parse_body(raw):
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else (raw or "")
    if not text.strip():
        return {}
    if text.lstrip().startswith("<"):
        return parse_xml_body(text.strip())
    try:
        return json.loads(text)
    except ValueError:
        return text


class ApsaraClient(object):
    """Signs and sends RPC calls to the per-product endpoints of one Apsara region.  Thread-safe."""

    def __init__(self, access_key_id, access_key_secret, region_id, endpoints=None, security_token=None,
                 organization_id=None, resource_group_id=None, domain=None, center_region=True, asapi_endpoint=None,
                 validate_certs=True, ca_path=None, timeout=30, retries=3, base_delay=0.5, max_delay=10.0,
                 requests_per_second=None, max_concurrency=None, clock=None, sleep=None):
        if not access_key_id or not access_key_secret:
            raise ApsaraError("access_key_id and access_key_secret are required (or APSARA_ACCESS_KEY_ID / APSARA_ACCESS_KEY_SECRET)")
        if not region_id:
            raise ApsaraError("region_id is required (or APSARA_REGION_ID)")
        problems = option_problems(dict(ca_path=ca_path, timeout=timeout, retries=retries,
                                        requests_per_second=requests_per_second, workers=max_concurrency))
        if problems:
            raise ApsaraError("; ".join(problems))
        self.access_key_id = access_key_id
        self._secret = access_key_secret
        self._security_token = security_token or None
        self.region_id = region_id
        self.organization_id = str(organization_id) if organization_id not in (None, "") else None
        self.resource_group_id = str(resource_group_id) if resource_group_id not in (None, "") else None
        self.domain = domain or None
        self.center_region = center_region
        self.asapi_endpoint = normalize_asapi_endpoint(asapi_endpoint) if asapi_endpoint else None
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.timeout = timeout
        self.retries = retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock or time.time  # tests move it to simulate clock skew
        self.sleep = sleep or time.sleep
        self.endpoints = {}
        for name, url in (endpoints or {}).items():
            key = product_key(name)
            if url:
                self.endpoints[key] = normalize_url(url)
        self._limiter = RateLimiter(requests_per_second)
        self._slots = threading.BoundedSemaphore(max_concurrency) if max_concurrency else None
        self._lock = threading.Lock()
        self._tls = LazyTlsContext(self.ca_path, self.validate_certs)
        self.stats = {"api_calls": 0, "retries": 0, "by_action": {}}

    def set_limits(self, max_concurrency=None, requests_per_second=None):
        """Bound in-flight requests and/or the request rate (set before starting threads)."""
        problems = option_problems(dict(workers=max_concurrency, requests_per_second=requests_per_second))
        if problems:
            raise ApsaraError("; ".join(problems))
        self._slots = threading.BoundedSemaphore(max_concurrency) if max_concurrency else None
        self._limiter = RateLimiter(requests_per_second)

    # -- endpoints --------------------------------------------------------------------------------
    def endpoint(self, product):
        """The URL for a product: the ASAPI gateway when set (every product), explicit `endpoints`,
        then derived from `domain`."""
        key = product_key(product)
        if self.asapi_endpoint:
            return self.asapi_endpoint
        if key in self.endpoints:
            return self.endpoints[key]
        if self.domain:
            return derive_endpoint(key, self.domain, self.region_id, self.center_region)
        raise ApsaraError(
            "no endpoint for Apsara product %s: set endpoints.%s (for example endpoints: {%s: https://%s}) or APSARA_ENDPOINTS, "
            "or domain (APSARA_DOMAIN) to derive it" % (key, key, key, PRODUCTS[key]["templates"][1].format(
                region=self.region_id, domain="example.invalid")), product=key)

    def tenancy_headers(self, product):
        headers = {
            "x-acs-regionid": self.region_id,
            "x-acs-request-version": "v1",
            "x-acs-caller-sdk-source": "cloudops.privatecloud",
            "x-acs-asapi-product": PRODUCTS[product]["code"],
        }
        if self.organization_id:
            headers["x-acs-organizationid"] = self.organization_id
        if self.resource_group_id:
            headers["x-acs-resourcegroupid"] = self.resource_group_id
        return headers

    # -- signing ----------------------------------------------------------------------------------
    def timestamp(self):
        return iso_utc(datetime.datetime.fromtimestamp(self.clock(), datetime.timezone.utc))

    def signed_request(self, product, action, params, method="POST"):
        """(url, body, headers) for one attempt: a fresh nonce and timestamp each time."""
        key = product_key(product)
        common = {
            "Action": action,
            "Version": PRODUCTS[key]["version"],
            "Format": "JSON",
            "AccessKeyId": self.access_key_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
            "SignatureNonce": uuidlib.uuid4().hex,
            "Timestamp": self.timestamp(),
        }
        if self._security_token:
            common["SecurityToken"] = self._security_token
        if self.asapi_endpoint:
            common["Product"] = PRODUCTS[key]["code"]  # the ASAPI gateway routes on it (section 2.1)
        clash = reserved_parameters(params)
        if clash:
            raise ApsaraError("parameter(s) %s are set by the client (common and signature parameters) and cannot be given "
                              "with %s" % (", ".join(clash), action), code="ReservedParameter", product=key, action=action)
        business = dict((k, stringify(v)) for k, v in (params or {}).items() if v is not None)
        business.setdefault("RegionId", self.region_id)
        # The common parameters are applied last, so none can be replaced whatever reaches here.
        if method == "GET":
            query, body = dict(business, **common), {}
        else:
            query, body = common, business
        signed = dict(body)
        signed.update(query)
        query["Signature"] = sign(method, signed, self._secret)
        url = self.endpoint(key) + "?" + form_encode(query)
        headers = {"Accept": "application/json"}
        headers.update(self.tenancy_headers(key))
        data = None
        if method != "GET":
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
            data = form_encode(body).encode("utf-8")
        return url, data, headers

    # -- transport --------------------------------------------------------------------------------
    def _scrub(self, text):
        """Never let the secret (or the STS token) out, whatever a server echoes back."""
        text = str(text)
        for secret in (self._secret, self._security_token):
            if secret and secret in text:
                text = text.replace(secret, "********")
        return text

    def _send(self, product, action, params, method):
        url, data, headers = self.signed_request(product, action, params, method)
        self._limiter.acquire()
        with self._lock:
            self.stats["api_calls"] += 1
            self.stats["by_action"][action] = self.stats["by_action"].get(action, 0) + 1
        slots = self._slots
        if slots is None:
            return self._exchange(product, action, method, url, data, headers)
        slots.acquire()
        try:
            return self._exchange(product, action, method, url, data, headers)
        finally:
            slots.release()

    def _exchange(self, product, action, method, url, data, headers):
        base = self.endpoint(product)
        try:
            request = Request(timeout=self.timeout, http_agent="cloudops.privatecloud", follow_redirects="none",
                              use_netrc=False, context=self._tls.get())
            response = request.open(method, url, data=data, headers=headers)
            return response.getcode(), _parse_body(response.read()), response.headers.get("x-acs-request-id")
        except HTTPError as err:
            try:
                raw = err.read()
            except Exception:  # pylint: disable=broad-except
                raw = b""
            request_id = err.headers.get("x-acs-request-id") if err.headers else None
            return err.code, _parse_body(raw), request_id
        except (ssl.SSLError, ssl.CertificateError) as err:
            raise self._tls_error(product, action, base, err)
        except URLError as err:
            if isinstance(err.reason, (ssl.SSLError, ssl.CertificateError)) or "CERTIFICATE_VERIFY_FAILED" in str(err.reason):
                raise self._tls_error(product, action, base, err.reason)
            raise self._unreachable(product, action, base, err.reason)
        except (socket.timeout, TimeoutError) as err:
            raise ApsaraError("Apsara %s endpoint %s did not answer %s within %ss (%s)" % (
                PRODUCTS[product]["name"], base, action, self.timeout, err),
                product=product, action=action, endpoint=base, retriable=True)
        except (OSError, ValueError) as err:
            text = str(err)
            if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
                raise self._tls_error(product, action, base, err)
            raise self._unreachable(product, action, base, err)

    def _unreachable(self, product, action, base, reason):
        return ApsaraError("cannot reach Apsara %s endpoint %s (%s): %s" % (PRODUCTS[product]["name"], base, action, reason),
                           product=product, action=action, endpoint=base, retriable=True)

    def _tls_error(self, product, action, base, err):
        return ApsaraError(
            "TLS certificate of the Apsara %s endpoint %s could not be verified (%s). validate_certs is true: give the site's CA "
            "bundle with ca_path (APSARA_CA_PATH), or set validate_certs: false only for a lab." % (PRODUCTS[product]["name"], base, err),
            product=product, action=action, endpoint=base)

    def _error_from(self, product, action, status, body, request_id, retriable_ok):
        if isinstance(body, dict):
            code = body.get("Code") or body.get("code") or body.get("asapiErrorCode") or body.get("errorCode")
            message = body.get("Message") or body.get("message") or body.get("asapiErrorMessage") or body.get("errorMessage") or ""
            request_id = body.get("RequestId") or body.get("requestId") or body.get("asapiRequestId") or request_id
        else:
            code, message = None, (body or "").strip()[:500]
        code = str(code) if code is not None else None
        retriable = bool(retriable_ok and ((code and RETRIABLE_CODE.match(code)) or status in RETRIABLE_STATUS))
        text = "Apsara %s %s failed: %s%s" % (PRODUCTS[product]["name"], action, code or "HTTP %s" % status,
                                              (": %s" % message) if message else "")
        if code in HINTS:
            text += " (%s)" % HINTS[code]
        if request_id:
            text += " [RequestId %s]" % request_id
        return ApsaraError(self._scrub(text), code=code, request_id=request_id, status=status, product=product,
                           action=action, endpoint=self.endpoint(product), retriable=retriable,
                           api_message=self._scrub(message) if message else None)

    @staticmethod
    def _failed(status, body):
        if status >= 400:
            return True
        if isinstance(body, dict):
            # false as a JSON boolean, or as text (XML bodies, stringly typed gateways)
            return any(str(body.get(flag)).lower() == "false" for flag in ("Success", "success", "asapiSuccess"))
        return not isinstance(body, (dict, list))

    # -- the one call ---------------------------------------------------------------------------------
    def call(self, product, action, params=None, method="POST", retry=None):
        """One action; returns the decoded answer.  Raises ApsaraError with the API's code and message.

        Reads (Describe*/List*/Get*/...) are retried on throttling, ServiceUnavailable,
        InternalError, 5xx and transport errors with jittered backoff.  Writes are retried only
        when they carry a ClientToken (the server then runs them once), unless `retry` says so.
        """
        key = product_key(product)
        params = dict(params or {})
        if retry is None:
            retry = is_read_action(action) or bool(params.get("ClientToken"))

        def attempt():
            status, body, request_id = self._send(key, action, params, method)
            if self._failed(status, body):
                raise self._error_from(key, action, status, body, request_id, retry)
            if isinstance(body, dict):
                for field in ASAPI_ENVELOPE:
                    body.pop(field, None)
            return body

        def count(exc, delay):
            with self._lock:
                self.stats["retries"] += 1

        def retriable(exc):
            return retry and isinstance(exc, ApsaraError) and exc.retriable

        return call_with_retries(attempt, retriable, retries=self.retries, base_delay=self.base_delay,
                                 max_delay=self.max_delay, sleep=self.sleep, on_retry=count)

    # -- paging -----------------------------------------------------------------------------------
    def paging_style(self, product, action, params=None, style="auto"):
        """'page', 'token' or 'none' for an action (auto: the action's documented style)."""
        spec = PAGING.get((product_key(product), action))
        params = params or {}
        if style != "auto":
            if spec and ((style == "page" and not spec[0]) or (style == "token" and not spec[3])):
                raise ApsaraError("%s does not support %s paging" % (action, style))
            return style
        if spec is None:
            return "none"
        if spec[3] and (not spec[0] or "NextToken" in params or spec[3] in params):
            return "token"
        return "page"

    def iter_pages(self, product, action, params=None, style="auto", page_size=None, list_path=None, workers=1):
        """Yield each answer of a paged action, in page order: one call per page.

        When the first answer's total names every page after it, `workers` > 1 fetches those in
        parallel (the collector does; one-off reads need not).
        """
        key = product_key(product)
        params = dict(params or {})
        style = self.paging_style(key, action, params, style)
        spec = PAGING.get((key, action))
        if style == "page":
            first, following = _page_number_walk(key, action, params, spec, page_size, list_path)
        elif style == "token":
            first, following = _token_walk(params, spec, page_size)
        else:
            first, following = params, _walk_as_answered(key, action)
        return walk_pages(lambda request: self.call(key, action, request), first, following, workers)

    def call_all_pages(self, product, action, params=None, list_path=None, style="auto", page_size=None, workers=1):
        """Every item of a list action, unwrapped (`Instances.Instance` -> the list).  An answer without
        its list is an ApsaraError, never zero items: only a present, empty list is."""
        key = product_key(product)
        items = []
        for body in self.iter_pages(key, action, params, style, page_size, list_path, workers):
            path = list_path or list_path_of(key, action, body)
            if not path:
                raise ApsaraError("cannot tell which list %s returns; give list_path" % action, product=key, action=action)
            items.extend(unwrap(body, path, required=True, action=action))
        return items

    # -- waiters ----------------------------------------------------------------------------------
    def wait_for(self, product, describe_action, resource_id, field, target_states, timeout=600, id_param=None,
                 params=None, failure_states=(), interval=2.0, list_path=None, id_field=None):
        """Poll a Describe action until the resource's `field` is one of `target_states`.

        Returns the item.  A state in `failure_states`, or the timeout, raises ApsaraError.
        """
        key = product_key(product)
        targets = set([target_states] if isinstance(target_states, str) else target_states)
        failures = set([failure_states] if isinstance(failure_states, str) else failure_states)
        param, as_array = (id_param, False) if id_param else WAIT_ID_PARAMS.get((key, describe_action), (None, False))
        if not param:
            raise ApsaraError("wait_for: no id parameter known for %s; give id_param" % describe_action, product=key, action=describe_action)
        request = dict(params or {})
        request[param] = [resource_id] if as_array else resource_id

        def read():
            body = self.call(key, describe_action, request)
            path = list_path or list_path_of(key, describe_action, body)
            items = unwrap(body, path) if path else [body]
            return next((i for i in items if resource_id in [str(v) for v in i.values() if isinstance(v, (str, int))]
                         or (id_field and i.get(id_field) == resource_id)), items[0] if len(items) == 1 else None)

        def failed(item):
            if item is not None and item.get(field) in failures:
                raise ApsaraError("Apsara %s %s reached %s=%s while waiting for %s" % (
                    PRODUCTS[key]["name"], resource_id, field, item.get(field), "/".join(sorted(targets))),
                    code="WaitFailed", product=key, action=describe_action)

        def timed_out(item):
            return ApsaraError("Apsara %s %s did not reach %s=%s within %ss (last %s)" % (
                PRODUCTS[key]["name"], resource_id, field, "/".join(sorted(targets)), timeout,
                item.get(field) if item is not None else "not found"), code="WaitTimeout", product=key, action=describe_action)

        return wait_until(read, lambda item: item is not None and item.get(field) in targets, timeout, timed_out,
                          check=failed, first_delay=0.2, max_delay=interval, clock=self.clock_monotonic, sleep=self.sleep)

    @staticmethod
    def clock_monotonic():
        return time.monotonic()


def parse_endpoints(value):
    """The endpoints option: a dict, or JSON text (APSARA_ENDPOINTS), or 'ecs=url,vpc=url'."""
    if not value:
        return {}
    if isinstance(value, dict):
        return dict(value)
    text = str(value).strip()
    if text.startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError as err:
            raise ApsaraError("endpoints is not valid JSON: %s" % err)
        if not isinstance(parsed, dict):
            raise ApsaraError("endpoints must map a product to a URL")
        return parsed
    result = {}
    for part in text.split(","):
        if part.strip():
            if "=" not in part:
                raise ApsaraError("endpoints entry %r is not product=url" % part.strip())
            name, url = part.split("=", 1)
            result[name.strip()] = url.strip()
    return result


def client_from_params(params):
    """Build a client from module/plugin options (see the apsara doc fragment)."""
    return ApsaraClient(
        access_key_id=params.get("access_key_id"),
        access_key_secret=params.get("access_key_secret"),
        region_id=params.get("region_id"),
        endpoints=parse_endpoints(params.get("endpoints")),
        security_token=params.get("security_token"),
        organization_id=params.get("organization_id"),
        resource_group_id=params.get("resource_group_id"),
        domain=params.get("domain"),
        center_region=params.get("center_region", True),
        asapi_endpoint=params.get("asapi_endpoint"),
        **transport_kwargs(params)
    )
