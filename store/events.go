package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
)

// eventDigest identifies an event that came without an id of its own, so
// that importing the same row twice finds the same event.
func eventDigest(e *gtg.Event, attrs string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", e.Type, e.OccurredAt.UTC().Format(time.RFC3339Nano), e.ContactEmail, attrs)
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}

type eventKey struct {
	account int64
	ext     string
}

// UpsertEvents inserts or updates timeline events by (account, external id).
// An event without an external id gets a digest of its content as one. A
// contact email is linked to the account's contact when there is one. It
// returns how many events were created or changed.
func (tx *Tx) UpsertEvents(ctx context.Context, evs []*gtg.Event) (int, error) {
	s := tx.s
	if len(evs) == 0 {
		return 0, nil
	}
	attrs := make([]string, len(evs))
	var ckeys []contactKey
	for i, e := range evs {
		e.Normalize()
		if err := e.Validate(); err != nil {
			return 0, err
		}
		if e.AccountID == 0 {
			return 0, gtg.Errorf(gtg.EINVALID, "event: account %q not resolved", e.AccountExternalID)
		}
		a, err := encodeAttrs(e.Attrs)
		if err != nil {
			return 0, err
		}
		attrs[i] = a
		if e.ExternalID == "" {
			e.ExternalID = eventDigest(e, a)
		}
		if e.ContactEmail != "" {
			ckeys = append(ckeys, contactKey{e.AccountID, e.ContactEmail})
		}
	}
	contacts, err := s.contactIDs(ctx, tx.tx, ckeys)
	if err != nil {
		return 0, fmt.Errorf("upsert events: %w", err)
	}
	// One statement may not touch the same row twice: the last of duplicates wins.
	last := map[eventKey]int{}
	for i, e := range evs {
		last[eventKey{e.AccountID, e.ExternalID}] = i
		e.ContactID = contacts[contactKey{e.AccountID, e.ContactEmail}]
	}
	changed := 0
	const batch = 400
	for i := 0; i < len(evs); i += batch {
		var args []any
		n := 0
		for j := i; j < min(i+batch, len(evs)); j++ {
			e := evs[j]
			if last[eventKey{e.AccountID, e.ExternalID}] != j {
				continue
			}
			var contact any
			if e.ContactID != 0 {
				contact = e.ContactID
			}
			args = append(args, e.AccountID, contact, e.ExternalID, e.Type, e.OccurredAt.UTC(), attrs[j])
			n++
		}
		res, err := s.exec(ctx, tx.tx, `INSERT INTO events (account_id, contact_id, external_id, type, occurred_at, attrs)
			VALUES `+s.values(n, "bigint", "bigint", "text", "text", "timestamp", "text")+`
			ON CONFLICT (account_id, external_id) DO UPDATE SET contact_id = excluded.contact_id, type = excluded.type,
			occurred_at = excluded.occurred_at, attrs = excluded.attrs
			WHERE events.contact_id IS DISTINCT FROM excluded.contact_id OR events.type <> excluded.type
			OR events.occurred_at <> excluded.occurred_at OR events.attrs <> excluded.attrs`, args...)
		if err != nil {
			return changed, fmt.Errorf("write events: %w", err)
		}
		nc, _ := res.RowsAffected()
		changed += int(nc)
	}
	return changed, nil
}

// Events returns timeline events matching f, newest first.
func (s *Store) Events(ctx context.Context, f gtg.EventFilter) ([]*gtg.Event, error) {
	var conds []string
	var args []any
	if f.AccountID != 0 {
		conds = append(conds, "e.account_id = ?")
		args = append(args, f.AccountID)
	}
	if len(f.Types) > 0 {
		conds = append(conds, "e.type IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.Types)), ",")+")")
		for _, t := range f.Types {
			args = append(args, t)
		}
	}
	if !f.From.IsZero() {
		conds = append(conds, "e.occurred_at >= ?")
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		conds = append(conds, "e.occurred_at < ?")
		args = append(args, f.To.UTC())
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1 << 30
	}
	types := map[string]string{} // event attributes have no declared dates
	rows, err := s.query(ctx, s.db, `SELECT e.id, e.account_id, a.external_id, COALESCE(e.contact_id, 0),
		COALESCE(c.email, ''), e.external_id, e.type, e.occurred_at, e.attrs
		FROM events e JOIN accounts a ON a.id = e.account_id LEFT JOIN contacts c ON c.id = e.contact_id`+where+`
		ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Event
	for rows.Next() {
		var e gtg.Event
		var attrs string
		if err := rows.Scan(&e.ID, &e.AccountID, &e.AccountExternalID, &e.ContactID, &e.ContactEmail, &e.ExternalID,
			&e.Type, timeDest{&e.OccurredAt}, &attrs); err != nil {
			return nil, err
		}
		if e.Attrs, err = decodeAttrs(attrs, types); err != nil {
			return nil, err
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}
