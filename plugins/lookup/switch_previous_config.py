# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: switch_previous_config
short_description: The newest running configuration of a switch that the run store holds (masked)
version_added: 0.2.0
description:
  - Reads the run store the C(cloudops.privatecloud.report) callback records into (same DSN - O(dsn), else
    E(CLOUDOPS_STORE_DSN), else C(<reports dir>/store.sqlite3), see C(docs/store.md)) and returns the newest stored
    running configuration of the switch O(_terms) at O(site) - what C(cloudops.privatecloud.switch_inspect) compares with
    (option C(previous_config)) when the previous backup folder is gone, as in an AWX job's throw-away container.
  - Returns an empty list when there is no store (the default SQLite file does not exist), the store's schema predates
    switch configurations (revision 0006), or no configuration of that switch was recorded. A store that cannot be
    read is a warning, never a failure - the module then compares with the backup folder.
  - Read only - never creates or migrates the store. The texts were masked (switch/mask.py) before they were stored.
author:
  - cloudops.privatecloud contributors (@cloudops)
options:
  _terms:
    description: The switch's inventory host name (one).
    required: true
    type: list
    elements: str
  site:
    description: The site the runs are filed under (as the report callback files them); unset - C(default).
    type: str
    env:
      - name: CLOUDOPS_SITE
    vars:
      - name: cloudops_site
  dsn:
    description: The run store's DSN; unset - E(CLOUDOPS_STORE_DSN), else SQLite in O(reports_dir). The password is never shown.
    type: str
    ini:
      - section: cloudops_report
        key: store_dsn
    env:
      - name: CLOUDOPS_STORE_DSN
  reports_dir:
    description: The report callback's output directory (its default store is C(store.sqlite3) there).
    type: str
    default: reports
    ini:
      - section: cloudops_report
        key: output_dir
    env:
      - name: CLOUDOPS_REPORT_DIR
    vars:
      - name: cloudops_report_dir
  kind:
    description: Which configuration.
    type: str
    default: running
    choices: [running, saved]
"""

EXAMPLES = r"""
- name: Compare with the configuration the run store kept from the previous run
  cloudops.privatecloud.switch_inspect:
    # ... connection options ...
    backup_dir: reports/switch_config
    previous_config: "{{ (query('cloudops.privatecloud.switch_previous_config', inventory_hostname) + [{}]) | first }}"
  delegate_to: localhost
"""

RETURN = r"""
_list:
  description: Nothing, or one entry - the newest stored configuration of that switch.
  type: list
  elements: dict
  contains:
    run_id:
      description: The run it was captured in.
      type: str
    text:
      description: The configuration, secrets masked.
      type: str
    sha256:
      description: sha256 of C(text).
      type: str
    captured_at:
      description: When it was captured (ISO 8601 UTC).
      type: str
"""

import os

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import dsn as store_dsn
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.db import REVISIONS, RunStore
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.dsn import StoreError
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.recorder import site_name

FIRST_REVISION = "0006"   # the schema that has switch_configs
display = Display()


def previous_config(dsn, site, host, kind="running"):
    """[the newest stored configuration of `host` at `site`] or []; StoreError when the store cannot be read."""
    path = store_dsn.sqlite_path(dsn) if store_dsn.dialect(dsn) == "sqlite" else None
    if path is not None and not os.path.isfile(path):
        return []                  # no store yet: reading must not create one
    store = RunStore(dsn).open(migrate=False)      # refuses a newer schema; never migrates (the callback does)
    try:
        version = store.schema_version()
        if version is None or REVISIONS.index(version) < REVISIONS.index(FIRST_REVISION):
            return []
        row = store.latest_switch_config(site_name(site), host, kind)
    finally:
        store.close()
    return [row] if row else []


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        if len(terms) != 1 or not str(terms[0]).strip():
            raise AnsibleError("switch_previous_config: name exactly one switch (its inventory host name)")
        dsn = store_dsn.resolve(self.get_option("dsn"), self.get_option("reports_dir"))
        try:
            return previous_config(dsn, self.get_option("site"), str(terms[0]).strip(), self.get_option("kind"))
        except StoreError as exc:
            display.warning("cloudops.privatecloud.switch_previous_config: %s; the comparison uses the backup folder"
                            % store_dsn.scrub(str(exc), dsn))
            return []
