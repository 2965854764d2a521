-- +goose Up
-- One health snapshot per account per day; measures are a JSON array.
CREATE TABLE health_scores (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day        DATE NOT NULL,
    scorecard  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    score      REAL NOT NULL,
    color      TEXT NOT NULL,
    coverage   REAL NOT NULL,
    measures   TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, day)
);
CREATE INDEX health_scores_day ON health_scores (day, color);

-- Every version of every scorecard ever applied, as the YAML a person reviewed.
CREATE TABLE scorecards (
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    yaml       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL,
    applied_by TEXT NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (name, version)
);

-- +goose Down
DROP TABLE scorecards;
DROP TABLE health_scores;
