# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema 6 (revision 0006, after 0005): switch configuration backups per run (docs/switch_inspection.md).

One row per run, switch (inventory host) and kind (running | saved): the text as the module returned it, secrets
already masked (switch/mask.py), with its sha256.  The next inspection of that switch at that site compares with the
newest running row, so a change is seen even when the report folder of the earlier run is gone (AWX containers).
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    # Imported here: ansible-test's import sanity has neither, and the store checks its requirements first.
    import sqlalchemy as sa  # pylint: disable=import-outside-toplevel
    from alembic import op  # pylint: disable=import-outside-toplevel

    op.create_table(
        "switch_configs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_pk", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("site", sa.String(128), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),           # the inventory host of the switch
        sa.Column("kind", sa.String(16), nullable=False),            # running | saved
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),                  # masked
        sa.Column("captured_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_switch_configs_run", "switch_configs", ["run_pk"])
    op.create_index("ix_switch_configs_host", "switch_configs", ["site", "host", "kind", "captured_at"])


def downgrade():
    from alembic import op  # pylint: disable=import-outside-toplevel

    op.drop_table("switch_configs")
