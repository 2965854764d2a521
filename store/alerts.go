package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

const alertCols = `a.id, a.account_id, c.external_id, c.name, a.owner, a.rule, a.rule_set, a.rule_version, a.severity, a.title,
	a.evidence, a.value, a.held, a.status, a.opened_on, a.shown_on, a.last_seen_on, a.snoozed_until, a.resolved_on, a.updated_by, a.note,
	a.created_at, a.updated_at`

func scanAlert(row interface{ Scan(...any) error }) (*gtg.Alert, error) {
	var a gtg.Alert
	var ev string
	if err := row.Scan(&a.ID, &a.AccountID, &a.AccountExt, &a.AccountName, &a.Owner, &a.Rule, &a.RuleSet, &a.RuleVersion,
		&a.Severity, &a.Title, &ev, &a.Value, &a.Held, &a.Status, dayDest{&a.OpenedOn}, dayDest{&a.ShownOn}, dayDest{&a.LastSeenOn},
		dayDest{&a.SnoozedUntil}, dayDest{&a.ResolvedOn}, &a.UpdatedBy, &a.Note, timeDest{&a.CreatedAt}, timeDest{&a.UpdatedAt}); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(ev), &a.Evidence); err != nil {
		return nil, fmt.Errorf("alert %d evidence: %w", a.ID, err)
	}
	return &a, nil
}

func evidenceArg(ev []string) string {
	if ev == nil {
		ev = []string{}
	}
	b, _ := json.Marshal(ev)
	return string(b)
}

// Alerts returns the alerts the filter selects: unresolved first, then the
// most valuable, newest first.
func (s *Store) Alerts(ctx context.Context, f gtg.AlertFilter) ([]*gtg.Alert, error) {
	return s.alerts(ctx, s.db, f)
}

func (s *Store) alerts(ctx context.Context, q querier, f gtg.AlertFilter) ([]*gtg.Alert, error) {
	var where []string
	var args []any
	if f.AccountID != 0 {
		where, args = append(where, "a.account_id = ?"), append(args, f.AccountID)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "a.status IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.Statuses)), ",")+")")
		for _, st := range f.Statuses {
			args = append(args, st)
		}
	}
	if f.Owner != "" {
		where, args = append(where, "a.owner = ?"), append(args, f.Owner)
	}
	if f.Rule != "" {
		where, args = append(where, "a.rule = ?"), append(args, f.Rule)
	}
	if f.Held != nil {
		where, args = append(where, "a.held = ?"), append(args, *f.Held)
	}
	if f.Since != 0 {
		where, args = append(where, "a.opened_on >= ?"), append(args, dayArg(f.Since))
	}
	query := `SELECT ` + alertCols + ` FROM alerts a JOIN accounts c ON c.id = a.account_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += ` ORDER BY CASE WHEN a.status = 'resolved' THEN 1 ELSE 0 END, a.value DESC, a.opened_on DESC, a.id DESC`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.query(ctx, q, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	return collectAlerts(rows)
}

// Alert returns one alert by id.
func (s *Store) Alert(ctx context.Context, id int64) (*gtg.Alert, error) {
	a, err := scanAlert(s.queryRow(ctx, s.db, `SELECT `+alertCols+` FROM alerts a JOIN accounts c ON c.id = a.account_id WHERE a.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "alert %d not found", id)
	}
	return a, nil
}

// LiveAlerts returns the alerts the rule evaluator compares with what fires
// today: every unresolved alert, and those a person resolved while the
// condition still held, last seen on or after since (their condition has to
// clear before the rule may raise the alert again).
func (tx *Tx) LiveAlerts(ctx context.Context, since gtg.Day) ([]*gtg.Alert, error) {
	rows, err := tx.s.query(ctx, tx.tx, `SELECT `+alertCols+` FROM alerts a JOIN accounts c ON c.id = a.account_id
		WHERE a.status <> 'resolved' OR (a.updated_by <> 'gtg' AND a.last_seen_on >= ?) ORDER BY a.id`, dayArg(since))
	if err != nil {
		return nil, fmt.Errorf("live alerts: %w", err)
	}
	return collectAlerts(rows)
}

