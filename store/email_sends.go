package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

const emailSendCols = `e.id, COALESCE(e.account_id, 0), COALESCE(a.external_id, ''), e.kind, e.subject, e.recipients,
	e.contact_ids, e.resource_ids, e.status, e.attempts, e.last_error, e.message_id, e.week, e.created_by, e.created_at,
	e.updated_at, e.sent_at`

func scanEmailSend(row interface{ Scan(...any) error }, extra ...any) (*gtg.EmailSend, error) {
	var e gtg.EmailSend
	var rcpt, contacts, resources string
	dest := append([]any{&e.ID, &e.AccountID, &e.AccountExt, &e.Kind, &e.Subject, &rcpt, &contacts, &resources,
		&e.Status, &e.Attempts, &e.LastError, &e.MessageID, &e.Week, &e.CreatedBy, timeDest{&e.CreatedAt},
		timeDest{&e.UpdatedAt}, timeDest{&e.SentAt}}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		src string
		dst any
	}{{rcpt, &e.Recipients}, {contacts, &e.ContactIDs}, {resources, &e.ResourceIDs}} {
		if err := json.Unmarshal([]byte(p.src), p.dst); err != nil {
			return nil, fmt.Errorf("email %d: %w", e.ID, err)
		}
	}
	return &e, nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// CreateEmailSend puts an email in the outbox as pending, inside the
// transaction that queues its delivery.
func (tx *Tx) CreateEmailSend(ctx context.Context, e *gtg.EmailSend) error {
	s := tx.s
	if len(e.Recipients) == 0 {
		return gtg.Errorf(gtg.EINVALID, "recipients: none")
	}
	now := s.now()
	e.Status, e.CreatedAt, e.UpdatedAt = gtg.EmailPending, now, now
	var account any
	if e.AccountID != 0 {
		account = e.AccountID
	}
	var chart any
	if len(e.Chart) > 0 {
		chart = e.Chart
	}
	err := s.queryRow(ctx, tx.tx, `INSERT INTO email_sends (account_id, kind, subject, recipients, contact_ids,
		resource_ids, text_body, html_body, chart_png, status, message_id, week, created_by, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`, account, e.Kind, e.Subject, jsonText(e.Recipients),
		jsonText(e.ContactIDs), jsonText(e.ResourceIDs), e.Text, e.HTML, chart, e.Status, e.MessageID, e.Week,
		e.CreatedBy, now, now).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("queue email: %w", s.d.mapErr(err))
	}
	if e.AccountExt != "" {
		return tx.Audit(ctx, gtg.AuditEntry{Actor: e.CreatedBy, Action: "queue", Entity: "email",
			EntityID: fmt.Sprintf("%d", e.ID), After: e.AccountExt + ": " + e.Subject})
	}
	return nil
}

// EmailSend returns one email of the outbox with its bodies and chart.
func (s *Store) EmailSend(ctx context.Context, id int64) (*gtg.EmailSend, error) {
	var text, html string
	var chart []byte
	row := s.queryRow(ctx, s.db, `SELECT `+emailSendCols+`, e.text_body, e.html_body, e.chart_png
		FROM email_sends e LEFT JOIN accounts a ON a.id = e.account_id WHERE e.id = ?`, id)
	e, err := scanEmailSend(row, &text, &html, &chart)
	if err != nil {
		return nil, notFound(err, "email %d not found", id)
	}
	e.Text, e.HTML, e.Chart = text, html, chart
	return e, nil
}

// EmailSendFilter selects emails of the outbox.
type EmailSendFilter struct {
	AccountID int64
	Kind      string
	Week      string
	Status    string
	Limit     int // default 50
}

