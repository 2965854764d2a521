package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// AddChurnDecision records a "let it churn" decision and fills its ID. An
// account with a standing decision is ECONFLICT.
func (tx *Tx) AddChurnDecision(ctx context.Context, d *gtg.ChurnDecision) error {
	s := tx.s
	if d.DecidedAt.IsZero() {
		d.DecidedAt = s.now()
	}
	err := s.queryRow(ctx, tx.tx, `INSERT INTO churn_decisions (account_id, arr, reason, decided_by, decided_at)
		VALUES (?,?,?,?,?) RETURNING id`, d.AccountID, d.ARR, d.Reason, d.DecidedBy, d.DecidedAt.UTC()).Scan(&d.ID)
	if err = s.d.mapErr(err); gtg.ErrorCode(err) == gtg.ECONFLICT {
		return gtg.Errorf(gtg.ECONFLICT, "account %s is already marked \"let it churn\"", d.AccountExt)
	} else if err != nil {
		return fmt.Errorf("let %s churn: %w", d.AccountExt, err)
	}
	return nil
}

// ReverseChurnDecision reverses an account's standing "let it churn"
// decision and returns its ID, or ENOTFOUND when there is none.
func (tx *Tx) ReverseChurnDecision(ctx context.Context, accountID int64, by, note string) (int64, error) {
	s := tx.s
	var id int64
	err := s.queryRow(ctx, tx.tx, `UPDATE churn_decisions SET reversed_by = ?, reversed_at = ?, reverse_note = ?
		WHERE account_id = ? AND reversed_at IS NULL RETURNING id`, by, s.now(), note, accountID).Scan(&id)
	if err != nil {
		return 0, notFound(err, "account #%d is not marked \"let it churn\"", accountID)
	}
	return id, nil
}

// ChurnDecisions returns "let it churn" decisions, newest first: only the
// standing ones when activeOnly, else every one ever made (for the report).
func (s *Store) ChurnDecisions(ctx context.Context, activeOnly bool) ([]*gtg.ChurnDecision, error) {
	where := ""
	if activeOnly {
		where = "WHERE d.reversed_at IS NULL "
	}
	rows, err := s.query(ctx, s.db, `SELECT d.id, d.account_id, a.external_id, a.name, d.arr, d.reason, d.decided_by, d.decided_at,
		d.reversed_by, d.reversed_at, d.reverse_note FROM churn_decisions d JOIN accounts a ON a.id = d.account_id `+where+
		`ORDER BY d.decided_at DESC, d.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("churn decisions: %w", err)
	}
	defer rows.Close()
	var out []*gtg.ChurnDecision
	for rows.Next() {
		var d gtg.ChurnDecision
		if err := rows.Scan(&d.ID, &d.AccountID, &d.AccountExt, &d.AccountName, &d.ARR, &d.Reason, &d.DecidedBy,
			timeDest{&d.DecidedAt}, &d.ReversedBy, timeDest{&d.ReversedAt}, &d.ReverseNote); err != nil {
			return nil, err
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}
