package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/stakeholders"
	"github.com/gtg-dev/gtg/store"
)

// stakeholdersCmd prints an account's stakeholder map.
func stakeholdersCmd(env *Env) *cobra.Command {
	var asJSON bool
	var asOf string
	cmd := &cobra.Command{
		Use:   "stakeholders ACCOUNT_ID [--json]",
		Short: "An account's stakeholder map: role, influence, sentiment, touches, status; its coverage and cadence gaps",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			day, err := dayFlag("as-of", asOf, today(env))
			if err != nil {
				return err
			}
			m, err := stakeholders.AccountMap(c.Context(), s, args[0], day)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, m)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "EMAIL\tNAME\tROLE\tSENIORITY\tINFLUENCE\tSENTIMENT\tLAST TOUCH\t30D\t90D\tSTATUS")
			for _, p := range m.Stakeholders {
				status := p.Status
				if p.Status == gtg.ContactLeft && p.StatusChangedOn != 0 {
					status += " " + p.StatusChangedOn.String()
				} else if p.Engaged {
					status += " (engaged)"
				}
				last := "never"
				if p.LastTouch != 0 {
					last = p.LastTouch.String()
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", p.Email, dash(p.Name), p.Role, p.Seniority, dash(p.Influence),
					dash(p.Sentiment), last, p.Touches30, p.Touches90, status)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			printCoverage(env, m.Coverage)
			for _, g := range m.Gaps {
				fmt.Fprintf(env.Stdout, "cadence gap: %s %d of %d touches this month%s\n", g.Role, g.Actual, g.Target, noContact(g))
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&asOf, "as-of", "", "the day (YYYY-MM-DD; default today)")
	return cmd
}

func noContact(g gtg.CadenceGap) string {
	if g.NoContact {
		return " (nobody in the role)"
	}
	return ""
}

func printCoverage(env *Env, cv gtg.Coverage) {
	var roles []string
	for _, r := range cv.Roles {
		state := "missing"
		switch {
		case r.Engaged:
			state = "engaged"
		case r.Present:
			state = "not engaged"
		case r.LeftOn != 0:
			state = "left " + r.LeftOn.String()
		}
		roles = append(roles, r.Role+": "+state)
	}
	fmt.Fprintf(env.Stdout, "coverage (engaged = touched in %d days): %s\n", cv.EngagedDays, strings.Join(roles, ", "))
	fmt.Fprintf(env.Stdout, "%d of %d active contacts engaged", cv.EngagedContacts, cv.ActiveContacts)
	if cv.SingleThreaded {
		fmt.Fprint(env.Stdout, "; single-threaded")
	}
	if cv.NoEngagement {
		fmt.Fprint(env.Stdout, "; nobody engaged")
	}
	if cv.NoPersistentContact {
		fmt.Fprint(env.Stdout, "; no persistent technical or support contact")
	}
	fmt.Fprintln(env.Stdout)
}

// coverageCmd prints multi-threading coverage per owner and per account.
func coverageCmd(env *Env) *cobra.Command {
	var asJSON bool
	var owner, asOf string
	cmd := &cobra.Command{
		Use:   "coverage [--owner EMAIL] [--json]",
		Short: "Multi-threading coverage per owner and account: engaged key roles, single-threaded accounts, cadence gaps",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			day, err := dayFlag("as-of", asOf, today(env))
			if err != nil {
				return err
			}
			p, err := stakeholders.PortfolioOf(c.Context(), s, day, owner)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, p)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "OWNER\tACCOUNTS\tMULTI\tSINGLE\tNONE\tKEY ROLES ENGAGED\tNO PERSISTENT\tBEHIND\tSHORT")
			for _, o := range p.Owners {
				fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d/%d\t%d\t%d\t%d\n", dash(o.Owner), o.Accounts, o.MultiThreaded, o.SingleThreaded,
					o.NoEngagement, o.KeyRolesEngaged, o.KeyRolesTotal, o.NoPersistentContact, o.AccountsBehind, o.TouchesShort)
			}
			return w.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (owners, accounts weakest first, cadence gaps)")
	cmd.Flags().StringVar(&owner, "owner", "", "only this CSM's accounts")
	cmd.Flags().StringVar(&asOf, "as-of", "", "the day (YYYY-MM-DD; default today)")
	return cmd
}

