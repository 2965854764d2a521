package store

import (
	"context"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

// ScoreColor is an account's score and color on one day, without the measures.
type ScoreColor struct {
	Score float64
	Color string
}

// ScoresOn returns every account's score and color on day, keyed by account
// id: the light read rules and reports need, skipping the measure breakdown.
func (s *Store) ScoresOn(ctx context.Context, day gtg.Day) (map[int64]ScoreColor, error) {
	rows, err := s.query(ctx, s.db, `SELECT account_id, score, color FROM health_scores WHERE day = ?`, dayArg(day))
	if err != nil {
		return nil, fmt.Errorf("scores on %s: %w", day, err)
	}
	defer rows.Close()
	out := map[int64]ScoreColor{}
	for rows.Next() {
		var id int64
		var sc ScoreColor
		if err := rows.Scan(&id, &sc.Score, &sc.Color); err != nil {
			return nil, err
		}
		out[id] = sc
	}
	return out, rows.Err()
}

// HealthVersion identifies the snapshots stored for day: how many there are
// and when the newest was written. It changes whenever the day is scored
// again, so callers can cache what they derive from it.
func (s *Store) HealthVersion(ctx context.Context, day gtg.Day) (n int, newest time.Time, err error) {
	err = s.queryRow(ctx, s.db, `SELECT COUNT(*), MAX(created_at) FROM health_scores WHERE day = ?`, dayArg(day)).
		Scan(&n, timeDest{&newest})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("health version on %s: %w", day, err)
	}
	return n, newest, nil
}
