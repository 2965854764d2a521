package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gtg-dev/gtg"
)

const contactCols = `c.id, c.account_id, a.external_id, c.email, c.name, c.title, c.role, c.status, c.status_changed_on, c.influence, c.created_at, c.updated_at`

func scanContact(row interface{ Scan(...any) error }) (*gtg.Contact, error) {
	var c gtg.Contact
	err := row.Scan(&c.ID, &c.AccountID, &c.AccountExternalID, &c.Email, &c.Name, &c.Title, &c.Role, &c.Status,
		dayDest{&c.StatusChangedOn}, &c.Influence, timeDest{&c.CreatedAt}, timeDest{&c.UpdatedAt})
	return &c, err
}

func contactState(c *gtg.Contact) string {
	b, _ := json.Marshal(map[string]any{"account_id": c.AccountExternalID, "email": c.Email, "name": c.Name,
		"title": c.Title, "role": c.Role, "status": c.Status, "status_changed_on": c.StatusChangedOn, "influence": c.Influence})
	return string(b)
}

type contactKey struct {
	account int64
	email   string
}

// UpsertContacts inserts or updates contacts by (account, email), fills their
// IDs and audits each change. When a contact's status changes and no date is
// given, the change is dated today.
func (tx *Tx) UpsertContacts(ctx context.Context, actor string, cs []*gtg.Contact) (int, error) {
	s := tx.s
	for _, c := range cs {
		c.Normalize()
		if err := c.Validate(); err != nil {
			return 0, fmt.Errorf("contact %s: %w", c.Email, err)
		}
		if c.AccountID == 0 {
			return 0, gtg.Errorf(gtg.EINVALID, "contact %s: account_id: not resolved", c.Email)
		}
	}
	existing := map[contactKey]*gtg.Contact{}
	const batch = 400
	for i := 0; i < len(cs); i += batch {
		part := cs[i:min(i+batch, len(cs))]
		args := make([]any, 0, 2*len(part))
		for _, c := range part {
			args = append(args, c.AccountID, c.Email)
		}
		rows, err := s.query(ctx, tx.tx, `SELECT `+contactCols+` FROM contacts c JOIN accounts a ON a.id = c.account_id
			WHERE (c.account_id, c.email) IN (VALUES `+s.values(len(part), "bigint", "text")+`)`, args...)
		if err != nil {
			return 0, fmt.Errorf("upsert contacts: %w", err)
		}
		for rows.Next() {
			c, err := scanContact(rows)
			if err != nil {
				rows.Close()
				return 0, err
			}
			existing[contactKey{c.AccountID, c.Email}] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	now := s.now()
	changed := 0
	for _, c := range cs {
		old := existing[contactKey{c.AccountID, c.Email}]
		if old != nil {
			if c.AccountExternalID == "" {
				c.AccountExternalID = old.AccountExternalID
			}
			if c.StatusChangedOn == 0 {
				c.StatusChangedOn = old.StatusChangedOn
				if c.Status != old.Status {
					c.StatusChangedOn = gtg.DayOf(now)
				}
			}
			if c.Influence == "" { // imports rarely carry it: keep what the CSM set
				c.Influence = old.Influence
			}
			c.ID, c.CreatedAt, c.UpdatedAt = old.ID, old.CreatedAt, old.UpdatedAt
			if contactState(old) == contactState(c) {
				continue
			}
			c.UpdatedAt = now
			if _, err := s.exec(ctx, tx.tx, `UPDATE contacts SET name=?, title=?, role=?, status=?, status_changed_on=?,
				influence=?, updated_at=? WHERE id=?`, c.Name, c.Title, c.Role, c.Status, dayArg(c.StatusChangedOn), c.Influence, now, c.ID); err != nil {
				return changed, fmt.Errorf("update contact %s: %w", c.Email, err)
			}
			if err := tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "update", Entity: "contact",
				EntityID: c.AccountExternalID + "/" + c.Email, Before: contactState(old), After: contactState(c)}); err != nil {
				return changed, err
			}
		} else {
			c.CreatedAt, c.UpdatedAt = now, now
			if err := s.queryRow(ctx, tx.tx, `INSERT INTO contacts (account_id, email, name, title, role, status,
				status_changed_on, influence, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id`,
				c.AccountID, c.Email, c.Name, c.Title, c.Role, c.Status, dayArg(c.StatusChangedOn), c.Influence, now, now).Scan(&c.ID); err != nil {
				return changed, fmt.Errorf("insert contact %s: %w", c.Email, s.d.mapErr(err))
			}
			existing[contactKey{c.AccountID, c.Email}] = c
			if err := tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "create", Entity: "contact",
				EntityID: c.AccountExternalID + "/" + c.Email, After: contactState(c)}); err != nil {
				return changed, err
			}
		}
		changed++
	}
	return changed, nil
}

// Contacts returns an account's contacts, active ones first, then by name.
func (s *Store) Contacts(ctx context.Context, accountID int64) ([]*gtg.Contact, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+contactCols+` FROM contacts c JOIN accounts a ON a.id = c.account_id
		WHERE c.account_id = ? ORDER BY c.status, c.name, c.email`, accountID)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Contact
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// contactIDs maps (account, email) pairs to contact ids; unknown pairs are absent.
func (s *Store) contactIDs(ctx context.Context, q querier, keys []contactKey) (map[contactKey]int64, error) {
	m := map[contactKey]int64{}
	const batch = 400
	for i := 0; i < len(keys); i += batch {
		part := keys[i:min(i+batch, len(keys))]
		args := make([]any, 0, 2*len(part))
		for _, k := range part {
			args = append(args, k.account, k.email)
		}
		rows, err := s.query(ctx, q, `SELECT account_id, email, id FROM contacts WHERE (account_id, email) IN (VALUES `+
			s.values(len(part), "bigint", "text")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k contactKey
			var id int64
			if err := rows.Scan(&k.account, &k.email, &id); err != nil {
				rows.Close()
				return nil, err
			}
			m[k] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return m, nil
}
