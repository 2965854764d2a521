package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

// PutQuestionnaire inserts or replaces a re-discovery questionnaire.
func (tx *Tx) PutQuestionnaire(ctx context.Context, actor string, q *gtg.Questionnaire) error {
	return tx.putDoc(ctx, questionnaireTable, actor, q.Key, q.Name, q)
}

func (s *Store) questionnaires(ctx context.Context, key string) ([]*gtg.Questionnaire, error) {
	var out []*gtg.Questionnaire
	err := s.eachDoc(ctx, questionnaireTable, key, func(body, by string, at time.Time) error {
		var q gtg.Questionnaire
		if err := json.Unmarshal([]byte(body), &q); err != nil {
			return err
		}
		q.UpdatedBy, q.UpdatedAt = by, at
		out = append(out, &q)
		return nil
	})
	return out, err
}

// Questionnaires returns every re-discovery questionnaire by key.
func (s *Store) Questionnaires(ctx context.Context) ([]*gtg.Questionnaire, error) {
	return s.questionnaires(ctx, "")
}

// Questionnaire returns one questionnaire, or ENOTFOUND.
func (s *Store) Questionnaire(ctx context.Context, key string) (*gtg.Questionnaire, error) {
	qs, err := s.questionnaires(ctx, key)
	if err != nil {
		return nil, err
	}
	return qs[0], nil
}

// AddRediscovery records a re-discovery call and fills its ID and CreatedAt.
func (tx *Tx) AddRediscovery(ctx context.Context, r *gtg.Rediscovery) error {
	s := tx.s
	r.CreatedAt = s.now()
	att, err := encodeJSONList(r.Attendees)
	if err != nil {
		return err
	}
	ans, err := encodeJSONList(r.Answers)
	if err != nil {
		return err
	}
	var profile any
	if r.RiskProfileID != 0 {
		profile = r.RiskProfileID
	}
	if err := s.queryRow(ctx, tx.tx, `INSERT INTO rediscoveries (account_id, day, questionnaire, attendees, answers, desired_outcome,
		risk_profile_id, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id`,
		r.AccountID, dayArg(r.Day), r.Questionnaire, att, ans, r.DesiredOutcome, profile, r.CreatedBy, r.CreatedAt).Scan(&r.ID); err != nil {
		return fmt.Errorf("store re-discovery of %s: %w", r.AccountExt, s.d.mapErr(err))
	}
	return nil
}

// Rediscoveries returns an account's re-discovery records, newest first.
func (s *Store) Rediscoveries(ctx context.Context, accountID int64) ([]*gtg.Rediscovery, error) {
	rows, err := s.query(ctx, s.db, `SELECT r.id, r.account_id, a.external_id, r.day, r.questionnaire, r.attendees, r.answers,
		r.desired_outcome, COALESCE(r.risk_profile_id, 0), r.created_by, r.created_at
		FROM rediscoveries r JOIN accounts a ON a.id = r.account_id WHERE r.account_id = ? ORDER BY r.day DESC, r.id DESC`, accountID)
	if err != nil {
		return nil, fmt.Errorf("re-discoveries: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Rediscovery
	for rows.Next() {
		var r gtg.Rediscovery
		var att, ans string
		if err := rows.Scan(&r.ID, &r.AccountID, &r.AccountExt, dayDest{&r.Day}, &r.Questionnaire, &att, &ans,
			&r.DesiredOutcome, &r.RiskProfileID, &r.CreatedBy, timeDest{&r.CreatedAt}); err != nil {
			return nil, err
		}
		if err := decodeJSONColumn(att, "attendees", &r.Attendees); err != nil {
			return nil, err
		}
		if err := decodeJSONColumn(ans, "answers", &r.Answers); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}
