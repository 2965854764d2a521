package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// AccountBrief is the part of an account that pages and reports over many
// accounts need (name, owner, segment, ARR and currency, renewal, ICP fit),
// read without the custom attributes, which cost the most to decode.
type AccountBrief struct {
	ID          int64
	ExternalID  string
	Name, Owner string
	Segment     string
	ARR         float64
	Currency    string
	RenewalDate gtg.Day
	ICPFit      string
}

// Account returns the brief as an account without custom attributes.
func (b AccountBrief) Account() *gtg.Account {
	return &gtg.Account{ID: b.ID, ExternalID: b.ExternalID, Name: b.Name, Owner: b.Owner, Segment: b.Segment,
		ARR: b.ARR, Currency: b.Currency, RenewalDate: b.RenewalDate, ICPFit: b.ICPFit}
}

// AccountBriefs returns every account's brief by external id.
func (s *Store) AccountBriefs(ctx context.Context) (map[string]AccountBrief, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, external_id, name, owner, segment, arr, currency, renewal_date, icp_fit FROM accounts`)
	if err != nil {
		return nil, fmt.Errorf("account briefs: %w", err)
	}
	defer rows.Close()
	out := map[string]AccountBrief{}
	for rows.Next() {
		var b AccountBrief
		if err := rows.Scan(&b.ID, &b.ExternalID, &b.Name, &b.Owner, &b.Segment, &b.ARR, &b.Currency, dayDest{&b.RenewalDate}, &b.ICPFit); err != nil {
			return nil, fmt.Errorf("account briefs: %w", err)
		}
		out[b.ExternalID] = b
	}
	return out, rows.Err()
}
