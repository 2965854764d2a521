package scorecard

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gtg-dev/gtg"
)

// weighted is a card with two groups: usage (weight 3: a 3, b 1) and
// people (weight 1: c 1, and d, which never applies to 20-seat accounts).
const weighted = `
	name: t
	version: 3
	min_coverage: 0.6
	thresholds: {green: 70, yellow: 40}
	groups:
		- key: usage
			weight: 3
			measures: {a: 3, b: 1}
		- key: people
			weight: 1
			measures: {c: 1, d: 1}
	measures:
		- key: a
			kind: metric
			metric: logins
			agg: last
			window: 1d
			bands:
				- {max: 5, points: 0}
				- {max: 10, points: 50}
				- {points: 100}
		- key: b
			kind: metric
			metric: api_calls
			agg: last
			window: 1d
			bands: [{max: 5, points: 20}, {points: 80}]
		- key: c
			kind: contacts
			agg: present
			role: champion
			bands: [{max: 1, points: 0}, {points: 100}]
		- key: d
			kind: account
			field: seats
			when: account.seats > 1000
			bands: [{points: 0}]
`

func TestScoreWeightsAndRenormalisation(t *testing.T) {
	sc := parse(t, weighted)
	champion := []*gtg.Contact{contact("c@x.test", gtg.RoleChampion, gtg.ContactActive, 0)}
	data := func(logins, calls float64, contacts []*gtg.Contact) *AccountData {
		ss := map[string]gtg.Series{}
		if !math.IsNaN(logins) {
			ss["logins"] = days("logins", logins)
		}
		if !math.IsNaN(calls) {
			ss["api_calls"] = days("api_calls", calls)
		}
		return &AccountData{Account: account(), Contacts: contacts, Series: ss, AsOf: asOf}
	}
	tests := []struct {
		name          string
		d             *AccountData
		score, cover  float64
		color         string
		wa, wb, wc    float64 // effective weights
		usage, people float64 // group scores
	}{
		// usage = (3×100 + 1×20)/4 = 80; people = 100 (d does not apply);
		// overall = (3×80 + 1×100)/4 = 85.
		{"AllPresent", data(12, 3, champion), 85, 1, Green, 0.5625, 0.1875, 0.25, 80, 100},
		// b missing: usage is a alone (100), overall (3×100 + 100)/4 = 100;
		// coverage loses b's nominal share 3/4 × 1/4.
		{"MeasureMissing", data(12, nan, champion), 100, 0.8125, Green, 0.75, 0, 0.25, 100, 100},
		// No contacts: the people group drops out, usage carries the score.
		{"GroupMissing", data(12, 3, nil), 80, 0.75, Green, 0.75, 0.25, 0, 80, nan},
		// usage = (3×50 + 20)/4 = 42.5, people 0: overall 3×42.5/4 = 31.875.
		{"Red", data(7, 3, []*gtg.Contact{contact("x@x.test", gtg.RoleAdmin, gtg.ContactActive, 0)}),
			31.875, 1, Red, 0.5625, 0.1875, 0.25, 42.5, 0},
		// An empty CRM is missing data, not a lost champion.
		{"NoContactsIsNotZero", data(7, 3, []*gtg.Contact{}), 42.5, 0.75, Yellow, 0.75, 0.25, 0, 42.5, nan},
		{"RedWithChampionGone", data(7, 3, []*gtg.Contact{contact("c@x.test", gtg.RoleChampion, gtg.ContactLeft, asOf-1)}),
			31.875, 1, Red, 0.5625, 0.1875, 0.25, 42.5, 0},
		// Usage has no data: only a quarter of the weight is present, under
		// min_coverage 0.6: insufficient data, not a color, though the score
		// of what is there is kept.
		{"InsufficientData", data(nan, nan, champion), 100, 0.25, InsufficientData, 0, 0, 1, nan, 100},
		{"NothingAtAll", data(nan, nan, nil), nan, 0, InsufficientData, 0, 0, 0, nan, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sc.Score(tt.d)
			if r.Scorecard != "t" || r.Version != 3 || r.AsOf != asOf {
				t.Errorf("card %q v%d as of %s", r.Scorecard, r.Version, r.AsOf)
			}
			if !near(r.Score, tt.score) || !near(r.Coverage, tt.cover) || r.Color != tt.color {
				t.Errorf("score %v coverage %v color %s, want %v %v %s", r.Score, r.Coverage, r.Color, tt.score, tt.cover, tt.color)
			}
			for key, w := range map[string]float64{"a": tt.wa, "b": tt.wb, "c": tt.wc, "d": 0} {
				if got := measureOf(t, r, key).Weight; !near(got, w) {
					t.Errorf("weight of %s = %v, want %v", key, got, w)
				}
			}
			if !near(r.Groups[0].Score, tt.usage) || !near(r.Groups[1].Score, tt.people) {
				t.Errorf("groups %v %v, want %v %v", r.Groups[0].Score, r.Groups[1].Score, tt.usage, tt.people)
			}
			sum := 0.0
			for _, m := range r.Measures {
				sum += m.Contribution()
			}
			if !math.IsNaN(r.Score) && !near(sum, r.Score) {
				t.Errorf("contributions add up to %v, score is %v", sum, r.Score)
			}
			if d := measureOf(t, r, "d"); !d.Skipped || d.Missing || !math.IsNaN(d.Points) {
				t.Errorf("d = %+v, want skipped", d)
			}
		})
	}
}

