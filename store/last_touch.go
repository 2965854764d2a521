package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// LastTouches returns, for every account with one, when the newest event of
// the given types happened: the last call, meeting, email or note, for
// "no touch in N days".
func (s *Store) LastTouches(ctx context.Context, types []string) (map[int64]time.Time, error) {
	if len(types) == 0 {
		return map[int64]time.Time{}, nil
	}
	args := make([]any, len(types))
	for i, t := range types {
		args[i] = t
	}
	rows, err := s.query(ctx, s.db, `SELECT account_id, MAX(occurred_at) FROM events WHERE type IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(types)), ",")+`) GROUP BY account_id`, args...)
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
