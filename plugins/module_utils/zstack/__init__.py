# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ZStack: the REST client (client), module glue (module), collector (collect), restore steps (restore), VPC changes (vpc/).

Until 0.2.0 the client lived in module_utils/zstack.py; its public names are re-exported here for one
release so that `from ...module_utils.zstack import ZStackClient` keeps working (deprecated: import
from module_utils.zstack.client).
"""

from __future__ import annotations

from ansible_collections.cloudops.privatecloud.plugins.module_utils.zstack.client import (  # noqa: F401  pylint: disable=unused-import
    API_PREFIX, DEFAULT_PORT, JOB_MARKER, MAX_PAGE, OPERATORS, RESOURCE_PATHS, RETRIABLE_CODES, SESSION_INVALID_CODES,
    UNARY_OPERATORS, ZStackClient, ZStackError, client_from_params, condition, hash_password, normalize_endpoint,
    parse_condition)
