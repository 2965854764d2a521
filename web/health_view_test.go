package web

import (
	"math"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
)

// TestBreakdownTextMeasures is the regression test for the account page's
// breakdown saying "CSM sentiment: no data" while the measure had scored 0
// or 100: snapshots keep no value for text measures, and the page took that
// for missing data.
func TestBreakdownTextMeasures(t *testing.T) {
	cards := scorecard.Builtin()
	def := cardFor(cards, "default")
	if def == nil || def.Measure("csm_sentiment") == nil {
		t.Fatal("the built-in default card has no csm_sentiment measure")
	}
	for _, tc := range []struct {
		name                  string
		mv                    gtg.MeasureValue
		value, points, weight string
	}{
		{"negative", gtg.MeasureValue{Key: "csm_sentiment", Group: "sentiment", Value: math.NaN(), Points: 0, Weight: 0.1}, "negative", "0", "10.0%"},
		{"positive", gtg.MeasureValue{Key: "csm_sentiment", Group: "sentiment", Value: math.NaN(), Points: 100, Weight: 0.1}, "positive", "100", "10.0%"},
		{"neutral", gtg.MeasureValue{Key: "csm_sentiment", Group: "sentiment", Value: math.NaN(), Points: 60, Weight: 0.1}, "neutral", "60", "10.0%"},
		{"no note", gtg.MeasureValue{Key: "csm_sentiment", Group: "sentiment", Value: math.NaN(), Missing: true}, "no data", "—", "—"},
		{"no note, points for none", gtg.MeasureValue{Key: "csm_sentiment", Group: "sentiment", Value: math.NaN(), Points: 30, Weight: 0.1, Missing: true}, "no data", "30", "10.0%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &gtg.Health{AccountID: 1, Day: today, Scorecard: "default", Version: def.Version, Score: 60, Color: gtg.Yellow,
				Coverage: 1, Measures: []gtg.MeasureValue{tc.mv}}
			v := accountHealthView([]*gtg.Health{h}, cards, nil, today, today)
			if len(v.Groups) != 1 || len(v.Groups[0].Measures) != 1 {
				t.Fatalf("groups = %+v", v.Groups)
			}
			r := v.Groups[0].Measures[0]
			if r.Label != "CSM sentiment" || r.Value != tc.value || r.Points != tc.points || r.Weight != tc.weight || r.Missing != (tc.value == "no data") {
				t.Errorf("row = %+v; want %s, %s points, weight %s", r, tc.value, tc.points, tc.weight)
			}
		})
	}
}
