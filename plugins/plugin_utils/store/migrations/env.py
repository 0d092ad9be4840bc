# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alembic environment of the run store: always given an open connection by store/db.py (migrate()).

db.py holds the migration lock (PostgreSQL advisory lock, SQLite BEGIN IMMEDIATE) around the upgrade, so
two runs that start on an empty database at the same moment migrate it once.
"""

from __future__ import annotations

try:
    from alembic import context
    CONFIG = context.config
except (ImportError, AttributeError):  # imported outside a migration (ansible-test's import sanity): nothing to run
    context = CONFIG = None


def run_migrations(config):
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


if CONFIG is not None:
    run_migrations(CONFIG)
