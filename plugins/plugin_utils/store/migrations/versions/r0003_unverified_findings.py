# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema 3 (revision 0003, after 0002): a run's findings rows say whether the run verified them (docs/store.md).

A run that could not look at an endpoint or a check again keeps that part's last verified findings, marked not
verified, so the run's open findings stay what is known to be open.  Rows written before are verified.
"""

from __future__ import annotations

revision = "0003"
down_revision = "0002"


def upgrade():
    # Imported here: ansible-test's import sanity has neither, and the store checks its requirements first.
    import sqlalchemy as sa  # pylint: disable=import-outside-toplevel
    from alembic import op  # pylint: disable=import-outside-toplevel

    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("verified", sa.Boolean, nullable=False, server_default=sa.true()))


def downgrade():
    from alembic import op  # pylint: disable=import-outside-toplevel

    with op.batch_alter_table("findings") as batch:
        batch.drop_column("verified")
