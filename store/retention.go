package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// LatestHealthDayBy returns the newest day on or before day with any
// snapshot (0 when none): the health that was known on a past day.
func (s *Store) LatestHealthDayBy(ctx context.Context, day gtg.Day) (gtg.Day, error) {
	var d gtg.Day
	err := s.queryRow(ctx, s.db, `SELECT MAX(day) FROM health_scores WHERE day <= ?`, dayArg(day)).Scan(dayDest{&d})
	if err != nil {
		return 0, fmt.Errorf("latest health by %s: %w", day, err)
	}
	return d, nil
}

// Snapshot is a stored snapshot without its measures: enough to forecast
// from (the card that made it, its score and color).
type Snapshot struct {
	AccountID int64
	Day       gtg.Day
	Scorecard string
	Score     float64
	Color     string
}

// EachSnapshot calls fn for every stored snapshot from from to to inclusive,
// ordered by account and day, reading neither measures nor coverage.
func (s *Store) EachSnapshot(ctx context.Context, from, to gtg.Day, fn func(Snapshot)) error {
	rows, err := s.query(ctx, s.db, `SELECT account_id, day, scorecard, score, color FROM health_scores
		WHERE day >= ? AND day <= ? ORDER BY account_id, day`, dayArg(from), dayArg(to))
	if err != nil {
		return fmt.Errorf("snapshots: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sn Snapshot
		if err := rows.Scan(&sn.AccountID, dayDest{&sn.Day}, &sn.Scorecard, &sn.Score, &sn.Color); err != nil {
			return err
		}
		fn(sn)
	}
	return rows.Err()
}
