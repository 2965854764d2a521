package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/calibrate"
	"github.com/gtg-dev/gtg/scorecard"
)

// churnTable writes a CSV of n accounts whose churn follows low usage, many
// tickets and the plan, with ids from first on.
func churnTable(t *testing.T, path string, n, first int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	b.WriteString("Account ID,usage,tickets,plan,churned\n")
	for i := range n {
		usage := math.Round(math.Exp(rng.NormFloat64())*10) / 10
		tickets := rng.IntN(8)
		plan := []string{"basic", "pro", "enterprise"}[rng.IntN(3)]
		logit := -1 - 1.2*math.Log1p(usage) + 0.3*float64(tickets) + map[string]float64{"basic": 0.8, "enterprise": -0.9}[plan]
		churned := "no"
		if rng.Float64() < 1/(1+math.Exp(-logit)) {
			churned = "yes"
		}
		ticketText := strconv.Itoa(tickets)
		if i%20 == 0 {
			ticketText = "" // missing
		}
		fmt.Fprintf(&b, "A-%d,%v,%s,%s,%s\n", first+i, usage, ticketText, plan, churned)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readScores reads a --scores-out file.
func readScores(t *testing.T, path string) (ids []string, probs []float64, labels []bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "id,score,probability,label" {
		t.Fatalf("header %v", rows[0])
	}
	for _, r := range rows[1:] {
		score, err1 := strconv.ParseFloat(r[1], 64)
		p, err2 := strconv.ParseFloat(r[2], 64)
		if err1 != nil || err2 != nil || score < 0 || score > 100 || p <= 0 || p >= 1 {
			t.Fatalf("bad row %v", r)
		}
		ids = append(ids, r[0])
		probs = append(probs, p)
		labels = append(labels, r[3] == "1")
	}
	return ids, probs, labels
}

func TestCalibrateTable(t *testing.T) {
	dir := t.TempDir()
	train, test := filepath.Join(dir, "crm-export.csv"), filepath.Join(dir, "test.csv")
	churnTable(t, train, 1200, 0, 1)
	churnTable(t, test, 300, 5000, 2)
	scores, card := filepath.Join(dir, "scores.csv"), filepath.Join(dir, "card.yaml")
	args := []string{"calibrate", "--table", train, "--id", "account id", "--label", "churned", "--positive", "yes",
		"--folds", "3", "--seed", "4", "--scores-out", scores, "--out", card}

	code, out, errOut := gtgRun(t, "", "", append(args, "--json")...)
	if code != 0 {
		t.Fatalf("calibrate --json: %d %s", code, errOut)
	}
	var res struct {
		AUC   float64 `json:"auc"`
		PRAUC float64 `json:"pr_auc"`
		Folds int     `json:"folds"`
		Rows  int     `json:"rows"`
		Size  struct {
			Measures, Pairs, Derived int
		} `json:"card_size"`
		Measures []any `json:"measures"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if res.Folds != 3 || res.Rows != 1200 || res.AUC < 0.6 || res.AUC > 1 || res.PRAUC <= 0 || res.PRAUC > 1 {
		t.Fatalf("figures %+v\n%s", res, out)
	}
	if res.Size.Measures != len(res.Measures) || res.Size.Measures == 0 || res.Size.Pairs > res.Size.Measures {
		t.Errorf("card_size %+v for %d measures", res.Size, len(res.Measures))
	}

	// Every row scored once, held out: the file's AUC is the reported one.
	ids, probs, labels := readScores(t, scores)
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	if len(ids) != 1200 || len(seen) != 1200 || !seen["A-0"] || !seen["A-1199"] {
		t.Fatalf("%d scores for %d distinct ids", len(ids), len(seen))
	}
	if a := calibrate.ROCAUC(probs, labels); math.Abs(a-res.AUC) > 1e-3 {
		t.Errorf("AUC from the scores file %.4f, reported %.4f", a, res.AUC)
	}
	yml, err := os.ReadFile(card)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scorecard.Parse(card, yml)
	if err != nil {
		t.Fatalf("the written card does not parse: %v", err)
	}
	if sc.Name != "crm-export" || sc.Measure("usage") == nil || sc.Measure("plan") == nil {
		t.Errorf("card %s with measures %v", sc.Name, sc.Measures)
	}

	// The same seed gives the same scores; the report reads as one.
	first, _ := os.ReadFile(scores)
	code, out, errOut = gtgRun(t, "", "", args...)
	if code != 0 || !strings.Contains(out, "held out in 3-fold cross-validation (seed 4)") || !strings.Contains(out, "logistic regression") {
		t.Fatalf("calibrate: %d %s %s", code, out, errOut)
	}
	if again, _ := os.ReadFile(scores); string(again) != string(first) {
		t.Error("the same seed wrote other scores")
	}

	// --test: the model fitted on the table scores the test table.
	code, out, errOut = gtgRun(t, "", "", append(args, "--test", test, "--json")...)
	if code != 0 {
		t.Fatalf("calibrate --test: %d %s", code, errOut)
	}
	var withTest struct {
		AUC     float64 `json:"auc"`
		PRAUC   float64 `json:"pr_auc"`
		CVAUC   float64 `json:"cv_auc"`
		CVPRAUC float64 `json:"cv_pr_auc"`
		Test    struct {
			Rows  int     `json:"rows"`
			AUC   float64 `json:"auc"`
			PRAUC float64 `json:"pr_auc"`
		} `json:"test"`
	}
	if err := json.Unmarshal([]byte(out), &withTest); err != nil || withTest.Test.Rows != 300 || withTest.Test.AUC < 0.6 {
		t.Fatalf("--test figures %+v %v\n%s", withTest, err, out)
	}
	ids, probs, labels = readScores(t, scores)
	if len(ids) != 300 || ids[0] != "A-5000" {
		t.Fatalf("--test scores %d rows, first %v", len(ids), ids[:1])
	}
	if a := calibrate.ROCAUC(probs, labels); math.Abs(a-withTest.Test.AUC) > 1e-3 {
		t.Errorf("test AUC from the scores file %.4f, reported %.4f", a, withTest.Test.AUC)
	}
	// The headline figures are the test table's, recomputed here from the
	// scores file; the cross-validated ones move to cv_auc and cv_pr_auc.
	if a := calibrate.ROCAUC(probs, labels); math.Abs(a-withTest.AUC) > 1e-3 {
		t.Errorf("auc with --test %.4f, the test AUC from the scores file is %.4f", withTest.AUC, a)
	}
	if a := calibrate.PRAUC(probs, labels); math.Abs(a-withTest.PRAUC) > 1e-3 {
		t.Errorf("pr_auc with --test %.4f, the test PR AUC from the scores file is %.4f", withTest.PRAUC, a)
	}
	code, out, errOut = gtgRun(t, "", "", append(args, "--json")...)
	var cvOnly struct {
		AUC   float64 `json:"auc"`
		CVAUC float64 `json:"cv_auc"`
		PRAUC float64 `json:"pr_auc"`
	}
	if err := json.Unmarshal([]byte(out), &cvOnly); code != 0 || err != nil {
		t.Fatalf("calibrate --json: %d %v %s", code, err, errOut)
	}
	if cvOnly.AUC != cvOnly.CVAUC || withTest.CVAUC != cvOnly.AUC || withTest.CVPRAUC != cvOnly.PRAUC {
		t.Errorf("cv_auc %.4f (with --test) and %.4f (without), auc without --test %.4f: the cross-validated figure should not move",
			withTest.CVAUC, cvOnly.CVAUC, cvOnly.AUC)
	}
}

func TestCalibrateErrors(t *testing.T) {
	dir := t.TempDir()
	dup := filepath.Join(dir, "dup.csv")
	os.WriteFile(dup, []byte("id,x,churned\na,1,yes\nb,2,no\na,3,no\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ErrDuplicateID", []string{"--table", dup, "--id", "id", "--label", "churned", "--positive", "yes"},
			dup + ` line 4, column "id": id "a" is also on line 2`},
		{"ErrHistoryFlagsWithTable", []string{"--table", dup, "--id", "id", "--label", "churned", "--positive", "yes", "--as-of", "2026-01-01"},
			"--scorecard, --as-of, --from and --to calibrate from the stored history, not from --table"},
		{"ErrMissingFile", []string{"--table", filepath.Join(dir, "none.csv"), "--id", "id", "--label", "churned", "--positive", "yes"}, "cannot read"},
		{"ErrTooFewForFolds", []string{"--table", dup, "--id", "x", "--label", "churned", "--positive", "yes"},
			"1 positive and 2 negative rows are too few for 5 folds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := gtgRun(t, "", "", append([]string{"calibrate"}, tt.args...)...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}
