package store

import (
	"context"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

// SetOptOut records that a contact opted out of (or back into) email from
// gtg, by account and email; ENOTFOUND for an unknown contact.
func (s *Store) SetOptOut(ctx context.Context, actor, accountExt, email string, out bool) error {
	return s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.SetOptOut(ctx, actor, accountExt, email, out)
		return err
	})
}

// SetOptOut is Store.SetOptOut in a transaction. It reports whether
// anything changed: opting out again keeps the first opt-out's date, and
// only a change is audited.
func (tx *Tx) SetOptOut(ctx context.Context, actor, accountExt, email string, out bool) (bool, error) {
	s := tx.s
	q := `UPDATE contacts SET opted_out_at = ?, opted_out_by = ?
		WHERE email = ? AND account_id = (SELECT id FROM accounts WHERE external_id = ?) AND opted_out_at IS NULL`
	args := []any{s.now(), actor, email, accountExt}
	action := "opt_out"
	if !out {
		q = `UPDATE contacts SET opted_out_at = NULL, opted_out_by = ?
			WHERE email = ? AND account_id = (SELECT id FROM accounts WHERE external_id = ?) AND opted_out_at IS NOT NULL`
		args, action = []any{actor, email, accountExt}, "opt_in"
	}
	res, err := s.exec(ctx, tx.tx, q, args...)
	if err != nil {
		return false, fmt.Errorf("opt-out: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if err := s.queryRow(ctx, tx.tx, `SELECT 1 FROM contacts WHERE email = ? AND account_id = (SELECT id FROM accounts WHERE external_id = ?)`,
			email, accountExt).Scan(&one); err != nil {
			return false, notFound(err, "contact %s of account %s not found", email, accountExt)
		}
		return false, nil // already so
	}
	return true, tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: action, Entity: "contact", EntityID: accountExt + "/" + email})
}

// OptOuts returns when each of an account's opted-out contacts opted out,
// by contact id (accountID 0: every account's).
func (s *Store) OptOuts(ctx context.Context, accountID int64) (map[int64]time.Time, error) {
	q := `SELECT id, opted_out_at FROM contacts WHERE opted_out_at IS NOT NULL`
	var args []any
	if accountID != 0 {
		q += ` AND account_id = ?`
		args = append(args, accountID)
	}
	rows, err := s.query(ctx, s.db, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list opt-outs: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, timeDest{&at}); err != nil {
			return nil, err
		}
		out[id] = at
	}
	return out, rows.Err()
}
