# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ZStack and Apsara inventory plugins share: the cache round trip (private files), one host
with its variables, platform groups and constructed options, and host names that a cloud's tenants
cannot turn against the inventory."""

from __future__ import annotations

import ipaddress
import os
import re
import stat

from ansible.errors import AnsibleError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

# Names Ansible gives a meaning of its own: a host called so would break the inventory or hijack localhost.
RESERVED_HOST_NAMES = frozenset(("all", "ungrouped", "localhost"))
MAX_HOST_NAME = 128
# Besides letters and digits of any script (VM names are often Chinese): what a host name may hold.
HOST_NAME_PUNCTUATION = "-_."


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


def printable(value):
    """A cloud name as text safe for a terminal or a report: control bytes, lone surrogates and other
    unprintable characters escaped (\\x07, \\udc80), everything else as it is."""
    if value is None:
        return None
    return "".join(char if char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF else
                   ("\\x%02x" % ord(char) if ord(char) < 0x100 else "\\u%04x" % ord(char) if ord(char) < 0x10000
                    else "\\U%08x" % ord(char)) for char in str(value))


def without_surrogates(value):
    """`value` (API data) with every lone surrogate in its strings escaped (\\udc80): no UTF-8 holds one, so
    Ansible's cache and output refuse them; everything else is kept as it is."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return dict((without_surrogates(k), without_surrogates(v)) for k, v in value.items())
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    return value


def is_ip_address(name, loopback=True):
    """Whether `name` is an IP address text (and, with loopback=False, not a loopback one such as 127.0.0.1)."""
    if not isinstance(name, str):
        return False
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return loopback or not address.is_loopback


def safe_host_name(name):
    """Whether a cloud name can name an inventory host as it is.

    Letters and digits (any script), `-`, `_` and `.` only: no path separator or `..` (Ansible would read
    host_vars/<name> from elsewhere), no space, control byte, surrogate or pattern character; not a name
    Ansible reserves (all, ungrouped, localhost), not an IP address (127.0.0.1 is localhost too)."""
    if not isinstance(name, str) or not name or len(name) > MAX_HOST_NAME:
        return False
    if any(not (char.isalnum() or char in HOST_NAME_PUNCTUATION) or 0xD800 <= ord(char) <= 0xDFFF for char in name):
        return False
    if ".." in name or name[0] in ".-" or name.lower() in RESERVED_HOST_NAMES or name.lower().startswith("localhost."):
        return False
    return not is_ip_address(name)


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
        if self.get_option("cache"):
            self._private_cache_files()  # before Ansible writes a file there (0644) after parse()
        data = None
        if self.get_option("cache") and cache:
            data = self._cache.get(cache_key)
        if data is None:
            try:
                data = without_surrogates(self._fetch())
            except self.error_type as err:
                raise AnsibleError("%s inventory %s: %s" % (self.group_prefix, path, err))
            if self.get_option("cache"):
                self._cache[cache_key] = data
        self._populate(data)

    def update_cache_if_changed(self):
        """Ansible writes the cache after parse(); the file holds the cloud's whole VM list: 0600 in a 0700 directory."""
        super(CloudInventoryBase, self).update_cache_if_changed()
        self._private_cache_files()

    def _private_cache_files(self):
        """Tighten a file cache (jsonfile, yaml, pickle): the directory 0700 when it is ours alone (owned by us, not
        sticky like /tmp, which must stay shared), every file of this source 0600.  Other cache plugins keep
        their own storage rules."""
        plugin = getattr(self._cache, "_plugin", None)
        directory = getattr(plugin, "_cache_dir", None)
        if not directory or not os.path.isdir(directory):
            return
        info = os.stat(directory)
        if info.st_uid == os.getuid() and not info.st_mode & stat.S_ISVTX:
            os.chmod(directory, stat.S_IRWXU)
        else:
            self.display.warning("inventory cache directory %s is shared; its files are kept 0600" % directory)
        # Ansible's file name adds a prefix and a format tag to the key (ansible_inventory_s1_<key>).
        keys = tuple(self._cache.keys())
        for name in os.listdir(directory):
            path = os.path.join(directory, name)
            if keys and name.endswith(keys) and os.path.isfile(path):
                os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)

    def host_name(self, name, names, fallback, reserved=()):
        """(inventory host name, "name" or "id"): the cloud name when it is safe (safe_host_name), names one
        item only (`names`, see name_counts), is not in `reserved` (ids of this source, names of hosts that take
        precedence) and is neither a host nor a group of the inventory yet (a tenant VM named like a hypervisor
        or a static host merged into it); otherwise `fallback`, the resource's id."""
        if (unique_name_or(name, names, None) and safe_host_name(name) and name not in reserved
                and name not in self.inventory.hosts and name not in self.inventory.groups
                and not name.startswith("%s_" % self.group_prefix)):
            return name, "name"
        return fallback, "id"

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
