# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema 5 (revision 0005, after 0004): service reports, their customer confirmations, cost collections (docs/service_report.md).

A service report is versioned per site and period (rendering the same period again is a new version); the
customer confirms one version (客户线上确认), so a confirmation names it.  A cost collection keeps what a billing
API answered for a period (the report reads it, never the cloud).  Times are ISO 8601 UTC text like the runs table.
"""

from __future__ import annotations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    # Imported here: ansible-test's import sanity has neither, and the store checks its requirements first.
    import sqlalchemy as sa  # pylint: disable=import-outside-toplevel
    from alembic import op  # pylint: disable=import-outside-toplevel

    op.create_table(
        "service_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(128), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),          # 2026-11 (month), 2026-W48 (week), or from_to
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("since", sa.String(32), nullable=False),
        sa.Column("until", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("generated", sa.String(32), nullable=False),
        sa.Column("generated_by", sa.String(128)),
        sa.Column("digest", sa.String(64)),                           # sha256 of the report JSON: what was confirmed
        sa.Column("summary", sa.Text),                                # the executive summary as JSON
        sa.UniqueConstraint("site", "period", "version", name="uq_service_reports_version"),
    )
    op.create_table(
        "report_confirmations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(128), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("digest", sa.String(64)),
        sa.Column("confirmed_by", sa.String(128), nullable=False),
        sa.Column("confirmed_at", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(64)),                          # portal, mail, service group ...
        sa.Column("note", sa.Text),
        sa.Column("recorded", sa.String(32), nullable=False),
        sa.Column("recorded_by", sa.String(128)),
        sa.UniqueConstraint("site", "period", "version", name="uq_report_confirmations_version"),
    )
    op.create_table(
        "cost_collections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(128), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),            # the inventory host (endpoint) it came from
        sa.Column("cloud", sa.String(16), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),           # billing_api
        sa.Column("since", sa.String(32), nullable=False),
        sa.Column("until", sa.String(32), nullable=False),
        sa.Column("currency", sa.String(8)),
        sa.Column("total", sa.Float),
        sa.Column("collected", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text),                                 # the module's result (categories, resources) as JSON
        sa.UniqueConstraint("site", "host", "since", "until", name="uq_cost_collections_period"),
    )
    op.create_index("ix_cost_collections_site", "cost_collections", ["site", "since"])


def downgrade():
    from alembic import op  # pylint: disable=import-outside-toplevel

    for name in ("cost_collections", "report_confirmations", "service_reports"):
        op.drop_table(name)
