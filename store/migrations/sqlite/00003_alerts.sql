-- +goose Up
-- Early warnings. One unresolved alert per rule and account, enforced by the
-- partial unique index, so rescoring never duplicates one.
CREATE TABLE alerts (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    rule          TEXT NOT NULL,
    rule_set      TEXT NOT NULL,
    rule_version  INTEGER NOT NULL,
    severity      TEXT NOT NULL,
    title         TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    value         REAL NOT NULL,
    held          BOOLEAN NOT NULL DEFAULT FALSE,
    status        TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    opened_on     DATE NOT NULL,
    shown_on      DATE,
    last_seen_on  DATE NOT NULL,
    snoozed_until DATE,
    resolved_on   DATE,
    updated_by    TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX alerts_one_unresolved ON alerts (account_id, rule) WHERE status <> 'resolved';
CREATE INDEX alerts_status_owner ON alerts (status, owner);
CREATE INDEX alerts_opened ON alerts (opened_on);
CREATE INDEX alerts_shown ON alerts (owner, shown_on);

-- Every version of every early-warning rule set ever applied, as reviewed YAML.
CREATE TABLE rule_sets (
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    yaml       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL,
    applied_by TEXT NOT NULL,
    PRIMARY KEY (name, version)
);

-- Outbound webhooks that receive alerts (Slack-compatible payloads).
CREATE TABLE webhooks (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    url          TEXT NOT NULL,
    min_severity TEXT NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMP NOT NULL
);

-- One row per alert sent (or being sent) to a webhook: the delivery log.
CREATE TABLE webhook_deliveries (
    webhook_id INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    alert_id   INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (webhook_id, alert_id)
);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE rule_sets;
DROP TABLE alerts;
