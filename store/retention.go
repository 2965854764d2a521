package store

import (
	"context"
	"fmt"
	"strings"

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

// SnapshotWindow asks for an account's snapshots from From to To inclusive.
type SnapshotWindow struct {
	AccountID int64
	From, To  gtg.Day
}

// EachSnapshotIn calls fn for every stored snapshot inside any of the
// windows (a snapshot in two windows comes twice), reading neither measures
// nor coverage. Each window is a range of the primary key, so a few
// hundred windows read a few thousand rows however long the history is.
func (s *Store) EachSnapshotIn(ctx context.Context, windows []SnapshotWindow, fn func(Snapshot)) error {
	const batch = 200
	for i := 0; i < len(windows); i += batch {
		part := windows[i:min(i+batch, len(windows))]
		conds := make([]string, len(part))
		args := make([]any, 0, 3*len(part))
		for k, w := range part {
			conds[k] = "(account_id = ? AND day >= ? AND day <= ?)"
			args = append(args, w.AccountID, dayArg(w.From), dayArg(w.To))
		}
		rows, err := s.query(ctx, s.db, `SELECT account_id, day, scorecard, score, color FROM health_scores WHERE `+
			strings.Join(conds, " OR "), args...)
		if err != nil {
			return fmt.Errorf("snapshots: %w", err)
		}
		for rows.Next() {
			var sn Snapshot
			if err := rows.Scan(&sn.AccountID, dayDest{&sn.Day}, &sn.Scorecard, &sn.Score, &sn.Color); err != nil {
				rows.Close()
				return err
			}
			fn(sn)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
