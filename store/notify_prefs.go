package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// SetNotifyMode sets how a user gets alerts, approvals and the standup by
// email: off, immediate or daily (a digest).
func (s *Store) SetNotifyMode(ctx context.Context, actor string, userID int64, mode string) error {
	if !gtg.ValidNotifyMode(mode) {
		return gtg.Errorf(gtg.EINVALID, "mode: %q is not one of off, immediate, daily", mode)
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := s.exec(ctx, tx.tx, `INSERT INTO notification_prefs (user_id, mode) VALUES (?,?)
			ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode`, userID, mode); err != nil {
			return fmt.Errorf("set notification mode: %w", s.d.mapErr(err))
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "notify_" + mode, Entity: "user", EntityID: fmt.Sprint(userID)})
	})
}

// NotifyModes returns every user's notification mode and last digest day,
// by user id; users who set none are absent (off).
func (s *Store) NotifyModes(ctx context.Context) (map[int64]string, map[int64]gtg.Day, error) {
	rows, err := s.query(ctx, s.db, `SELECT user_id, mode, last_digest FROM notification_prefs`)
	if err != nil {
		return nil, nil, fmt.Errorf("list notification modes: %w", err)
	}
	defer rows.Close()
	modes, last := map[int64]string{}, map[int64]gtg.Day{}
	for rows.Next() {
		var id int64
		var m string
		var d gtg.Day
		if err := rows.Scan(&id, &m, dayDest{&d}); err != nil {
			return nil, nil, err
		}
		modes[id], last[id] = m, d
	}
	return modes, last, rows.Err()
}

// MarkDigest records the day a user's daily digest was queued, in the
// transaction that queues it, so a day's digest goes once.
func (tx *Tx) MarkDigest(ctx context.Context, userID int64, day gtg.Day) error {
	_, err := tx.s.exec(ctx, tx.tx, `UPDATE notification_prefs SET last_digest = ? WHERE user_id = ?`, dayArg(day), userID)
	return err
}
