package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

// docTable is a table of editable templates stored whole as JSON, keyed by
// key: playbooks and re-discovery questionnaires.
type docTable struct{ table, entity string }

var (
	playbookTable      = docTable{"playbooks", "playbook"}
	questionnaireTable = docTable{"questionnaires", "questionnaire"}
)

func (tx *Tx) putDoc(ctx context.Context, t docTable, actor, key, name string, doc any) error {
	body, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	if _, err := tx.s.exec(ctx, tx.tx, `INSERT INTO `+t.table+` (key, name, body, updated_by, updated_at) VALUES (?,?,?,?,?)
		ON CONFLICT (key) DO UPDATE SET name = excluded.name, body = excluded.body, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`, key, name, string(body), actor, tx.s.now()); err != nil {
		return fmt.Errorf("store %s %s: %w", t.entity, key, err)
	}
	return nil
}

// eachDoc decodes the documents of a table in key order ("" key: all) with decode.
func (s *Store) eachDoc(ctx context.Context, t docTable, key string, decode func(body, by string, at time.Time) error) error {
	rows, err := s.query(ctx, s.db, `SELECT key, body, updated_by, updated_at FROM `+t.table+` WHERE (? = '' OR key = ?) ORDER BY key`, key, key)
	if err != nil {
		return fmt.Errorf("%ss: %w", t.entity, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var k, body, by string
		var at time.Time
		if err := rows.Scan(&k, &body, &by, timeDest{&at}); err != nil {
			return err
		}
		if err := decode(body, by, at); err != nil {
			return fmt.Errorf("%s %s: %w", t.entity, k, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if key != "" && n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "no %s %q", t.entity, key)
	}
	return nil
}

func (tx *Tx) deleteDoc(ctx context.Context, t docTable, key string) error {
	res, err := tx.s.exec(ctx, tx.tx, `DELETE FROM `+t.table+` WHERE key = ?`, key)
	if err != nil {
		return fmt.Errorf("delete %s %s: %w", t.entity, key, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "no %s %q", t.entity, key)
	}
	return nil
}

// PutPlaybook inserts or replaces a playbook.
func (tx *Tx) PutPlaybook(ctx context.Context, actor string, p *gtg.Playbook) error {
	return tx.putDoc(ctx, playbookTable, actor, p.Key, p.Name, p)
}

// DeletePlaybook removes a playbook; plans made from it keep its key. ENOTFOUND when there is none.
func (tx *Tx) DeletePlaybook(ctx context.Context, key string) error {
	return tx.deleteDoc(ctx, playbookTable, key)
}

func (s *Store) playbooks(ctx context.Context, key string) ([]*gtg.Playbook, error) {
	var out []*gtg.Playbook
	err := s.eachDoc(ctx, playbookTable, key, func(body, by string, at time.Time) error {
		var p gtg.Playbook
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return err
		}
		p.UpdatedBy, p.UpdatedAt = by, at
		out = append(out, &p)
		return nil
	})
	return out, err
}

// Playbooks returns every playbook by key.
func (s *Store) Playbooks(ctx context.Context) ([]*gtg.Playbook, error) { return s.playbooks(ctx, "") }

// Playbook returns one playbook, or ENOTFOUND.
func (s *Store) Playbook(ctx context.Context, key string) (*gtg.Playbook, error) {
	ps, err := s.playbooks(ctx, key)
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}
