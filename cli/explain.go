package cli

import (
	"fmt"
	"math"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

// runAlerts evaluates the rule sets in force as of day, queueing webhook
// deliveries for a running server to send.
func runAlerts(c *cobra.Command, s *store.Store, day gtg.Day) (alerts.Stats, error) {
	r, err := jobs.New(c.Context(), jobs.Config{Store: s})
	if err != nil {
		return alerts.Stats{}, err
	}
	return r.EvaluateAlerts(c.Context(), day)
}

func explainCmd(env *Env) *cobra.Command {
	var since, asOf string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "explain ACCOUNT_ID [--since DATE] [--as-of DATE] [--json]",
		Short: "Why did an account's health change? Each measure's part in the change since a date",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			a, err := s.Account(c.Context(), args[0])
			if err != nil {
				return err
			}
			to, err := dayFlag("as-of", asOf, gtg.DayOf(env.Now()))
			if err != nil {
				return err
			}
			from, err := dayFlag("since", since, to-30)
			if err != nil {
				return err
			}
			if from >= to {
				return gtg.Errorf(gtg.EINVALID, "--since %s is not before %s", from, to)
			}
			hist, err := s.HealthHistory(c.Context(), a.ID, from, to)
			if err != nil {
				return err
			}
			if len(hist) < 2 {
				return gtg.Errorf(gtg.ENOTFOUND, "account %s has %d health snapshots from %s to %s; run gtg score (a range backfills)", a.ExternalID, len(hist), from, to)
			}
			cards, err := health.Cards(c.Context(), s)
			if err != nil {
				return err
			}
			then, now := hist[0], hist[len(hist)-1]
			prev := scorecard.FromSnapshot(cardNamed(cards, then.Scorecard), then)
			cur := scorecard.FromSnapshot(cardNamed(cards, now.Scorecard), now)
			reasons := scorecard.Explain(prev, cur)
			if asJSON {
				type reason struct {
					Measure string  `json:"measure"`
					Label   string  `json:"label"`
					Group   string  `json:"group"`
					Before  string  `json:"before"`
					After   string  `json:"after"`
					Points  float64 `json:"points"`
					Text    string  `json:"text"`
				}
				out := struct {
					Account string   `json:"account_id"`
					From    gtg.Day  `json:"from"`
					To      gtg.Day  `json:"to"`
					Before  *float64 `json:"score_before"`
					After   *float64 `json:"score_after"`
					ColorB  string   `json:"color_before"`
					ColorA  string   `json:"color_after"`
					Reasons []reason `json:"reasons"`
				}{Account: a.ExternalID, From: then.Day, To: now.Day, ColorB: then.Color, ColorA: now.Color, Reasons: []reason{}}
				if then.Color != gtg.InsufficientData {
					out.Before = &then.Score
				}
				if now.Color != gtg.InsufficientData {
					out.After = &now.Score
				}
				for _, r := range reasons {
					out.Reasons = append(out.Reasons, reason{r.Key, r.Label, r.Group, r.Before, r.After, math.Round(r.Points*100) / 100, r.Text})
				}
				return printJSON(env.Stdout, out)
			}
			fmt.Fprintf(env.Stdout, "%s (%s): health %s on %s → %s on %s\n", a.Name, a.ExternalID, scoreText(then), then.Day, scoreText(now), now.Day)
			if len(reasons) == 0 {
				fmt.Fprintln(env.Stdout, "  no measure moved the score by more than a twentieth of a point")
			}
			for _, r := range reasons {
				fmt.Fprintf(env.Stdout, "  %s\n", r.Text)
			}
			if then.Scorecard != now.Scorecard || then.Version != now.Version {
				fmt.Fprintf(env.Stdout, "  (scored by %s@%d then and %s@%d now)\n", then.Scorecard, then.Version, now.Scorecard, now.Version)
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&since, "since", "", "compare with the first snapshot on or after this day (default 30 days before --as-of)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "compare up to the last snapshot on or before this day (default today)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func scoreText(h *gtg.Health) string {
	if h.Color == gtg.InsufficientData {
		return "insufficient data"
	}
	return fmt.Sprintf("%.0f (%s)", h.Score, h.Color)
}

func cardNamed(cards []*scorecard.Scorecard, name string) *scorecard.Scorecard {
	for _, c := range cards {
		if c.Name == name {
			return c
		}
	}
	for _, c := range scorecard.Builtin() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
