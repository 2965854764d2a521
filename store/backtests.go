package store

import (
	"context"
	"fmt"
	"time"
)

// StoredBacktest is a saved backtest report, as JSON.
type StoredBacktest struct {
	ID        int64
	Label     string // the cards replayed, e.g. "default@1, onboarding@1"
	Report    []byte
	CreatedAt time.Time
	CreatedBy string
}

// SaveBacktest keeps a backtest report.
func (s *Store) SaveBacktest(ctx context.Context, actor, label string, report []byte) (int64, error) {
	var id int64
	err := s.queryRow(ctx, s.db, `INSERT INTO backtests (label, report, created_at, created_by) VALUES (?,?,?,?) RETURNING id`,
		label, string(report), s.now(), actor).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save backtest: %w", s.d.mapErr(err))
	}
	return id, nil
}

// Backtests returns the newest n saved reports, newest first.
func (s *Store) Backtests(ctx context.Context, n int) ([]StoredBacktest, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, label, report, created_at, created_by FROM backtests ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("list backtests: %w", err)
	}
	defer rows.Close()
	var out []StoredBacktest
	for rows.Next() {
		var b StoredBacktest
		var rep string
		if err := rows.Scan(&b.ID, &b.Label, &rep, timeDest{&b.CreatedAt}, &b.CreatedBy); err != nil {
			return nil, err
		}
		b.Report = []byte(rep)
		out = append(out, b)
	}
	return out, rows.Err()
}
