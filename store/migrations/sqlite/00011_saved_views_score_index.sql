-- +goose Up
-- A person's saved views of the account list: a name and the list's query
-- string (filters and sort), so "my red renewals" is one click away.
CREATE TABLE saved_views (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    page       TEXT NOT NULL,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, page, name)
);

-- Pages read every account's score and color on a day (the list's 7- and
-- 30-day changes, the dashboard's ARR by color, the save queue): an index
-- that holds them answers from the index alone instead of reading each
-- snapshot's row with its measure breakdown. It replaces (day, color).
DROP INDEX health_scores_day;
CREATE INDEX health_scores_day ON health_scores (day, color, account_id, score);

-- +goose Down
DROP INDEX health_scores_day;
CREATE INDEX health_scores_day ON health_scores (day, color);
DROP TABLE saved_views;
