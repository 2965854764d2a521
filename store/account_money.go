package store

import (
	"context"
	"fmt"
)

// AccountMoney is an account's ARR and currency, the light read for pages
// that format amounts of many accounts.
type AccountMoney struct {
	ID       int64
	ARR      float64
	Currency string
}

// AccountMoneys returns every account's ARR and currency by external id,
// without reading the rest of the account.
func (s *Store) AccountMoneys(ctx context.Context) (map[string]AccountMoney, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, external_id, arr, currency FROM accounts`)
	if err != nil {
		return nil, fmt.Errorf("account currencies: %w", err)
	}
	defer rows.Close()
	out := map[string]AccountMoney{}
	for rows.Next() {
		var ext string
		var m AccountMoney
		if err := rows.Scan(&m.ID, &ext, &m.ARR, &m.Currency); err != nil {
			return nil, fmt.Errorf("account currencies: %w", err)
		}
		out[ext] = m
	}
	return out, rows.Err()
}
