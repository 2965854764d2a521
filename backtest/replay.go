// Package backtest replays scorecards over stored history against what
// really happened: as of each past date it scores every account with only
// what was known on that date (metrics and events up to the day, contacts
// as they stood, account fields from the account history), and compares
// the scores with the churns and contractions recorded after it.
package backtest

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// Options says what to replay.
type Options struct {
	Cards    []*scorecard.Scorecard // chosen per account and day as in scoring
	From, To gtg.Day                // the first and last evaluation dates
	Every    int                    // days between evaluation dates (default 30)
	Horizon  int                    // days after a date in which a churn or contraction counts (default 90)
	Folds    int                    // folds for the calibration of probabilities (default 5)
	Seed     int64
	// LeadDays is how far before a churn the lead time looks for the last
	// green day (default 365).
	LeadDays int
}

func (o *Options) defaults() error {
	if o.Every <= 0 {
		o.Every = 30
	}
	if o.Horizon <= 0 {
		o.Horizon = 90
	}
	if o.Folds <= 1 {
		o.Folds = 5
	}
	if o.LeadDays <= 0 {
		o.LeadDays = 365
	}
	switch {
	case len(o.Cards) == 0:
		return gtg.Errorf(gtg.EINVALID, "backtest: no scorecard")
	case o.From == 0 || o.To == 0:
		return gtg.Errorf(gtg.EINVALID, "backtest: --from and --to are required")
	case o.To < o.From:
		return gtg.Errorf(gtg.EINVALID, "backtest: --to %s is before --from %s", o.To, o.From)
	}
	return nil
}

// Example is one account as of one evaluation date.
type Example struct {
	AccountID int64
	Day       gtg.Day
	Score     float64 // NaN when the account had insufficient data
	Color     string
	ARR       float64 // as of the day
	Label     bool    // churned or contracted within the horizon after Day
	// parts holds each scored measure's overall weight and points, by the
	// index of its key in Replay's Keys, for the measure ablations.
	parts []part
}

type part struct {
	key           int
	weight, point float32
}

// churn is one churned account: the day, the ARR it took, and how it
// looked before.
type churn struct {
	accountID int64
	day       gtg.Day
	arr       float64
	// colorBefore is the color Horizon days before the churn ("" when the
	// account was not scored then); lead is the days between its last
	// departure from green and the churn (-1 when it was never green in
	// the LeadDays before).
	colorBefore string
	lead        int
}

// Replay is the raw material of a report.
type Replay struct {
	Options  Options
	Examples []Example
	Keys     []string // measure keys, in first-seen order
	Labels   map[string]string
	churns   []churn
}

// Run scores every account as of each evaluation date and each churned
// account daily before its churn, and labels the examples from the outcomes.
func Run(ctx context.Context, st *store.Store, o Options) (*Replay, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	outcomes, err := st.Outcomes(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("backtest: %w", err)
	}
	hist, err := st.AccountHistory(ctx)
	if err != nil {
		return nil, fmt.Errorf("backtest: %w", err)
	}
	byAccount := map[int64][]*gtg.Outcome{}
	for _, oc := range outcomes {
		byAccount[oc.AccountID] = append(byAccount[oc.AccountID], oc)
	}
	lookback := 0
	var metrics []string
	for _, c := range o.Cards {
		lookback = max(lookback, c.Lookback())
		metrics = append(metrics, c.MetricKeys()...)
	}
	slices.Sort(metrics)
	metrics = slices.Compact(metrics)
	var dates []gtg.Day
	for d := o.From; d <= o.To; d += gtg.Day(o.Every) {
		dates = append(dates, d)
	}
	rp := &Replay{Options: o, Labels: map[string]string{}}
	keyIndex := map[string]int{}
	var res scorecard.Result
	// score scores the account as of day with the history of that day;
	// ok is false when it did not exist yet or had churned.
	score := func(in *store.ScoringInput, day gtg.Day, churnDay gtg.Day) (*scorecard.Result, *gtg.Account, bool) {
		a := in.Account.AsOf(hist[in.Account.ID], day)
		if a.ContractStart != 0 && day < a.ContractStart {
			return nil, nil, false
		}
		if churnDay != 0 && day >= churnDay {
			return nil, nil, false
		}
		sc := scorecard.Select(o.Cards, a, day)
		if sc == nil {
			return nil, nil, false
		}
		d := scorecard.AccountData{Account: a, Contacts: in.Contacts, Series: in.Series, Events: in.Events, AsOf: day}
		sc.ScoreTo(&res, &d)
		return &res, a, true
	}
	from := o.From - gtg.Day(lookback) - gtg.Day(o.LeadDays)
	to := o.To + gtg.Day(o.Horizon)
	err = st.ScanScoringInputs(ctx, store.ScanQuery{Metrics: metrics, From: from, To: to}, func(in *store.ScoringInput) error {
		ocs := byAccount[in.Account.ID]
		churnDay := gtg.Day(0)
		for _, oc := range ocs {
			if oc.Type == gtg.OutcomeChurned && (churnDay == 0 || oc.Day < churnDay) {
				churnDay = oc.Day
			}
		}
		for _, day := range dates {
			r, a, ok := score(in, day, churnDay)
			if !ok {
				continue
			}
			ex := Example{AccountID: a.ID, Day: day, Score: r.Score, Color: r.Color, ARR: a.ARR, Label: labelled(ocs, day, o.Horizon)}
			if r.Color == gtg.InsufficientData {
				ex.Score = math.NaN()
			}
			for _, m := range r.Measures {
				if m.Group == "" || m.Weight == 0 || math.IsNaN(m.Points) {
					continue
				}
				k, seen := keyIndex[m.Key]
				if !seen {
					k = len(rp.Keys)
					keyIndex[m.Key] = k
					rp.Keys = append(rp.Keys, m.Key)
					rp.Labels[m.Key] = m.Label
				}
				ex.parts = append(ex.parts, part{key: k, weight: float32(m.Weight), point: float32(m.Points)})
			}
			rp.Examples = append(rp.Examples, ex)
		}
		if churnDay == 0 || churnDay <= o.From || churnDay > to {
			return nil
		}
		c := churn{accountID: in.Account.ID, day: churnDay, lead: -1}
		for _, oc := range ocs {
			if oc.Type == gtg.OutcomeChurned && oc.Day == churnDay {
				c.arr = oc.ARRBefore
			}
		}
		// Walk back from the day before the churn to the last green day:
		// the account left green the day after it.
		for d := churnDay - 1; d >= churnDay-gtg.Day(o.LeadDays); d-- {
			r, _, ok := score(in, d, churnDay)
			if !ok {
				break // before the contract started
			}
			if r.Color == gtg.Green {
				c.lead = int(churnDay - d - 1)
				break
			}
		}
		if r, _, ok := score(in, churnDay-gtg.Day(o.Horizon), churnDay); ok {
			c.colorBefore = r.Color
		}
		rp.churns = append(rp.churns, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backtest: %w", err)
	}
	return rp, nil
}

// labelled reports whether the account churned or contracted in (day, day+horizon].
func labelled(ocs []*gtg.Outcome, day gtg.Day, horizon int) bool {
	for _, oc := range ocs {
		if oc.Day > day && oc.Day <= day+gtg.Day(horizon) && (oc.Type == gtg.OutcomeChurned || oc.Type == gtg.OutcomeContracted) {
			return true
		}
	}
	return false
}
