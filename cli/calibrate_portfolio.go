package cli

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/backtest"
	"github.com/gtg-dev/gtg/calibrate"
	"github.com/gtg-dev/gtg/store"
)

// portfolioFlags are calibrate's flags for learning from the stored history.
type portfolioFlags struct {
	card, asOf, from, to, every, horizon string
}

func (pf *portfolioFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&pf.card, "scorecard", "", "learn points for this card's measures (default: propose measures from the data)")
	fl.StringVar(&pf.asOf, "as-of", "", "one date to take the accounts as of")
	fl.StringVar(&pf.from, "from", "", "first date of examples (default a year before --to)")
	fl.StringVar(&pf.to, "to", "", "last date of examples (default today minus the horizon)")
	fl.StringVar(&pf.every, "every", "30d", "days between example dates")
	fl.StringVar(&pf.horizon, "horizon", "90d", "a churn or contraction within this long after a date is the label")
}

// runCalibratePortfolio learns a card from the stored history: each
// example is an account as of a date, its measures computed from what was
// known then, its label whether it churned or contracted within the horizon.
func runCalibratePortfolio(c *cobra.Command, env *Env, f *calibrateFlags, pf *portfolioFlags) error {
	horizon, err := parseDays("horizon", pf.horizon)
	if err != nil {
		return err
	}
	every, err := parseDays("every", pf.every)
	if err != nil {
		return err
	}
	today := gtg.DayOf(env.Now())
	var dates []gtg.Day
	if pf.asOf != "" {
		if pf.from != "" || pf.to != "" {
			return usageErr(c, "give --as-of or --from/--to, not both")
		}
		d, err := dayFlag("as-of", pf.asOf, 0)
		if err != nil {
			return err
		}
		dates = []gtg.Day{d}
	} else {
		from, to, err := replayWindow(pf.from, pf.to, today, horizon)
		if err != nil {
			return err
		}
		if from > to {
			return gtg.Errorf(gtg.EINVALID, "--from %s is after --to %s", from, to)
		}
		dates = backtest.Dates(from, to, every)
	}
	return useStore(env, c, func(s *store.Store) error {
		return calibrateHistory(c, env, s, f, dates, horizon, pf.card)
	})
}

