-- +goose Up
-- Stakeholders: the influence a CSM gives each contact ('' until set), and
-- the cadence policies (target touches per month per key role, by segment)
-- kept as versioned YAML like scorecards and rule sets.
ALTER TABLE contacts ADD COLUMN influence TEXT NOT NULL DEFAULT '';

CREATE TABLE cadence_policies (
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    yaml       TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL,
    applied_by TEXT NOT NULL,
    PRIMARY KEY (name, version)
);

-- Touches are timeline events with a contact: the stakeholder map reads
-- them per contact.
CREATE INDEX events_contact_time ON events (contact_id, occurred_at);

-- +goose Down
DROP INDEX events_contact_time;
DROP TABLE cadence_policies;
ALTER TABLE contacts DROP COLUMN influence;
