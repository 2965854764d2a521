-- +goose Up
-- Snapshots of a rescore that spans several batches wait here, by run, and
-- move into health_scores in one transaction at the end: a rescore killed
-- midway leaves every day as it was, never half-scored.
CREATE TABLE health_staging (
    run        TEXT NOT NULL,
    account_id BIGINT NOT NULL,
    day        DATE NOT NULL,
    scorecard  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    score      DOUBLE PRECISION NOT NULL,
    color      TEXT NOT NULL,
    coverage   DOUBLE PRECISION NOT NULL,
    measures   TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run, account_id, day)
);

-- +goose Down
DROP TABLE health_staging;
