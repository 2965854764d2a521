package backtest_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/backtest"
	"github.com/gtg-dev/gtg/calibrate"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

var ctx = context.Background()

// usageCard is green when the day's usage is 5 or more, red below.
const usageCard = `
name: usage
version: 1
min_coverage: 0
thresholds: {green: 70, yellow: 45}
groups:
  - {key: adoption, weight: 1, measures: {u: 1}}
measures:
  - key: u
    kind: metric
    metric: usage
    agg: avg
    window: 1d
    bands:
      - {max: 5, points: 0}
      - {points: 100}
`

// churnDay is C in the hand computations below.
var churnDay = gtg.MustParseDay("2026-03-01")

// seed stores three accounts from C-400 on:
//   - A1 uses 10 a day until C-31 and 0 from C-30, and churns on C with 1000 ARR;
//   - A2 uses 10 every day; A3 uses 0 every day; neither has an outcome.
func seed(t *testing.T, s *store.Store) {
	t.Helper()
	start := churnDay - 400
	// The accounts were imported when their contracts started.
	s.Now = func() time.Time { return start.Time().Add(9 * time.Hour) }
	accts := []*gtg.Account{
		{ExternalID: "A1", Name: "One", ContractStart: start},
		{ExternalID: "A2", Name: "Two", ARR: 2000, ContractStart: start},
		{ExternalID: "A3", Name: "Three", ARR: 3000, ContractStart: start},
	}
	err := s.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UpsertAccounts(ctx, "t", accts); err != nil {
			return err
		}
		var pts []gtg.MetricPoint
		for d := start; d < churnDay; d++ {
			u1 := 10.0
			if d >= churnDay-30 {
				u1 = 0
			}
			pts = append(pts, gtg.MetricPoint{AccountID: accts[0].ID, Key: "usage", Day: d, Value: u1},
				gtg.MetricPoint{AccountID: accts[1].ID, Key: "usage", Day: d, Value: 10},
				gtg.MetricPoint{AccountID: accts[2].ID, Key: "usage", Day: d, Value: 0})
		}
		if _, err := tx.MergeMetrics(ctx, pts); err != nil {
			return err
		}
		_, err := tx.UpsertOutcomes(ctx, []*gtg.Outcome{{AccountID: accts[0].ID, AccountExternalID: "A1", Day: churnDay,
			Type: gtg.OutcomeChurned, ARRBefore: 1000}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func card(t *testing.T) *scorecard.Scorecard {
	t.Helper()
	sc, err := scorecard.Parse("usage.yaml", []byte(usageCard))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestReportHandComputed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		// Dates C-100, C-70, C-40, C-10; horizon 90.
		rp, err := backtest.Run(ctx, s, backtest.Options{Cards: []*scorecard.Scorecard{card(t)},
			From: churnDay - 100, To: churnDay - 10, Every: 30, Horizon: 90})
		if err != nil {
			t.Fatal(err)
		}
		r := rp.Report()
		// A1: C-100 green, not labelled (the churn is 100 days later);
		// C-70 and C-40 green and labelled; C-10 red and labelled.
		// A2: four green negatives; A3: four red negatives.
		if r.Examples != 12 || r.Positives != 3 || r.Accounts != 3 || r.Unscored != 0 {
			t.Fatalf("counts: %+v", r)
		}
		// Risk is −score. Positives at −100, −100, 0; negatives five at
		// −100 and four at 0. Each −100 positive ties five (2.5) and beats
		// none; the 0 positive beats five and ties four (7). (2.5+2.5+7)/27.
		near(t, "AUC", float64(r.AUC), 12.0/27)
		// Red flags A1@C-10 and A3's four: precision 1/5, recall 1/3.
		if r.Red.Flagged != 5 {
			t.Errorf("red flagged %d, want 5", r.Red.Flagged)
		}
		near(t, "red precision", float64(r.Red.Precision), 0.2)
		near(t, "red recall", float64(r.Red.Recall), 1.0/3)
		// A1 was green 90 days before the churn: all churned ARR was a surprise.
		if r.Surprise.Churned != 1 || r.Surprise.ChurnedARR != 1000 {
			t.Errorf("surprise %+v", r.Surprise)
		}
		near(t, "surprise share", float64(r.Surprise.Share), 1)
		// Last green day C-31: it left green on C-30, 30 days before churning.
		if r.Lead.Churned != 1 || r.Lead.NeverGreen != 0 {
			t.Errorf("lead %+v", r.Lead)
		}
		near(t, "lead median", float64(r.Lead.MedianDays), 30)
		// One measure: without it every score falls back to itself.
		if len(r.Measures) != 1 || r.Measures[0].Key != "u" {
			t.Fatalf("measures %+v", r.Measures)
		}
		near(t, "lift", float64(r.Measures[0].Lift), 0)
		// Two distinct scores: the calibration bins predict rates between
		// the two groups' observed rates.
		if n := len(r.Calibration); n != 10 {
			t.Errorf("%d calibration bins", n)
		}
	})
}

func TestNoLeakage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		o := backtest.Options{Cards: []*scorecard.Scorecard{card(t)}, From: churnDay - 100, To: churnDay - 40, Every: 30, Horizon: 90}
		before, err := backtest.Run(ctx, s, o)
		if err != nil {
			t.Fatal(err)
		}
		// Data after the last evaluation date: A3 starts using the product,
		// and an import after the churn changes its account fields.
		s.Now = func() time.Time { return (churnDay + 10).Time() }
		a3, err := s.Account(ctx, "A3")
		if err != nil {
			t.Fatal(err)
		}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			var pts []gtg.MetricPoint
			for d := o.To + 1; d < churnDay; d++ {
				pts = append(pts, gtg.MetricPoint{AccountID: a3.ID, Key: "usage", Day: d, Value: 50})
			}
			if _, err := tx.MergeMetrics(ctx, pts); err != nil {
				return err
			}
			a3.ARR, a3.Seats = 99999, 500
			_, err := tx.UpsertAccounts(ctx, "t", []*gtg.Account{a3})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		after, err := backtest.Run(ctx, s, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(before.Examples) != len(after.Examples) {
			t.Fatalf("%d examples before, %d after", len(before.Examples), len(after.Examples))
		}
		for i := range before.Examples {
			b, a := before.Examples[i], after.Examples[i]
			if b.Score != a.Score || b.Color != a.Color || b.Label != a.Label {
				t.Errorf("example %d (account %d on %s) changed with later data: %v %s → %v %s", i, b.AccountID, b.Day, b.Score, b.Color, a.Score, a.Color)
			}
			if b.AccountID == a3.ID && a.ARR == 99999 {
				t.Errorf("A3 on %s reads today's ARR", a.Day)
			}
		}
	})
}

