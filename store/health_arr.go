package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

// ColorARR is the ARR of the accounts of one color in one currency on one day.
type ColorARR struct {
	Day      gtg.Day
	Color    string
	Currency string
	ARR      float64
	Accounts int
}

// ARRByColor sums the accounts' current ARR by their health color on each
// of the given days, per currency, for the dashboard's chart: the history
// is of colors, the amounts are today's contracts.
func (s *Store) ARRByColor(ctx context.Context, days []gtg.Day) ([]ColorARR, error) {
	if len(days) == 0 {
		return nil, nil
	}
	args := make([]any, len(days))
	for i, d := range days {
		args[i] = dayArg(d)
	}
	rows, err := s.query(ctx, s.db, `SELECT h.day, h.color, a.currency, SUM(a.arr), COUNT(*) FROM health_scores h
		JOIN accounts a ON a.id = h.account_id WHERE h.day IN (`+strings.TrimSuffix(strings.Repeat("?,", len(days)), ",")+`)
		GROUP BY h.day, h.color, a.currency ORDER BY h.day, h.color, a.currency`, args...)
	if err != nil {
		return nil, fmt.Errorf("ARR by color: %w", err)
	}
	defer rows.Close()
	var out []ColorARR
	for rows.Next() {
		var c ColorARR
		if err := rows.Scan(dayDest{&c.Day}, &c.Color, &c.Currency, &c.ARR, &c.Accounts); err != nil {
			return nil, fmt.Errorf("ARR by color: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
