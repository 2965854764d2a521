package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// AddPlanShare stores a share link's hash and fills its ID and CreatedAt.
func (tx *Tx) AddPlanShare(ctx context.Context, sh *gtg.PlanShare) error {
	s := tx.s
	sh.CreatedAt = s.now()
	if err := s.queryRow(ctx, tx.tx, `INSERT INTO plan_shares (plan_id, prefix, hash, created_by, created_at) VALUES (?,?,?,?,?) RETURNING id`,
		sh.PlanID, sh.Prefix, sh.Hash, sh.CreatedBy, sh.CreatedAt).Scan(&sh.ID); err != nil {
		return fmt.Errorf("store share link of plan %d: %w", sh.PlanID, s.d.mapErr(err))
	}
	return nil
}

// RevokePlanShare revokes a plan's share link; ENOTFOUND when the plan has no such live link.
func (tx *Tx) RevokePlanShare(ctx context.Context, planID, shareID int64) error {
	res, err := tx.s.exec(ctx, tx.tx, `UPDATE plan_shares SET revoked_at = ? WHERE id = ? AND plan_id = ? AND revoked_at IS NULL`,
		tx.s.now(), shareID, planID)
	if err != nil {
		return fmt.Errorf("revoke share link %d: %w", shareID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "plan #%d has no live share link #%d", planID, shareID)
	}
	return nil
}

// PlanShares returns a plan's share links, newest first, revoked ones included.
func (s *Store) PlanShares(ctx context.Context, planID int64) ([]*gtg.PlanShare, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, plan_id, prefix, hash, created_by, created_at, revoked_at FROM plan_shares
		WHERE plan_id = ? ORDER BY id DESC`, planID)
	if err != nil {
		return nil, fmt.Errorf("share links: %w", err)
	}
	defer rows.Close()
	var out []*gtg.PlanShare
	for rows.Next() {
		var sh gtg.PlanShare
		if err := rows.Scan(&sh.ID, &sh.PlanID, &sh.Prefix, &sh.Hash, &sh.CreatedBy, timeDest{&sh.CreatedAt}, timeDest{&sh.RevokedAt}); err != nil {
			return nil, err
		}
		out = append(out, &sh)
	}
	return out, rows.Err()
}

// PlanIDByShareHash returns the plan a live share link shows, or ENOTFOUND
// (also for a revoked link, so a revoked link says no more than a wrong one).
func (s *Store) PlanIDByShareHash(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := s.queryRow(ctx, s.db, `SELECT plan_id FROM plan_shares WHERE hash = ? AND revoked_at IS NULL`, hash).Scan(&id)
	if err != nil {
		return 0, notFound(err, "no such plan link (it may have been revoked)")
	}
	return id, nil
}
