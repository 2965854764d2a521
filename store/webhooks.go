package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// SQL returns the transaction's database/sql handle, for libraries that
// must write in the same transaction (the job queue enqueues deliveries
// atomically with the alerts that cause them).
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

// CreateWebhook stores a new webhook; a taken name is ECONFLICT.
func (s *Store) CreateWebhook(ctx context.Context, actor string, w *gtg.Webhook) error {
	w.Normalize()
	if err := w.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		w.CreatedAt, w.Active = s.now(), true
		err := s.queryRow(ctx, tx.tx, `INSERT INTO webhooks (name, url, min_severity, active, created_at) VALUES (?,?,?,?,?) RETURNING id`,
			w.Name, w.URL, w.MinSeverity, w.Active, w.CreatedAt).Scan(&w.ID)
		if err != nil {
			if err = s.d.mapErr(err); gtg.ErrorCode(err) == gtg.ECONFLICT {
				return gtg.Errorf(gtg.ECONFLICT, "a webhook named %q exists", w.Name)
			}
			return fmt.Errorf("create webhook: %w", err)
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "create", Entity: "webhook", EntityID: w.Name})
	})
}

// DeleteWebhook removes a webhook by name.
func (s *Store) DeleteWebhook(ctx context.Context, actor, name string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := s.exec(ctx, tx.tx, `DELETE FROM webhooks WHERE name = ?`, name)
		if err != nil {
			return fmt.Errorf("delete webhook: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return gtg.Errorf(gtg.ENOTFOUND, "webhook %q not found", name)
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "delete", Entity: "webhook", EntityID: name})
	})
}

// Webhooks returns every webhook, by name.
func (s *Store) Webhooks(ctx context.Context) ([]*gtg.Webhook, error) { return s.webhooks(ctx, s.db) }

// Webhooks returns every webhook, by name, inside the transaction.
func (tx *Tx) Webhooks(ctx context.Context) ([]*gtg.Webhook, error) { return tx.s.webhooks(ctx, tx.tx) }

func (s *Store) webhooks(ctx context.Context, q querier) ([]*gtg.Webhook, error) {
	rows, err := s.query(ctx, q, `SELECT id, name, url, min_severity, active, created_at FROM webhooks ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Webhook
	for rows.Next() {
		var w gtg.Webhook
		if err := rows.Scan(&w.ID, &w.Name, &w.URL, &w.MinSeverity, &w.Active, timeDest{&w.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &w)
	}
	return out, rows.Err()
}

// Webhook returns one webhook by id.
func (s *Store) Webhook(ctx context.Context, id int64) (*gtg.Webhook, error) {
	var w gtg.Webhook
	err := s.queryRow(ctx, s.db, `SELECT id, name, url, min_severity, active, created_at FROM webhooks WHERE id = ?`, id).
		Scan(&w.ID, &w.Name, &w.URL, &w.MinSeverity, &w.Active, timeDest{&w.CreatedAt})
	if err != nil {
		return nil, notFound(err, "webhook %d not found", id)
	}
	return &w, nil
}

// PutDelivery records the state of an alert's delivery to a webhook.
func (s *Store) PutDelivery(ctx context.Context, d *gtg.Delivery) error {
	d.UpdatedAt = s.now()
	_, err := s.exec(ctx, s.db, `INSERT INTO webhook_deliveries (webhook_id, alert_id, status, attempts, last_error, updated_at)
		VALUES (?,?,?,?,?,?) ON CONFLICT (webhook_id, alert_id) DO UPDATE SET status = excluded.status,
		attempts = excluded.attempts, last_error = excluded.last_error, updated_at = excluded.updated_at`,
		d.WebhookID, d.AlertID, d.Status, d.Attempts, d.LastError, d.UpdatedAt)
	if err != nil {
		return fmt.Errorf("record delivery: %w", err)
	}
	return nil
}

// Deliveries returns an alert's deliveries (alertID 0: the newest 200 of all).
func (s *Store) Deliveries(ctx context.Context, alertID int64) ([]*gtg.Delivery, error) {
	q := `SELECT d.webhook_id, w.name, d.alert_id, d.status, d.attempts, d.last_error, d.updated_at
		FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id`
	var args []any
	if alertID != 0 {
		q += ` WHERE d.alert_id = ?`
		args = append(args, alertID)
	}
	rows, err := s.query(ctx, s.db, q+` ORDER BY d.updated_at DESC LIMIT 200`, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Delivery
	for rows.Next() {
		var d gtg.Delivery
		if err := rows.Scan(&d.WebhookID, &d.Webhook, &d.AlertID, &d.Status, &d.Attempts, &d.LastError, timeDest{&d.UpdatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}
