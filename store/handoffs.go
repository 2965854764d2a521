package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

const handoffCols = `h.id, h.account_id, a.external_id, h.kind, h.day, h.from_person, h.to_person, h.what_was_bought,
	h.business_objectives, h.technical_objectives, h.success_criteria, h.timeline, h.stakeholders, h.promises_made,
	h.known_risks, h.created_by, h.created_at`

// AddHandoff stores a handoff form with its completeness and fills its ID and CreatedAt.
func (tx *Tx) AddHandoff(ctx context.Context, h *gtg.Handoff) error {
	s := tx.s
	h.CreatedAt = s.now()
	if err := s.queryRow(ctx, tx.tx, `INSERT INTO handoffs (account_id, kind, day, from_person, to_person, what_was_bought,
		business_objectives, technical_objectives, success_criteria, timeline, stakeholders, promises_made, known_risks,
		completeness, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
		h.AccountID, h.Kind, dayArg(h.Day), h.From, h.To, h.WhatWasBought, h.BusinessObjectives, h.TechnicalObjectives,
		h.SuccessCriteria, h.Timeline, h.Stakeholders, h.PromisesMade, h.KnownRisks, h.Completeness(), h.CreatedBy,
		h.CreatedAt).Scan(&h.ID); err != nil {
		return fmt.Errorf("store handoff of %s: %w", h.AccountExt, s.d.mapErr(err))
	}
	return nil
}

// Handoffs returns an account's handoff forms, newest first.
func (s *Store) Handoffs(ctx context.Context, accountID int64) ([]*gtg.Handoff, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+handoffCols+` FROM handoffs h JOIN accounts a ON a.id = h.account_id
		WHERE h.account_id = ? ORDER BY h.day DESC, h.id DESC`, accountID)
	if err != nil {
		return nil, fmt.Errorf("handoffs: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Handoff
	for rows.Next() {
		var h gtg.Handoff
		if err := rows.Scan(&h.ID, &h.AccountID, &h.AccountExt, &h.Kind, dayDest{&h.Day}, &h.From, &h.To, &h.WhatWasBought,
			&h.BusinessObjectives, &h.TechnicalObjectives, &h.SuccessCriteria, &h.Timeline, &h.Stakeholders, &h.PromisesMade,
			&h.KnownRisks, &h.CreatedBy, timeDest{&h.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &h)
	}
	return out, rows.Err()
}

// HandoffCompleteness returns the completeness (0 to 1) of each account's
// latest handoff form, for the given accounts (none given: every account).
// Accounts without a handoff form are absent.
func (s *Store) HandoffCompleteness(ctx context.Context, accountIDs []int64) (map[int64]float64, error) {
	out := map[int64]float64{}
	const q = `SELECT h.account_id, h.completeness FROM handoffs h WHERE h.id = (SELECT g.id FROM handoffs g
		WHERE g.account_id = h.account_id ORDER BY g.day DESC, g.id DESC LIMIT 1)`
	scan := func(query string, args ...any) error {
		rows, err := s.query(ctx, s.db, query, args...)
		if err != nil {
			return fmt.Errorf("handoff completeness: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var c float64
			if err := rows.Scan(&id, &c); err != nil {
				return err
			}
			out[id] = c
		}
		return rows.Err()
	}
	if len(accountIDs) == 0 {
		return out, scan(q)
	}
	const batch = 900
	for i := 0; i < len(accountIDs); i += batch {
		part := accountIDs[i:min(i+batch, len(accountIDs))]
		args := make([]any, len(part))
		for j, id := range part {
			args[j] = id
		}
		if err := scan(q+` AND h.account_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")+`)`, args...); err != nil {
			return nil, err
		}
	}
	return out, nil
}
