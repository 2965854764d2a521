package cli

import (
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func queueCmd(env *Env) *cobra.Command {
	var asJSON bool
	var asOf string
	cmd := &cobra.Command{
		Use:   "queue [--json] [--as-of DATE]",
		Short: "The save queue: accounts at risk by priority (ARR at risk, likelihood of saving, ICP fit, days to renewal), with the formula",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			day, err := dayFlag("as-of", asOf, today(env))
			if err != nil {
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				q, err := save.Queue(c.Context(), s, day)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(env.Stdout, struct {
						Formula string           `json:"formula"`
						Items   []save.QueueItem `json:"items"`
					}{save.QueueFormula, q})
				}
				w := newTable(env.Stdout)
				fmt.Fprintln(w, "#\tACCOUNT\tOWNER\tLEVEL\tREASON\tHEALTH\tRENEWAL IN\tPRIORITY\tARR AT RISK × LIKELIHOOD × ICP × URGENCY")
				for i, it := range q {
					health, renewal := "-", "-"
					if it.Score != nil {
						health = fmt.Sprintf("%.0f %s", *it.Score, it.Color)
					}
					if it.DaysToRenewal != nil {
						renewal = fmt.Sprintf("%dd", *it.DaysToRenewal)
					}
					fmt.Fprintf(w, "%d\t%s\t%s\t%s (%s)\t%s\t%s\t%s\t%.0f\t%s\n", i+1, it.AccountExt, it.Owner, it.Level, it.LevelSource,
						dash(it.PrimaryReason), health, renewal, it.Priority, it.Working)
				}
				if err := w.Flush(); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "\n%s\n", save.QueueFormula)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: the formula and the items")
	cmd.Flags().StringVar(&asOf, "as-of", "", "the day to rank as of (default today)")

	var reason, note string
	letChurn := &cobra.Command{
		Use:   "let-churn ACCOUNT_ID --reason TEXT",
		Short: "Mark an account \"let it churn\" (managers only): it leaves the queue until undone",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			d, err := save.LetChurn(c.Context(), s, u, args[0], reason)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s marked \"let it churn\" (%.0f ARR): %s\n", d.AccountExt, d.ARR, d.Reason)
			return nil
		}),
	}
	letChurn.Flags().StringVar(&reason, "reason", "", "why, for example: not our ideal customer")
	letChurn.MarkFlagRequired("reason")
	undo := &cobra.Command{
		Use:   "undo-churn ACCOUNT_ID [--note TEXT]",
		Short: "Reverse \"let it churn\" (managers only): the account comes back to the queue",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			if err := save.UndoLetChurn(c.Context(), s, u, args[0], note); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s is back in the save queue\n", args[0])
			return nil
		}),
	}
	undo.Flags().StringVar(&note, "note", "", "why")
	var reportJSON bool
	report := &cobra.Command{
		Use:   "churn-report [--json]",
		Short: "Every \"let it churn\" decision, standing and reversed",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			ds, err := save.ChurnReport(c.Context(), s)
			if err != nil {
				return err
			}
			if reportJSON {
				return printJSON(env.Stdout, ds)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "ACCOUNT\tARR\tDECIDED\tBY\tREASON\tREVERSED")
			for _, d := range ds {
				rev := "-"
				if !d.Active() {
					rev = fmt.Sprintf("%s by %s %s", d.ReversedAt.Format("2006-01-02"), d.ReversedBy, d.ReverseNote)
				}
				fmt.Fprintf(w, "%s\t%.0f\t%s\t%s\t%s\t%s\n", d.AccountExt, d.ARR, d.DecidedAt.Format("2006-01-02"), d.DecidedBy, d.Reason, rev)
			}
			return w.Flush()
		}),
	}
	report.Flags().BoolVar(&reportJSON, "json", false, "print JSON")
	cmd.AddCommand(letChurn, undo, report)
	return cmd
}
