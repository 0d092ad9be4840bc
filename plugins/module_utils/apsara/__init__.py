# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apsara Stack: the POP client (client), module glue (module), collector (collect), restore steps (restore), VPC changes (vpc/).

Until 0.2.0 the client lived in module_utils/apsara.py; its public names are re-exported here for one
release so that `from ...module_utils.apsara import ApsaraClient` keeps working (deprecated: import
from module_utils.apsara.client).
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.apsara.client import (  # noqa: F401  pylint: disable=unused-import
    HINTS, LIST_PATHS, PAGING, PRODUCTS, READ_PREFIXES, RETRIABLE_CODE, RETRIABLE_STATUS, TOTAL_FIELDS, WAIT_ID_PARAMS,
    ApsaraClient, ApsaraError, canonical_query, client_from_params, derive_endpoint, dig, form_encode, is_read_action,
    list_path_of, normalize_url, parse_endpoints, percent_encode, product_key, sign, string_to_sign, stringify, total_of,
    unwrap)
