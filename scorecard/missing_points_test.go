package scorecard

import (
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
)

// A measure with `missing: 30` earns 30 points when it has no data instead
// of dropping out; coverage still counts only data.
func TestMissingPoints(t *testing.T) {
	card := func(missing string) *Scorecard {
		return parse(t, `
			name: t
			version: 1
			min_coverage: 0.4
			thresholds: {green: 70, yellow: 45}
			groups:
				- {key: g, weight: 1, measures: {a: 1, b: 1}}
			measures:
				- key: a
				  kind: metric
				  metric: a
				  agg: avg
				  window: 1d
				  bands: [{max: 5, points: 0}, {points: 100}]
				- key: b
				  kind: metric
				  metric: b
				  agg: avg
				  window: 1d
				  bands: [{max: 5, points: 0}, {points: 100}]
				  `+missing+`
		`)
	}
	d := &AccountData{Account: account(), AsOf: asOf, Series: map[string]gtg.Series{"a": flat("a", 3, 10)}}

	r := card("missing: 30").Score(d)
	// (100×1 + 30×1) / 2 = 65: yellow; half the weight had data.
	if !near(r.Score, 65) || r.Color != gtg.Yellow || !near(r.Coverage, 0.5) {
		t.Errorf("with missing points: score %v color %s coverage %v", r.Score, r.Color, r.Coverage)
	}
	b := measureOf(t, r, "b")
	if !b.Missing || !b.Imputed || b.Points != 30 || !near(b.Weight, 0.5) || b.Display() != "no data" {
		t.Errorf("b: %+v", b)
	}
	if got := FromSnapshot(nil, &gtg.Health{Measures: []gtg.MeasureValue{{Key: "b", Group: "g", Value: nan, Points: 30, Weight: 0.5, Missing: true}}}); !got.Measures[0].Imputed || got.Measures[0].Contribution() != 15 {
		t.Errorf("snapshot of an imputed measure: %+v", got.Measures[0])
	}

	r = card("").Score(d)
	// Without it b drops out: 100, green.
	if !near(r.Score, 100) || r.Color != gtg.Green {
		t.Errorf("without missing points: score %v color %s", r.Score, r.Color)
	}

	for _, tc := range []struct{ field, want string }{
		{"missing: 130", "b.missing: 130 is outside the scale 0 to 100"},
		{"missing: lots", "measures.b.missing"},
	} {
		_, err := Parse("t.yaml", []byte(dedent(strings.Replace(`
			name: t
			version: 1
			thresholds: {green: 70, yellow: 45}
			groups:
				- {key: g, weight: 1, measures: {b: 1}}
			measures:
				- key: b
				  kind: metric
				  metric: b
				  agg: avg
				  window: 1d
				  bands: [{points: 100}]
				  FIELD
		`, "FIELD", tc.field, 1))))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.field, err)
		}
	}
	if _, err := Parse("t.yaml", []byte(dedent(`
		name: t
		version: 1
		thresholds: {green: 70, yellow: 45}
		groups:
			- {key: g, weight: 1, measures: {b: 1}}
		measures:
			- {key: b, kind: metric, metric: b, agg: avg, window: 1d, bands: [{points: 100}]}
			- {key: h, kind: metric, metric: b, agg: avg, window: 1d, missing: 10}
	`))); err == nil || !strings.Contains(err.Error(), "only goes with bands or points") {
		t.Errorf("missing on a helper: %v", err)
	}
}
