# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema 2: change records and restore-test results per run.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

try:
    import sqlalchemy as sa
    from alembic import op
except ImportError:  # ansible-test's import sanity has neither; the store checks its requirements first
    sa = op = None

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _run_fk():
    return sa.Column("run_pk", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False)


def upgrade():
    op.create_table(
        "change_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _run_fk(),
        sa.Column("uid", sa.String(128), nullable=False),
        sa.Column("host", sa.String(255)),
        sa.Column("action", sa.String(128)),
        sa.Column("step_kind", sa.String(32)),
        sa.Column("status", sa.String(32)),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_change_records_run", "change_records", ["run_pk"])
    op.create_table(
        "backup_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _run_fk(),
        sa.Column("host", sa.String(255)),
        sa.Column("endpoint", sa.String(512)),
        sa.Column("resource_type", sa.String(64)),
        sa.Column("resource_id", sa.String(255)),
        sa.Column("resource_name", sa.String(255)),
        sa.Column("status", sa.String(32)),
        sa.Column("rto_seconds", sa.Float),
    )
    op.create_index("ix_backup_results_run", "backup_results", ["run_pk"])


def downgrade():
    op.drop_table("backup_results")
    op.drop_table("change_records")
