-- +goose Up
-- Stakeholders: the influence a CSM gives each contact ('' until set), and
-- the cadence policies (target touches per month per key role, by segment)
-- kept as versioned YAML like scorecards and rule sets.
ALTER TABLE contacts ADD COLUMN influence TEXT NOT NULL DEFAULT '';

CREATE TABLE cadence_policies (
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    yaml       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL,
    applied_by TEXT NOT NULL,
    PRIMARY KEY (name, version)
);

-- Touches are timeline events with a contact: coverage sums them per
-- contact over a window, read from the index alone when it holds the
-- contact too. It answers everything events_type_time did.
CREATE INDEX events_type_time_contact ON events (type, occurred_at, contact_id);
DROP INDEX events_type_time;

-- +goose Down
CREATE INDEX events_type_time ON events (type, occurred_at);
DROP INDEX events_type_time_contact;
DROP TABLE cadence_policies;
ALTER TABLE contacts DROP COLUMN influence;
