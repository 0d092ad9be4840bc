# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alembic environment of the run store: always given an open connection by store/db.py (migrate()).

db.py holds the migration lock (PostgreSQL advisory lock, SQLite BEGIN IMMEDIATE) around the upgrade, so
two runs that start on an empty database at the same moment migrate it once.
"""

from __future__ import annotations

from alembic import context  # pylint: disable=import-error

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