func TestBands(t *testing.T) {
	sc := parse(t, `
		name: t
		version: 1
		scale: 10
		thresholds: {green: 7, yellow: 4}
		groups: [{key: g, measures: [x]}]
		measures:
			- key: x
				kind: account
				field: arr
				bands:
					- {min: 0, max: 5, points: 0}
					- {max: 20, points: 5}
					- {min: 20, max: 100, points: 10}
	`)
	for _, tt := range []struct {
		arr, points float64
		color       string
	}{
		{-3, 0, Red}, // below the first band: the nearest band
		{0, 0, Red},
		{4.99, 0, Red},
		{5, 5, Yellow}, // min is inclusive, max exclusive
		{19.9, 5, Yellow},
		{20, 10, Green},
		{100, 10, Green}, // above the last band: the nearest band
		{1e9, 10, Green},
	} {
		a := account()
		a.ARR = tt.arr
		r := sc.Score(&AccountData{Account: a, AsOf: asOf})
		if m := r.Measures[0]; m.Points != tt.points || r.Score != tt.points || r.Color != tt.color {
			t.Errorf("arr %v: points %v score %v color %s, want %v %s", tt.arr, m.Points, r.Score, r.Color, tt.points, tt.color)
		}
	}
}

func TestThresholdBoundaries(t *testing.T) {
	sc := parse(t, `
		name: t
		version: 1
		thresholds: {green: 70, yellow: 40}
		groups: [{key: g, measures: [x]}]
		measures:
			- key: x
				kind: account
				field: plan
				points: {gold: 70, silver: 40, bronze: 39.9}
	`)
	for plan, want := range map[string]string{"gold": Green, "Silver": Yellow, "bronze": Red, "tin": InsufficientData} {
		a := account()
		a.Plan = plan
		r := sc.Score(&AccountData{Account: a, AsOf: asOf})
		if r.Color != want {
			t.Errorf("plan %s: %s (score %v), want %s", plan, r.Color, r.Score, want)
		}
	}
	// A value the card gives no points for is unknown, not zero.
	a := account()
	a.Plan = "tin"
	if m := sc.Score(&AccountData{Account: a, AsOf: asOf}).Measures[0]; !m.Missing || m.Text != "tin" {
		t.Errorf("unlisted plan: %+v, want missing with its text", m)
	}
}

func TestScoreToReusesResult(t *testing.T) {
	sc := parse(t, weighted)
	d := &AccountData{Account: account(), AsOf: asOf, Series: map[string]gtg.Series{"logins": days("logins", 12)}}
	var r Result
	sc.ScoreTo(&r, d)
	first := &r.Measures[0]
	sc.ScoreTo(&r, d)
	if first != &r.Measures[0] {
		t.Errorf("ScoreTo reallocated the measures")
	}
	if diff := cmp.Diff(sc.Score(d), r, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("ScoreTo and Score differ (-Score +ScoreTo):\n%s", diff)
	}
}

func TestResultJSON(t *testing.T) {
	sc := parse(t, weighted)
	r := sc.Score(&AccountData{Account: account(), AsOf: asOf})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s\n%s", diff, b)
	}
	var raw map[string]any
	json.Unmarshal(b, &raw)
	if raw["score"] != nil || raw["color"] != InsufficientData || raw["as_of"] != "2025-06-30" {
		t.Errorf("JSON %s", b)
	}
}

// One card scores many accounts at once: the scoring job runs a worker per core.
func TestScoreConcurrently(t *testing.T) {
	p := newPortfolio()
	accounts := []*AccountData{p.healthy(400), p.unhealthy(400), p.healthy(300), p.unhealthy(200)}
	want := make([]Result, len(accounts))
	for i, d := range accounts {
		want[i] = Default().Score(d)
	}
	errs := make(chan string, 8)
	for w := range 8 {
		go func() {
			var r Result
			for i := range 200 {
				k := (i + w) % len(accounts)
				Default().ScoreTo(&r, accounts[k])
				if diff := cmp.Diff(want[k], r, cmpopts.EquateNaNs()); diff != "" {
					errs <- diff
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if diff := <-errs; diff != "" {
			t.Errorf("concurrent score differs:\n%s", diff)
		}
	}
}
