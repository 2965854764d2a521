-- +goose Up
-- What each account's fields were from a day on, so that backtests score a
-- past day with that day's seats, ARR, stage and renewal date. Imports add a
-- row dated the day they run when something changes; the demo writes the
-- history it simulated.
CREATE TABLE account_history (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    valid_from DATE NOT NULL,
    state      TEXT NOT NULL,
    PRIMARY KEY (account_id, valid_from)
);

-- +goose Down
DROP TABLE account_history;
