package cli

import (
	"fmt"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func alertsCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "alerts", Short: "Early-warning alerts: list, evaluate, acknowledge, snooze, resolve"}
	var asJSON, all, held bool
	var f gtg.AlertFilter
	var account string
	list := &cobra.Command{
		Use:   "list [--json] [--all] [--held] [--owner EMAIL] [--rule KEY] [--account ID]",
		Short: "List alerts that need attention (--all: every status; --held: those held back by budgets)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			if !all && len(f.Statuses) == 0 {
				f.Statuses = []string{gtg.AlertOpen, gtg.AlertAcknowledged}
			}
			if !all {
				f.Held = &held
			}
			if account != "" {
				a, err := s.Account(c.Context(), account)
				if err != nil {
					return err
				}
				f.AccountID = a.ID
			}
			as, err := s.Alerts(c.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(as))
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "ID\tSEVERITY\tSTATUS\tACCOUNT\tOWNER\tALERT\tOPENED\tEVIDENCE")
			for _, a := range as {
				status := a.Status
				if a.Held {
					status += " (held)"
				}
				ev := ""
				if len(a.Evidence) > 0 {
					ev = a.Evidence[0]
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s %s\t%s\t%s\t%s\t%s\n", a.ID, a.Severity, status, a.AccountExt, a.AccountName, a.Owner, a.Title, a.OpenedOn, ev)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if !all && !held {
				_, nHeld, err := s.AlertCounts(c.Context())
				if err == nil && nHeld > 0 {
					fmt.Fprintf(env.Stdout, "%d more held back by weekly budgets (gtg alerts list --held)\n", nHeld)
				}
			}
			return nil
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON: an array of alert objects")
	list.Flags().BoolVar(&all, "all", false, "every alert, resolved and held ones too")
	list.Flags().BoolVar(&held, "held", false, "only alerts held back by weekly budgets")
	list.Flags().StringVar(&f.Owner, "owner", "", "only this CSM's alerts")
	list.Flags().StringVar(&f.Rule, "rule", "", "only this rule's alerts")
	list.Flags().StringVar(&account, "account", "", "only this account's alerts (its id)")
	list.Flags().IntVar(&f.Limit, "limit", 0, "at most this many (0: all)")

	var asOf string
	run := &cobra.Command{
		Use:   "run [--as-of DATE]",
		Short: "Evaluate the rules on every account (gtg score does this after scoring)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			day, err := dayFlag("as-of", asOf, gtg.DayOf(env.Now()))
			if err != nil {
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				st, err := runAlerts(c, s, day)
				if err != nil {
					return err
				}
				printAlertStats(env, day, st)
				return nil
			})
		},
	}
	run.Flags().StringVar(&asOf, "as-of", "", "evaluate as of this day (default today)")
	cmd.AddCommand(list, run, alertChangeCmd(env, "ack", gtg.AlertAcknowledged, "Acknowledge an alert: someone is on it"),
		alertChangeCmd(env, "snooze", gtg.AlertSnoozed, "Snooze an alert until a date (--until)"),
		alertChangeCmd(env, "resolve", gtg.AlertResolved, "Resolve an alert"),
		alertChangeCmd(env, "reopen", gtg.AlertOpen, "Reopen an alert"))
	return cmd
}

func printAlertStats(env *Env, day gtg.Day, st alerts.Stats) {
	fmt.Fprintf(env.Stdout, "alerts on %s: %d accounts checked, %d new (%d held back by budgets), %d still firing, %d resolved as their condition cleared\n",
		day, st.Accounts, st.Opened, st.Held, st.Fired-st.Opened, st.Resolved)
}

// alertChangeCmd is one of ack, snooze, resolve and reopen.
func alertChangeCmd(env *Env, verb, status, short string) *cobra.Command {
	var until, note string
	cmd := &cobra.Command{
		Use:   verb + " ALERT_ID [--note TEXT]",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageErr(c, "%q is not an alert id", args[0])
			}
			ch := gtg.AlertChange{Status: status, Note: note}
			if ch.Until, err = dayFlag("until", until, 0); err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				a, err := alerts.Change(c.Context(), s, u.Email, u.Role, id, ch, gtg.DayOf(env.Now()))
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "alert %d (%s on %s) is now %s\n", a.ID, a.Title, a.AccountName, a.Status)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why, for the audit trail")
	if status == gtg.AlertSnoozed {
		cmd.Flags().StringVar(&until, "until", "", "the day the alert shows again (YYYY-MM-DD)")
	}
	return cmd
}

func rulesCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "rules", Short: "Validate, apply and list early-warning rule sets (YAML)"}
	read := func(path string) (*scorecard.RuleSet, error) {
		data, err := readFile(path)
		if err != nil {
			return nil, err
		}
		return scorecard.ParseRules(path, data)
	}
	validate := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a rule set; errors name the line and field",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			rs, err := read(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: rule set %s version %d is valid (%d rules, budget %s)\n", args[0], rs.Name, rs.Version, len(rs.Rules), budgetText(rs.Budget))
			return nil
		},
	}
	apply := &cobra.Command{
		Use:   "apply FILE",
		Short: "Store a rule set version; the next evaluation uses it",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			rs, err := read(args[0])
			if err != nil {
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				known, err := s.MetricKeys(c.Context())
				if err != nil {
					return err
				}
				if len(known) > 0 {
					if err := rs.Card().CheckMetrics(known); err != nil {
						return err
					}
				}
				if err := rs.CheckBuiltin(); err != nil {
					return err
				}
				changed, err := s.SaveRuleSet(c.Context(), "cli", rs.Name, rs.Version, rs.Source)
				if err != nil {
					return err
				}
				printApplied(env.Stdout, "rule set", rs.Name, rs.Version, changed)
				return nil
			})
		},
	}
	var showBuiltin bool
	list := &cobra.Command{
		Use:   "list [--builtin]",
		Short: "List the rules in force (--builtin: print the shipped rules.yaml)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if showBuiltin {
				_, err := env.Stdout.Write(scorecard.RulesYAML)
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				sets, err := alerts.RuleSets(c.Context(), s)
				if err != nil {
					return err
				}
				w := newTable(env.Stdout)
				fmt.Fprintln(w, "SET\tRULE\tSEVERITY\tALERT")
				for _, rs := range sets {
					for _, r := range rs.Rules {
						fmt.Fprintf(w, "%s@%d\t%s\t%s\t%s\n", rs.Name, rs.Version, r.Key, r.Severity, r.Label)
					}
				}
				return w.Flush()
			})
		},
	}
	list.Flags().BoolVar(&showBuiltin, "builtin", false, "print the built-in rule set's YAML, to start your own from")
	cmd.AddCommand(validate, apply, list)
	return cmd
}

func budgetText(n int) string {
	if n == 0 {
		return "unlimited"
	}
	return strconv.Itoa(n) + " alerts per CSM per week"
}
