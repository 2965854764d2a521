// Package alerts turns early-warning rules into alerts people can act on: it
// evaluates a rule set on every account, keeps one unresolved alert per rule
// and account, resolves alerts whose condition cleared, holds back the
// lowest-value alerts past each CSM's weekly budget, and delivers the rest to
// webhooks. Like scoring, evaluation is a plain function with the day passed
// in, called by `gtg score`, `gtg alerts run`, the daily job and tests.
package alerts

import (
	"sort"

	"github.com/gtg-dev/gtg"
)

// Severity weights for an alert's value: a high alert on a small account can
// still outrank a low one on a large account.
var severityWeight = map[string]float64{gtg.SeverityHigh: 9, gtg.SeverityMedium: 3, gtg.SeverityLow: 1}

// Value ranks an alert for the budget: its severity weight times the ARR at
// stake (at least 1, so accounts without ARR still rank by severity).
func Value(severity string, arr float64) float64 {
	return severityWeight[severity] * max(arr, 1)
}

// Stats counts what one evaluation did.
type Stats struct {
	Accounts int // accounts evaluated
	Fired    int // rule firings, new or ongoing
	Opened   int // new alerts (shown or held)
	Held     int // new alerts held back by budgets, plus ones still held
	Released int // held alerts shown now that budget allows
	Reopened int // snoozed alerts whose snooze ended while the condition holds
	Resolved int // alerts whose condition cleared
	// Shown lists the alerts that reached the inbox in this run, for delivery.
	Shown []*gtg.Alert
}

// week returns the Monday and Sunday of day's week.
func week(day gtg.Day) (gtg.Day, gtg.Day) {
	// 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
	wd := (int(day) + 3) % 7
	if wd < 0 {
		wd += 7
	}
	mon := day - gtg.Day(wd)
	return mon, mon + 6
}

// reconcile works out the writes for one evaluation. existing holds the
// unresolved alerts and the latched resolved ones (see store LiveAlerts); fired the firings on the evaluated
// accounts (as unsaved alerts); spent how many alerts each owner has been
// shown this week. Alerts of accounts that were not evaluated are left alone,
// and so are those last seen after day (a replay of an older day).
func reconcile(day gtg.Day, ruleSet string, budget int, existing, fired []*gtg.Alert, evaluated map[int64]bool,
	spent map[string]int) (inserts, updates []*gtg.Alert, st Stats) {
	type key struct {
		account int64
		rule    string
	}
	open := make(map[key]*gtg.Alert, len(existing))
	for _, a := range existing {
		k := key{a.AccountID, a.Rule}
		if a.RuleSet != ruleSet {
			continue
		}
		if o, dup := open[k]; dup && o.Unresolved() {
			continue // an unresolved alert wins over a latched resolved one
		}
		open[k] = a
	}
	// Candidates for the inbox: new alerts and held ones still firing.
	var candidates []*gtg.Alert
	seen := make(map[key]bool, len(fired))
	for _, f := range fired {
		k := key{f.AccountID, f.Rule}
		seen[k] = true
		st.Fired++
		a, ok := open[k]
		if !ok {
			f.Status, f.OpenedOn, f.LastSeenOn = gtg.AlertOpen, day, day
			inserts = append(inserts, f)
			candidates = append(candidates, f)
			st.Opened++
			continue
		}
		if a.LastSeenOn > day {
			continue
		}
		if !a.Unresolved() {
			// A person resolved it while the condition held: it stays
			// resolved until the condition clears.
			a.LastSeenOn = day
			updates = append(updates, a)
			continue
		}
		a.Severity, a.Title, a.Evidence, a.Value, a.LastSeenOn, a.RuleVersion = f.Severity, f.Title, f.Evidence, f.Value, day, f.RuleVersion
		if a.Status == gtg.AlertSnoozed && a.SnoozedUntil <= day {
			a.Status, a.SnoozedUntil, a.UpdatedBy, a.Note = gtg.AlertOpen, 0, "gtg", "snooze ended; the condition still holds"
			st.Reopened++
		}
		if a.Held {
			candidates = append(candidates, a)
		}
		updates = append(updates, a)
	}
	for k, a := range open {
		if seen[k] || !evaluated[k.account] || a.LastSeenOn > day {
			continue
		}
		if !a.Unresolved() {
			// The condition cleared after a person resolved it: release the
			// latch (who resolved it stays in the audit log), so the rule
			// may raise the alert again if the condition returns.
			a.UpdatedBy = "gtg"
			updates = append(updates, a)
			continue
		}
		a.Status, a.ResolvedOn, a.SnoozedUntil, a.UpdatedBy, a.Note = gtg.AlertResolved, day, 0, "gtg", "condition cleared"
		updates = append(updates, a)
		st.Resolved++
	}
	// Budgets: each owner's most valuable candidates are shown until the
	// week's budget is spent; the rest are held back.
	sort.SliceStable(candidates, func(i, j int) bool {
		if candidates[i].Value != candidates[j].Value {
			return candidates[i].Value > candidates[j].Value
		}
		return candidates[i].AccountID < candidates[j].AccountID
	})
	used := map[string]int{}
	for o, n := range spent {
		used[o] = n
	}
	for _, a := range candidates {
		if budget > 0 && used[a.Owner] >= budget {
			a.Held = true
			st.Held++
			continue
		}
		used[a.Owner]++
		if a.ID != 0 {
			st.Released++
		}
		a.Held, a.ShownOn = false, day
		st.Shown = append(st.Shown, a)
	}
	sort.Slice(updates, func(i, j int) bool { return updates[i].ID < updates[j].ID })
	return inserts, updates, st
}
