package cli

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/calibrate"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/spf13/cobra"
)

// calibrateFlags are the flags of gtg calibrate.
type calibrateFlags struct {
	table, id, label, positive string
	ignore                     []string
	folds                      int
	seed                       uint64
	out, scoresOut, test, name string
	redShare, yellowShare      float64
	json                       bool
}

func calibrateCmd(env *Env) *cobra.Command {
	var f calibrateFlags
	var pf portfolioFlags
	cmd := &cobra.Command{
		Use:   "calibrate [--scorecard FILE] [--as-of DATE | --from DATE --to DATE --every 30d] [--horizon 90d] | --table FILE.csv --id COLUMN --label COLUMN --positive VALUE [--ignore COL,COL] [--test TEST.csv]  [--folds 5] [--seed S] [--out scorecard.yaml] [--scores-out FILE.csv] [--json]",
		Short: "Learn a scorecard from outcomes, checked by cross-validation",
		Long: `Learn a health scorecard from outcomes: an explainable additive model (one
shape function per measure, fitted by cyclic gradient boosting on binned
values, bagged and stopped early), written as a scorecard YAML whose bands and
points a person can review, and checked by k-fold cross-validation: every
figure reported is for examples the model did not see.

Without --table it learns from the stored history: each example is an
account as of a date, its measures computed from what was known on that date,
labelled by whether it churned or contracted within the horizon after it;
folds split by account. With --scorecard the card's measures are the
candidates; without, measures are proposed from whatever the database holds
(every metric's sums, averages and changes over 30/90/180 days, every event
type's counts and days since the last one, every account field and attribute;
for every metric and event type also recency, frequency over the last year and
the whole history, average per active day, days since the first value and the
trend of the gap between active days).
--scores-out then scores the accounts as of the last date.

Table mode reads a CSV with one row per account: an id column, a label
column and every other column (except --ignore) a measure. A column is
numeric when all its values that are not blank (nor NA, N/A, NaN, null, None,
?) are plain numbers; a column where at least 90% of them are numbers and
some are not is refused, naming the line; other columns are categories.

--scores-out writes id,score,probability,label for every row, each scored
by a model that did not see it: the held-out fold's, or with --test the model
fitted on the whole table, scoring TEST.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if f.table != "" && (pf.card != "" || pf.asOf != "" || pf.from != "" || pf.to != "") {
				return usageErr(c, "--scorecard, --as-of, --from and --to calibrate from the stored history, not from --table")
			}
			if f.folds < 2 {
				return gtg.Errorf(gtg.EINVALID, "--folds %d: want 2 or more", f.folds)
			}
			if f.table == "" {
				return runCalibratePortfolio(c, env, &f, &pf)
			}
			return runCalibrateTable(env, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.table, "table", "", "a CSV table with one row per account")
	fl.StringVar(&f.id, "id", "", "the column of account ids")
	fl.StringVar(&f.label, "label", "", "the column of outcomes")
	fl.StringVar(&f.positive, "positive", "", "the outcome value that means churned (matched ignoring case)")
	fl.StringSliceVar(&f.ignore, "ignore", nil, "columns that are not measures, comma-separated")
	fl.IntVar(&f.folds, "folds", 5, "folds of cross-validation")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed: the same seed gives the same folds, card and scores")
	fl.StringVar(&f.out, "out", "", "write the scorecard YAML to this file")
	fl.StringVar(&f.scoresOut, "scores-out", "", "write id,score,probability,label for every row to this CSV file")
	fl.StringVar(&f.test, "test", "", "a table with the same columns to score with the model fitted on --table")
	fl.StringVar(&f.name, "name", "", "the scorecard's name (default: from the table's file name)")
	fl.Float64Var(&f.redShare, "red-share", calibrate.DefaultOptions.RedShare, "share of accounts the card flags red")
	fl.Float64Var(&f.yellowShare, "yellow-share", calibrate.DefaultOptions.YellowShare, "share of accounts flagged yellow, after the red ones")
	fl.BoolVar(&f.json, "json", false, "print the figures as JSON")
	pf.register(cmd)
	return cmd
}

func readTable(path string, spec calibrate.TableSpec) (*calibrate.Table, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, gtg.Errorf(gtg.EINVALID, "cannot read %s: %v", path, err)
	}
	defer file.Close()
	return calibrate.ReadTable(path, file, spec)
}

func runCalibrateTable(env *Env, f *calibrateFlags) error {
	name := f.name
	if name == "" {
		name = calibrate.CardName(filepath.Base(f.table))
	}
	t, err := readTable(f.table, calibrate.TableSpec{ID: f.id, Label: f.label, Positive: f.positive, Ignore: f.ignore})
	if err != nil {
		return err
	}
	if f.folds > t.Positives() || f.folds > t.Len()-t.Positives() {
		return gtg.Errorf(gtg.EINVALID, "%s: %d positive and %d negative rows are too few for %d folds", f.table, t.Positives(), t.Len()-t.Positives(), f.folds)
	}
	cv, m, err := fitCard(t.Dataset, f)
	if err != nil {
		return err
	}
	var test *calibrate.Table
	var testScores, testProbs []float64
	if f.test != "" {
		if test, err = readTable(f.test, calibrate.TableSpec{ID: f.id, Label: f.label, Positive: f.positive, Like: t}); err != nil {
			return err
		}
		if testScores, testProbs, err = m.Predict(test.Dataset); err != nil {
			return err
		}
	}
	if f.out != "" {
		yml, err := m.Scorecard(calibrate.CardInfo{Name: name, Version: 1, Source: filepath.Base(f.table),
			Date: env.Now(), Seed: f.seed, CV: cv})
		if err != nil {
			return err
		}
		if err := writeCard(yml, f.out, f.out); err != nil {
			return err
		}
	}
	if f.scoresOut != "" {
		var err error
		if test != nil {
			err = writeScores(f.scoresOut, test.IDs, testScores, testProbs, test.Labels)
		} else {
			err = writeScores(f.scoresOut, t.IDs, cv.Score, cv.Prob, t.Labels)
		}
		if err != nil {
			return err
		}
	}
	if f.json {
		return calibrateJSON(env.Stdout, t, cv, m, test, testProbs)
	}
	calibrateReport(env.Stdout, f, t, cv, m, test, testProbs)
	return nil
}

// fitCard checks a model for f by cross-validation on ds, then fits the
// card's model on all of it.
func fitCard(ds *calibrate.Dataset, f *calibrateFlags) (*calibrate.CV, *calibrate.Model, error) {
	o := calibrate.Options{Folds: f.folds, Seed: f.seed, RedShare: f.redShare, YellowShare: f.yellowShare}
	cv, err := calibrate.CrossValidate(ds, o)
	if err != nil {
		return nil, nil, err
	}
	m, err := calibrate.Fit(ds, o)
	if err != nil {
		return nil, nil, err
	}
	return cv, m, nil
}

// writeCard checks that a learned card parses (errors name it as file) and
// writes it to out, if out is given.
func writeCard(yml []byte, file, out string) error {
	if _, err := scorecard.Parse(file, yml); err != nil {
		return fmt.Errorf("calibrate: the written card does not parse: %w", err)
	}
	if out == "" {
		return nil
	}
	if err := os.WriteFile(out, yml, 0o644); err != nil {
		return gtg.Errorf(gtg.EINVALID, "cannot write %s: %v", out, err)
	}
	return nil
}

// writeScores writes id,score,probability,label; labels may be nil.
func writeScores(path string, ids []string, scores, probs []float64, labels []bool) error {
	file, err := os.Create(path)
	if err != nil {
		return gtg.Errorf(gtg.EINVALID, "cannot write %s: %v", path, err)
	}
	w := bufio.NewWriter(file)
	fmt.Fprintln(w, "id,score,probability,label")
	for i, id := range ids {
		score, label := "", ""
		if !math.IsNaN(scores[i]) {
			score = strconv.FormatFloat(scores[i], 'f', 4, 64)
		}
		if labels != nil {
			label = "0"
			if labels[i] {
				label = "1"
			}
		}
		fmt.Fprintf(w, "%s,%s,%s,%s\n", csvField(id), score, strconv.FormatFloat(probs[i], 'f', 6, 64), label)
	}
	if err := w.Flush(); err != nil {
		file.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return file.Close()
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// jnum is a number for JSON, null when NaN.
func jnum(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return math.Round(v*1e6) / 1e6
}

func confusionJSON(c calibrate.Confusion) map[string]any {
	return map[string]any{"share": jnum(c.Share), "precision": jnum(c.Precision), "recall": jnum(c.Recall)}
}

func calibrateJSON(w io.Writer, t *calibrate.Table, cv *calibrate.CV, m *calibrate.Model, test *calibrate.Table, testProbs []float64) error {
	folds := make([]any, len(cv.FoldAUC))
	for k, a := range cv.FoldAUC {
		folds[k] = jnum(a)
	}
	deciles := make([]map[string]any, len(cv.Deciles))
	for k, d := range cv.Deciles {
		deciles[k] = map[string]any{"count": d.Count, "predicted": jnum(d.Predicted), "observed": jnum(d.Observed)}
	}
	measures := make([]map[string]any, len(m.Terms))
	for k, term := range m.Terms {
		measures[k] = map[string]any{"column": term.Feature, "weight": term.Weight, "numeric": term.Numeric}
	}
	out := map[string]any{
		"auc": jnum(cv.AUC), "pr_auc": jnum(cv.PRAUC), "folds": cv.Folds, "rows": t.Len(),
		"positives": t.Positives(), "fold_aucs": folds, "mean_fold_auc": jnum(cv.MeanFoldAUC()),
		"model_auc": jnum(cv.ModelAUC), "logreg_auc": jnum(cv.BaseAUC), "logreg_pr_auc": jnum(cv.BasePRAUC),
		"red": confusionJSON(cv.Red), "red_or_yellow": confusionJSON(cv.RedOrYellow),
		"thresholds":  map[string]any{"green": m.Green, "yellow": m.Yellow},
		"calibration": deciles, "measures": measures,
	}
	nm, np, nd := m.Size()
	out["card_size"] = map[string]any{"measures": nm, "pairs": np, "derived": nd}
	// auc and pr_auc are the figures a reader quotes, so with a labelled
	// --test table they are the test table's; the cross-validated figures on
	// the training table are always under cv_auc and cv_pr_auc.
	out["cv_auc"], out["cv_pr_auc"] = out["auc"], out["pr_auc"]
	if test != nil {
		tj := map[string]any{"rows": test.Len()}
		if test.HasLabel {
			tj["auc"], tj["pr_auc"] = jnum(calibrate.ROCAUC(testProbs, test.Labels)), jnum(calibrate.PRAUC(testProbs, test.Labels))
			out["auc"], out["pr_auc"] = tj["auc"], tj["pr_auc"]
		}
		out["test"] = tj
	}
	return printJSON(w, out)
}

func calibrateReport(w io.Writer, f *calibrateFlags, t *calibrate.Table, cv *calibrate.CV, m *calibrate.Model, test *calibrate.Table, testProbs []float64) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	pc := func(v float64) string {
		if math.IsNaN(v) {
			return "n/a"
		}
		return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
	}
	p("%s: %d rows, %d positive (%s); %d measures (%d numeric, %d text)\n", f.table, t.Len(), t.Positives(),
		pc(float64(t.Positives())/float64(t.Len())), len(t.Features), len(t.Numeric), len(t.Text))
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, a := range cv.FoldAUC {
		lo, hi = min(lo, a), max(hi, a)
	}
	p("held out in %d-fold cross-validation (seed %d), every row scored by a model that did not see it:\n", cv.Folds, f.seed)
	p("  scorecard            ROC AUC %.4f (folds %.3f to %.3f)  PR AUC %.4f\n", cv.AUC, lo, hi, cv.PRAUC)
	p("  model before bands   ROC AUC %.4f\n", cv.ModelAUC)
	p("  logistic regression  ROC AUC %.4f                         PR AUC %.4f  (same folds)\n", cv.BaseAUC, cv.BasePRAUC)
	p("  red (riskiest %s):          precision %s, recall %s\n", pc(cv.Red.Share), pc(cv.Red.Precision), pc(cv.Red.Recall))
	p("  red or yellow (riskiest %s): precision %s, recall %s\n", pc(cv.RedOrYellow.Share), pc(cv.RedOrYellow.Precision), pc(cv.RedOrYellow.Recall))
	if test != nil {
		p("%s: %d rows scored by the model fitted on %s", f.test, test.Len(), f.table)
		if test.HasLabel {
			p(": ROC AUC %.4f, PR AUC %.4f", calibrate.ROCAUC(testProbs, test.Labels), calibrate.PRAUC(testProbs, test.Labels))
		}
		p("\n")
	}
	p("the card: green at %s and up, yellow from %s, red below; strongest measures (share of the score):\n",
		strconv.FormatFloat(m.Green, 'f', -1, 64), strconv.FormatFloat(m.Yellow, 'f', -1, 64))
	for k, term := range m.Terms {
		if k == 8 {
			p("  … and %d more\n", len(m.Terms)-k)
			break
		}
		p("  %5.1f%%  %s\n", term.Weight, term.Feature)
	}
	if len(m.Dropped) > 0 {
		p("  left out for carrying under %s%% of the score: %d measures\n", strconv.FormatFloat(m.MinWeight, 'f', -1, 64), len(m.Dropped))
	}
	if f.out != "" {
		p("wrote %s: review it, then gtg scorecard apply %s\n", f.out, f.out)
	} else {
		p("give --out FILE.yaml to write the scorecard\n")
	}
	if f.scoresOut != "" {
		p("wrote %s\n", f.scoresOut)
	}
}
