package cli

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func riskCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "risk", Short: "Risk profiles: the reason taxonomy, set and show an account's risk, judgment against data, patterns"}
	cmd.AddCommand(riskReasonsCmd(env), riskSetCmd(env), riskShowCmd(env), riskBoardCmd(env), riskPatternsCmd(env), riskApplyCmd(env))
	return cmd
}

func riskReasonsCmd(env *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "reasons [--json]",
		Short: "List the risk reason taxonomy (--json: objects with key, stage, label)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			rs, err := save.Reasons(c.Context(), s)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, rs)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "KEY\tSTAGE\tLABEL")
			for _, r := range rs {
				label := r.Label
				if r.Retired {
					label += " (retired)"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", r.Key, r.Stage, label)
			}
			return w.Flush()
		}),
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func riskSetCmd(env *Env) *cobra.Command {
	var ch gtg.RiskChange
	c := &cobra.Command{
		Use:   "set ACCOUNT_ID --level high|medium|low --reason KEY [--reason KEY] [--note TEXT]",
		Short: "Set an account's risk level with reasons (the first --reason is the primary one)",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			p, err := save.SetRisk(c.Context(), s, u, args[0], ch)
			if err != nil {
				return err
			}
			v, err := save.Risk(c.Context(), s, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s is now %s risk (%s)%s\n", p.AccountExt, p.Level, strings.Join(p.Reasons, ", "), suggestionText(v.RiskRow))
			return nil
		}),
	}
	c.Flags().StringVar(&ch.Level, "level", "", "high, medium or low")
	c.Flags().StringArrayVar(&ch.Reasons, "reason", nil, "a reason key from gtg risk reasons; repeat for more, the first is primary")
	c.Flags().StringVar(&ch.Note, "note", "", "what the CSM knows")
	c.MarkFlagRequired("level")
	c.MarkFlagRequired("reason")
	return c
}

// suggestionText says what the data suggests when it disagrees with the CSM.
func suggestionText(r save.RiskRow) string {
	switch r.Disagreement {
	case save.JudgmentHigher:
		return fmt.Sprintf("; the data suggests %s (%s): judgment is higher", r.Suggested.Level, strings.Join(r.Suggested.Why, ", "))
	case save.DataHigher:
		return fmt.Sprintf("; the data suggests %s (%s): data is higher", r.Suggested.Level, strings.Join(r.Suggested.Why, ", "))
	}
	return ""
}

func riskShowCmd(env *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "show ACCOUNT_ID [--json]",
		Short: "Show an account's risk: the current profile, the level the data suggests, and the history",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			v, err := save.Risk(c.Context(), s, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, v)
			}
			level := v.Level
			if level == "" {
				level = "not assessed"
			}
			fmt.Fprintf(env.Stdout, "%s %s: %s risk%s\n", v.AccountExt, v.Name, level, suggestionText(v.RiskRow))
			if v.Suggested.Level != "" && v.Disagreement == "" {
				fmt.Fprintf(env.Stdout, "data suggests %s (%s)\n", v.Suggested.Level, strings.Join(v.Suggested.Why, ", "))
			}
			if v.Churn != nil {
				fmt.Fprintf(env.Stdout, "let it churn: %s (%s, %s)\n", v.Churn.Reason, v.Churn.DecidedBy, v.Churn.DecidedAt.Format("2006-01-02"))
			}
			for _, p := range v.History {
				fmt.Fprintf(env.Stdout, "%s  %-6s  %s  by %s (%s)  %s\n", p.SetAt.Format("2006-01-02 15:04"), p.Level, strings.Join(p.Reasons, ", "), p.SetBy, p.Source, p.Note)
			}
			return nil
		}),
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func riskBoardCmd(env *Env) *cobra.Command {
	var asJSON, disagree bool
	c := &cobra.Command{
		Use:   "board [--disagreements] [--json]",
		Short: "Every account's risk: the CSM's level beside the data's (--disagreements: only where they differ)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			rows, err := save.RiskBoard(c.Context(), s, disagree)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, rows)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "ACCOUNT\tARR\tOWNER\tLEVEL\tDATA\tDISAGREEMENT\tREASONS")
			for _, r := range rows {
				fmt.Fprintf(w, "%s\t%.0f\t%s\t%s\t%s\t%s\t%s\n", r.AccountExt, r.ARR, r.Owner, dash(r.Level), dash(r.Suggested.Level),
					dash(r.Disagreement), strings.Join(r.Reasons, ", "))
			}
			return w.Flush()
		}),
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&disagree, "disagreements", false, "only accounts where judgment and data disagree")
	return c
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func riskPatternsCmd(env *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "patterns [--json]",
		Short: "Which reasons are most common, ARR at risk per reason, and which were followed by churn or a save",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			p, err := save.ReasonPatterns(c.Context(), s)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, p)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "REASON\tSTAGE\tACCOUNTS\tPRIMARY\tARR AT RISK\tSAVED\tCHURNED\tCONTRACTED\tPAUSED\tPENDING")
			for _, r := range p.Reasons {
				fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%.0f\t%d\t%d\t%d\t%d\t%d\n", r.Key, r.Stage, r.Accounts, r.Primary, r.ARRAtRisk,
					r.Saved, r.Churned, r.Contracted, r.Paused, r.Pending)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			for _, g := range []struct {
				title  string
				groups []save.ReasonGroup
			}{{"by segment", p.BySegment}, {"by owner", p.ByOwner}} {
				fmt.Fprintf(env.Stdout, "\n%s:\n", g.title)
				for _, rg := range g.groups {
					var parts []string
					for _, rc := range rg.Reasons {
						parts = append(parts, fmt.Sprintf("%s %d", rc.Key, rc.Accounts))
					}
					fmt.Fprintf(env.Stdout, "  %s: %s\n", dash(rg.Group), strings.Join(parts, ", "))
				}
			}
			return nil
		}),
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func riskApplyCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "apply-reasons FILE.yaml",
		Short: "Add or edit taxonomy reasons from a file shaped like the seed (reasons: [{key, stage, label, description, retired}]); managers only",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			data, err := readFile(args[0])
			if err != nil {
				return err
			}
			rs, err := save.ParseReasons(args[0], data)
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if err := save.PutReasons(c.Context(), s, u, rs...); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "applied %d reasons from %s\n", len(rs), args[0])
				return nil
			})
		},
	}
}
