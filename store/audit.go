package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// Audit records one change in the audit log, in the same transaction as the change.
func (tx *Tx) Audit(ctx context.Context, e gtg.AuditEntry) error {
	if e.At.IsZero() {
		e.At = tx.s.now()
	}
	if e.Actor == "" {
		e.Actor = "system"
	}
	if _, err := tx.s.exec(ctx, tx.tx, `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after)
		VALUES (?,?,?,?,?,?,?)`, e.At.UTC(), e.Actor, e.Action, e.Entity, e.EntityID, e.Before, e.After); err != nil {
		return fmt.Errorf("audit %s %s %s: %w", e.Action, e.Entity, e.EntityID, err)
	}
	return nil
}

// AuditLog returns the newest entries for an entity ("" matches any), newest first.
func (s *Store) AuditLog(ctx context.Context, entity, entityID string, limit int) ([]gtg.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.query(ctx, s.db, `SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log
		WHERE (? = '' OR entity = ?) AND (? = '' OR entity_id = ?) ORDER BY at DESC, id DESC LIMIT ?`,
		entity, entity, entityID, entityID, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []gtg.AuditEntry
	for rows.Next() {
		var e gtg.AuditEntry
		if err := rows.Scan(&e.ID, timeDest{&e.At}, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
