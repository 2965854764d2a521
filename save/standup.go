package save

import (
	"context"
	"sort"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// RenewalHorizon is how many days ahead the standup looks for renewals that are not green.
const RenewalHorizon = 90

// Standup returns what changed up to the end of today. The window starts at
// since (midnight UTC) when given; otherwise at the last review, or, before
// any review, at the start of yesterday. Risk level changes are net changes
// over the window (an account that went high and back is not listed); color
// changes compare each account's color on the last scored day the window's
// start had seen with the newest scored day up to today. Plans stalled, tasks
// overdue and renewals within RenewalHorizon days that are not green are
// listed as they stand; ARR by risk level uses the CSMs' levels ("none" for
// accounts never assessed) and leaves out churned accounts.
func Standup(ctx context.Context, st *store.Store, since, today gtg.Day) (*gtg.Standup, error) {
	su := &gtg.Standup{Day: today}
	last, err := st.LastStandupReview(ctx)
	switch {
	case gtg.ErrorCode(err) == gtg.ENOTFOUND:
	case err != nil:
		return nil, err
	default:
		su.LastReview = last
	}
	if since == 0 && last != nil {
		su.Since, su.ColorsSince = last.ReviewedAt, last.HealthDay
	} else {
		if since == 0 {
			since = today - 1
		}
		su.Since = since.Time()
		if su.ColorsSince, err = st.ScoredDayOnOrBefore(ctx, since-1); err != nil {
			return nil, err
		}
	}
	upTo := (today + 1).Time()
	colorsOn, states, err := loadPortfolio(ctx, st, today)
	if err != nil {
		return nil, err
	}
	su.ColorsOn = colorsOn
	byID := map[int64]*accountState{}
	for _, a := range states {
		byID[a.acct.ID] = a
	}
	if err := riskMoves(ctx, st, su, byID, upTo); err != nil {
		return nil, err
	}
	if err := colorChanges(ctx, st, su, states); err != nil {
		return nil, err
	}
	alerts, err := st.AlertsOpenedBetween(ctx, su.Since, upTo)
	if err != nil {
		return nil, err
	}
	su.NewAlerts = []gtg.StandupAlert{}
	for _, l := range alerts {
		ref := gtg.AccountRef{AccountExt: l.AccountExt, Name: l.AccountName, Owner: l.Owner}
		if a := byID[l.AccountID]; a != nil {
			ref = a.ref()
		}
		su.NewAlerts = append(su.NewAlerts, gtg.StandupAlert{AccountRef: ref, AlertID: l.ID, Rule: l.Rule, Severity: l.Severity,
			Title: l.Title, OpenedOn: l.OpenedOn, Status: l.Status})
	}
	if err := planItems(ctx, st, su, byID, today); err != nil {
		return nil, err
	}
	su.RenewalsNotGreen = []gtg.RenewalAtRisk{}
	su.ARRByRisk = map[string]float64{gtg.RiskHigh: 0, gtg.RiskMedium: 0, gtg.RiskLow: 0, "none": 0}
	for _, a := range states {
		if a.churned() {
			continue
		}
		level := "none"
		if a.profile != nil {
			level = a.profile.Level
		}
		su.ARRByRisk[level] += a.acct.ARR
		color := ""
		if a.health != nil {
			color = a.health.Color
		}
		if r := a.acct.RenewalDate; r >= today && r <= today+RenewalHorizon && color != gtg.Green {
			lvl := ""
			if a.profile != nil {
				lvl = a.profile.Level
			}
			su.RenewalsNotGreen = append(su.RenewalsNotGreen, gtg.RenewalAtRisk{AccountRef: a.ref(), RenewalDate: r,
				DaysToRenewal: int(r - today), Color: color, RiskLevel: lvl})
		}
	}
	sort.SliceStable(su.RenewalsNotGreen, func(i, j int) bool {
		x, y := su.RenewalsNotGreen[i], su.RenewalsNotGreen[j]
		if x.RenewalDate != y.RenewalDate {
			return x.RenewalDate < y.RenewalDate
		}
		return x.AccountExt < y.AccountExt
	})
	return su, nil
}

// riskMoves fills the accounts whose risk level at upTo differs from their
// level at the window's start, and those that became high risk.
func riskMoves(ctx context.Context, st *store.Store, su *gtg.Standup, byID map[int64]*accountState, upTo time.Time) error {
	before, err := st.RiskProfilesAt(ctx, su.Since)
	if err != nil {
		return err
	}
	changed, err := st.RiskProfilesAfter(ctx, su.Since)
	if err != nil {
		return err
	}
	now := map[int64]*gtg.RiskProfile{}
	var order []int64
	for _, p := range changed { // oldest first, so the newest before upTo wins
		if !p.SetAt.Before(upTo) {
			continue
		}
		if now[p.AccountID] == nil {
			order = append(order, p.AccountID)
		}
		now[p.AccountID] = p
	}
	su.BecameHighRisk, su.LevelChanges = []gtg.RiskMove{}, []gtg.RiskMove{}
	for _, id := range order {
		p, from := now[id], ""
		if b := before[id]; b != nil {
			from = b.Level
		}
		if from == p.Level {
			continue
		}
		ref := gtg.AccountRef{AccountExt: p.AccountExt}
		if a := byID[id]; a != nil {
			ref = a.ref()
		}
		m := gtg.RiskMove{AccountRef: ref, From: from, To: p.Level, Reasons: p.Reasons, By: p.SetBy, At: p.SetAt}
		su.LevelChanges = append(su.LevelChanges, m)
		if p.Level == gtg.RiskHigh {
			su.BecameHighRisk = append(su.BecameHighRisk, m)
		}
	}
	sort.SliceStable(su.LevelChanges, func(i, j int) bool { return su.LevelChanges[i].At.Before(su.LevelChanges[j].At) })
	sort.SliceStable(su.BecameHighRisk, func(i, j int) bool { return su.BecameHighRisk[i].At.Before(su.BecameHighRisk[j].At) })
	return nil
}

// colorChanges fills the accounts whose color changed between the two scored days.
func colorChanges(ctx context.Context, st *store.Store, su *gtg.Standup, states []*accountState) error {
	su.ColorChanges = []gtg.ColorChange{}
	if su.ColorsSince == 0 || su.ColorsSince >= su.ColorsOn {
		return nil
	}
	before, err := st.ScoresOn(ctx, su.ColorsSince)
	if err != nil {
		return err
	}
	for _, a := range states {
		b, ok := before[a.acct.ID]
		if !ok || a.health == nil || b.Color == a.health.Color {
			continue
		}
		su.ColorChanges = append(su.ColorChanges, gtg.ColorChange{AccountRef: a.ref(), From: b.Color, To: a.health.Color, Score: a.health.Score})
	}
	sort.SliceStable(su.ColorChanges, func(i, j int) bool { return su.ColorChanges[i].ARR > su.ColorChanges[j].ARR })
	return nil
}

// planItems fills the stalled plans and the overdue tasks of open plans.
func planItems(ctx context.Context, st *store.Store, su *gtg.Standup, byID map[int64]*accountState, today gtg.Day) error {
	plans, err := st.Plans(ctx, gtg.PlanFilter{Status: gtg.PlanOpen})
	if err != nil {
		return err
	}
	su.StalledPlans, su.OverdueTasks = []gtg.StalledPlan{}, []gtg.OverdueTask{}
	for _, p := range plans {
		ref := gtg.AccountRef{AccountExt: p.AccountExt, Name: p.AccountName, Owner: p.Owner}
		if a := byID[p.AccountID]; a != nil {
			ref = a.ref()
		}
		if p.AdjustSince != 0 {
			su.StalledPlans = append(su.StalledPlans, gtg.StalledPlan{AccountRef: ref, PlanID: p.ID, Playbook: p.Playbook, AdjustSince: p.AdjustSince})
		}
		for _, t := range p.Tasks {
			if t.Overdue(today) {
				su.OverdueTasks = append(su.OverdueTasks, gtg.OverdueTask{AccountRef: ref, PlanID: p.ID, TaskID: t.ID, Title: t.Title,
					TaskOwner: t.Owner, Due: t.Due, DaysOverdue: int(today - t.Due)})
			}
		}
	}
	sort.SliceStable(su.StalledPlans, func(i, j int) bool { return su.StalledPlans[i].AdjustSince < su.StalledPlans[j].AdjustSince })
	sort.SliceStable(su.OverdueTasks, func(i, j int) bool {
		if su.OverdueTasks[i].Due != su.OverdueTasks[j].Due {
			return su.OverdueTasks[i].Due < su.OverdueTasks[j].Due
		}
		return su.OverdueTasks[i].TaskID < su.OverdueTasks[j].TaskID
	})
	return nil
}

// MarkReviewed records that a manager went through the standup as of today;
// the next standup lists what changed after this moment. It needs a manager.
func MarkReviewed(ctx context.Context, st *store.Store, u *gtg.User, today gtg.Day) (*gtg.StandupReview, error) {
	if err := gtg.Require(u, gtg.UserManager, "mark the standup reviewed"); err != nil {
		return nil, err
	}
	d, err := st.ScoredDayOnOrBefore(ctx, today)
	if err != nil {
		return nil, err
	}
	r := &gtg.StandupReview{HealthDay: d, ReviewedBy: u.Email}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddStandupReview(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "review", Entity: "standup", EntityID: today.String()})
	})
	return r, err
}
