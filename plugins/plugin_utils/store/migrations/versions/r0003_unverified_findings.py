# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema 3: a run's findings rows say whether the run verified them (docs/store.md "What is kept").

A run that could not look at an endpoint or a check again keeps that part's last verified findings, marked not
verified, so the run's open findings stay what is known to be open.  Rows written before are verified.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

try:
    import sqlalchemy as sa
    from alembic import op
except ImportError:  # ansible-test's import sanity has neither; the store checks its requirements first
    sa = op = None

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("verified", sa.Boolean, nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("verified")
