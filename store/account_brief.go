package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// AccountBrief is the part of an account that pages listing many accounts
// need (name, owner, ARR and currency, renewal), read without the custom
// attributes, which cost the most to decode.
type AccountBrief struct {
	ID          int64
	ExternalID  string
	Name, Owner string
	ARR         float64
	Currency    string
	RenewalDate gtg.Day
}

// AccountBriefs returns every account's brief by external id.
func (s *Store) AccountBriefs(ctx context.Context) (map[string]AccountBrief, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, external_id, name, owner, arr, currency, renewal_date FROM accounts`)
	if err != nil {
		return nil, fmt.Errorf("account briefs: %w", err)
	}
	defer rows.Close()
	out := map[string]AccountBrief{}
	for rows.Next() {
		var b AccountBrief
		if err := rows.Scan(&b.ID, &b.ExternalID, &b.Name, &b.Owner, &b.ARR, &b.Currency, dayDest{&b.RenewalDate}); err != nil {
			return nil, fmt.Errorf("account briefs: %w", err)
		}
		out[b.ExternalID] = b
	}
	return out, rows.Err()
}
