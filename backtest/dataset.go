package backtest

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/calibrate"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// DatasetOptions says which examples to build: every account that existed
// on each date, with its candidate measures as of the date and whether it
// churned or contracted within the horizon after it.
type DatasetOptions struct {
	Candidates *Candidates
	Dates      []gtg.Day
	Horizon    int
}

// Dataset is the examples and what they are.
type Dataset struct {
	*calibrate.Dataset
	Accounts []int64   // each example's account
	Days     []gtg.Day // each example's date
	ExtIDs   []string  // each example's account external id
}

// BuildDataset computes the candidates for every account as of each date,
// with only what was known on it (see Run), streaming the accounts a block
// at a time; only the examples are held in memory.
func BuildDataset(ctx context.Context, st *store.Store, o DatasetOptions) (*Dataset, error) {
	if len(o.Dates) == 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "calibrate: no dates to build examples on")
	}
	if o.Horizon <= 0 {
		o.Horizon = 90
	}
	outcomes, err := st.Outcomes(ctx, 0)
	if err != nil {
		return nil, err
	}
	hist, err := st.AccountHistory(ctx)
	if err != nil {
		return nil, err
	}
	byAccount := map[int64][]*gtg.Outcome{}
	for _, oc := range outcomes {
		byAccount[oc.AccountID] = append(byAccount[oc.AccountID], oc)
	}
	card := o.Candidates.Card
	ds := &Dataset{Dataset: &calibrate.Dataset{}}
	features := make([]*calibrate.Feature, len(card.Measures))
	for i, m := range card.Measures {
		features[i] = &calibrate.Feature{Name: m.Key}
	}
	first, last := o.Dates[0], o.Dates[0]
	for _, d := range o.Dates {
		first, last = min(first, d), max(last, d)
	}
	var res scorecard.Result
	q := store.ScanQuery{Metrics: card.MetricKeys(), From: first - gtg.Day(card.Lookback()), To: last}
	err = st.ScanScoringInputs(ctx, q, func(in *store.ScoringInput) error {
		ocs := byAccount[in.Account.ID]
		var churned gtg.Day
		for _, oc := range ocs {
			if oc.Type == gtg.OutcomeChurned && (churned == 0 || oc.Day < churned) {
				churned = oc.Day
			}
		}
		for _, day := range o.Dates {
			a := in.Account.AsOf(hist[in.Account.ID], day)
			if (a.ContractStart != 0 && day < a.ContractStart) || (churned != 0 && day >= churned) {
				continue
			}
			d := scorecard.AccountData{Account: a, Contacts: in.Contacts, Series: in.Series, Events: in.Events, AsOf: day}
			card.ScoreTo(&res, &d)
			for i, m := range card.Measures {
				r := &res.Measures[i]
				ok := !r.Missing && !r.Skipped
				if m.Text() {
					v := ""
					if ok {
						v = r.Text
					}
					features[i].Cat = append(features[i].Cat, v)
					continue
				}
				v := math.NaN()
				if ok {
					v = r.Value
				}
				features[i].Num = append(features[i].Num, v)
			}
			ds.Labels = append(ds.Labels, labelled(ocs, day, o.Horizon))
			ds.Groups = append(ds.Groups, strconv.FormatInt(a.ID, 10))
			ds.IDs = append(ds.IDs, a.ExternalID+"@"+day.String())
			ds.Accounts, ds.Days, ds.ExtIDs = append(ds.Accounts, a.ID), append(ds.Days, day), append(ds.ExtIDs, a.ExternalID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	// A feature with no value at all says nothing; calibration would refuse it.
	for _, f := range features {
		if hasValue(f) {
			ds.Features = append(ds.Features, f)
		}
	}
	return ds, nil
}

func hasValue(f *calibrate.Feature) bool {
	for _, v := range f.Num {
		if !math.IsNaN(v) {
			return true
		}
	}
	for _, v := range f.Cat {
		if v != "" {
			return true
		}
	}
	return false
}

// Dates returns the evaluation dates from from to to, every every days.
func Dates(from, to gtg.Day, every int) []gtg.Day {
	var out []gtg.Day
	for d := from; d <= to; d += gtg.Day(max(every, 1)) {
		out = append(out, d)
	}
	return out
}
