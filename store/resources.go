package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/gtg-dev/gtg"
)

const resourceCols = `id, key, title, url, kind, summary, reasons, industries, stages, risk_levels, created_by, created_at`

func scanResource(row interface{ Scan(...any) error }) (*gtg.LibraryResource, error) {
	var r gtg.LibraryResource
	var tags [4]string
	if err := row.Scan(&r.ID, &r.Key, &r.Title, &r.URL, &r.Kind, &r.Summary, &tags[0], &tags[1], &tags[2], &tags[3],
		&r.CreatedBy, timeDest{&r.CreatedAt}); err != nil {
		return nil, err
	}
	for i, dst := range []*[]string{&r.Reasons, &r.Industries, &r.Stages, &r.RiskLevels} {
		if err := json.Unmarshal([]byte(tags[i]), dst); err != nil {
			return nil, fmt.Errorf("resource %s: %w", r.Key, err)
		}
	}
	return &r, nil
}

// PutResources adds or replaces library resources by key, all or none.
func (s *Store) PutResources(ctx context.Context, actor string, rs []*gtg.LibraryResource) error {
	return s.InTx(ctx, func(tx *Tx) error { return tx.PutResources(ctx, actor, rs) })
}

// PutResources adds or replaces library resources by key inside the transaction.
func (tx *Tx) PutResources(ctx context.Context, actor string, rs []*gtg.LibraryResource) error {
	s := tx.s
	for i, r := range rs {
		r.Normalize()
		if err := r.Validate(); err != nil {
			return fmt.Errorf("resource %d (%s): %w", i+1, r.Key, err)
		}
	}
	for _, r := range rs {
		r.CreatedBy, r.CreatedAt = actor, s.now()
		err := s.queryRow(ctx, tx.tx, `INSERT INTO resources (key, title, url, kind, summary, reasons, industries,
			stages, risk_levels, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT (key) DO UPDATE SET title = excluded.title, url = excluded.url, kind = excluded.kind,
			summary = excluded.summary, reasons = excluded.reasons, industries = excluded.industries,
			stages = excluded.stages, risk_levels = excluded.risk_levels RETURNING id`,
			r.Key, r.Title, r.URL, r.Kind, r.Summary, jsonText(r.Reasons), jsonText(r.Industries), jsonText(r.Stages),
			jsonText(r.RiskLevels), r.CreatedBy, r.CreatedAt).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("store resource %s: %w", r.Key, s.d.mapErr(err))
		}
		if err := tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "put", Entity: "resource", EntityID: r.Key,
			After: r.Title}); err != nil {
			return err
		}
	}
	return nil
}

// DeleteResource removes a resource from the library, with its send records.
func (s *Store) DeleteResource(ctx context.Context, actor, key string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := s.exec(ctx, tx.tx, `DELETE FROM resources WHERE key = ?`, key)
		if err != nil {
			return fmt.Errorf("delete resource: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return gtg.Errorf(gtg.ENOTFOUND, "resource %q not found", key)
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "delete", Entity: "resource", EntityID: key})
	})
}

// Resources returns the library, by title.
func (s *Store) Resources(ctx context.Context) ([]*gtg.LibraryResource, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+resourceCols+` FROM resources ORDER BY title, key`)
	if err != nil {
		return nil, fmt.Errorf("list resources: %w", err)
	}
	defer rows.Close()
	var out []*gtg.LibraryResource
	for rows.Next() {
		r, err := scanResource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (tx *Tx) addResourceSends(ctx context.Context, sends []*gtg.ResourceSend) error {
	s := tx.s
	for _, r := range sends {
		var score, send any
		if r.Score != nil {
			score = *r.Score
		}
		if r.SendID != 0 {
			send = r.SendID
		}
		if err := s.queryRow(ctx, tx.tx, `INSERT INTO resource_sends (resource_id, account_id, send_id, sent_on, mode, score, color)
			VALUES (?,?,?,?,?,?,?) RETURNING id`, r.ResourceID, r.AccountID, send, dayArg(r.SentOn), r.Mode, score, r.Color).
			Scan(&r.ID); err != nil {
			return fmt.Errorf("record resource sent: %w", s.d.mapErr(err))
		}
	}
	return nil
}

// ResourceSends returns the record of resources sent (resourceID 0: all),
// newest first, with the health that followed: the first score at least 30
// days after, else the latest, and the outcome of any plan closed or
// contract outcome recorded since.
func (s *Store) ResourceSends(ctx context.Context, resourceID int64) ([]*gtg.ResourceSend, error) {
	q := `SELECT rs.id, rs.resource_id, r.key, rs.account_id, a.external_id, COALESCE(rs.send_id, 0), rs.sent_on, rs.mode,
		rs.score, rs.color FROM resource_sends rs JOIN resources r ON r.id = rs.resource_id JOIN accounts a ON a.id = rs.account_id`
	var args []any
	if resourceID != 0 {
		q += ` WHERE rs.resource_id = ?`
		args = append(args, resourceID)
	}
	rows, err := s.query(ctx, s.db, q+` ORDER BY rs.sent_on DESC, rs.id DESC LIMIT 1000`, args...)
	if err != nil {
		return nil, fmt.Errorf("list resource sends: %w", err)
	}
	var out []*gtg.ResourceSend
	for rows.Next() {
		var r gtg.ResourceSend
		var score sql.NullFloat64
		if err := rows.Scan(&r.ID, &r.ResourceID, &r.ResourceKey, &r.AccountID, &r.AccountExt, &r.SendID, dayDest{&r.SentOn},
			&r.Mode, &score, &r.Color); err != nil {
			rows.Close()
			return nil, err
		}
		if score.Valid {
			r.Score = &score.Float64
		}
		out = append(out, &r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range out {
		var later sql.NullFloat64
		var on gtg.Day
		err := s.queryRow(ctx, s.db, `SELECT score, day FROM health_scores WHERE account_id = ? AND day >= ?
			AND color <> 'insufficient_data' ORDER BY day LIMIT 1`, r.AccountID, dayArg(r.SentOn+30)).Scan(&later, dayDest{&on})
		if err == sql.ErrNoRows {
			err = s.queryRow(ctx, s.db, `SELECT score, day FROM health_scores WHERE account_id = ? AND day > ?
				AND color <> 'insufficient_data' ORDER BY day DESC LIMIT 1`, r.AccountID, dayArg(r.SentOn)).Scan(&later, dayDest{&on})
		}
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("health after resource sent: %w", err)
		}
		if later.Valid {
			r.LaterScore, r.LaterOn = &later.Float64, on
		}
		err = s.queryRow(ctx, s.db, `SELECT outcome FROM plans WHERE account_id = ? AND status = 'closed' AND closed_on >= ?
			ORDER BY closed_on LIMIT 1`, r.AccountID, dayArg(r.SentOn)).Scan(&r.Outcome)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("outcome after resource sent: %w", err)
		}
	}
	return out, nil
}
