-- +goose Up
-- The save ladder: commercial offers (expand, reduce, discount, pause, churn),
-- the guardrail policy that says which need approval, and the follow-ups an
-- accepted offer schedules.

-- Applied versions of the guardrail policy; the last applied is in force.
CREATE TABLE offer_policies (
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    yaml       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL,
    applied_by TEXT NOT NULL,
    PRIMARY KEY (name, version)
);

-- terms is a JSON object; skipped (rung and reason per skipped rung) and
-- guardrails (what needs approval) are JSON arrays.
CREATE TABLE offers (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    plan_id     INTEGER REFERENCES plans (id) ON DELETE SET NULL,
    owner       TEXT NOT NULL DEFAULT '',
    segment     TEXT NOT NULL DEFAULT '',
    rung        TEXT NOT NULL,
    terms       TEXT NOT NULL,
    arr_before  REAL NOT NULL,
    arr_after   REAL NOT NULL,
    skipped     TEXT NOT NULL DEFAULT '[]',
    status      TEXT NOT NULL,
    guardrails  TEXT NOT NULL DEFAULT '[]',
    policy      TEXT NOT NULL DEFAULT '',
    proposer    TEXT NOT NULL,
    proposed_on DATE NOT NULL,
    expires_on  DATE,
    approver    TEXT NOT NULL DEFAULT '',
    decided_on  DATE,
    closed_by   TEXT NOT NULL DEFAULT '',
    closed_on   DATE,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
-- One offer in play per account at a time.
CREATE UNIQUE INDEX offers_one_open ON offers (account_id) WHERE status IN ('proposed', 'pending_approval', 'approved');
CREATE INDEX offers_account ON offers (account_id, id);
CREATE INDEX offers_status ON offers (status);

CREATE TABLE offer_followups (
    id         INTEGER PRIMARY KEY,
    offer_id   INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT '',
    due        DATE NOT NULL,
    status     TEXT NOT NULL,
    done_on    DATE,
    done_by    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX offer_followups_due ON offer_followups (status, due);
CREATE INDEX offer_followups_offer ON offer_followups (offer_id);

-- +goose Down
DROP TABLE offer_followups;
DROP TABLE offers;
DROP TABLE offer_policies;
