package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

// jsonText encodes v for a TEXT column holding JSON; nil slices become [].
func encodeJSONList(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "[]", nil
	}
	return string(b), nil
}

// fromJSON decodes a TEXT column holding JSON, naming the column on failure.
func decodeJSONColumn(s, column string, v any) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("decode %s: %w", column, err)
	}
	return nil
}

// PutRiskReason inserts a reason at the end of the taxonomy, or updates the
// stage, label, description and retired flag of an existing one.
func (tx *Tx) PutRiskReason(ctx context.Context, actor string, r *gtg.RiskReason) error {
	s := tx.s
	if _, err := s.exec(ctx, tx.tx, `INSERT INTO risk_reasons (key, stage, label, description, position, retired, updated_by, updated_at)
		VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM risk_reasons), ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET stage = excluded.stage, label = excluded.label, description = excluded.description,
		retired = excluded.retired, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		r.Key, r.Stage, r.Label, r.Description, r.Retired, actor, s.now()); err != nil {
		return fmt.Errorf("store risk reason %s: %w", r.Key, err)
	}
	return nil
}

// RiskReasons returns the taxonomy in its order, retired reasons included.
func (s *Store) RiskReasons(ctx context.Context) ([]*gtg.RiskReason, error) {
	rows, err := s.query(ctx, s.db, `SELECT key, stage, label, description, retired FROM risk_reasons ORDER BY position, key`)
	if err != nil {
		return nil, fmt.Errorf("risk reasons: %w", err)
	}
	defer rows.Close()
	var out []*gtg.RiskReason
	for rows.Next() {
		var r gtg.RiskReason
		if err := rows.Scan(&r.Key, &r.Stage, &r.Label, &r.Description, &r.Retired); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// ClaimSeed records that the seeds of a kind are being written and reports
// whether this is the first time; after that they are the users' to edit.
func (tx *Tx) ClaimSeed(ctx context.Context, kind string) (bool, error) {
	res, err := tx.s.exec(ctx, tx.tx, `INSERT INTO save_seeds (kind, seeded_at) VALUES (?, ?) ON CONFLICT (kind) DO NOTHING`, kind, tx.s.now())
	if err != nil {
		return false, fmt.Errorf("seed %s: %w", kind, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Seeded reports whether the seeds of a kind were ever written.
func (s *Store) Seeded(ctx context.Context, kind string) (bool, error) {
	var n int
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM save_seeds WHERE kind = ?`, kind).Scan(&n)
	return n > 0, err
}

const riskCols = `p.id, p.account_id, a.external_id, p.level, p.reasons, p.note, p.source, p.set_by, p.set_at`

func scanRisk(row interface{ Scan(...any) error }) (*gtg.RiskProfile, error) {
	var p gtg.RiskProfile
	var reasons string
	if err := row.Scan(&p.ID, &p.AccountID, &p.AccountExt, &p.Level, &reasons, &p.Note, &p.Source, &p.SetBy, timeDest{&p.SetAt}); err != nil {
		return nil, err
	}
	return &p, decodeJSONColumn(reasons, "risk reasons", &p.Reasons)
}

// AddRiskProfile records a risk judgment as the account's current profile;
// it fills the profile's ID and, when zero, SetAt.
func (tx *Tx) AddRiskProfile(ctx context.Context, p *gtg.RiskProfile) error {
	s := tx.s
	if p.SetAt.IsZero() {
		p.SetAt = s.now()
	}
	reasons, err := encodeJSONList(p.Reasons)
	if err != nil {
		return err
	}
	if err := s.queryRow(ctx, tx.tx, `INSERT INTO risk_profiles (account_id, level, primary_reason, reasons, note, source, set_by, set_at)
		VALUES (?,?,?,?,?,?,?,?) RETURNING id`, p.AccountID, p.Level, p.Primary(), reasons, p.Note, p.Source, p.SetBy, p.SetAt.UTC()).Scan(&p.ID); err != nil {
		return fmt.Errorf("store risk profile of %s: %w", p.AccountExt, s.d.mapErr(err))
	}
	return nil
}

func (s *Store) riskProfiles(ctx context.Context, where string, args ...any) ([]*gtg.RiskProfile, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+riskCols+` FROM risk_profiles p JOIN accounts a ON a.id = p.account_id `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("risk profiles: %w", err)
	}
	defer rows.Close()
	var out []*gtg.RiskProfile
	for rows.Next() {
		p, err := scanRisk(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// RiskProfile returns an account's current risk profile, or ENOTFOUND when it was never assessed.
func (s *Store) RiskProfile(ctx context.Context, accountID int64) (*gtg.RiskProfile, error) {
	ps, err := s.riskProfiles(ctx, `WHERE p.account_id = ? ORDER BY p.id DESC LIMIT 1`, accountID)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, gtg.Errorf(gtg.ENOTFOUND, "account #%d has no risk profile", accountID)
	}
	return ps[0], nil
}

// RiskHistory returns every risk profile of an account, newest first.
func (s *Store) RiskHistory(ctx context.Context, accountID int64) ([]*gtg.RiskProfile, error) {
	return s.riskProfiles(ctx, `WHERE p.account_id = ? ORDER BY p.id DESC`, accountID)
}

// AllRiskProfiles returns every risk profile ever recorded, oldest first.
func (s *Store) AllRiskProfiles(ctx context.Context) ([]*gtg.RiskProfile, error) {
	return s.riskProfiles(ctx, `ORDER BY p.id`)
}

// RiskProfilesAt returns each account's risk profile as it stood at a moment
// (the newest set at or before it); a zero time means now. Accounts never
// assessed by then are absent.
func (s *Store) RiskProfilesAt(ctx context.Context, at time.Time) (map[int64]*gtg.RiskProfile, error) {
	var ps []*gtg.RiskProfile
	var err error
	if at.IsZero() {
		ps, err = s.riskProfiles(ctx, `WHERE p.id = (SELECT MAX(q.id) FROM risk_profiles q WHERE q.account_id = p.account_id)`)
	} else {
		ps, err = s.riskProfiles(ctx, `WHERE p.id = (SELECT MAX(q.id) FROM risk_profiles q WHERE q.account_id = p.account_id AND q.set_at <= ?)`, at.UTC())
	}
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*gtg.RiskProfile, len(ps))
	for _, p := range ps {
		out[p.AccountID] = p
	}
	return out, nil
}

// RiskProfilesAfter returns the risk profiles set after a moment, oldest first.
func (s *Store) RiskProfilesAfter(ctx context.Context, after time.Time) ([]*gtg.RiskProfile, error) {
	return s.riskProfiles(ctx, `WHERE p.set_at > ? ORDER BY p.id`, after.UTC())
}
