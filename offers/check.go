package offers

import (
	"context"
	"fmt"
	"sort"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/store"
)

// The alert a missed follow-up raises: one per account, listing every
// follow-up of the account open past its due day, resolved by gtg once none is.
const (
	AlertRuleSet = "offers"
	AlertRule    = "followup_missed"
)

// CheckReport says what a daily check did.
type CheckReport struct {
	Expired        int `json:"expired"`         // offers past their expiry day
	AlertsOpened   int `json:"alerts_opened"`   // accounts with a newly missed follow-up
	AlertsResolved int `json:"alerts_resolved"` // accounts with none missed any more
}

// Check runs the ladder's daily duties as of day in one transaction: offers
// nobody decided on by their expiry day expire, and every account with a
// follow-up open past its due day has one alert (high when full price was not
// reinstated, medium otherwise) that resolves itself once none is missed.
// Missed follow-ups are commitments, so they are not held back by budgets.
// deliver (nil: none) is called in the same transaction with the alerts
// opened, so their webhook deliveries are queued with them.
func Check(ctx context.Context, st *store.Store, day gtg.Day, deliver func(context.Context, *store.Tx, []*gtg.Alert) error) (CheckReport, error) {
	var rep CheckReport
	err := st.InTx(ctx, func(tx *store.Tx) error {
		exp, err := tx.ExpirableOffers(ctx, day)
		if err != nil {
			return err
		}
		for _, before := range exp {
			o := *before
			o.Status, o.ClosedBy, o.ClosedOn = gtg.OfferExpired, "gtg", day
			if err := tx.UpdateOffer(ctx, &o); err != nil {
				return err
			}
			if err := tx.AuditOffer(ctx, "gtg", "expire", before, &o); err != nil {
				return err
			}
			rep.Expired++
		}
		opened, err := checkAlerts(ctx, st, tx, day, &rep)
		if err != nil || deliver == nil || len(opened) == 0 {
			return err
		}
		return deliver(ctx, tx, opened)
	})
	return rep, err
}

func checkAlerts(ctx context.Context, st *store.Store, tx *store.Tx, day gtg.Day, rep *CheckReport) ([]*gtg.Alert, error) {
	open, err := tx.FollowUps(ctx, gtg.FollowUpFilter{Open: true})
	if err != nil {
		return nil, err
	}
	missed := map[int64][]*gtg.FollowUp{}
	var order []int64
	for _, f := range open {
		if !f.Overdue(day) {
			continue
		}
		if missed[f.AccountID] == nil {
			order = append(order, f.AccountID)
		}
		missed[f.AccountID] = append(missed[f.AccountID], f)
	}
	live, err := tx.AlertsFor(ctx, gtg.AlertFilter{Rule: AlertRule, Statuses: []string{gtg.AlertOpen, gtg.AlertAcknowledged, gtg.AlertSnoozed}})
	if err != nil {
		return nil, err
	}
	existing := map[int64]*gtg.Alert{}
	var updates []*gtg.Alert
	for _, a := range live {
		if a.RuleSet != AlertRuleSet {
			continue
		}
		existing[a.AccountID] = a
		if len(missed[a.AccountID]) == 0 && a.LastSeenOn <= day {
			a.Status, a.ResolvedOn, a.UpdatedBy, a.SnoozedUntil = gtg.AlertResolved, day, "gtg", 0
			updates = append(updates, a)
			rep.AlertsResolved++
		}
	}
	var inserts []*gtg.Alert
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, id := range order {
		fs := missed[id]
		sev, ev := gtg.SeverityMedium, make([]string, 0, len(fs))
		arr := 0.0
		if a, err := st.AccountByID(ctx, id); err == nil {
			arr = a.ARR
		}
		for _, f := range fs {
			if f.Kind == gtg.FollowUpReinstate {
				sev = gtg.SeverityHigh
			}
			ev = append(ev, fmt.Sprintf("%s: due %s, %d days overdue (follow-up #%d, %s)", f.Title, f.Due, int(day-f.Due), f.ID, f.Owner))
		}
		if a := existing[id]; a != nil {
			if a.LastSeenOn <= day {
				a.Evidence, a.Severity, a.LastSeenOn, a.Value = ev, sev, day, alerts.Value(sev, arr)
				updates = append(updates, a)
			}
			continue
		}
		a := &gtg.Alert{AccountID: id, AccountExt: fs[0].AccountExt, AccountName: fs[0].AccountName, Owner: fs[0].Owner,
			Rule: AlertRule, RuleSet: AlertRuleSet, RuleVersion: 1, Severity: sev, Title: "Save follow-up missed", Evidence: ev,
			Value: alerts.Value(sev, arr), Status: gtg.AlertOpen, OpenedOn: day, ShownOn: day, LastSeenOn: day, UpdatedBy: "gtg"}
		inserts = append(inserts, a)
		rep.AlertsOpened++
	}
	if err := tx.InsertAlerts(ctx, inserts); err != nil {
		return nil, err
	}
	return inserts, tx.UpdateAlerts(ctx, updates)
}
