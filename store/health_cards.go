package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// CardCount is how many accounts one scorecard version scored on a day.
type CardCount struct {
	Scorecard string
	Version   int
	Accounts  int
}

// HealthCards returns how many snapshots of day each scorecard version made,
// by name and version: the cards that stand behind the health people see.
func (s *Store) HealthCards(ctx context.Context, day gtg.Day) ([]CardCount, error) {
	rows, err := s.query(ctx, s.db, `SELECT scorecard, version, COUNT(*) FROM health_scores WHERE day = ?
		GROUP BY scorecard, version ORDER BY scorecard, version`, dayArg(day))
	if err != nil {
		return nil, fmt.Errorf("health cards on %s: %w", day, err)
	}
	defer rows.Close()
	var out []CardCount
	for rows.Next() {
		var c CardCount
		if err := rows.Scan(&c.Scorecard, &c.Version, &c.Accounts); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
