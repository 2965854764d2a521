package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// LastTouches returns, for every account touched on or after since, when
// the newest event of the given types happened (the last call, meeting,
// email or note), for "no touch in N days". Reading only the window keeps
// it quick on a long history; LastTouch finds an older one.
func (s *Store) LastTouches(ctx context.Context, types []string, since time.Time) (map[int64]time.Time, error) {
	if len(types) == 0 {
		return map[int64]time.Time{}, nil
	}
	args := make([]any, 0, len(types)+1)
	for _, t := range types {
		args = append(args, t)
	}
	rows, err := s.query(ctx, s.db, `SELECT account_id, MAX(occurred_at) FROM events WHERE type IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(types)), ",")+`) AND occurred_at >= ? GROUP BY account_id`, append(args, since.UTC())...)
	if err != nil {
		return nil, fmt.Errorf("last touches: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var t time.Time
		if err := rows.Scan(&id, timeDest{&t}); err != nil {
			return nil, fmt.Errorf("last touches: %w", err)
		}
		out[id] = t
	}
	return out, rows.Err()
}

// LastTouch returns when an account was last touched by an event of the
// given types, or the zero time when never.
func (s *Store) LastTouch(ctx context.Context, accountID int64, types []string) (time.Time, error) {
	var t time.Time
	if len(types) == 0 {
		return t, nil
	}
	args := []any{accountID}
	for _, ty := range types {
		args = append(args, ty)
	}
	err := s.queryRow(ctx, s.db, `SELECT MAX(occurred_at) FROM events WHERE account_id = ? AND type IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(types)), ",")+`)`, args...).Scan(timeDest{&t})
	if err != nil {
		return t, fmt.Errorf("last touch of account %d: %w", accountID, err)
	}
	return t, nil
}

// EventsVersion is the newest event's id: it changes whenever an event is
// added, so callers can cache what they derive from recent events.
func (s *Store) EventsVersion(ctx context.Context) (int64, error) {
	var id int64
	err := s.queryRow(ctx, s.db, `SELECT COALESCE(MAX(id), 0) FROM events`).Scan(&id)
	return id, err
}