func TestOptionsRefused(t *testing.T) {
	st := storetest.OpenSQLite(t)
	sc := card(t)
	for _, o := range []backtest.Options{
		{From: 10, To: 20},
		{Cards: []*scorecard.Scorecard{sc}, To: 20},
		{Cards: []*scorecard.Scorecard{sc}, From: 30, To: 20},
	} {
		if _, err := backtest.Run(ctx, st, o); gtg.ErrorCode(err) != gtg.EINVALID {
			t.Errorf("%+v: %v", o, err)
		}
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestBuildDatasetProposed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		cands, err := backtest.ProposeCandidates(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := backtest.BuildDataset(ctx, s, backtest.DatasetOptions{Candidates: cands,
			Dates: backtest.Dates(churnDay-40, churnDay-10, 30), Horizon: 90})
		if err != nil {
			t.Fatal(err)
		}
		// Three accounts on two dates; A1 is labelled on both.
		if ds.Len() != 6 || ds.Positives() != 2 {
			t.Fatalf("%d examples, %d positive", ds.Len(), ds.Positives())
		}
		feature := func(name string) *calibrate.Feature {
			for _, f := range ds.Features {
				if f.Name == name {
					return f
				}
			}
			t.Fatalf("no feature %q", name)
			return nil
		}
		avg := feature("usage_avg_30d")
		recency, monetary, frequency := feature("usage_days_since"), feature("usage_avg_active_all"), feature("usage_active_days_365d")
		for i, id := range ds.IDs {
			switch id {
			case "A1@" + (churnDay - 10).String():
				// C-39 … C-31 at 10, C-30 … C-10 at 0: 90 over 30 days.
				near(t, id+" usage_avg_30d", avg.Num[i], 3)
				// Last active on C-31, each active day at 10.
				near(t, id+" usage_days_since", recency.Num[i], 21)
				near(t, id+" usage_avg_active_all", monetary.Num[i], 10)
				near(t, id+" usage_active_days_365d", frequency.Num[i], 344) // C-374 … C-31
			case "A3@" + (churnDay - 10).String():
				// Never active: silent for at least the year.
				near(t, id+" usage_days_since", recency.Num[i], 365)
				if !math.IsNaN(monetary.Num[i]) {
					t.Errorf("%s usage_avg_active_all = %v, want missing", id, monetary.Num[i])
				}
			case "A1@" + (churnDay - 40).String():
				near(t, id+" usage_avg_30d", avg.Num[i], 10)
			case "A3@" + (churnDay - 40).String():
				near(t, id+" usage_avg_30d", avg.Num[i], 0)
			}
		}
		// Every example groups by its account, so folds never split one.
		if ds.Groups[0] != ds.Groups[1] || ds.Groups[0] == ds.Groups[2] {
			t.Errorf("groups %v", ds.Groups)
		}
		if _, ok := cands.Defs["usage_change_30d"]; !ok {
			t.Errorf("no change candidate: %v", cands.Defs)
		}
	})
}
