package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func standupCmd(env *Env) *cobra.Command {
	var since, asOf string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "standup [--since DATE] [--json]",
		Short: "What changed since the last review: new high risks, level and color changes, new alerts, stalled plans, overdue tasks, renewals not green, ARR by risk",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			day, err := dayFlag("as-of", asOf, today(env))
			if err != nil {
				return err
			}
			from, err := dayFlag("since", since, 0)
			if err != nil {
				return err
			}
			if from > day {
				return gtg.Errorf(gtg.EINVALID, "--since: %s is after %s", from, day)
			}
			return useStore(env, c, func(s *store.Store) error {
				su, err := save.Standup(c.Context(), s, from, day)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(env.Stdout, su)
				}
				printStandup(env.Stdout, su)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "list changes since this day (default: since the last review)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "the standup's day (default today)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	review := &cobra.Command{
		Use:   "review",
		Short: "Mark the standup reviewed (managers): the next one starts from now",
		Args:  cobra.NoArgs,
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, _ []string) error {
			r, err := save.MarkReviewed(c.Context(), s, u, today(env))
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "standup reviewed by %s at %s\n", r.ReviewedBy, r.ReviewedAt.Format("2006-01-02 15:04"))
			return nil
		}),
	}
	cmd.AddCommand(review)
	return cmd
}

func printStandup(w io.Writer, su *gtg.Standup) {
	fmt.Fprintf(w, "standup %s: changes since %s", su.Day, su.Since.Format("2006-01-02 15:04"))
	if su.LastReview != nil {
		fmt.Fprintf(w, " (last reviewed by %s)", su.LastReview.ReviewedBy)
	}
	fmt.Fprintln(w)
	section := func(title string, n int) bool {
		fmt.Fprintf(w, "\n%s (%d)\n", title, n)
		return n > 0
	}
	if section("became high risk", len(su.BecameHighRisk)) {
		for _, m := range su.BecameHighRisk {
			fmt.Fprintf(w, "  %s %s  %.0f ARR  %s  by %s\n", m.AccountExt, m.Name, m.ARR, strings.Join(m.Reasons, ", "), m.By)
		}
	}
	if section("risk level changes", len(su.LevelChanges)) {
		for _, m := range su.LevelChanges {
			fmt.Fprintf(w, "  %s %s  %s -> %s  by %s\n", m.AccountExt, m.Name, dash(m.From), m.To, m.By)
		}
	}
	if section(fmt.Sprintf("color changes %s -> %s", su.ColorsSince, su.ColorsOn), len(su.ColorChanges)) {
		for _, c := range su.ColorChanges {
			fmt.Fprintf(w, "  %s %s  %s -> %s (%.0f)  %.0f ARR\n", c.AccountExt, c.Name, c.From, c.To, c.Score, c.ARR)
		}
	}
	if section("new alerts", len(su.NewAlerts)) {
		for _, a := range su.NewAlerts {
			fmt.Fprintf(w, "  %s %s  %s  %s\n", a.AccountExt, a.Name, a.Severity, a.Title)
		}
	}
	if section("plans stalled", len(su.StalledPlans)) {
		for _, p := range su.StalledPlans {
			fmt.Fprintf(w, "  plan %d %s %s  adjust the plan (since %s)\n", p.PlanID, p.AccountExt, p.Name, p.AdjustSince)
		}
	}
	if section("tasks overdue", len(su.OverdueTasks)) {
		for _, t := range su.OverdueTasks {
			fmt.Fprintf(w, "  plan %d task %d %s  %s  due %s (%d days late)  %s\n", t.PlanID, t.TaskID, t.AccountExt, dash(t.TaskOwner), t.Due, t.DaysOverdue, t.Title)
		}
	}
	if section(fmt.Sprintf("renewals in the next %d days not green", save.RenewalHorizon), len(su.RenewalsNotGreen)) {
		for _, r := range su.RenewalsNotGreen {
			fmt.Fprintf(w, "  %s %s  %s (%d days)  %s  risk %s  %.0f ARR\n", r.AccountExt, r.Name, r.RenewalDate, r.DaysToRenewal, dash(r.Color), dash(r.RiskLevel), r.ARR)
		}
	}
	if section("offers waiting for approval", len(su.OffersPending)) {
		for _, o := range su.OffersPending {
			fmt.Fprintf(w, "  offer %d %s %s  %s  by %s  %s\n", o.ID, o.AccountExt, o.AccountName, offers.TermsText(o), o.Proposer, strings.Join(o.Guardrails, "; "))
		}
	}
	if section("save follow-ups missed", len(su.FollowUpsMissed)) {
		for _, f := range su.FollowUpsMissed {
			fmt.Fprintf(w, "  follow-up %d %s  %s  due %s  %s\n", f.ID, f.AccountExt, f.Owner, f.Due, f.Title)
		}
	}
	fmt.Fprintf(w, "\nARR by risk level: high %.0f, medium %.0f, low %.0f, not assessed %.0f\n",
		su.ARRByRisk[gtg.RiskHigh], su.ARRByRisk[gtg.RiskMedium], su.ARRByRisk[gtg.RiskLow], su.ARRByRisk["none"])
}
