package retention

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// LoadLedger reads every account, outcome and account state.
func LoadLedger(ctx context.Context, st *store.Store) (*Ledger, error) {
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{})
	if err != nil {
		return nil, fmt.Errorf("retention: %w", err)
	}
	outcomes, err := st.Outcomes(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("retention: %w", err)
	}
	hist, err := st.AccountHistory(ctx)
	if err != nil {
		return nil, fmt.Errorf("retention: %w", err)
	}
	return NewLedger(accts, outcomes, hist), nil
}

// Load computes the metrics of a period from the store: the ledger, the
// plans closed in it and the accounts at risk on its last day (red on the
// newest snapshot by then, or set to high risk by then).
func Load(ctx context.Context, st *store.Store, from, to gtg.Day, by string) (*Metrics, error) {
	if err := CheckPeriod(from, to); err != nil {
		return nil, err
	}
	if err := CheckGrouping(by); err != nil {
		return nil, err
	}
	l, err := LoadLedger(ctx, st)
	if err != nil {
		return nil, err
	}
	in, err := loadInputs(ctx, st, to)
	if err != nil {
		return nil, err
	}
	return Compute(l, from, to, by, in)
}

// LoadMonthly computes the metrics of each month from from to to.
func LoadMonthly(ctx context.Context, st *store.Store, from, to gtg.Day) ([]Month, error) {
	if err := CheckPeriod(from, to); err != nil {
		return nil, err
	}
	l, err := LoadLedger(ctx, st)
	if err != nil {
		return nil, err
	}
	plans, err := st.Plans(ctx, gtg.PlanFilter{Status: gtg.PlanClosed})
	if err != nil {
		return nil, fmt.Errorf("retention: %w", err)
	}
	return Monthly(l, from, to, Inputs{Plans: plans})
}

func loadInputs(ctx context.Context, st *store.Store, to gtg.Day) (Inputs, error) {
	var in Inputs
	var err error
	if in.Plans, err = st.Plans(ctx, gtg.PlanFilter{Status: gtg.PlanClosed}); err != nil {
		return in, fmt.Errorf("retention: %w", err)
	}
	in.AtRisk = map[int64]bool{}
	day, err := st.LatestHealthDayBy(ctx, to)
	if err != nil {
		return in, err
	}
	if day != 0 {
		scores, err := st.ScoresOn(ctx, day)
		if err != nil {
			return in, err
		}
		for id, sc := range scores {
			if sc.Color == gtg.Red {
				in.AtRisk[id] = true
			}
		}
	}
	risks, err := st.RiskProfilesAt(ctx, (to + 1).Time().Add(-1))
	if err != nil {
		return in, fmt.Errorf("retention: %w", err)
	}
	for id, p := range risks {
		if p.Level == gtg.RiskHigh {
			in.AtRisk[id] = true
		}
	}
	return in, nil
}

// point is an account on a day whose health a forecast needs.
type point struct {
	account int64
	day     gtg.Day
}

// healthAt returns the health of each account on each of the days asked
// for: its newest snapshot on or before the day and at most Staleness days
// older; Unscored when there is none.
func healthAt(ctx context.Context, st *store.Store, needs map[int64][]gtg.Day) (map[point]Health, error) {
	out := map[point]Health{}
	newest := map[point]gtg.Day{}
	var windows []store.SnapshotWindow
	for id, days := range needs {
		slices.Sort(days)
		days = slices.Compact(days)
		needs[id] = days
		for _, d := range days {
			out[point{id, d}] = Health{Color: Unscored}
			windows = append(windows, store.SnapshotWindow{AccountID: id, From: d - Staleness, To: d})
		}
	}
	err := st.EachSnapshotIn(ctx, windows, func(sn store.Snapshot) {
		for _, d := range needs[sn.AccountID] {
			p := point{sn.AccountID, d}
			if sn.Day <= d && sn.Day >= d-Staleness && sn.Day >= newest[p] {
				newest[p] = sn.Day
				out[p] = Health{Scorecard: sn.Scorecard, Score: sn.Score, Color: sn.Color}
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("retention: %w", err)
	}
	return out, nil
}

// calibratedCards returns the calibrated cards in force, by name.
func calibratedCards(ctx context.Context, st *store.Store) (map[string]Calibration, error) {
	cards, err := st.Scorecards(ctx)
	if err != nil {
		return nil, fmt.Errorf("retention: %w", err)
	}
	out := map[string]Calibration{}
	for _, c := range cards {
		if cal, ok := ParseCalibration(c.YAML); ok {
			out[c.Name] = cal
		}
	}
	return out, nil
}

// history is the renewals that have happened, each with the color its
// account had RateLead days before, in date order, so that the rates known
// on any day are those of a prefix.
type history struct {
	renewals []*gtg.Outcome
	colors   []string
}

// loadHistory reads the color before every renewal in the ledger that
// happened before until.
func loadHistory(ctx context.Context, st *store.Store, l *Ledger, until gtg.Day) (*history, error) {
	h := &history{}
	needs := map[int64][]gtg.Day{}
	for _, a := range l.Accounts {
		for _, o := range l.Outcomes(a.ID) {
			if RenewalOutcome(o.Type) && o.Day < until && o.ARRBefore > 0 {
				h.renewals = append(h.renewals, o)
				needs[a.ID] = append(needs[a.ID], o.Day-RateLead)
			}
		}
	}
	slices.SortStableFunc(h.renewals, func(a, b *gtg.Outcome) int { return cmp.Compare(a.Day, b.Day) })
	colors, err := healthAt(ctx, st, needs)
	if err != nil {
		return nil, err
	}
	for _, o := range h.renewals {
		h.colors = append(h.colors, colors[point{o.AccountID, o.Day - RateLead}].Color)
	}
	return h, nil
}

// ratesBefore returns the rates of the renewals before day: what was known
// of them on it.
func (h *history) ratesBefore(day gtg.Day) *Rates {
	r := newRates()
	for i, o := range h.renewals {
		if o.Day >= day {
			break
		}
		r.add(h.colors[i], o)
	}
	return r
}
