package retention_test

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/calibrate"
	"github.com/gtg-dev/gtg/retention"
)

// TestParseCalibration reads the churn probability back from a card that
// gtg calibrate really writes, so the two cannot drift apart.
func TestParseCalibration(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ds := &calibrate.Dataset{Features: []*calibrate.Feature{{Name: "usage"}}}
	for i := 0; i < 600; i++ {
		x := r.Float64()
		ds.Features[0].Num = append(ds.Features[0].Num, x)
		ds.Labels = append(ds.Labels, r.Float64() < 1/(1+math.Exp(8*x-3)))
		ds.IDs = append(ds.IDs, strconv.Itoa(i))
	}
	m, err := calibrate.Fit(ds, calibrate.Options{Seed: 3, Pairs: -1})
	if err != nil {
		t.Fatal(err)
	}
	yaml, err := m.Scorecard(calibrate.CardInfo{Name: "fitted", Version: 1, Source: "test", Date: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	c, ok := retention.ParseCalibration(yaml)
	if !ok {
		t.Fatalf("no calibration found in:\n%s", yaml)
	}
	for _, score := range []float64{10, 50, 90} {
		// The card rounds A to 3 and B to 4 decimals.
		if got, want := c.ChurnProbability(score), m.Probability(score); math.Abs(got-want) > 0.01 {
			t.Errorf("score %v: churn probability %v, want %v", score, got, want)
		}
	}
	if _, ok := retention.ParseCalibration([]byte("name: default\nversion: 1\n")); ok {
		t.Error("a hand-written card has a calibration")
	}
}

// TestPredict pins the fallbacks, including the first forecast of all,
// made before any renewal (a regression: it forecast that nothing renews).
func TestPredict(t *testing.T) {
	none := &retention.Predictor{Rates: retention.NewRates(nil, nil)}
	if rate, method := none.Predict(retention.Health{Color: gtg.Green}); rate != 1 || method != retention.MethodNoHistory {
		t.Errorf("before any renewal: %v by %s, want 1 by no_history", rate, method)
	}
	p := &retention.Predictor{
		Rates: retention.NewRates([]string{gtg.Green, gtg.Green, gtg.Red}, []*gtg.Outcome{
			{Type: gtg.OutcomeRenewed, ARRBefore: 100, ARRAfter: 100},
			{Type: gtg.OutcomeExpanded, ARRBefore: 100, ARRAfter: 150},
			{Type: gtg.OutcomeChurned, ARRBefore: 200, ARRAfter: 0},
		}),
		Cards: map[string]retention.Calibration{"fitted": {A: 2, B: 0.05}},
	}
	for _, c := range []struct {
		h      retention.Health
		rate   float64
		method string
	}{
		{retention.Health{Scorecard: "default", Color: gtg.Green, Score: 80}, 1.25, retention.MethodColorRate},
		{retention.Health{Scorecard: "default", Color: gtg.Red, Score: 20}, 0, retention.MethodColorRate},
		// The portfolio's: the mean of 1, 1.5 and 0.
		{retention.Health{Scorecard: "default", Color: gtg.Yellow, Score: 50}, 2.5 / 3, retention.MethodPortfolioRate},
		{retention.Health{Scorecard: "fitted", Color: gtg.Yellow, Score: 40}, 1 - 1/(1+math.Exp(0.05*40-2)), retention.MethodCalibrated},
		// A calibrated card's insufficient data has no score to go by.
		{retention.Health{Scorecard: "fitted", Color: gtg.InsufficientData}, 2.5 / 3, retention.MethodPortfolioRate},
	} {
		rate, method := p.Predict(c.h)
		if math.Abs(rate-c.rate) > 1e-12 || method != c.method {
			t.Errorf("%+v: %v by %s, want %v by %s", c.h, rate, method, c.rate, c.method)
		}
	}
}
