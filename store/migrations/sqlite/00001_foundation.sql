-- +goose Up
-- Dates are ISO text (YYYY-MM-DD); times are ISO-8601 UTC text.
CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY,
    external_id       TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    arr               REAL NOT NULL DEFAULT 0,
    currency          TEXT NOT NULL DEFAULT 'USD',
    plan              TEXT NOT NULL DEFAULT '',
    seats             INTEGER NOT NULL DEFAULT 0,
    segment           TEXT NOT NULL DEFAULT '',
    stage             TEXT NOT NULL DEFAULT 'adoption',
    contract_start    DATE,
    renewal_date      DATE,
    owner             TEXT NOT NULL DEFAULT '',
    account_executive TEXT NOT NULL DEFAULT '',
    icp_fit           TEXT NOT NULL DEFAULT '',
    attrs             TEXT NOT NULL DEFAULT '{}',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX accounts_owner ON accounts (owner);
CREATE INDEX accounts_name ON accounts (name);

-- The type of each custom account attribute, fixed by the first value seen.
CREATE TABLE attribute_defs (
    name TEXT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('number', 'text', 'date', 'bool'))
);

CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email             TEXT NOT NULL,
    name              TEXT NOT NULL DEFAULT '',
    title             TEXT NOT NULL DEFAULT '',
    role              TEXT NOT NULL DEFAULT 'end_user',
    status            TEXT NOT NULL DEFAULT 'active',
    status_changed_on DATE,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (account_id, email)
);

CREATE TABLE metric_keys (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);

-- Daily metrics are packed a month to a row: a year of 20 metrics for 100k
-- accounts is 24M rows instead of 730M. See store/chunk.go for the encoding.
CREATE TABLE metric_chunks (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    metric_id  INTEGER NOT NULL REFERENCES metric_keys (id),
    month      INTEGER NOT NULL,
    data       BLOB NOT NULL,
    PRIMARY KEY (account_id, metric_id, month)
) WITHOUT ROWID;

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    external_id TEXT NOT NULL,
    type        TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    attrs       TEXT NOT NULL DEFAULT '{}',
    UNIQUE (account_id, external_id)
);
CREATE INDEX events_account_time ON events (account_id, occurred_at);
CREATE INDEX events_type_time ON events (type, occurred_at);

CREATE TABLE outcomes (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day        DATE NOT NULL,
    type       TEXT NOT NULL,
    arr_before REAL NOT NULL,
    arr_after  REAL NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (account_id, day, type)
);
CREATE INDEX outcomes_day ON outcomes (day);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TIMESTAMP NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, at);

CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE outcomes;
DROP TABLE events;
DROP TABLE metric_chunks;
DROP TABLE metric_keys;
DROP TABLE contacts;
DROP TABLE attribute_defs;
DROP TABLE accounts;
