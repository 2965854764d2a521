package alerts

import (
	"context"
	"fmt"
	"math"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// RuleSets returns the rule sets in force: the newest applied version of each
// stored set, or the built-in default when none has been applied.
func RuleSets(ctx context.Context, st *store.Store) ([]*scorecard.RuleSet, error) {
	stored, err := st.RuleSets(ctx)
	if err != nil {
		return nil, err
	}
	if len(stored) == 0 {
		return []*scorecard.RuleSet{scorecard.DefaultRules()}, nil
	}
	var out []*scorecard.RuleSet
	for _, v := range stored {
		rs, err := scorecard.ParseRules(fmt.Sprintf("%s@%d", v.Name, v.Version), v.YAML)
		if err != nil {
			return nil, fmt.Errorf("stored rule set: %w", err)
		}
		out = append(out, rs)
	}
	return out, nil
}

// Options tunes an evaluation.
type Options struct {
	// AccountIDs limits the evaluation to these accounts (nil: all). Alerts
	// of other accounts are left as they are.
	AccountIDs []int64
	// Handoffs gives each account's last handoff form completeness (0-1);
	// nil or a missing account means no form.
	Handoffs func(ctx context.Context, accountIDs []int64) (map[int64]float64, error)
	// Deliver is called in the transaction that stores the alerts, with
	// those that reached the inbox in this run, so deliveries are queued
	// atomically with them.
	Deliver func(ctx context.Context, tx *store.Tx, shown []*gtg.Alert) error
}

// Run evaluates every rule set on every account as of day and brings the
// alerts up to date in one transaction: new firings open alerts (shown or
// held back by the owner's weekly budget), ongoing ones refresh their
// evidence, and alerts whose condition cleared are resolved.
func Run(ctx context.Context, st *store.Store, sets []*scorecard.RuleSet, day gtg.Day, opts Options) (Stats, error) {
	var total Stats
	for _, rs := range sets {
		s, err := runSet(ctx, st, rs, day, opts)
		if err != nil {
			return total, fmt.Errorf("alerts %s: %w", rs.Name, err)
		}
		total.Accounts = max(total.Accounts, s.Accounts)
		total.Fired += s.Fired
		total.Opened += s.Opened
		total.Held += s.Held
		total.Released += s.Released
		total.Reopened += s.Reopened
		total.Resolved += s.Resolved
		total.Shown = append(total.Shown, s.Shown...)
	}
	return total, nil
}

func runSet(ctx context.Context, st *store.Store, rs *scorecard.RuleSet, day gtg.Day, opts Options) (Stats, error) {
	today, err := st.ScoresOn(ctx, day)
	if err != nil {
		return Stats{}, err
	}
	weekAgo, err := st.ScoresOn(ctx, day-7)
	if err != nil {
		return Stats{}, err
	}
	monthAgo, err := st.ScoresOn(ctx, day-30)
	if err != nil {
		return Stats{}, err
	}
	var fired []*gtg.Alert
	evaluated := map[int64]bool{}
	q := store.ScanQuery{Metrics: rs.MetricKeys(), From: day - gtg.Day(rs.Lookback()), To: day, AccountIDs: opts.AccountIDs}
	var handoffs map[int64]float64
	if opts.Handoffs != nil {
		if handoffs, err = opts.Handoffs(ctx, opts.AccountIDs); err != nil {
			return Stats{}, err
		}
	}
	err = st.ScanScoringInputs(ctx, q, func(in *store.ScoringInput) error {
		a := in.Account
		if a.ContractStart != 0 && day < a.ContractStart {
			return nil
		}
		evaluated[a.ID] = true
		ri := scorecard.RuleInput{Health: health(today, a.ID, day), Week: health(weekAgo, a.ID, day-7),
			Month: health(monthAgo, a.ID, day-30), HandoffCompleteness: math.NaN()}
		if c, ok := handoffs[a.ID]; ok {
			ri.HandoffCompleteness = c
		}
		d := scorecard.AccountData{Account: a, Contacts: in.Contacts, Series: in.Series, Events: in.Events, AsOf: day}
		for _, f := range rs.Evaluate(&d, ri) {
			fired = append(fired, &gtg.Alert{AccountID: a.ID, AccountExt: a.ExternalID, AccountName: a.Name, Owner: a.Owner,
				Rule: f.Rule.Key, RuleSet: rs.Name, RuleVersion: rs.Version, Severity: f.Rule.Severity, Title: f.Rule.Label,
				Evidence: f.Evidence, Value: Value(f.Rule.Severity, a.ARR)})
		}
		return nil
	})
	if err != nil {
		return Stats{}, err
	}
	var stats Stats
	err = st.InTx(ctx, func(tx *store.Tx) error {
		existing, err := tx.LiveAlerts(ctx, day-latchDays)
		if err != nil {
			return err
		}
		mon, sun := week(day)
		spent, err := tx.ShownPerOwner(ctx, mon, sun)
		if err != nil {
			return err
		}
		inserts, updates, s := reconcile(day, rs.Name, rs.Budget, existing, fired, evaluated, spent)
		stats = s
		if err := tx.InsertAlerts(ctx, inserts); err != nil {
			return err
		}
		if err := tx.UpdateAlerts(ctx, updates); err != nil {
			return err
		}
		if opts.Deliver != nil && len(s.Shown) > 0 {
			return opts.Deliver(ctx, tx, s.Shown)
		}
		return nil
	})
	stats.Accounts = len(evaluated)
	return stats, err
}

// latchDays is how long a condition may go unevaluated (a server down over
// a weekend, say) and still count as having held throughout, keeping an
// alert a person resolved from coming straight back.
const latchDays = 7

func health(m map[int64]store.ScoreColor, id int64, day gtg.Day) *gtg.Health {
	sc, ok := m[id]
	if !ok {
		return nil
	}
	return &gtg.Health{AccountID: id, Day: day, Score: sc.Score, Color: sc.Color}
}
