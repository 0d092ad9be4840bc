# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One TLS context per API client, built on first use (both clouds' clients)."""

from __future__ import annotations

import threading

from ansible.module_utils.urls import make_context


class LazyTlsContext(object):
    """Building an SSL context loads the CA store: ~50-90 ms, too much to pay on every request."""

    def __init__(self, ca_path=None, validate_certs=True):
        self.ca_path = ca_path
        self.validate_certs = validate_certs
        self._context = None
        self._lock = threading.Lock()

    def get(self):
        if self._context is None:
            with self._lock:
                if self._context is None:
                    self._context = make_context(cafile=self.ca_path, validate_certs=self.validate_certs)
        return self._context
