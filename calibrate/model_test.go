package calibrate

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
)

func TestSegment(t *testing.T) {
	// One run: mean 1.4, error 1.96+1.96+0.16+0.16+12.96. Two: {0,0,1,1}
	// (mean ½, error 4·¼) and {5}. Three: {0,0} {1,1} {5}, no error.
	ends, sse := segment([]float64{0, 0, 1, 1, 5}, []float64{1, 1, 1, 1, 1}, 3)
	if diff := cmp.Diff([][]int{{5}, {4, 5}, {2, 4, 5}}, ends); diff != "" {
		t.Errorf("ends (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{17.2, 1, 0}, sse, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestNiceCut(t *testing.T) {
	for _, tt := range []struct{ a, b, want float64 }{
		{19, 23, 20},
		{29.85, 29.9, 29.9},
		{-5, -3.7, -4},
		{0, 0.001, 0.001},
		{-0.5, 0.25, 0},
		{1.23, 1.27, 1.27},
		{999.5, 1000.5, 1000},
	} {
		if got := niceCut(tt.a, tt.b); got != tt.want {
			t.Errorf("niceCut(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCutAtShare(t *testing.T) {
	s := []float64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}
	if got := cutAtShare(s, 0.1); got != 20 { // below 20: one score of ten
		t.Errorf("10%% cut = %v, want 20", got)
	}
	if got := cutAtShare(s, 0.3); got != 40 {
		t.Errorf("30%% cut = %v, want 40", got)
	}
	// Ties: three of ten share the lowest score; flagging none of them is
	// nearer to 10% than flagging all three.
	if got := cutAtShare([]float64{5, 5, 5, 20, 30, 40, 50, 60, 70, 80}, 0.1); got != 5 {
		t.Errorf("cut with ties = %v, want 5", got)
	}
	// Dense scores 40, 40.0123, …: the median falls between 46.138 and
	// 46.1503 (cut 46.15), but four places before, 46.1 falls between
	// 46.0885 and 46.1008, within half a percent of the scores (46.2 is
	// five places after), and reads better.
	dense := make([]float64, 1000)
	for i := range dense {
		dense[i] = 40 + 0.0123*float64(i)
	}
	if got := cutAtShare(dense, 0.5); got != 46.1 {
		t.Errorf("dense median cut = %v, want 46.1", got)
	}
}

func TestFoldsNeverSplitAGroup(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	ds := &Dataset{}
	for g := range 300 {
		churns := rng.Float64() < 0.3
		for range 1 + rng.IntN(5) { // an account as of several dates
			ds.Groups = append(ds.Groups, "g"+strconv.Itoa(g))
			ds.IDs = append(ds.IDs, "g"+strconv.Itoa(g)+"-"+strconv.Itoa(len(ds.IDs)))
			ds.Labels = append(ds.Labels, churns && rng.Float64() < 0.7)
		}
	}
	folds := assignFolds(ds, 5, 11)
	foldOf := map[string]int{}
	pos := make([]int, 5)
	for i, f := range folds {
		g := ds.Groups[i]
		if prev, ok := foldOf[g]; ok && prev != f {
			t.Fatalf("group %s in folds %d and %d", g, prev, f)
		}
		foldOf[g] = f
		if ds.Labels[i] {
			pos[f]++
		}
	}
	for f, n := range pos {
		if n == 0 {
			t.Errorf("fold %d has no positive example: %v", f, pos)
		}
	}
	if !slices.Equal(folds, assignFolds(ds, 5, 11)) {
		t.Error("the same seed dealt other folds")
	}
	rows := make([]int, ds.Len())
	for i := range rows {
		rows[i] = i
	}
	train, valid := holdOut(ds, rows, 0.15, newRand(1, 2))
	inTrain := map[string]bool{}
	for _, i := range train {
		inTrain[ds.Groups[i]] = true
	}
	for _, i := range valid {
		if inTrain[ds.Groups[i]] {
			t.Fatalf("group %s on both sides of the validation split", ds.Groups[i])
		}
	}
	if len(train)+len(valid) != ds.Len() {
		t.Errorf("split %d + %d of %d rows", len(train), len(valid), ds.Len())
	}
}

func TestDeterministic(t *testing.T) {
	ds, _ := gen(1500, 3)
	card := func(o Options) []byte {
		m, err := Fit(ds, o)
		if err != nil {
			t.Fatal(err)
		}
		yml, err := m.Scorecard(CardInfo{Name: "t", Version: 1, Source: "gen", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		return yml
	}
	one := fast
	one.Workers = 1
	a, b, c := card(fast), card(fast), card(one)
	if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
		t.Errorf("the same seed gave different cards:\n%s\n---\n%s", a, c)
	}
	other := fast
	other.Seed++
	if bytes.Equal(a, card(other)) {
		t.Error("another seed gave the same card; is the seed used?")
	}
	cv1, err := CrossValidate(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	cv2, _ := CrossValidate(ds, one)
	if !slices.Equal(cv1.Prob, cv2.Prob) || !slices.Equal(cv1.Fold, cv2.Fold) {
		t.Error("cross-validation is not deterministic")
	}
}

// TestLearnsTheTruth fits data whose churn follows a known additive model:
// the held-out ranking should come close to the truth's own, the measures
// that matter should outweigh those that do not, and the shapes should bend
// the right way.
func TestLearnsTheTruth(t *testing.T) {
	ds, truth := gen(6000, 1)
	cv, err := CrossValidate(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	best := ROCAUC(truth, ds.Labels)
	if cv.AUC < best-0.02 || cv.AUC > best+0.01 {
		t.Errorf("held-out AUC %.4f, the true model's %.4f", cv.AUC, best)
	}
	if cv.AUC <= cv.BaseAUC-0.01 {
		t.Errorf("held-out AUC %.4f well under logistic regression's %.4f", cv.AUC, cv.BaseAUC)
	}
	m, err := Fit(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	weight := map[string]float64{}
	byName := map[string]*Term{}
	for _, term := range m.Terms {
		weight[term.Feature] = term.Weight
		byName[term.Feature] = term
	}
	for _, strong := range []string{"usage", "tickets", "Plan Tier"} {
		for _, weak := range []string{"noise", "region"} {
			if weight[strong] <= 2*weight[weak] {
				t.Errorf("%s weighs %v, %s %v", strong, weight[strong], weak, weight[weak])
			}
		}
	}
	if u := byName["usage"]; u == nil || u.Points[0] >= u.Points[len(u.Points)-1] {
		t.Errorf("low usage should earn fewer points than high: %+v", u)
	}
	if tk := byName["tickets"]; tk == nil || tk.Points[0] <= tk.Points[len(tk.Points)-1] || tk.Missing == 0 {
		t.Errorf("few tickets should earn more points than many, and some are missing: %+v", tk)
	}
	if p := byName["Plan Tier"]; p == nil || p.Points[slices.Index(p.Cats, "enterprise")] <= p.Points[slices.Index(p.Cats, "basic")] {
		t.Errorf("enterprise should earn more points than basic: %+v", p)
	}
	// The probability follows the held-out rates: deciles within 10 points.
	for _, b := range cv.Deciles {
		if math.Abs(b.Predicted-b.Observed) > 0.1 {
			t.Errorf("decile %+v: predicted and observed too far apart", b)
		}
	}
}

// engineScores scores every example through the scorecard engine, as
// accounts whose custom attributes are the example's values.
func engineScores(t *testing.T, yml []byte, ds *Dataset, attrs []string) ([]float64, *scorecard.Scorecard) {
	t.Helper()
	sc, err := scorecard.Parse("calibrated.yaml", yml)
	if err != nil {
		t.Fatalf("the card does not parse: %v\n%s", err, yml)
	}
	out := make([]float64, ds.Len())
	for i := range out {
		a := &gtg.Account{ExternalID: ds.IDs[i], Attrs: map[string]any{}}
		for j, f := range ds.Features {
			if f.missing(i) {
				continue
			}
			if f.Numeric() {
				a.Attrs[attrs[j]] = f.Num[i]
			} else {
				a.Attrs[attrs[j]] = f.Cat[i]
			}
		}
		out[i] = sc.Score(&scorecard.AccountData{Account: a, AsOf: gtg.MustParseDay("2026-01-02")}).Score
	}
	return out, sc
}

func TestScorecardScoresAsTheEngine(t *testing.T) {
	ds, _ := gen(3000, 2)
	m, err := Fit(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	yml, err := m.Scorecard(CardInfo{Name: "gen-card", Version: 3, Source: "gen.csv", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	// New data with values the model never saw: a new plan, extreme usage.
	test, _ := gen(500, 9)
	test.Features[3].Cat[0] = "platinum"
	test.Features[0].Num[1] = 1e9
	test.Features[4].Cat[2] = ""
	attrs := []string{"usage", "tickets", "noise", "plan_tier", "region"}
	for _, d := range []*Dataset{ds, test} {
		got, sc := engineScores(t, yml, d, attrs)
		want, err := m.Score(d)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Errorf("the engine scores the card otherwise than the model (-model +engine):\n%s", diff)
		}
		if sc.Name != "gen-card" || sc.Version != 3 || sc.Thresholds.Green != m.Green || sc.Thresholds.Yellow != m.Yellow {
			t.Errorf("card %s v%d thresholds %+v, model green %v yellow %v", sc.Name, sc.Version, sc.Thresholds, m.Green, m.Yellow)
		}
	}
	// The thresholds flag about the shares asked for.
	scores, _ := m.Score(ds)
	var red, yellow int
	for _, s := range scores {
		if s < m.Yellow {
			red++
		} else if s < m.Green {
			yellow++
		}
	}
	if r, y := float64(red)/float64(ds.Len()), float64(yellow)/float64(ds.Len()); math.Abs(r-0.1) > 0.02 || math.Abs(y-0.2) > 0.02 {
		t.Errorf("red %.3f yellow %.3f, want about 0.10 and 0.20", r, y)
	}
}

// TestPairTerm fits data where churn depends on two measures together only
// (an exclusive or), which main effects cannot express: the card needs a
// pair, written as an expression the engine scores as the model does.
func TestPairTerm(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	n := 4000
	ds := &Dataset{IDs: make([]string, n), Labels: make([]bool, n)}
	x := &Feature{Name: "logins", Num: make([]float64, n)}
	c := &Feature{Name: "Support Plan", Cat: make([]string, n)}
	z := &Feature{Name: "users", Num: make([]float64, n)}
	var truth []float64
	for i := range n {
		ds.IDs[i] = strconv.Itoa(i)
		x.Num[i] = float64(rng.IntN(100))
		c.Cat[i] = []string{"Gold", "silver", "Bronze \"B\""}[rng.IntN(3)]
		z.Num[i] = float64(rng.IntN(50))
		logit := -2.0
		if (x.Num[i] < 50) != (c.Cat[i] == "Gold") {
			logit = 1
		}
		logit += z.Num[i] / 50
		truth = append(truth, logit)
		ds.Labels[i] = rng.Float64() < 1/(1+math.Exp(-logit))
		if i%50 == 0 {
			x.Num[i] = math.NaN()
		}
	}
	ds.Features = []*Feature{x, c, z}
	o := fast
	o.Pairs = 2
	m, err := Fit(ds, o)
	if err != nil {
		t.Fatal(err)
	}
	var pair *Term
	for _, term := range m.Terms {
		if term.Pair != nil && term.Feature == "logins × Support Plan" {
			pair = term
		}
	}
	if pair == nil {
		t.Fatalf("no logins × Support Plan pair among %d terms", len(m.Terms))
	}
	yml, err := m.Scorecard(CardInfo{Name: "pairs", Version: 1, Source: "gen"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := engineScores(t, yml, ds, []string{"logins", "support_plan", "users"})
	want, _ := m.Score(ds)
	if diff := cmp.Diff(want, got, cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("the engine scores the card otherwise than the model (-model +engine):\n%s\n%s", diff, yml)
	}
	probs := make([]float64, n)
	for i, s := range want {
		probs[i] = m.Probability(s)
	}
	if a, best := ROCAUC(probs, ds.Labels), ROCAUC(truth, ds.Labels); a < best-0.03 {
		t.Errorf("in-sample AUC %.4f, the true model's %.4f: the pair is not doing its job\n%s", a, best, yml)
	}
}
