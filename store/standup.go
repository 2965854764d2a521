package store

import (
	"context"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

// AddStandupReview records that the standup was reviewed and fills its ID.
func (tx *Tx) AddStandupReview(ctx context.Context, r *gtg.StandupReview) error {
	s := tx.s
	if r.ReviewedAt.IsZero() {
		r.ReviewedAt = s.now()
	}
	if err := s.queryRow(ctx, tx.tx, `INSERT INTO standup_reviews (reviewed_at, health_day, reviewed_by) VALUES (?,?,?) RETURNING id`,
		r.ReviewedAt.UTC(), dayArg(r.HealthDay), r.ReviewedBy).Scan(&r.ID); err != nil {
		return fmt.Errorf("store standup review: %w", s.d.mapErr(err))
	}
	return nil
}

// LastStandupReview returns the newest standup review, or ENOTFOUND when there has been none.
func (s *Store) LastStandupReview(ctx context.Context) (*gtg.StandupReview, error) {
	var r gtg.StandupReview
	err := s.queryRow(ctx, s.db, `SELECT id, reviewed_at, health_day, reviewed_by FROM standup_reviews ORDER BY id DESC LIMIT 1`).
		Scan(&r.ID, timeDest{&r.ReviewedAt}, dayDest{&r.HealthDay}, &r.ReviewedBy)
	if err != nil {
		return nil, notFound(err, "the standup was never reviewed")
	}
	return &r, nil
}

// ScoredDayOnOrBefore returns the newest day with any health snapshot on or
// before d (0 when none).
func (s *Store) ScoredDayOnOrBefore(ctx context.Context, d gtg.Day) (gtg.Day, error) {
	var out gtg.Day
	err := s.queryRow(ctx, s.db, `SELECT MAX(day) FROM health_scores WHERE day <= ?`, dayArg(d)).Scan(dayDest{&out})
	return out, err
}

// AlertsOpenedBetween returns the alerts created in (after, upTo], oldest
// first, with their account's id, name and owner.
func (s *Store) AlertsOpenedBetween(ctx context.Context, after, upTo time.Time) ([]*gtg.Alert, error) {
	rows, err := s.query(ctx, s.db, `SELECT l.id, l.account_id, a.external_id, a.name, a.owner, l.rule, l.severity, l.title,
		l.status, l.opened_on, l.created_at FROM alerts l JOIN accounts a ON a.id = l.account_id
		WHERE l.created_at > ? AND l.created_at <= ? ORDER BY l.created_at, l.id`, after.UTC(), upTo.UTC())
	if err != nil {
		return nil, fmt.Errorf("new alerts: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Alert
	for rows.Next() {
		var l gtg.Alert
		if err := rows.Scan(&l.ID, &l.AccountID, &l.AccountExt, &l.AccountName, &l.Owner, &l.Rule, &l.Severity, &l.Title,
			&l.Status, dayDest{&l.OpenedOn}, timeDest{&l.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &l)
	}
	return out, rows.Err()
}

// OpenAlertCounts returns, per account, how many alerts need attention (open
// or acknowledged, not snoozed or resolved) by severity.
func (s *Store) OpenAlertCounts(ctx context.Context) (map[int64]map[string]int, error) {
	rows, err := s.query(ctx, s.db, `SELECT account_id, severity, COUNT(*) FROM alerts WHERE status IN (?, ?)
		GROUP BY account_id, severity`, gtg.AlertOpen, gtg.AlertAcknowledged)
	if err != nil {
		return nil, fmt.Errorf("open alerts: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]int{}
	for rows.Next() {
		var id int64
		var sev string
		var n int
		if err := rows.Scan(&id, &sev, &n); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]int{}
		}
		out[id][sev] = n
	}
	return out, rows.Err()
}