// calibrateHistory learns, checks and writes a card from the examples on
// dates, with candidate measures from the card file named (if any).
func calibrateHistory(c *cobra.Command, env *Env, s *store.Store, f *calibrateFlags, dates []gtg.Day, horizon int, card string) error {
	var cands *backtest.Candidates
	source := "the stored history"
	var err error
	if card != "" {
		sc, err := readScorecard(card)
		if err != nil {
			return err
		}
		if cands, err = backtest.CandidatesFrom(sc); err != nil {
			return err
		}
		source = fmt.Sprintf("the measures of %s@%d on the stored history", sc.Name, sc.Version)
	} else if cands, err = backtest.ProposeCandidates(c.Context(), s); err != nil {
		return err
	}
	start := time.Now()
	ds, err := backtest.BuildDataset(c.Context(), s, backtest.DatasetOptions{Candidates: cands, Dates: dates, Horizon: horizon})
	if err != nil {
		return err
	}
	pos := ds.Positives()
	if ds.Len() == 0 {
		return gtg.Errorf(gtg.EINVALID, "calibrate: no account existed on the dates %s to %s", dates[0], dates[len(dates)-1])
	}
	if f.folds > pos || f.folds > ds.Len()-pos {
		return gtg.Errorf(gtg.EINVALID, "calibrate: %d examples churned or contracted within %d days and %d did not: too few for %d folds",
			pos, horizon, ds.Len()-pos, f.folds)
	}
	cv, m, err := fitCard(ds.Dataset, f)
	if err != nil {
		return err
	}
	name := f.name
	if name == "" {
		name = "calibrated"
	}
	version := 1
	if stored, err := s.Scorecards(c.Context()); err == nil {
		for _, sc := range stored {
			if sc.Name == name {
				version = sc.Version + 1
			}
		}
	}
	yml, err := m.Scorecard(calibrate.CardInfo{Name: name, Version: version, Source: source, Date: env.Now(), Seed: f.seed, CV: cv,
		Define: cands.Define})
	if err != nil {
		return err
	}
	if err := writeCard(yml, name+".yaml", f.out); err != nil {
		return err
	}
	// Scores out: the accounts as of the last date, each held out.
	last := dates[len(dates)-1]
	var ids []string
	var scores, probs []float64
	var labels []bool
	for i, d := range ds.Days {
		if d == last {
			ids, scores, probs, labels = append(ids, ds.ExtIDs[i]), append(scores, cv.Score[i]), append(probs, cv.Prob[i]), append(labels, ds.Labels[i])
		}
	}
	if f.scoresOut != "" {
		if err := writeScores(f.scoresOut, ids, scores, probs, labels); err != nil {
			return err
		}
	}
	if f.json {
		terms := make([]map[string]any, len(m.Terms))
		for k, t := range m.Terms {
			terms[k] = map[string]any{"measure": t.Feature, "weight": t.Weight, "numeric": t.Numeric}
		}
		out := map[string]any{"auc": jnum(cv.AUC), "pr_auc": jnum(cv.PRAUC), "folds": cv.Folds, "rows": ds.Len(),
			"positives": pos, "accounts": len(uniqueAccounts(ds.Accounts)), "dates": len(dates), "horizon_days": horizon,
			"model_auc": jnum(cv.ModelAUC), "logreg_auc": jnum(cv.BaseAUC), "logreg_pr_auc": jnum(cv.BasePRAUC),
			"red": confusionJSON(cv.Red), "red_or_yellow": confusionJSON(cv.RedOrYellow), "candidates": len(ds.Features),
			"thresholds": map[string]any{"green": m.Green, "yellow": m.Yellow}, "measures": terms, "name": name, "version": version,
			"seconds": math.Round(time.Since(start).Seconds()*10) / 10}
		nm, np, nd := m.Size()
		out["card_size"] = map[string]any{"measures": nm, "pairs": np, "derived": nd}
		return printJSON(env.Stdout, out)
	}
	p := func(format string, args ...any) { fmt.Fprintf(env.Stdout, format, args...) }
	p("%d examples: %d accounts on %d dates from %s to %s; %d churned or contracted within %d days (%.1f%%); %d candidate measures\n",
		ds.Len(), len(uniqueAccounts(ds.Accounts)), len(dates), dates[0], last, pos, horizon, 100*float64(pos)/float64(ds.Len()), len(ds.Features))
	p("held out in %d-fold cross-validation by account (seed %d):\n", cv.Folds, f.seed)
	p("  calibrated card      ROC AUC %.4f  PR AUC %.4f\n", cv.AUC, cv.PRAUC)
	p("  model before bands   ROC AUC %.4f\n", cv.ModelAUC)
	p("  logistic regression  ROC AUC %.4f  PR AUC %.4f  (same folds)\n", cv.BaseAUC, cv.BasePRAUC)
	p("card %s version %d: green at %s and up, yellow from %s; %d measures, strongest first:\n", name, version,
		strconv.FormatFloat(m.Green, 'f', 1, 64), strconv.FormatFloat(m.Yellow, 'f', 1, 64), len(m.Terms))
	for k, t := range m.Terms {
		if k == 10 {
			p("  … and %d more\n", len(m.Terms)-10)
			break
		}
		p("  %-40s %5.1f%%\n", t.Feature, t.Weight)
	}
	if f.out != "" {
		p("wrote %s: review it, then gtg backtest --scorecard %s, and gtg scorecard apply %s\n", f.out, f.out, f.out)
	} else {
		p("(write the card with --out FILE)\n")
	}
	return nil
}

func uniqueAccounts(ids []int64) map[int64]bool {
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out
}
