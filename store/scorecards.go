package store

import (
	"context"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

// StoredScorecard is one applied version of a scorecard, as the YAML a person reviewed.
type StoredScorecard struct {
	Name      string
	Version   int
	YAML      []byte
	AppliedBy string
	AppliedAt gtg.Day
}

// SaveScorecard records an applied scorecard version. Applying the same
// version again with the same YAML is a no-op (changed is false); the same
// version with different YAML is ECONFLICT, so every stored score's version
// names exactly one text.
func (s *Store) SaveScorecard(ctx context.Context, actor, name string, version int, yaml []byte) (changed bool, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		var have []byte
		err := s.queryRow(ctx, tx.tx, `SELECT yaml FROM scorecards WHERE name = ? AND version = ?`, name, version).Scan(&have)
		if err == nil {
			if string(have) == string(yaml) {
				return nil
			}
			return gtg.Errorf(gtg.ECONFLICT, "scorecard %s version %d was applied before with different content: bump its version", name, version)
		}
		if gtg.ErrorCode(notFound(err, "")) != gtg.ENOTFOUND {
			return fmt.Errorf("save scorecard: %w", err)
		}
		var newest int
		if err := s.queryRow(ctx, tx.tx, `SELECT COALESCE(MAX(version), 0) FROM scorecards WHERE name = ?`, name).Scan(&newest); err != nil {
			return err
		}
		if version < newest {
			return gtg.Errorf(gtg.ECONFLICT, "scorecard %s version %d is older than the applied version %d", name, version, newest)
		}
		if _, err := s.exec(ctx, tx.tx, `INSERT INTO scorecards (name, version, yaml, applied_at, applied_by, active) VALUES (?,?,?,?,?,?)`,
			name, version, string(yaml), s.now(), actor, true); err != nil {
			return fmt.Errorf("save scorecard: %w", err)
		}
		changed = true
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "apply", Entity: "scorecard", EntityID: fmt.Sprintf("%s@%d", name, version)})
	})
	return changed, err
}

// Scorecards returns the newest applied version of every scorecard, by name.
func (s *Store) Scorecards(ctx context.Context) ([]StoredScorecard, error) {
	rows, err := s.query(ctx, s.db, `SELECT c.name, c.version, c.yaml, c.applied_by, c.applied_at FROM scorecards c
		WHERE c.version = (SELECT MAX(version) FROM scorecards d WHERE d.name = c.name) ORDER BY c.name`)
	if err != nil {
		return nil, fmt.Errorf("list scorecards: %w", err)
	}
	defer rows.Close()
	var out []StoredScorecard
	for rows.Next() {
		var c StoredScorecard
		var y string
		var at time.Time
		if err := rows.Scan(&c.Name, &c.Version, &y, &c.AppliedBy, timeDest{&at}); err != nil {
			return nil, err
		}
		c.YAML, c.AppliedAt = []byte(y), gtg.DayOf(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
