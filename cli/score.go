package cli

import (
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func scoreCmd(env *Env) *cobra.Command {
	var asOf, from, to string
	var noAlerts bool
	cmd := &cobra.Command{
		Use:   "score [--as-of DATE] [--from DATE --to DATE] [--no-alerts]",
		Short: "Compute and store daily health snapshots (a range backfills history in one pass)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			lo, hi := gtg.DayOf(env.Now()), gtg.DayOf(env.Now())
			var err error
			switch {
			case asOf != "" && (from != "" || to != ""):
				return usageErr(c, "give --as-of or --from/--to, not both")
			case asOf != "":
				if lo, err = dayFlag("as-of", asOf, 0); err != nil {
					return err
				}
				hi = lo
			case from != "" || to != "":
				if from == "" || to == "" {
					return usageErr(c, "--from and --to go together")
				}
				if lo, err = dayFlag("from", from, 0); err != nil {
					return err
				}
				if hi, err = dayFlag("to", to, 0); err != nil {
					return err
				}
			}
			return useStore(env, c, func(s *store.Store) error {
				cards, err := health.Cards(c.Context(), s)
				if err != nil {
					return err
				}
				n, err := s.CountAccounts(c.Context())
				if err != nil {
					return err
				}
				start := time.Now()
				bar := progress(env, int64(n), "scoring", false)
				st, err := health.ScoreRange(c.Context(), s, cards, lo, hi, func(done int) {
					if bar != nil {
						bar.Set(done)
					}
				})
				if bar != nil {
					bar.Finish()
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "scored %d accounts, %d snapshots from %s to %s in %s; on %s: %d green, %d yellow, %d red, %d insufficient data\n",
					st.Accounts, st.Snapshots, lo, hi, time.Since(start).Round(time.Millisecond), hi,
					st.Colors[gtg.Green], st.Colors[gtg.Yellow], st.Colors[gtg.Red], st.Colors[gtg.InsufficientData])
				if !noAlerts {
					ast, err := runAlerts(c, s, hi)
					if err != nil {
						return err
					}
					printAlertStats(env, hi, ast)
				}
				checks, err := save.EvaluatePlans(c.Context(), s, hi, env.Now())
				if err != nil {
					return err
				}
				if len(checks) > 0 {
					closed, stalled := 0, 0
					for _, ch := range checks {
						if ch.Closed {
							closed++
						}
						if ch.Stalled {
							stalled++
						}
					}
					fmt.Fprintf(env.Stdout, "plans on %s: %d open plans checked, %d closed back to green, %d need adjusting\n", hi, len(checks), closed, stalled)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&asOf, "as-of", "", "score one day (default today)")
	cmd.Flags().StringVar(&from, "from", "", "first day of a range to score")
	cmd.Flags().StringVar(&to, "to", "", "last day of a range to score")
	cmd.Flags().BoolVar(&noAlerts, "no-alerts", false, "do not evaluate the early-warning rules on the last day scored")
	return cmd
}

func scorecardCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "scorecard", Short: "Validate, apply, diff and list health scorecards (YAML)"}
	validate := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a scorecard; errors name the line and field",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			sc, err := readScorecard(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: scorecard %s version %d is valid (%d measures, %d groups)\n", args[0], sc.Name, sc.Version, len(sc.Measures), len(sc.Groups))
			return nil
		},
	}
	apply := &cobra.Command{
		Use:   "apply FILE",
		Short: "Store a scorecard version; the next scoring run uses it",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			sc, err := readScorecard(args[0])
			if err != nil {
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				if err := sc.CheckBuiltin(); err != nil {
					return err
				}
				changed, err := s.SaveScorecard(c.Context(), "cli", sc.Name, sc.Version, sc.Source)
				if err != nil {
					return err
				}
				printApplied(env.Stdout, "scorecard", sc.Name, sc.Version, changed)
				return nil
			})
		},
	}
	diff := &cobra.Command{
		Use:   "diff A B",
		Short: "Show what changed between two scorecard files",
		Args:  cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			a, err := readScorecard(args[0])
			if err != nil {
				return err
			}
			b, err := readScorecard(args[1])
			if err != nil {
				return err
			}
			changes := scorecard.Diff(a, b)
			if len(changes) == 0 {
				fmt.Fprintln(env.Stdout, "no differences")
			}
			for _, ch := range changes {
				fmt.Fprintln(env.Stdout, ch)
			}
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the scorecards in force (applied or built-in) and the versions behind the latest health, with how many accounts each scores",
		Args:  cobra.NoArgs,
		RunE:  withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error { return listScorecards(c, env, s) }),
	}
	cmd.AddCommand(validate, apply, diff, list)
	return cmd
}
