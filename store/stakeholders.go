package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

// inList returns "col IN (?,?…)" and its args, or "" for no ids (all rows).
func inList(col string, ids []int64) (string, []any) {
	if ids == nil {
		return "", nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	if len(ids) == 0 {
		return " AND 1 = 0", nil
	}
	return " AND " + col + " IN (" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")", args
}

// ContactsOf returns the contacts of the accounts (nil: every account), by
// account id, with only what coverage reads: id, account, email, role,
// status and its date (no names, titles or timestamps).
func (s *Store) ContactsOf(ctx context.Context, accountIDs []int64) (map[int64][]*gtg.Contact, error) {
	cond, args := inList("c.account_id", accountIDs)
	rows, err := s.query(ctx, s.db, `SELECT c.id, c.account_id, c.email, c.role, c.status, c.status_changed_on, c.influence
		FROM contacts c WHERE 1 = 1`+cond+` ORDER BY c.account_id, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	defer rows.Close()
	out := map[int64][]*gtg.Contact{}
	for rows.Next() {
		var c gtg.Contact
		if err := rows.Scan(&c.ID, &c.AccountID, &c.Email, &c.Role, &c.Status, dayDest{&c.StatusChangedOn}, &c.Influence); err != nil {
			return nil, err
		}
		out[c.AccountID] = append(out[c.AccountID], &c)
	}
	return out, rows.Err()
}

// TouchStats sums the touches (gtg.TouchTypes) with each contact of the
// accounts (nil: every account) up to and including day: the last one
// (since the day since, 0: ever) and how many fell in the last 30 and 90
// days. With sentiment it also reads each contact's latest sentiment from
// notes and survey answers in the last gtg.SentimentDays. Contacts not
// touched (and without sentiment) are absent.
func (s *Store) TouchStats(ctx context.Context, accountIDs []int64, day, since gtg.Day, sentiment bool) (map[int64]gtg.TouchStats, error) {
	cond, ids := inList("e.account_id", accountIDs)
	end := day.AddDays(1).Time()
	args := []any{day.AddDays(-29).Time(), day.AddDays(-89).Time()}
	for _, t := range gtg.TouchTypes {
		args = append(args, t)
	}
	args = append(args, end)
	sinceCond := ""
	if since != 0 {
		sinceCond = " AND e.occurred_at >= ?"
		args = append(args, since.Time())
	}
	args = append(args, ids...)
	rows, err := s.query(ctx, s.db, `SELECT e.contact_id, MAX(e.occurred_at),
		SUM(CASE WHEN e.occurred_at >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN e.occurred_at >= ? THEN 1 ELSE 0 END)
		FROM events e WHERE e.contact_id IS NOT NULL AND e.type IN (?,?,?,?) AND e.occurred_at < ?`+sinceCond+cond+`
		GROUP BY e.contact_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("touch stats: %w", err)
	}
	out := map[int64]gtg.TouchStats{}
	for rows.Next() {
		var id int64
		var st gtg.TouchStats
		if err := rows.Scan(&id, timeDest{&st.LastTouch}, &st.Touches30, &st.Touches90); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = st
	}
	rows.Close()
	if err := rows.Err(); err != nil || !sentiment {
		return out, err
	}
	rows, err = s.query(ctx, s.db, `SELECT e.contact_id, e.type, e.occurred_at, e.attrs FROM events e
		WHERE e.contact_id IS NOT NULL AND e.type IN (?, ?) AND e.occurred_at < ? AND e.occurred_at >= ?`+cond+`
		ORDER BY e.occurred_at, e.id`, append([]any{gtg.EventNote, gtg.EventSurvey, end, day.AddDays(1 - gtg.SentimentDays).Time()}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("contact sentiment: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e gtg.Event
		var attrs string
		if err := rows.Scan(&e.ContactID, &e.Type, timeDest{&e.OccurredAt}, &attrs); err != nil {
			return nil, err
		}
		if e.Attrs, err = decodeAttrs(attrs, nil); err != nil {
			return nil, err
		}
		if sent := gtg.SentimentOf(&e); sent != "" {
			st := out[e.ContactID]
			st.Sentiment, st.SentimentOn = sent, gtg.DayOf(e.OccurredAt)
			out[e.ContactID] = st
		}
	}
	return out, rows.Err()
}

// LogTouch records a touch a person logged on the account's timeline and in
// the audit trail. A touch with a contact must name one of the account's
// contacts.
func (tx *Tx) LogTouch(ctx context.Context, actor string, a *gtg.Account, t *gtg.Touch) (*gtg.Event, error) {
	e := t.Event(a.ExternalID, actor)
	e.AccountID = a.ID
	if t.ContactEmail != "" {
		ids, err := tx.s.contactIDs(ctx, tx.tx, []contactKey{{a.ID, t.ContactEmail}})
		if err != nil {
			return nil, fmt.Errorf("log touch: %w", err)
		}
		if ids[contactKey{a.ID, t.ContactEmail}] == 0 {
			return nil, gtg.Errorf(gtg.EINVALID, "contact_email: %s is not a contact of %s", t.ContactEmail, a.ExternalID)
		}
	}
	if _, err := tx.UpsertEvents(ctx, []*gtg.Event{e}); err != nil {
		return nil, fmt.Errorf("log touch: %w", err)
	}
	after, _ := json.Marshal(map[string]any{"contact": t.ContactEmail, "occurred_at": t.OccurredAt, "attrs": e.Attrs})
	if err := tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "log " + t.Type, Entity: "account", EntityID: a.ExternalID,
		After: string(after)}); err != nil {
		return nil, err
	}
	return e, nil
}

var cadenceTable = versionedTable{"cadence_policies", "cadence policy"}

// SaveCadencePolicy records an applied cadence policy version (see saveVersioned).
func (s *Store) SaveCadencePolicy(ctx context.Context, actor, name string, version int, yaml []byte) (bool, error) {
	return s.saveVersioned(ctx, cadenceTable, actor, name, version, yaml)
}

// CadencePolicies returns the newest applied version of every cadence policy.
func (s *Store) CadencePolicies(ctx context.Context) ([]Versioned, error) {
	return s.newestVersions(ctx, cadenceTable)
}
