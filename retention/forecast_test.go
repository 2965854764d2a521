package retention_test

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

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
