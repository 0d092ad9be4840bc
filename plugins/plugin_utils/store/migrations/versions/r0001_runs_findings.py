# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema 1: runs and their open findings.

Revision ID: 0001
"""

from __future__ import annotations

try:
    import sqlalchemy as sa
    from alembic import op
except ImportError:  # ansible-test's import sanity has neither; the store checks its requirements first
    sa = op = None

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        # "" for a run in one piece; an AWX sliced job's parts share the run id, one slice id each
        sa.Column("slice_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("site", sa.String(128), nullable=False),
        sa.Column("started", sa.String(32)),
        sa.Column("ended", sa.String(32)),
        sa.Column("operator", sa.String(128)),
        sa.Column("playbook", sa.String(512)),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("check_mode", sa.Boolean, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("open_findings", sa.Integer),
        sa.Column("endpoints", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("report", sa.LargeBinary, nullable=False),     # the report JSON, zlib
        sa.Column("recorded", sa.String(32), nullable=False),
        sa.UniqueConstraint("run_id", "kind", "slice_id", name="uq_runs_run_kind_slice"),
    )
    op.create_index("ix_runs_kind_site_started", "runs", ["kind", "site", "started"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_pk", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("uid", sa.String(128), nullable=False),
        sa.Column("check_id", sa.String(128)),
        sa.Column("severity", sa.String(16)),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("platform", sa.String(32)),
        sa.Column("host", sa.String(255)),
        sa.Column("endpoint", sa.String(512)),
        sa.Column("resource_type", sa.String(64)),
        sa.Column("resource_id", sa.String(255)),
        sa.Column("resource_name", sa.String(255)),
        sa.Column("first_seen", sa.String(32)),
    )
    op.create_index("ix_findings_run", "findings", ["run_pk"])
    op.create_index("ix_findings_uid", "findings", ["uid"])


def downgrade():
    op.drop_table("findings")
    op.drop_table("runs")
