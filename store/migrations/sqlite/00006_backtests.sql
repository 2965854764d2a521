-- +goose Up
-- Backtest reports, kept so the page shows the latest runs side by side
-- without replaying history on every visit.
CREATE TABLE backtests (
    id         INTEGER PRIMARY KEY,
    label      TEXT NOT NULL,
    report     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL
);

-- +goose Down
DROP TABLE backtests;