// cadenceCmd validates, applies and reports on the cadence policy.
func cadenceCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "cadence", Short: "The cadence policy (YAML): target touches per month per key role, per segment"}
	read := func(path string) (*gtg.CadencePolicy, []byte, error) {
		data, err := readFile(path)
		if err != nil {
			return nil, nil, err
		}
		p, err := scorecard.ParseCadence(path, data)
		return p, data, err
	}
	validate := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a cadence policy; errors name the line and field",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			p, _, err := read(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: cadence policy %s version %d is valid (%d segments and a default)\n", args[0], p.Name, p.Version, len(p.Segments))
			return nil
		},
	}
	apply := &cobra.Command{
		Use:   "apply FILE",
		Short: "Store a cadence policy version; coverage and gaps use it from now on",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, data, err := read(args[0])
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if !gtg.Can(u.Role, gtg.UserManager) {
					return gtg.Errorf(gtg.EFORBIDDEN, "applying a cadence policy takes a manager or admin; %s is a %s", u.Email, u.Role)
				}
				p, changed, err := stakeholders.Apply(c.Context(), s, u.Email, args[0], data)
				if err != nil {
					return err
				}
				printApplied(env.Stdout, "cadence policy", p.Name, p.Version, changed)
				return nil
			})
		},
	}
	var showBuiltin bool
	show := &cobra.Command{
		Use:   "show [--builtin]",
		Short: "Print the cadence policy in force (--builtin: the shipped cadence.yaml)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if showBuiltin {
				_, err := env.Stdout.Write(scorecard.CadenceYAML)
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				p, err := stakeholders.Policy(c.Context(), s)
				if err != nil {
					return err
				}
				_, err = env.Stdout.Write(p.Source)
				return err
			})
		},
	}
	show.Flags().BoolVar(&showBuiltin, "builtin", false, "print the built-in policy")
	var asJSON bool
	var owner, asOf string
	gaps := &cobra.Command{
		Use:   "gaps [--owner EMAIL] [--json]",
		Short: "Key roles touched less than the policy wants in the last 30 days, per account, with totals per owner",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			day, err := dayFlag("as-of", asOf, today(env))
			if err != nil {
				return err
			}
			p, err := stakeholders.PortfolioOf(c.Context(), s, day, owner)
			if err != nil {
				return err
			}
			if asJSON {
				type ownerGaps struct {
					Owner          string `json:"owner"`
					Accounts       int    `json:"accounts"`
					AccountsBehind int    `json:"accounts_behind"`
					TouchesShort   int    `json:"touches_short"`
				}
				out := struct {
					AsOf   gtg.Day          `json:"as_of"`
					Policy string           `json:"policy"`
					Owners []ownerGaps      `json:"owners"`
					Gaps   []gtg.CadenceGap `json:"gaps"`
				}{AsOf: p.AsOf, Policy: p.Policy, Owners: []ownerGaps{}, Gaps: p.Gaps}
				for _, o := range p.Owners {
					out.Owners = append(out.Owners, ownerGaps{o.Owner, o.Accounts, o.AccountsBehind, o.TouchesShort})
				}
				return printJSON(env.Stdout, out)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "ACCOUNT\tOWNER\tSEGMENT\tROLE\tTARGET\tACTUAL\tSHORT")
			for _, g := range p.Gaps {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%d\t%d%s\n", g.AccountID, dash(g.Owner), dash(g.Segment), g.Role, g.Target, g.Actual, g.Short, noContact(g))
			}
			fmt.Fprintln(w)
			fmt.Fprintln(w, "OWNER\tACCOUNTS\tBEHIND\tSHORT")
			for _, o := range p.Owners {
				fmt.Fprintf(w, "%s\t%d\t%d\t%d\n", dash(o.Owner), o.Accounts, o.AccountsBehind, o.TouchesShort)
			}
			return w.Flush()
		}),
	}
	gaps.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	gaps.Flags().StringVar(&owner, "owner", "", "only this CSM's accounts")
	gaps.Flags().StringVar(&asOf, "as-of", "", "the day (YYYY-MM-DD; default today)")
	cmd.AddCommand(validate, apply, show, gaps)
	return cmd
}
