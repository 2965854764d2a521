-- +goose Up
-- Outreach: opt-outs per contact, the team's caps, SMTP settings, the outbox
-- of emails (the weekly update and notifications), the resources library and
-- which resources were sent, and users' email notification preferences.

-- A contact who opted out receives nothing from gtg (NULL: not opted out).
ALTER TABLE contacts ADD COLUMN opted_out_at TIMESTAMP;
ALTER TABLE contacts ADD COLUMN opted_out_by TEXT NOT NULL DEFAULT '';

-- One row: how gtg reaches the SMTP server, how many outreach messages a
-- contact or an account may get in 7 days, and when the weekly update goes.
CREATE TABLE mail_settings (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    host             TEXT NOT NULL DEFAULT '',
    port             INTEGER NOT NULL DEFAULT 587,
    tls_mode         TEXT NOT NULL DEFAULT 'starttls',
    username         TEXT NOT NULL DEFAULT '',
    password         TEXT NOT NULL DEFAULT '',
    from_addr        TEXT NOT NULL DEFAULT '',
    cap_contact_week INTEGER NOT NULL DEFAULT 3,
    cap_account_week INTEGER NOT NULL DEFAULT 5,
    weekly_weekday   INTEGER NOT NULL DEFAULT -1,
    weekly_hour      INTEGER NOT NULL DEFAULT 9,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMP
);

-- Every email gtg sends, kept whole so a retry sends the same message, with
-- its state: pending (queued or retrying), sent, failed (gave up).
CREATE TABLE email_sends (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    recipients   TEXT NOT NULL,
    contact_ids  TEXT NOT NULL DEFAULT '[]',
    resource_ids TEXT NOT NULL DEFAULT '[]',
    text_body    TEXT NOT NULL,
    html_body    TEXT NOT NULL DEFAULT '',
    chart_png    BLOB,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    message_id   TEXT NOT NULL,
    week         TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    sent_at      TIMESTAMP
);
CREATE INDEX email_sends_account ON email_sends (account_id, created_at);
CREATE INDEX email_sends_status ON email_sends (status);

-- The library of resources for value perception.
CREATE TABLE resources (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    url          TEXT NOT NULL,
    kind         TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    reasons      TEXT NOT NULL DEFAULT '[]',
    industries   TEXT NOT NULL DEFAULT '[]',
    stages       TEXT NOT NULL DEFAULT '[]',
    risk_levels  TEXT NOT NULL DEFAULT '[]',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

-- A resource sent to an account, with the health it had then, so the team
-- learns which resources help.
CREATE TABLE resource_sends (
    id           INTEGER PRIMARY KEY,
    resource_id  INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    send_id      INTEGER REFERENCES email_sends (id) ON DELETE SET NULL,
    sent_on      DATE NOT NULL,
    mode         TEXT NOT NULL,
    score        REAL,
    color        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX resource_sends_resource ON resource_sends (resource_id);

-- How each user wants alerts, approvals and the standup by email.
CREATE TABLE notification_prefs (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mode        TEXT NOT NULL,
    last_digest DATE
);

-- +goose Down
DROP TABLE notification_prefs;
DROP TABLE resource_sends;
DROP TABLE resources;
DROP TABLE email_sends;
DROP TABLE mail_settings;
ALTER TABLE contacts DROP COLUMN opted_out_by;
ALTER TABLE contacts DROP COLUMN opted_out_at;
