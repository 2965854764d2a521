package cli

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func rediscoveryCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "rediscovery", Short: "Re-discovery calls: what changed at the customer, and the risk it implies"}
	var r gtg.Rediscovery
	var date, level string
	var attendees, deciders, answers, changed, reasons []string
	add := &cobra.Command{
		Use:   `add ACCOUNT_ID --attendee NAME [--decision-maker NAME] --answer QUESTION=TEXT [--changed QUESTION] [--outcome TEXT] [--level L --reason KEY]`,
		Short: "Record a re-discovery call; with --level and --reason it also sets the risk profile in the same step",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			var err error
			if r.Day, err = dayFlag("date", date, today(env)); err != nil {
				return err
			}
			r.AccountExt = args[0]
			for _, n := range attendees {
				r.Attendees = append(r.Attendees, gtg.Attendee{Name: n})
			}
			for _, n := range deciders {
				r.Attendees = append(r.Attendees, gtg.Attendee{Name: n, DecisionMaker: true})
			}
			isChanged := map[string]bool{}
			for _, k := range changed {
				isChanged[k] = true
			}
			for i, a := range answers {
				k, text, ok := strings.Cut(a, "=")
				if !ok {
					return gtg.Errorf(gtg.EINVALID, "--answer %d: %q is not QUESTION=TEXT", i+1, a)
				}
				r.Answers = append(r.Answers, gtg.Answer{Question: strings.TrimSpace(k), Text: strings.TrimSpace(text), Changed: isChanged[strings.TrimSpace(k)]})
			}
			var risk *gtg.RiskChange
			if level != "" || len(reasons) > 0 {
				risk = &gtg.RiskChange{Level: level, Reasons: reasons, Note: r.DesiredOutcome}
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if err := save.RecordRediscovery(c.Context(), s, u, &r, risk); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "re-discovery %d for %s recorded (decision maker present: %v, changed: %s)", r.ID, r.AccountExt,
					r.DecisionMakerPresent(), dash(strings.Join(r.Changed(), ", ")))
				if risk != nil {
					fmt.Fprintf(env.Stdout, "; risk set to %s", risk.Level)
				}
				fmt.Fprintln(env.Stdout)
				return nil
			})
		},
	}
	f := add.Flags()
	f.StringVar(&date, "date", "", "the day of the call (default today)")
	f.StringVar(&r.Questionnaire, "questionnaire", save.DefaultQuestionnaire, "the questionnaire used")
	f.StringArrayVar(&attendees, "attendee", nil, "someone on the call (repeat)")
	f.StringArrayVar(&deciders, "decision-maker", nil, "a decision maker on the call (repeat)")
	f.StringArrayVar(&answers, "answer", nil, "QUESTION=TEXT (see gtg rediscovery questions; repeat)")
	f.StringArrayVar(&changed, "changed", nil, "a question whose answer shows a change (repeat)")
	f.StringVar(&r.DesiredOutcome, "outcome", "", "the customer's new desired outcome")
	f.StringVar(&level, "level", "", "also set the risk level: high, medium or low")
	f.StringArrayVar(&reasons, "reason", nil, "with --level: a risk reason (repeat; the first is primary)")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list ACCOUNT_ID [--json]",
		Short: "List an account's re-discovery records, newest first",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			rs, err := save.Rediscoveries(c.Context(), s, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(rs))
			}
			for _, r := range rs {
				fmt.Fprintf(env.Stdout, "%d  %s  %d attendees (decision maker: %v)  changed: %s  desired outcome: %s\n", r.ID, r.Day,
					len(r.Attendees), r.DecisionMakerPresent(), dash(strings.Join(r.Changed(), ", ")), dash(r.DesiredOutcome))
			}
			return nil
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	var qJSON bool
	questions := &cobra.Command{
		Use:   "questions [--json]",
		Short: "List the re-discovery questionnaires and their questions",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			qs, err := save.Questionnaires(c.Context(), s)
			if err != nil {
				return err
			}
			if qJSON {
				return printJSON(env.Stdout, qs)
			}
			for _, q := range qs {
				fmt.Fprintf(env.Stdout, "%s: %s\n", q.Key, q.Name)
				for _, x := range q.Questions {
					fmt.Fprintf(env.Stdout, "  %-18s %s\n", x.Key, x.Text)
				}
			}
			return nil
		}),
	}
	questions.Flags().BoolVar(&qJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list, questions)
	return cmd
}
