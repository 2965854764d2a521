package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// SetAlertOwner hands an alert to another person, recording who did it.
func (tx *Tx) SetAlertOwner(ctx context.Context, id int64, owner, by string) error {
	res, err := tx.s.exec(ctx, tx.tx, `UPDATE alerts SET owner = ?, updated_by = ?, updated_at = ? WHERE id = ?`, owner, by, tx.s.now(), id)
	if err != nil {
		return fmt.Errorf("assign alert %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "alert %d not found", id)
	}
	return nil
}
