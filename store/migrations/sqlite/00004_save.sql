-- +goose Up
-- The save workflow: risk profiles, let-it-churn decisions, playbooks,
-- get-to-green plans, re-discovery calls, handoff forms and standup reviews.

-- The editable taxonomy of risk reasons, seeded on first use.
CREATE TABLE risk_reasons (
    key         TEXT PRIMARY KEY,
    stage       TEXT NOT NULL,
    label       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    retired     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- Every risk judgment ever made; the newest per account is the current one.
-- reasons is a JSON array of reason keys, the primary first.
CREATE TABLE risk_profiles (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    level          TEXT NOT NULL,
    primary_reason TEXT NOT NULL,
    reasons        TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,
    set_by         TEXT NOT NULL,
    set_at         TIMESTAMP NOT NULL
);
CREATE INDEX risk_profiles_account ON risk_profiles (account_id, id);
CREATE INDEX risk_profiles_set_at ON risk_profiles (set_at);

-- "Let it churn": at most one standing decision per account.
CREATE TABLE churn_decisions (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    arr          REAL NOT NULL,
    reason       TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    decided_at   TIMESTAMP NOT NULL,
    reversed_by  TEXT NOT NULL DEFAULT '',
    reversed_at  TIMESTAMP,
    reverse_note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX churn_decisions_one_active ON churn_decisions (account_id) WHERE reversed_at IS NULL;

-- Editable templates seeded on first use: playbooks and re-discovery
-- questionnaires, each stored whole as JSON.
CREATE TABLE playbooks (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE questionnaires (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- Which seeds were written once, so deleting every playbook does not bring the seeds back.
CREATE TABLE save_seeds (
    kind      TEXT PRIMARY KEY,
    seeded_at TIMESTAMP NOT NULL
);

-- Get-to-green plans; one open plan per account. reasons and stakeholders are JSON arrays.
CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    owner        TEXT NOT NULL DEFAULT '',
    playbook     TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    reasons      TEXT NOT NULL DEFAULT '[]',
    stakeholders TEXT NOT NULL DEFAULT '[]',
    started_on   DATE NOT NULL,
    target_date  DATE,
    stall_days   INTEGER NOT NULL,
    adjusted_on  DATE,
    adjust_since DATE,
    green_on     DATE,
    evaluated_on DATE,
    outcome      TEXT NOT NULL DEFAULT '',
    lesson       TEXT NOT NULL DEFAULT '',
    closed_on    DATE,
    closed_by    TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX plans_one_open ON plans (account_id) WHERE status = 'open';
CREATE INDEX plans_playbook ON plans (playbook);

CREATE TABLE plan_objectives (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    criterion TEXT NOT NULL,
    met       BOOLEAN NOT NULL DEFAULT FALSE,
    met_on    DATE,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_objectives_plan ON plan_objectives (plan_id, position);

CREATE TABLE plan_tasks (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    owner_side TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT '',
    due        DATE,
    status     TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    done_on    DATE
);
CREATE INDEX plan_tasks_plan ON plan_tasks (plan_id, position);

-- Secret read-only links to a plan for the customer; only a hash is kept.
CREATE TABLE plan_shares (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    prefix     TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

-- One record per re-discovery call; attendees and answers are JSON arrays.
CREATE TABLE rediscoveries (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day             DATE NOT NULL,
    questionnaire   TEXT NOT NULL,
    attendees       TEXT NOT NULL,
    answers         TEXT NOT NULL,
    desired_outcome TEXT NOT NULL DEFAULT '',
    risk_profile_id INTEGER REFERENCES risk_profiles (id) ON DELETE SET NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX rediscoveries_account ON rediscoveries (account_id, day);

-- Knowledge-transfer forms completed at handoffs.
CREATE TABLE handoffs (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL,
    day                  DATE NOT NULL,
    from_person          TEXT NOT NULL DEFAULT '',
    to_person            TEXT NOT NULL DEFAULT '',
    what_was_bought      TEXT NOT NULL DEFAULT '',
    business_objectives  TEXT NOT NULL DEFAULT '',
    technical_objectives TEXT NOT NULL DEFAULT '',
    success_criteria     TEXT NOT NULL DEFAULT '',
    timeline             TEXT NOT NULL DEFAULT '',
    stakeholders         TEXT NOT NULL DEFAULT '',
    promises_made        TEXT NOT NULL DEFAULT '',
    known_risks          TEXT NOT NULL DEFAULT '',
    completeness         REAL NOT NULL,
    created_by           TEXT NOT NULL,
    created_at           TIMESTAMP NOT NULL
);
CREATE INDEX handoffs_account ON handoffs (account_id, day);

-- Each time a manager marks the standup reviewed.
CREATE TABLE standup_reviews (
    id          INTEGER PRIMARY KEY,
    reviewed_at TIMESTAMP NOT NULL,
    health_day  DATE,
    reviewed_by TEXT NOT NULL
);

-- +goose Down
DROP TABLE standup_reviews;
DROP TABLE handoffs;
DROP TABLE rediscoveries;
DROP TABLE plan_shares;
DROP TABLE plan_tasks;
DROP TABLE plan_objectives;
DROP TABLE plans;
DROP TABLE save_seeds;
DROP TABLE questionnaires;
DROP TABLE playbooks;
DROP TABLE churn_decisions;
DROP TABLE risk_profiles;
DROP TABLE risk_reasons;