// collectAlerts scans every row and closes rows.
func collectAlerts(rows *sql.Rows) ([]*gtg.Alert, error) {
	defer rows.Close()
	var out []*gtg.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ShownPerOwner counts, per owner, the alerts first shown (not held back)
// from from to to (inclusive): what each CSM's weekly budget has spent.
func (tx *Tx) ShownPerOwner(ctx context.Context, from, to gtg.Day) (map[string]int, error) {
	rows, err := tx.s.query(ctx, tx.tx, `SELECT owner, COUNT(*) FROM alerts WHERE shown_on >= ? AND shown_on <= ? GROUP BY owner`,
		dayArg(from), dayArg(to))
	if err != nil {
		return nil, fmt.Errorf("alert budget: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return nil, err
		}
		out[o] = n
	}
	return out, rows.Err()
}

// InsertAlerts stores new alerts and sets their IDs. A second unresolved
// alert for the same rule and account is ECONFLICT.
func (tx *Tx) InsertAlerts(ctx context.Context, as []*gtg.Alert) error {
	s := tx.s
	now := s.now()
	for _, a := range as {
		a.CreatedAt, a.UpdatedAt = now, now
		err := s.queryRow(ctx, tx.tx, `INSERT INTO alerts (account_id, rule, rule_set, rule_version, severity, title, evidence, value, held,
			status, owner, opened_on, shown_on, last_seen_on, snoozed_until, resolved_on, updated_by, note, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
			a.AccountID, a.Rule, a.RuleSet, a.RuleVersion, a.Severity, a.Title, evidenceArg(a.Evidence), finite(a.Value), a.Held,
			a.Status, a.Owner, dayArg(a.OpenedOn), dayArg(a.ShownOn), dayArg(a.LastSeenOn), dayArg(a.SnoozedUntil), dayArg(a.ResolvedOn),
			a.UpdatedBy, a.Note, now, now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("insert alert %s on account %d: %w", a.Rule, a.AccountID, s.d.mapErr(err))
		}
	}
	return nil
}

// UpdateAlerts writes back what may change on an alert: its status and
// dates, the evidence, severity, value and who changed it.
func (tx *Tx) UpdateAlerts(ctx context.Context, as []*gtg.Alert) error {
	s := tx.s
	now := s.now()
	for _, a := range as {
		a.UpdatedAt = now
		res, err := s.exec(ctx, tx.tx, `UPDATE alerts SET severity = ?, title = ?, evidence = ?, value = ?, held = ?, status = ?,
			shown_on = ?, last_seen_on = ?, snoozed_until = ?, resolved_on = ?, updated_by = ?, note = ?, updated_at = ? WHERE id = ?`,
			a.Severity, a.Title, evidenceArg(a.Evidence), finite(a.Value), a.Held, a.Status, dayArg(a.ShownOn), dayArg(a.LastSeenOn),
			dayArg(a.SnoozedUntil), dayArg(a.ResolvedOn), a.UpdatedBy, a.Note, now, a.ID)
		if err != nil {
			return fmt.Errorf("update alert %d: %w", a.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return gtg.Errorf(gtg.ENOTFOUND, "alert %d not found", a.ID)
		}
	}
	return nil
}

// AlertForUpdate reads one alert inside a transaction.
func (tx *Tx) AlertForUpdate(ctx context.Context, id int64) (*gtg.Alert, error) {
	a, err := scanAlert(tx.s.queryRow(ctx, tx.tx, `SELECT `+alertCols+` FROM alerts a JOIN accounts c ON c.id = a.account_id WHERE a.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "alert %d not found", id)
	}
	return a, nil
}

// AlertCounts counts unresolved alerts that are shown (not held) per
// account, and the held ones overall.
func (s *Store) AlertCounts(ctx context.Context) (perAccount map[int64]int, held int, err error) {
	rows, err := s.query(ctx, s.db, `SELECT account_id, held, COUNT(*) FROM alerts WHERE status IN ('open', 'acknowledged') GROUP BY account_id, held`)
	if err != nil {
		return nil, 0, fmt.Errorf("count alerts: %w", err)
	}
	defer rows.Close()
	perAccount = map[int64]int{}
	for rows.Next() {
		var id int64
		var h bool
		var n int
		if err := rows.Scan(&id, &h, &n); err != nil {
			return nil, 0, err
		}
		if h {
			held += n
		} else {
			perAccount[id] += n
		}
	}
	return perAccount, held, rows.Err()
}
