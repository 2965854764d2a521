package calibrate

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// genParts makes n accounts of a telecom-like table whose churn follows
// the total of four usage columns (each part alone a weak signal: churn
// jumps once the total passes a level), and service calls that mean more
// with a plan flag than without. Day and evening calls, and noise, do
// nothing.
func genParts(n int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 7))
	ds := &Dataset{IDs: make([]string, n), Labels: make([]bool, n)}
	names := []string{"day_minutes", "eve_minutes", "night_minutes", "intl_minutes", "day_calls", "eve_calls", "service_calls", "intl_plan", "noise"}
	fs := make([]*Feature, len(names))
	for j, name := range names {
		fs[j] = &Feature{Name: name, Num: make([]float64, n)}
	}
	for i := range n {
		ds.IDs[i] = "acct-" + strconv.Itoa(i)
		total := 0.0
		for j := range 4 {
			v := math.Round(max(0, 150+50*rng.NormFloat64())*10) / 10
			fs[j].Num[i] = v
			total += v
		}
		fs[4].Num[i] = float64(80 + rng.IntN(40))
		fs[5].Num[i] = float64(80 + rng.IntN(40))
		calls := float64(rng.IntN(8))
		fs[6].Num[i] = calls
		flag := 0.0
		if rng.Float64() < 0.3 {
			flag = 1
		}
		fs[7].Num[i] = flag
		fs[8].Num[i] = rng.NormFloat64()
		logit := -2.2 + 3.5/(1+math.Exp(-(total-700)/15)) + 0.1*calls + 1.8*flag*max(calls-3, 0)/4
		ds.Labels[i] = rng.Float64() < sigmoid(logit)
	}
	ds.Features = fs
	return ds
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"MonthlyCharges":    {"monthly", "charges"},
		"Total day minutes": {"total", "day", "minutes"},
		"logins_30d":        {"logins", "30d"},
		"seats-used":        {"seats", "used"},
	} {
		if got := words(in); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeriveCandidates(t *testing.T) {
	n := 20
	col := func(name string, f func(i int) float64) *Feature {
		c := &Feature{Name: name, Num: make([]float64, n)}
		for i := range n {
			c.Num[i] = f(i)
		}
		return c
	}
	ds := &Dataset{Features: []*Feature{
		col("Total day minutes", func(i int) float64 { return float64(i) }),
		col("Total eve minutes", func(i int) float64 { return float64(i * 2) }),
		col("logins_30d", func(i int) float64 { return float64(i % 5) }),
		col("tickets_30d", func(i int) float64 { return float64(i % 3) }),
		col("seats_used", func(i int) float64 { return float64(i % 7) }),
		col("seats_licensed", func(i int) float64 { return float64(10 + i%4) }),
		col("churn_flag", func(i int) float64 { return float64(i % 2) }),
		col("Total day charge", func(i int) float64 { return float64(i) / 3 }),
		col("days_to_renewal", func(i int) float64 { return float64(100 - i) }),
		col("seats_used_active_days_30d", func(i int) float64 { return float64(i % 9) }),
		col("usage_errors_gap_trend", func(i int) float64 { return float64(i%5) - 2 }),
		col("usage_seconds_gap_trend", func(i int) float64 { return float64(i%6) - 3 }),
		{Name: "plan", Cat: make([]string, n)},
	}}
	var got []string
	for _, dv := range deriveCandidates(ds) {
		got = append(got, dv.Key+" = "+dv.Name)
	}
	// Minutes add up; logins and tickets share only a window; a flag is
	// no numerator; used over licensed.
	for _, want := range []string{
		"total_minutes = Total day minutes + Total eve minutes",
		"day_total = Total day minutes + Total day charge",
		"seats_used_share = seats_used / seats_licensed",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no candidate %q among %q", want, got)
		}
	}
	for _, g := range got {
		// Nor a sum of used and licensed, nor a count of days per seat or
		// per days of activity.
		if strings.Contains(g, "logins_30d + tickets_30d") || strings.Contains(g, "churn_flag /") || strings.Contains(g, "seats_used + seats_licensed") ||
			strings.Contains(g, "days_to_renewal /") || strings.Contains(g, "/ seats_used_active_days_30d") || strings.Contains(g, "gap_trend +") {
			t.Errorf("candidate %q should not be proposed", g)
		}
	}
}

