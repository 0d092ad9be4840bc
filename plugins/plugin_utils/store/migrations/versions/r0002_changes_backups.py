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


def _columns_of_a_run(*named):
    """id, the run it belongs to (deleted with it), then the (name, type) pairs, all nullable."""
    return [sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("run_pk", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False)] + \
        [sa.Column(name, type_) for name, type_ in named]


def upgrade():
    op.create_table("change_records", *_columns_of_a_run(
        ("uid", sa.String(128)), ("host", sa.String(255)), ("action", sa.String(128)), ("step_kind", sa.String(32)),
        ("status", sa.String(32)), ("record", sa.Text)))
    op.create_index("ix_change_records_run", "change_records", ["run_pk"])
    op.create_table("backup_results", *_columns_of_a_run(
        ("host", sa.String(255)), ("endpoint", sa.String(512)), ("resource_type", sa.String(64)),
        ("resource_id", sa.String(255)), ("resource_name", sa.String(255)), ("status", sa.String(32)),
        ("rto_seconds", sa.Float)))
    op.create_index("ix_backup_results_run", "backup_results", ["run_pk"])


def downgrade():
    op.drop_table("backup_results")
    op.drop_table("change_records")
