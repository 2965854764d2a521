package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/gtg-dev/gtg"
)

// measureJSON is a MeasureValue as stored: NaN (no data) becomes null.
type measureJSON struct {
	Key     string   `json:"k"`
	Group   string   `json:"g,omitempty"`
	Value   *float64 `json:"v"`
	Points  float64  `json:"p"`
	Weight  float64  `json:"w"`
	Missing bool     `json:"m,omitempty"`
}

func encodeMeasures(ms []gtg.MeasureValue) (string, error) {
	out := make([]measureJSON, len(ms))
	for i, m := range ms {
		out[i] = measureJSON{Key: m.Key, Group: m.Group, Points: finite(m.Points), Weight: finite(m.Weight), Missing: m.Missing}
		if !math.IsNaN(m.Value) && !math.IsInf(m.Value, 0) {
			v := m.Value
			out[i].Value = &v
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func decodeMeasures(s string) ([]gtg.MeasureValue, error) {
	var in []measureJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("decode measures: %w", err)
	}
	out := make([]gtg.MeasureValue, len(in))
	for i, m := range in {
		out[i] = gtg.MeasureValue{Key: m.Key, Group: m.Group, Value: math.NaN(), Points: m.Points, Weight: m.Weight, Missing: m.Missing}
		if m.Value != nil {
			out[i].Value = *m.Value
		}
	}
	return out, nil
}

func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// PutHealth stores health snapshots, replacing any for the same account and day.
func (tx *Tx) PutHealth(ctx context.Context, hs []*gtg.Health) error {
	return tx.putHealth(ctx, "", hs)
}

// StageHealth writes snapshots of a rescore run into health_staging, where
// they wait for PromoteHealth to move the whole run at once.
func (tx *Tx) StageHealth(ctx context.Context, run string, hs []*gtg.Health) error {
	if run == "" {
		return gtg.Errorf(gtg.EINVALID, "stage health: run required")
	}
	return tx.putHealth(ctx, run, hs)
}

// putHealth upserts snapshots into health_scores, or into health_staging
// under run when run is set.
func (tx *Tx) putHealth(ctx context.Context, run string, hs []*gtg.Health) error {
	s := tx.s
	now := s.now()
	const batch = 300
	table, key, cols, types := "health_scores", "account_id, day", healthCols, []string{"bigint", "date", "text", "integer", "double", "text", "double", "text", "timestamp"}
	if run != "" {
		table, key, cols, types = "health_staging", "run, account_id, day", "run, "+healthCols, append([]string{"text"}, types...)
	}
	for i := 0; i < len(hs); i += batch {
		part := hs[i:min(i+batch, len(hs))]
		args := make([]any, 0, len(types)*len(part))
		for _, h := range part {
			ms, err := encodeMeasures(h.Measures)
			if err != nil {
				return err
			}
			if run != "" {
				args = append(args, run)
			}
			args = append(args, h.AccountID, dayArg(h.Day), h.Scorecard, h.Version, finite(h.Score), h.Color, finite(h.Coverage), ms, now)
		}
		if _, err := s.exec(ctx, tx.tx, `INSERT INTO `+table+` (`+cols+`)
			VALUES `+s.values(len(part), types...)+`
			ON CONFLICT (`+key+`) DO UPDATE SET scorecard = excluded.scorecard, version = excluded.version,
			score = excluded.score, color = excluded.color, coverage = excluded.coverage, measures = excluded.measures,
			created_at = excluded.created_at`, args...); err != nil {
			return fmt.Errorf("store health: %w", err)
		}
	}
	return nil
}

// PromoteHealth moves a run's staged snapshots into health_scores, all in
// one transaction, and returns how many moved.
func (s *Store) PromoteHealth(ctx context.Context, run string) (int64, error) {
	var n int64
	err := s.InTx(ctx, func(tx *Tx) error {
		res, err := s.exec(ctx, tx.tx, `INSERT INTO health_scores (`+healthCols+`)
			SELECT `+healthCols+` FROM health_staging WHERE run = ?
			ON CONFLICT (account_id, day) DO UPDATE SET scorecard = excluded.scorecard, version = excluded.version,
			score = excluded.score, color = excluded.color, coverage = excluded.coverage, measures = excluded.measures,
			created_at = excluded.created_at`, run)
		if err != nil {
			return fmt.Errorf("promote health run %s: %w", run, err)
		}
		n, _ = res.RowsAffected()
		if _, err := s.exec(ctx, tx.tx, `DELETE FROM health_staging WHERE run = ?`, run); err != nil {
			return fmt.Errorf("promote health run %s: %w", run, err)
		}
		return nil
	})
	return n, err
}

// DropStagedHealth deletes a run's staged snapshots (a failed run), or with
// run "" every run whose last batch was staged before a time (runs that
// were killed).
func (s *Store) DropStagedHealth(ctx context.Context, run string, before time.Time) error {
	q, arg := `DELETE FROM health_staging WHERE run = ?`, any(run)
	if run == "" {
		// By run, and only runs whose newest batch is that old: a long live
		// run's early batches are old too.
		q, arg = `DELETE FROM health_staging WHERE run IN (SELECT run FROM health_staging GROUP BY run HAVING MAX(created_at) < ?)`, before.UTC()
	}
	if _, err := s.exec(ctx, s.db, q, arg); err != nil {
		return fmt.Errorf("drop staged health: %w", err)
	}
	return nil
}

func scanHealth(row interface{ Scan(...any) error }) (*gtg.Health, error) {
	var h gtg.Health
	var ms string
	if err := row.Scan(&h.AccountID, dayDest{&h.Day}, &h.Scorecard, &h.Version, &h.Score, &h.Color, &h.Coverage, &ms, timeDest{&h.CreatedAt}); err != nil {
		return nil, err
	}
	var err error
	h.Measures, err = decodeMeasures(ms)
	return &h, err
}

const healthCols = `account_id, day, scorecard, version, score, color, coverage, measures, created_at`

// HealthHistory returns an account's snapshots from from to to (inclusive), oldest first.
func (s *Store) HealthHistory(ctx context.Context, accountID int64, from, to gtg.Day) ([]*gtg.Health, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+healthCols+` FROM health_scores WHERE account_id = ? AND day >= ? AND day <= ? ORDER BY day`,
		accountID, dayArg(from), dayArg(to))
	if err != nil {
		return nil, fmt.Errorf("health history: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Health
	for rows.Next() {
		h, err := scanHealth(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// HealthOn returns every account's snapshot for one day, keyed by account id.
func (s *Store) HealthOn(ctx context.Context, day gtg.Day) (map[int64]*gtg.Health, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+healthCols+` FROM health_scores WHERE day = ?`, dayArg(day))
	if err != nil {
		return nil, fmt.Errorf("health on %s: %w", day, err)
	}
	defer rows.Close()
	out := map[int64]*gtg.Health{}
	for rows.Next() {
		h, err := scanHealth(rows)
		if err != nil {
			return nil, err
		}
		out[h.AccountID] = h
	}
	return out, rows.Err()
}

// LatestHealthDay returns the newest day with any snapshot (0 when none).
func (s *Store) LatestHealthDay(ctx context.Context) (gtg.Day, error) {
	var d gtg.Day
	err := s.queryRow(ctx, s.db, `SELECT MAX(day) FROM health_scores`).Scan(dayDest{&d})
	return d, err
}

// EachScore calls fn for every stored (account, day, score, color) from from to
// to inclusive, ordered by account and day; it reads only those columns, so
// trends over a portfolio stay cheap.
func (s *Store) EachScore(ctx context.Context, from, to gtg.Day, fn func(accountID int64, day gtg.Day, score float64, color string)) error {
	rows, err := s.query(ctx, s.db, `SELECT account_id, day, score, color FROM health_scores WHERE day >= ? AND day <= ? ORDER BY account_id, day`,
		dayArg(from), dayArg(to))
	if err != nil {
		return fmt.Errorf("scores: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var d gtg.Day
		var score float64
		var color string
		if err := rows.Scan(&id, dayDest{&d}, &score, &color); err != nil {
			return err
		}
		fn(id, d, score, color)
	}
	return rows.Err()
}
