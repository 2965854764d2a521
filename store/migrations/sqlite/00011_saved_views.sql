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

-- +goose Down
DROP TABLE saved_views;
