package store

import (
	"context"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

// Versioned is one applied version of a file kept as code (a scorecard or a
// rule set), as the YAML a person reviewed.
type Versioned struct {
	Name      string
	Version   int
	YAML      []byte
	AppliedBy string
	AppliedAt gtg.Day
}

// StoredScorecard is one applied version of a scorecard.
type StoredScorecard = Versioned

// versionedTable names a table of versioned YAML files and what they are called.
type versionedTable struct{ table, entity string }

var (
	scorecardTable = versionedTable{"scorecards", "scorecard"}
	ruleSetTable   = versionedTable{"rule_sets", "rule set"}
)

// save records an applied version. Applying the same version again with the
// same YAML is a no-op (changed is false); the same version with different
// YAML is ECONFLICT, so every stored result's version names exactly one text.
func (s *Store) saveVersioned(ctx context.Context, t versionedTable, actor, name string, version int, yaml []byte) (changed bool, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		var have []byte
		err := s.queryRow(ctx, tx.tx, `SELECT yaml FROM `+t.table+` WHERE name = ? AND version = ?`, name, version).Scan(&have)
		if err == nil {
			if string(have) == string(yaml) {
				return nil
			}
			return gtg.Errorf(gtg.ECONFLICT, "%s %s version %d was applied before with different content: bump its version", t.entity, name, version)
		}
		if gtg.ErrorCode(notFound(err, "")) != gtg.ENOTFOUND {
			return fmt.Errorf("save %s: %w", t.entity, err)
		}
		var newest int
		if err := s.queryRow(ctx, tx.tx, `SELECT COALESCE(MAX(version), 0) FROM `+t.table+` WHERE name = ?`, name).Scan(&newest); err != nil {
			return err
		}
		if version < newest {
			return gtg.Errorf(gtg.ECONFLICT, "%s %s version %d is older than the applied version %d", t.entity, name, version, newest)
		}
		if _, err := s.exec(ctx, tx.tx, `INSERT INTO `+t.table+` (name, version, yaml, applied_at, applied_by) VALUES (?,?,?,?,?)`,
			name, version, string(yaml), s.now(), actor); err != nil {
			return fmt.Errorf("save %s: %w", t.entity, err)
		}
		changed = true
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "apply", Entity: t.entity, EntityID: fmt.Sprintf("%s@%d", name, version)})
	})
	return changed, err
}

// newestVersions returns the newest applied version of every file in the table, by name.
func (s *Store) newestVersions(ctx context.Context, t versionedTable) ([]Versioned, error) {
	rows, err := s.query(ctx, s.db, `SELECT c.name, c.version, c.yaml, c.applied_by, c.applied_at FROM `+t.table+` c
		WHERE c.version = (SELECT MAX(version) FROM `+t.table+` d WHERE d.name = c.name) ORDER BY c.name`)
	if err != nil {
		return nil, fmt.Errorf("list %ss: %w", t.entity, err)
	}
	defer rows.Close()
	var out []Versioned
	for rows.Next() {
		var c Versioned
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

// SaveScorecard records an applied scorecard version (see saveVersioned).
func (s *Store) SaveScorecard(ctx context.Context, actor, name string, version int, yaml []byte) (bool, error) {
	return s.saveVersioned(ctx, scorecardTable, actor, name, version, yaml)
}

// Scorecards returns the newest applied version of every scorecard, by name.
func (s *Store) Scorecards(ctx context.Context) ([]StoredScorecard, error) {
	return s.newestVersions(ctx, scorecardTable)
}

// SaveRuleSet records an applied early-warning rule set version (see saveVersioned).
func (s *Store) SaveRuleSet(ctx context.Context, actor, name string, version int, yaml []byte) (bool, error) {
	return s.saveVersioned(ctx, ruleSetTable, actor, name, version, yaml)
}

// RuleSets returns the newest applied version of every rule set, by name.
func (s *Store) RuleSets(ctx context.Context) ([]Versioned, error) {
	return s.newestVersions(ctx, ruleSetTable)
}
