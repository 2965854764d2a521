package store

import (
	"context"
	"fmt"
)

// EventTypes returns the distinct timeline event types stored, sorted.
func (s *Store) EventTypes(ctx context.Context) ([]string, error) {
	rows, err := s.query(ctx, s.db, `SELECT DISTINCT type FROM events ORDER BY type`)
	if err != nil {
		return nil, fmt.Errorf("event types: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
