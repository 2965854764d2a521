package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/backtest"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

// parseDays reads a duration in days: "90d", "12w" or "90".
func parseDays(flag, v string) (int, error) {
	s := strings.TrimSpace(strings.ToLower(v))
	mult := 1
	switch {
	case strings.HasSuffix(s, "d"):
		s = strings.TrimSuffix(s, "d")
	case strings.HasSuffix(s, "w"):
		s, mult = strings.TrimSuffix(s, "w"), 7
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, gtg.Errorf(gtg.EINVALID, "--%s: %q is not a number of days like 90d or 12w", flag, v)
	}
	return n * mult, nil
}

// replayWindow is the range of dates given by --from and --to for a replay
// of history: by default the last year of dates whose horizon has passed.
func replayWindow(from, to string, today gtg.Day, horizon int) (gtg.Day, gtg.Day, error) {
	hi, err := dayFlag("to", to, today-gtg.Day(horizon))
	if err != nil {
		return 0, 0, err
	}
	lo, err := dayFlag("from", from, hi-365)
	if err != nil {
		return 0, 0, err
	}
	return lo, hi, nil
}

func backtestCmd(env *Env) *cobra.Command {
	var card, from, to, horizon, every string
	var asJSON, noSave bool
	var seed int64
	cmd := &cobra.Command{
		Use:   "backtest [--scorecard FILE] [--from DATE --to DATE] [--horizon 90d] [--every 30d] [--json]",
		Short: "Replay a scorecard over stored history against what really happened",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o := backtest.Options{Seed: seed}
			var err error
			if o.Horizon, err = parseDays("horizon", horizon); err != nil {
				return err
			}
			if o.Every, err = parseDays("every", every); err != nil {
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				var err error
				if card != "" {
					sc, err := readScorecard(card)
					if err != nil {
						return err
					}
					o.Cards = []*scorecard.Scorecard{sc}
				} else if o.Cards, err = health.Cards(c.Context(), s); err != nil {
					return err
				}
				today := gtg.DayOf(env.Now())
				if o.From, o.To, err = replayWindow(from, to, today, o.Horizon); err != nil {
					return err
				}
				if o.To+gtg.Day(o.Horizon) > today {
					fmt.Fprintf(env.Stderr, "gtg: note: the %d-day horizon after %s ends after today: recent dates have outcomes still to come\n", o.Horizon, o.To)
				}
				rp, err := backtest.Run(c.Context(), s, o)
				if err != nil {
					return err
				}
				r := rp.Report()
				if !noSave {
					b, err := json.Marshal(r)
					if err != nil {
						return err
					}
					actor, _, err := cliActor(env, c, s)
					if err != nil {
						return err
					}
					if _, err := s.SaveBacktest(c.Context(), actor, strings.Join(r.Cards, ", "), b); err != nil {
						return err
					}
				}
				if asJSON {
					return printJSON(env.Stdout, r)
				}
				printBacktest(env, r)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&card, "scorecard", "", "replay this scorecard file (default: the cards in force)")
	cmd.Flags().StringVar(&from, "from", "", "first evaluation date (default a year before --to)")
	cmd.Flags().StringVar(&to, "to", "", "last evaluation date (default today minus the horizon)")
	cmd.Flags().StringVar(&horizon, "horizon", "90d", "a churn or contraction within this long after a date counts")
	cmd.Flags().StringVar(&every, "every", "30d", "days between evaluation dates")
	cmd.Flags().Int64Var(&seed, "seed", 1, "seed for the calibration folds")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&noSave, "no-save", false, "do not keep the report for the backtest page")
	return cmd
}

func printBacktest(env *Env, r *backtest.Report) {
	out := env.Stdout
	fmt.Fprintf(out, "Backtest of %s: every %d days from %s to %s, horizon %d days\n", strings.Join(r.Cards, ", "), r.Every, r.From, r.To, r.Horizon)
	fmt.Fprintf(out, "  %d examples (%d accounts), %d churned or contracted within the horizon (%.1f%%); %d with insufficient data left out\n\n",
		r.Examples, r.Accounts, r.Positives, 100*r.BaseRate, r.Unscored)
	fmt.Fprintf(out, "  ROC AUC              %s   (0.5 is a coin toss)\n", num(r.AUC, 3))
	fmt.Fprintf(out, "  PR AUC               %s   (the base rate is %s)\n", num(r.PRAUC, 3), num(r.BaseRate, 3))
	fmt.Fprintf(out, "  red                  precision %s, recall %s (%d flagged)\n", pct(r.Red.Precision), pct(r.Red.Recall), r.Red.Flagged)
	fmt.Fprintf(out, "  red or yellow        precision %s, recall %s (%d flagged)\n", pct(r.RedYellow.Precision), pct(r.RedYellow.Recall), r.RedYellow.Flagged)
	fmt.Fprintf(out, "  surprise churn       %s of churned ARR was green %d days before it churned (%d churns)\n", pct(r.Surprise.Share), r.Horizon, r.Surprise.Churned)
	fmt.Fprintf(out, "  lead time            median %s days from leaving green to churning (%d churns; %d never green in the year before)\n\n",
		num(r.Lead.MedianDays, 0), r.Lead.Churned, r.Lead.NeverGreen)
	w := newTable(out)
	fmt.Fprintln(w, "  MEASURE\tAUC WITHOUT IT\tIT ADDS")
	for _, m := range r.Measures {
		fmt.Fprintf(w, "  %s\t%s\t%s\n", m.Label, num(m.AUCWithout, 3), signedNum(m.Lift, 3))
	}
	w.Flush()
	fmt.Fprintln(out, "\n  CALIBRATION (deciles of predicted churn probability)")
	for _, b := range r.Calibration {
		fmt.Fprintf(out, "    predicted %5s   observed %5s   (%d)\n", pct(b.Predicted), pct(b.Observed), b.Count)
	}
}

func num[T ~float64](x T, digits int) string {
	v := float64(x)
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

func signedNum[T ~float64](x T, digits int) string {
	v := float64(x)
	if math.IsNaN(v) {
		return "n/a"
	}
	if v >= 0 {
		return "+" + num(v, digits)
	}
	return num(v, digits)
}

func pct[T ~float64](x T) string {
	v := float64(x)
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}
