package alerts

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Change applies a person's acknowledge, snooze, resolve or reopen to an
// alert and records it in the audit log. role is the actor's role: viewers
// cannot change alerts. Reopening a resolved alert is refused when another
// alert for the same rule and account is unresolved (ECONFLICT).
func Change(ctx context.Context, st *store.Store, actor, role string, id int64, c gtg.AlertChange, today gtg.Day) (*gtg.Alert, error) {
	if !gtg.Can(role, gtg.UserCSM) {
		return nil, gtg.Errorf(gtg.EFORBIDDEN, "a %s cannot change alerts", role)
	}
	c.By = actor
	if err := c.Validate(today); err != nil {
		return nil, err
	}
	var out *gtg.Alert
	err := st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = changeOne(ctx, tx, actor, id, c, today)
		return err
	})
	return out, err
}

// changeOne changes one alert's status inside tx, with its audit entry.
func changeOne(ctx context.Context, tx *store.Tx, actor string, id int64, c gtg.AlertChange, today gtg.Day) (*gtg.Alert, error) {
	a, err := tx.AlertForUpdate(ctx, id)
	if err != nil {
		return nil, err
	}
	before := a.Status
	if before == c.Status && c.Status != gtg.AlertSnoozed {
		return nil, gtg.Errorf(gtg.ECONFLICT, "alert %d is already %s", id, before)
	}
	a.Status, a.UpdatedBy, a.Note, a.SnoozedUntil, a.ResolvedOn = c.Status, actor, c.Note, 0, 0
	switch c.Status {
	case gtg.AlertSnoozed:
		a.SnoozedUntil = c.Until
	case gtg.AlertResolved:
		a.ResolvedOn = today
	}
	if err := tx.UpdateAlerts(ctx, []*gtg.Alert{a}); err != nil {
		if gtg.ErrorCode(err) == gtg.ECONFLICT {
			return nil, gtg.Errorf(gtg.ECONFLICT, "alert %d cannot reopen: a newer %s alert is open on this account", id, a.Rule)
		}
		return nil, err
	}
	return a, tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: c.Status, Entity: "alert", EntityID: strconv.FormatInt(id, 10),
		Before: fmt.Sprintf(`{"status":%q}`, before), After: fmt.Sprintf(`{"status":%q,"note":%q}`, c.Status, c.Note)})
}
