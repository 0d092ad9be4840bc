# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema 4 (revision 0004, after 0003): alarm events, our acknowledgements and resolutions, incidents (docs/events.md).

Events are merged across runs (one row per site and stable event id), not kept per run: an event seen by two
collections is one event, and its recovery closes it.  The clouds keep neither who acknowledged nor how an event was
handled (reference alarms-events-api.md §1), so acks, resolutions and incidents are ours.  Times are ISO 8601 UTC
text (YYYY-MM-DDTHH:MM:SSZ) like the runs table, so they sort and compare as text on both databases.
"""

from __future__ import annotations

try:
    import sqlalchemy as sa
    from alembic import op
except ImportError:  # ansible-test's import sanity has neither; the store checks its requirements first
    sa = op = None

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _pk():
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _time(name, nullable=True):
    return sa.Column(name, sa.String(32), nullable=nullable)


def upgrade():
    op.create_table(
        "events",
        _pk(),
        sa.Column("event_id", sa.String(64), nullable=False),      # sha256(cloud, endpoint, rule, resource, start)[:32]
        sa.Column("site", sa.String(128), nullable=False),
        sa.Column("cloud", sa.String(16), nullable=False),         # zstack | apsara
        sa.Column("endpoint", sa.String(512)),
        sa.Column("host", sa.String(255)),                         # the inventory host that collected it
        sa.Column("source", sa.String(64)),                        # the API: alarm_record, alert_history, system_event, ...
        sa.Column("rule_id", sa.String(255)),
        sa.Column("rule_name", sa.String(255)),
        sa.Column("resource_type", sa.String(64)),
        sa.Column("resource_id", sa.String(255)),
        sa.Column("resource_name", sa.String(255)),
        sa.Column("metric", sa.String(255)),
        sa.Column("severity", sa.String(32)),                      # the cloud's level (Emergent, Critical, ...)
        sa.Column("priority", sa.String(8)),                       # ours: P1..P4
        sa.Column("status", sa.String(16), nullable=False),        # open | recovered
        _time("alert_time", nullable=False),                       # the cloud's alert time
        _time("first_seen", nullable=False),                       # our first poll that saw it (time to detect)
        _time("last_seen", nullable=False),
        _time("recovered_time"),
        sa.Column("recover_source", sa.String(16)),                # api | poll
        sa.Column("value", sa.Float),
        sa.Column("threshold", sa.Float),
        sa.Column("cloud_ref", sa.String(255)),                    # the cloud's own id of the record (ZStack dataUuid)
        sa.Column("first_run_id", sa.String(64)),
        sa.Column("last_run_id", sa.String(64)),
        sa.Column("detail", sa.Text),                              # the event as JSON
        sa.UniqueConstraint("site", "event_id", name="uq_events_site_event"),
    )
    op.create_index("ix_events_site_alert_time", "events", ["site", "alert_time"])
    op.create_index("ix_events_site_status", "events", ["site", "status"])
    op.create_table(
        "event_acks",
        _pk(),
        sa.Column("event_pk", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("acked_by", sa.String(128), nullable=False),
        _time("acked_at", nullable=False),
        sa.Column("ticket", sa.String(128)),
        sa.Column("note", sa.Text),
        sa.Column("via", sa.String(32)),                           # playbook | awx | api
        sa.Column("cloud_acked", sa.Boolean, nullable=False, server_default=sa.false()),
        _time("recorded", nullable=False),
    )
    op.create_index("ix_event_acks_event", "event_acks", ["event_pk"])
    op.create_table(
        "event_resolutions",
        _pk(),
        sa.Column("event_pk", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("resolved_by", sa.String(128), nullable=False),
        _time("resolved_at", nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("ticket", sa.String(128)),
        _time("recorded", nullable=False),
    )
    op.create_index("ix_event_resolutions_event", "event_resolutions", ["event_pk"])
    op.create_table(
        "incidents",
        _pk(),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("site", sa.String(128), nullable=False),
        sa.Column("title", sa.String(512), nullable=False),
        sa.Column("priority", sa.String(8)),
        sa.Column("status", sa.String(16), nullable=False),        # open | closed
        _time("opened_at", nullable=False),
        sa.Column("opened_by", sa.String(128)),
        _time("closed_at"),
        sa.Column("summary", sa.Text),
        sa.Column("impact", sa.Text),
        sa.Column("root_cause", sa.Text),
        sa.Column("follow_ups", sa.Text),                          # JSON list
        sa.Column("evidence", sa.Text),                            # JSON snapshot at opening
        sa.UniqueConstraint("incident_id", name="uq_incidents_incident_id"),
    )
    op.create_index("ix_incidents_site_opened", "incidents", ["site", "opened_at"])
    op.create_table(
        "incident_events",
        _pk(),
        sa.Column("incident_pk", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_pk", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.UniqueConstraint("incident_pk", "event_pk", name="uq_incident_events"),
    )
    op.create_table(
        "incident_timeline",
        _pk(),
        sa.Column("incident_pk", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
        _time("at", nullable=False),
        sa.Column("entry", sa.String(32), nullable=False),         # opened | acknowledged | action | recovered | closed | note
        sa.Column("actor", sa.String(128)),
        sa.Column("text", sa.Text),
    )
    op.create_index("ix_incident_timeline_incident", "incident_timeline", ["incident_pk", "at"])


def downgrade():
    for name in ("incident_timeline", "incident_events", "incidents", "event_resolutions", "event_acks", "events"):
        op.drop_table(name)
