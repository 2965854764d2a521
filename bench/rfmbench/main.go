// Command rfmbench sets an RFM logistic regression beside gtg calibrate on
// a stored history: it builds the examples `gtg calibrate --db` builds with
// the measures it proposes (accounts as of a date every 30 days over the
// year before today minus the horizon, labelled by a churn or contraction
// within the horizon), and scores them, in the folds calibrate makes for
// the same seed, by logistic regressions on
//
//   - rfm: the recency, frequency, monetary and tenure measures of every
//     metric and event type (log1p of each, as RFM models take them), and
//
//   - all: every proposed measure, as the card's header reports.
//
//     go run ./bench/rfmbench -db gtg.db -seed 1
//
// Compare with `gtg calibrate --db gtg.db --seed 1 --json`'s auc.
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/backtest"
	"github.com/gtg-dev/gtg/calibrate"
	"github.com/gtg-dev/gtg/store"
)

// rfmSuffixes name the RFM measures among the proposed ones.
var rfmSuffixes = []string{"_days_since", "_active_days_365d", "_active_days_all", "_count_365d", "_count_all",
	"_avg_active_365d", "_avg_active_all", "_days_since_first"}

func main() {
	db := flag.String("db", "gtg.db", "the database")
	seed := flag.Uint64("seed", 1, "the seed calibrate was run with")
	folds := flag.Int("folds", 5, "folds")
	horizon := flag.Int("horizon", 90, "days after a date a churn or contraction counts")
	from := flag.String("from", "", "first date of examples (default a year before -to), as calibrate --from")
	to := flag.String("to", "", "last date of examples (default today minus the horizon), as calibrate --to")
	flag.Parse()
	if err := run(*db, *seed, *folds, *horizon, *from, *to); err != nil {
		fmt.Fprintln(os.Stderr, "rfmbench:", err)
		os.Exit(1)
	}
}

func run(db string, seed uint64, folds, horizon int, fromFlag, toFlag string) error {
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	cands, err := backtest.ProposeCandidates(ctx, s)
	if err != nil {
		return err
	}
	to := gtg.DayOf(time.Now()) - gtg.Day(horizon)
	if toFlag != "" {
		if to, err = gtg.ParseDay(toFlag); err != nil {
			return err
		}
	}
	from := to - 365
	if fromFlag != "" {
		if from, err = gtg.ParseDay(fromFlag); err != nil {
			return err
		}
	}
	ds, err := backtest.BuildDataset(ctx, s, backtest.DatasetOptions{Candidates: cands, Dates: backtest.Dates(from, to, 30), Horizon: horizon})
	if err != nil {
		return err
	}
	rfm := &calibrate.Dataset{IDs: ds.IDs, Groups: ds.Groups, Labels: ds.Labels}
	var names []string
	for _, f := range ds.Features {
		if !f.Numeric() || !(f.Name == "account_tenure_days" || hasSuffix(f.Name, rfmSuffixes)) {
			continue
		}
		g := &calibrate.Feature{Name: f.Name, Num: make([]float64, len(f.Num))}
		for i, x := range f.Num {
			g.Num[i] = math.Log1p(max(x, 0))
		}
		rfm.Features = append(rfm.Features, g)
		names = append(names, f.Name)
	}
	o := calibrate.Options{Folds: folds, Seed: seed}
	fmt.Printf("%d examples (%d churned), %d proposed measures, %d of them RFM: %s\n",
		ds.Len(), ds.Positives(), len(ds.Features), len(names), strings.Join(names, ", "))
	for _, c := range []struct {
		name string
		ds   *calibrate.Dataset
	}{{"rfm", rfm}, {"all", ds.Dataset}} {
		probs, err := calibrate.CrossValidateLogReg(c.ds, o)
		if err != nil {
			return err
		}
		fmt.Printf("logistic regression on %s measures: held-out ROC AUC %.4f, PR AUC %.4f\n", c.name,
			calibrate.ROCAUC(probs, c.ds.Labels), calibrate.PRAUC(probs, c.ds.Labels))
	}
	return nil
}

func hasSuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