// EmailSends returns outbox emails without their bodies, newest first.
func (s *Store) EmailSends(ctx context.Context, f EmailSendFilter) ([]*gtg.EmailSend, error) {
	q := `SELECT ` + emailSendCols + ` FROM email_sends e LEFT JOIN accounts a ON a.id = e.account_id WHERE 1=1`
	var args []any
	for _, c := range []struct {
		col string
		v   any
		set bool
	}{{"e.account_id", f.AccountID, f.AccountID != 0}, {"e.kind", f.Kind, f.Kind != ""}, {"e.week", f.Week, f.Week != ""},
		{"e.status", f.Status, f.Status != ""}} {
		if c.set {
			q += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.query(ctx, s.db, q+` ORDER BY e.created_at DESC, e.id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list emails: %w", err)
	}
	defer rows.Close()
	var out []*gtg.EmailSend
	for rows.Next() {
		e, err := scanEmailSend(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EmailAttempt records a failed attempt to send an email; failed says the
// last retry is spent.
func (s *Store) EmailAttempt(ctx context.Context, id int64, attempts int, sendErr string, failed bool) error {
	status := gtg.EmailPending
	if failed {
		status = gtg.EmailFailed
	}
	_, err := s.exec(ctx, s.db, `UPDATE email_sends SET status = ?, attempts = ?, last_error = ?, updated_at = ?
		WHERE id = ? AND status <> 'sent'`, status, attempts, sendErr, s.now(), id)
	if err != nil {
		return fmt.Errorf("record email attempt: %w", err)
	}
	return nil
}

// CompleteEmailSend marks an email sent and, in the same transaction,
// records what the send means elsewhere: outbound email events on the
// account's timeline (touches) and the resources it carried.
func (s *Store) CompleteEmailSend(ctx context.Context, e *gtg.EmailSend, attempts int, events []*gtg.Event, sends []*gtg.ResourceSend) error {
	return s.InTx(ctx, func(tx *Tx) error {
		now := s.now()
		res, err := s.exec(ctx, tx.tx, `UPDATE email_sends SET status = 'sent', attempts = ?, last_error = '', sent_at = ?,
			updated_at = ? WHERE id = ? AND status <> 'sent'`, attempts, now, now, e.ID)
		if err != nil {
			return fmt.Errorf("mark email sent: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return gtg.Errorf(gtg.ECONFLICT, "email %d was already sent", e.ID)
		}
		e.Status, e.SentAt, e.Attempts, e.LastError = gtg.EmailSent, now, attempts, ""
		if len(events) > 0 {
			if _, err := tx.UpsertEvents(ctx, events); err != nil {
				return fmt.Errorf("record email on the timeline: %w", err)
			}
		}
		return tx.addResourceSends(ctx, sends)
	})
}

// Outreach returns the outreach messages to an account since a moment, for
// the caps: outbound emails on its timeline and emails still pending in
// the outbox (which count from when they were queued).
func (s *Store) Outreach(ctx context.Context, accountID int64, since time.Time) ([]gtg.Outreach, error) {
	return s.outreach(ctx, s.db, accountID, since)
}

// OutreachLocked is Outreach inside a transaction that will queue an email,
// with the account locked first, so that two sends checked against the caps
// at the same moment cannot both pass: PostgreSQL locks the account's row
// until commit; SQLite's write transactions run one at a time already.
func (tx *Tx) OutreachLocked(ctx context.Context, accountID int64, since time.Time) ([]gtg.Outreach, error) {
	s := tx.s
	if s.d.name() == "postgres" {
		var id int64
		if err := s.queryRow(ctx, tx.tx, `SELECT id FROM accounts WHERE id = ? FOR UPDATE`, accountID).Scan(&id); err != nil {
			return nil, notFound(err, "no account %d", accountID)
		}
	}
	return s.outreach(ctx, tx.tx, accountID, since)
}

func (s *Store) outreach(ctx context.Context, q querier, accountID int64, since time.Time) ([]gtg.Outreach, error) {
	rows, err := s.query(ctx, q, `SELECT id, COALESCE(contact_id, 0), external_id, occurred_at, attrs FROM events
		WHERE account_id = ? AND type = ? AND occurred_at > ?`, accountID, gtg.EventEmail, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("list outreach: %w", err)
	}
	var out []gtg.Outreach
	for rows.Next() {
		var id, contact int64
		var ext, attrs string
		var at time.Time
		if err := rows.Scan(&id, &contact, &ext, timeDest{&at}, &attrs); err != nil {
			rows.Close()
			return nil, err
		}
		m, err := decodeAttrs(attrs, nil)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if m["direction"] != "outbound" {
			continue
		}
		msg, _ := m["message_id"].(string)
		if msg == "" {
			msg = ext
		}
		out = append(out, gtg.Outreach{ContactID: contact, Message: msg, At: at})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	pending, err := s.query(ctx, q, `SELECT message_id, contact_ids, created_at FROM email_sends
		WHERE account_id = ? AND status = 'pending' AND created_at > ?`, accountID, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("list pending outreach: %w", err)
	}
	defer pending.Close()
	for pending.Next() {
		var msg, ids string
		var at time.Time
		if err := pending.Scan(&msg, &ids, timeDest{&at}); err != nil {
			return nil, err
		}
		var cs []int64
		if err := json.Unmarshal([]byte(ids), &cs); err != nil {
			return nil, err
		}
		for _, c := range cs {
			out = append(out, gtg.Outreach{ContactID: c, Message: msg, At: at})
		}
		if len(cs) == 0 {
			out = append(out, gtg.Outreach{Message: msg, At: at})
		}
	}
	return out, pending.Err()
}

// EmailSendsFor counts an account's emails of a kind in a week that are
// sent or still pending (a failed one does not stop a new try).
func (s *Store) EmailSendsFor(ctx context.Context, accountID int64, kind, week string) (int, error) {
	var n int
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM email_sends WHERE account_id = ? AND kind = ? AND week = ?
		AND status <> 'failed'`, accountID, kind, week).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count emails: %w", err)
	}
	return n, nil
}
