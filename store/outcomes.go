package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

type outcomeKey struct {
	account int64
	day     gtg.Day
	typ     string
}

// UpsertOutcomes inserts or updates outcomes by (account, date, type) and
// returns how many were created or changed.
func (tx *Tx) UpsertOutcomes(ctx context.Context, os []*gtg.Outcome) (int, error) {
	s := tx.s
	last := map[outcomeKey]int{}
	for i, o := range os {
		if err := o.Validate(); err != nil {
			return 0, err
		}
		if o.AccountID == 0 {
			return 0, gtg.Errorf(gtg.EINVALID, "outcome: account %q not resolved", o.AccountExternalID)
		}
		last[outcomeKey{o.AccountID, o.Day, o.Type}] = i
	}
	now := s.now()
	changed := 0
	const batch = 400
	for i := 0; i < len(os); i += batch {
		var args []any
		n := 0
		for j := i; j < min(i+batch, len(os)); j++ {
			o := os[j]
			if last[outcomeKey{o.AccountID, o.Day, o.Type}] != j {
				continue
			}
			args = append(args, o.AccountID, dayArg(o.Day), o.Type, o.ARRBefore, o.ARRAfter, now)
			n++
		}
		res, err := s.exec(ctx, tx.tx, `INSERT INTO outcomes (account_id, day, type, arr_before, arr_after, created_at)
			VALUES `+s.values(n, "bigint", "date", "text", "double", "double", "timestamp")+`
			ON CONFLICT (account_id, day, type) DO UPDATE SET arr_before = excluded.arr_before, arr_after = excluded.arr_after
			WHERE outcomes.arr_before <> excluded.arr_before OR outcomes.arr_after <> excluded.arr_after`, args...)
		if err != nil {
			return changed, fmt.Errorf("write outcomes: %w", err)
		}
		nc, _ := res.RowsAffected()
		changed += int(nc)
	}
	return changed, nil
}

// Outcomes returns outcomes by date (accountID 0: every account's).
func (s *Store) Outcomes(ctx context.Context, accountID int64) ([]*gtg.Outcome, error) {
	where, args := "", []any{}
	if accountID != 0 {
		where, args = " WHERE o.account_id = ?", []any{accountID}
	}
	rows, err := s.query(ctx, s.db, `SELECT o.id, o.account_id, a.external_id, o.day, o.type, o.arr_before, o.arr_after, o.created_at
		FROM outcomes o JOIN accounts a ON a.id = o.account_id`+where+`
		ORDER BY o.day, a.external_id, o.type`, args...)
	if err != nil {
		return nil, fmt.Errorf("list outcomes: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Outcome
	for rows.Next() {
		var o gtg.Outcome
		if err := rows.Scan(&o.ID, &o.AccountID, &o.AccountExternalID, dayDest{&o.Day}, &o.Type, &o.ARRBefore,
			&o.ARRAfter, timeDest{&o.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &o)
	}
	return out, rows.Err()
}
