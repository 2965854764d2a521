package alerts

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// BulkResult says what a bulk change did: how many alerts changed and how
// many were left alone because they already stood as asked.
type BulkResult struct {
	Changed, Unchanged int
}

// ChangeMany applies one change (acknowledge, snooze, resolve, reopen) to
// several alerts in one transaction: either all change or none does. An
// alert already in the asked status is left alone and counted as unchanged,
// so that selecting a page and acknowledging it is never an error. Errors
// as Change: EFORBIDDEN for viewers, EINVALID, ENOTFOUND, ECONFLICT.
func ChangeMany(ctx context.Context, st *store.Store, actor, role string, ids []int64, c gtg.AlertChange, today gtg.Day) (BulkResult, error) {
	var res BulkResult
	if !gtg.Can(role, gtg.UserCSM) {
		return res, gtg.Errorf(gtg.EFORBIDDEN, "a %s cannot change alerts", role)
	}
	if len(ids) == 0 {
		return res, gtg.Errorf(gtg.EINVALID, "id: choose at least one alert")
	}
	c.By = actor
	if err := c.Validate(today); err != nil {
		return res, err
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		res = BulkResult{}
		for _, id := range ids {
			a, err := tx.AlertForUpdate(ctx, id)
			if err != nil {
				return err
			}
			if a.Status == c.Status && c.Status != gtg.AlertSnoozed {
				res.Unchanged++
				continue
			}
			if _, err := changeOne(ctx, tx, actor, id, c, today); err != nil {
				return err
			}
			res.Changed++
		}
		return nil
	})
	return res, err
}

// Assign hands alerts to another person (their email), in one transaction,
// with an audit entry each. Only resolved alerts cannot be assigned.
// Errors: EFORBIDDEN for viewers, EINVALID for an empty owner or no alerts,
// ENOTFOUND.
func Assign(ctx context.Context, st *store.Store, actor, role string, ids []int64, owner string) (BulkResult, error) {
	var res BulkResult
	if !gtg.Can(role, gtg.UserCSM) {
		return res, gtg.Errorf(gtg.EFORBIDDEN, "a %s cannot assign alerts", role)
	}
	owner = strings.TrimSpace(owner)
	if owner == "" {
		return res, gtg.Errorf(gtg.EINVALID, "owner: say who the alerts go to")
	}
	if len(owner) > gtg.MaxFieldLen {
		return res, gtg.Errorf(gtg.EINVALID, "owner: longer than %d bytes", gtg.MaxFieldLen)
	}
	if len(ids) == 0 {
		return res, gtg.Errorf(gtg.EINVALID, "id: choose at least one alert")
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		res = BulkResult{}
		for _, id := range ids {
			a, err := tx.AlertForUpdate(ctx, id)
			if err != nil {
				return err
			}
			if a.Owner == owner || a.Status == gtg.AlertResolved {
				res.Unchanged++
				continue
			}
			if err := tx.SetAlertOwner(ctx, id, owner, actor); err != nil {
				return err
			}
			if err := tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "assign", Entity: "alert", EntityID: strconv.FormatInt(id, 10),
				Before: fmt.Sprintf(`{"owner":%q}`, a.Owner), After: fmt.Sprintf(`{"owner":%q}`, owner)}); err != nil {
				return err
			}
			res.Changed++
		}
		return nil
	})
	return res, err
}
