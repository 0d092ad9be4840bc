# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ZStack and Apsara inventory plugins share: the cache round trip, one host with its
variables, platform groups and constructed options, and unique host names."""

from __future__ import annotations

import re

from ansible.errors import AnsibleError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable


def safe_group_part(value):
    """A value as part of a group name: letters, digits and underscores, lower case."""
    return re.sub(r"[^A-Za-z0-9_]", "_", str(value if value not in (None, "") else "none")).lower()


def name_counts(items, key):
    """How often each name occurs (a duplicated name cannot name an inventory host)."""
    counts = {}
    for item in items:
        counts[item.get(key)] = counts.get(item.get(key), 0) + 1
    return counts


def unique_name_or(name, names, fallback):
    """`name` when it names exactly one item (see name_counts), else `fallback` (an id)."""
    return name if name and names.get(name) == 1 else fallback


class CloudInventoryBase(BaseInventoryPlugin, Constructable, Cacheable):
    """Subclasses implement `_fetch()` (API data, JSON-able, cached as is) and `_populate(data)`.

    `error_type` is the platform client's error: it becomes an AnsibleError naming the source.
    `client_from_options(options)` builds the platform client from `connection_options` (the
    platform doc fragment's PLUGINS options), as the modules build theirs from their params.
    The inventory file name must end in `<group_prefix>.yml` or `.yaml`.
    """

    error_type = Exception
    group_prefix = "cloud"
    connection_options = ()

    @staticmethod
    def client_from_options(options):
        raise NotImplementedError

    def verify_file(self, path):
        return super(CloudInventoryBase, self).verify_file(path) and path.endswith(
            ("%s.yml" % self.group_prefix, "%s.yaml" % self.group_prefix))

    def _client(self):
        client = self.client_from_options(dict((name, self._templated_option(name)) for name in self.connection_options))
        warning = getattr(client, "cleartext_warning", None)
        if warning is not None and warning():
            self.display.warning(warning())
        return client

    def parse(self, inventory, loader, path, cache=True):
        super(CloudInventoryBase, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        data = None
        if self.get_option("cache") and cache:
            data = self._cache.get(cache_key)
        if data is None:
            try:
                data = self._fetch()
            except self.error_type as err:
                raise AnsibleError("%s inventory %s: %s" % (self.group_prefix, path, err))
            if self.get_option("cache"):
                self._cache[cache_key] = data
        self._populate(data)

    def _templated_option(self, name):
        """An option that may hold a template (e.g. a password looked up from the environment)."""
        value = self.get_option(name)
        if isinstance(value, str) and self.templar.is_template(value):
            value = self.templar.template(value)
        return value

    def add_cloud_host(self, hostname, group, hostvars, groups, address=None):
        """Add one host: its variables, `<prefix>_<kind>_<value>` groups, then compose/groups/keyed_groups."""
        self.inventory.add_host(hostname, group=group)
        for key, value in hostvars.items():
            self.inventory.set_variable(hostname, key, value)
        if address:
            self.inventory.set_variable(hostname, "ansible_host", address)
        for kind, value in groups:
            if value:
                child = self.inventory.add_group("%s_%s_%s" % (self.group_prefix, kind, safe_group_part(value)))
                self.inventory.add_child(child, hostname)
        strict = self.get_option("strict")
        self._set_composite_vars(self.get_option("compose"), hostvars, hostname, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), hostvars, hostname, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, hostname, strict=strict)