func TestDerivedComputeMissing(t *testing.T) {
	byName := map[string]*Feature{
		"a": {Name: "a", Num: []float64{1, math.NaN(), 3, 4}},
		"b": {Name: "b", Num: []float64{2, 2, 0, 1}},
	}
	sum := (&Derived{Parts: []string{"a", "b"}}).compute(byName, 4)
	ratio := (&Derived{Parts: []string{"a", "b"}, Ratio: true}).compute(byName, 4)
	opts := cmpopts.EquateNaNs()
	if diff := cmp.Diff([]float64{3, math.NaN(), 3, 5}, sum, opts); diff != "" {
		t.Errorf("sum (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{0.5, math.NaN(), math.NaN(), 4}, ratio, opts); diff != "" {
		t.Errorf("ratio (-want +got):\n%s", diff)
	}
}

// TestDerivedSumOfParts checks that the card finds the total of the usage
// parts, that it raises the held-out AUC over the same card without
// derived measures, and that the scorecard engine scores the written card
// (whose expression adds the parts up) exactly as the model does.
func TestDerivedSumOfParts(t *testing.T) {
	ds := genParts(6000, 3)
	without := fast
	without.Derived = -1
	cvWith, err := CrossValidate(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	cvWithout, err := CrossValidate(ds, without)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out AUC: %.4f with derived measures, %.4f without", cvWith.AUC, cvWithout.AUC)
	if cvWith.AUC < cvWithout.AUC+0.01 {
		t.Errorf("held-out AUC %.4f with derived measures, %.4f without: want at least 0.01 better", cvWith.AUC, cvWithout.AUC)
	}
	m, err := Fit(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	var sum *Derived
	for _, dv := range m.Derived {
		if !dv.Ratio && slices.Contains(dv.Parts, "night_minutes") {
			sum = dv
		}
	}
	if sum == nil || !slices.Equal(sum.Parts, []string{"day_minutes", "eve_minutes", "night_minutes", "intl_minutes"}) {
		t.Fatalf("derived %+v: want the sum of the four minutes columns", m.Derived)
	}
	yml, err := m.Scorecard(CardInfo{Name: "parts", Version: 1, Source: "parts.csv", CV: cvWith})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  - key: total_minutes\n    label: \"day_minutes + eve_minutes + night_minutes + intl_minutes\"\n    kind: expr\n    expr: \"day_minutes + eve_minutes + night_minutes + intl_minutes\"\n",
		"derived from several columns",
	} {
		if !strings.Contains(string(yml), want) {
			t.Errorf("the card lacks %q:\n%s", want, yml)
		}
	}
	measures, pairs, derived := m.Size()
	t.Logf("the card: %d measures, %d pairs, %d derived\n%s", measures, pairs, derived, yml)
	if derived < 1 {
		t.Errorf("Size counts %d derived measures", derived)
	}
	test := genParts(800, 11)
	test.Features[0].Num[0] = math.NaN() // a missing part: the total has no value
	attrs := make([]string, len(ds.Features))
	for j, f := range ds.Features {
		attrs[j] = f.Name
	}
	got, _ := engineScores(t, yml, test, attrs)
	want, err := m.Score(test)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("the engine scores the card otherwise than the model (-model +engine):\n%s", diff)
	}
}

// TestCrossValidateLogRegSameFolds checks that the baseline scored alone
// matches the one CrossValidate scores on the same folds.
func TestCrossValidateLogRegSameFolds(t *testing.T) {
	ds, _ := gen(1500, 5)
	cv, err := CrossValidate(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	got, err := CrossValidateLogReg(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cv.Base, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("held-out baseline (-CrossValidate +CrossValidateLogReg):\n%s", diff)
	}
}

// TestCutsBetweenRoundedSums checks that a cut never falls between two
// sums that differ only by floating-point rounding, which would write a
// band edge like 0.30000000000000004.
func TestCutsBetweenRoundedSums(t *testing.T) {
	var xs []float64
	for i := range 200 {
		switch i % 4 {
		case 0:
			xs = append(xs, 0.1+0.2) // 0.30000000000000004
		case 1:
			xs = append(xs, 0.3)
		default:
			xs = append(xs, float64(i%4)*0.25)
		}
	}
	for _, c := range quantileCuts(xs, 32, 10) {
		if s := strconv.FormatFloat(c, 'f', -1, 64); len(s) > 6 {
			t.Errorf("cut %s: want a short decimal", s)
		}
	}
}
