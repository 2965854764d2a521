package cli

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/offers"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func offersCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "offers", Short: "The save ladder: propose, approve, accept offers; follow-ups; the guardrail policy; results"}
	cmd.AddCommand(offersProposeCmd(env), offersListCmd(env),
		offerDecideCmd(env, "approve", gtg.OfferApproved, "Approve an offer waiting for approval (a manager)"),
		offerDecideCmd(env, "reject", gtg.OfferRejected, "Reject an offer waiting for approval (a manager)"),
		offerDecideCmd(env, "accept", gtg.OfferAccepted, "Record that the customer accepted an offer: writes the outcome and schedules the follow-ups"),
		offerDecideCmd(env, "decline", gtg.OfferDeclined, "Record that the customer declined an offer"),
		offersFollowUpsCmd(env), offersReportCmd(env), offersPolicyCmd(env))
	return cmd
}

// parseTerms reads --terms values: key=value pairs, several per value when
// separated by commas (arr=80000,until=2026-09-01). Keys: arr, percent, until, summary.
func parseTerms(vals []string) (gtg.OfferTerms, error) {
	var t gtg.OfferTerms
	var pairs []string
	for _, v := range vals {
		parts := strings.Split(v, ",")
		whole := false
		for _, p := range parts {
			if !strings.Contains(p, "=") {
				whole = true
			}
		}
		if whole || strings.HasPrefix(strings.TrimSpace(v), "summary=") {
			pairs = append(pairs, v)
		} else {
			pairs = append(pairs, parts...)
		}
	}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok {
			return t, gtg.Errorf(gtg.EINVALID, "--terms: %q is not KEY=VALUE (keys: arr, percent, until, summary)", p)
		}
		switch k {
		case "arr":
			n, ok := gtg.ParseNumber(v)
			if !ok {
				return t, gtg.Errorf(gtg.EINVALID, "--terms arr: %q is not a number", v)
			}
			t.ARR = n
		case "percent", "discount":
			n, ok := gtg.ParseNumber(strings.TrimSuffix(v, "%"))
			if !ok {
				return t, gtg.Errorf(gtg.EINVALID, "--terms percent: %q is not a number", v)
			}
			t.Percent = n
		case "until":
			d, err := gtg.ParseDay(v)
			if err != nil {
				return t, gtg.Errorf(gtg.EINVALID, "--terms until: %s", gtg.ErrorMessage(err))
			}
			t.Until = d
		case "summary":
			t.Summary = v
		default:
			return t, gtg.Errorf(gtg.EINVALID, "--terms: unknown key %q (keys: arr, percent, until, summary)", k)
		}
	}
	return t, nil
}

// parseSkips reads --skip RUNG=REASON values.
func parseSkips(vals []string) ([]gtg.SkippedRung, error) {
	out := []gtg.SkippedRung{}
	for _, v := range vals {
		r, reason, ok := strings.Cut(v, "=")
		if !ok {
			return nil, gtg.Errorf(gtg.EINVALID, "--skip: %q is not RUNG=REASON", v)
		}
		out = append(out, gtg.SkippedRung{Rung: r, Reason: reason})
	}
	return out, nil
}

func offersProposeCmd(env *Env) *cobra.Command {
	var rung, note string
	var terms, skips []string
	var asJSON bool
	c := &cobra.Command{
		Use:   "propose ACCOUNT_ID --rung R [--terms KEY=VALUE …] [--skip RUNG=REASON …] [--note TEXT]",
		Short: "Propose an offer: expand, reduce, discount, pause or churn; each higher rung skipped needs a reason",
		Long: `Propose an offer on the save ladder. The rungs, tried in this order:
  expand    --terms arr=N             add value to keep full revenue (ARR after, at least today's)
  reduce    --terms arr=N             reduce scope, contracting to ARR N
  discount  --terms percent=P,until=D a P% discount until day D, when full price is reinstated
  pause     --terms until=D           pause until day D, when the contract resumes
  churn                               churn and keep warm
--terms summary=TEXT adds the terms in your words. Each rung above the one
proposed needs --skip RUNG=REASON unless it was already offered and not taken up.
Inside the guardrail policy the offer is proposed; past it, it waits for approval.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			t, err := parseTerms(terms)
			if err != nil {
				return err
			}
			sk, err := parseSkips(skips)
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				o, err := offers.Propose(c.Context(), s, u, args[0], offers.Proposal{Rung: rung, Terms: t, Skipped: sk, Note: note}, today(env))
				if err != nil {
					return err
				}
				if o.Status == gtg.OfferPendingApproval {
					// Queued here, sent by a running gtg serve.
					r, err := jobs.New(c.Context(), jobs.Config{Store: s, Now: env.Now, BaseURL: env.Getenv("GTG_BASE_URL")})
					if err == nil {
						err = r.NotifyApproval(c.Context(), o)
					}
					if err != nil {
						fmt.Fprintf(env.Stderr, "offer %d is stored, but its approvers could not be emailed: %s\n", o.ID, gtg.ErrorMessage(err))
					}
				}
				if asJSON {
					return printJSON(env.Stdout, o)
				}
				fmt.Fprintf(env.Stdout, "offer %d for %s: %s — %s\n", o.ID, o.AccountExt, o.Rung, offers.TermsText(o))
				if o.Status == gtg.OfferPendingApproval {
					fmt.Fprintf(env.Stdout, "waits for approval: %s\n", strings.Join(o.Guardrails, "; "))
				} else {
					fmt.Fprintln(env.Stdout, "inside the guardrails: proposed, yours to decide")
				}
				return nil
			})
		},
	}
	c.Flags().StringVar(&rung, "rung", "", "expand, reduce, discount, pause or churn")
	c.Flags().StringArrayVar(&terms, "terms", nil, "terms as KEY=VALUE: arr, percent, until, summary (repeat, or join with commas)")
	c.Flags().StringArrayVar(&skips, "skip", nil, "a higher rung skipped and why, as RUNG=REASON (repeat for each)")
	c.Flags().StringVar(&note, "note", "", "a note for the approver and the audit trail")
	c.Flags().BoolVar(&asJSON, "json", false, "print the offer as JSON")
	return c
}

func offersListCmd(env *Env) *cobra.Command {
	var asJSON, open bool
	var f gtg.OfferFilter
	var account, status string
	c := &cobra.Command{
		Use:   "list [--json] [--account ID] [--status S] [--open] [--owner EMAIL]",
		Short: "List offers, newest first",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			if account != "" {
				a, err := s.Account(c.Context(), account)
				if err != nil {
					return err
				}
				f.AccountID = a.ID
			}
			if status != "" {
				f.Statuses = []string{status}
			}
			if open {
				f.Statuses = gtg.OfferOpenStatuses
			}
			os, err := offers.Offers(c.Context(), s, f)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(os))
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "ID\tACCOUNT\tRUNG\tSTATUS\tARR BEFORE\tARR AFTER\tPROPOSER\tPROPOSED\tTERMS")
			for _, o := range os {
				fmt.Fprintf(w, "%d\t%s %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.ID, o.AccountExt, o.AccountName, o.Rung, o.Status,
					gtg.Money(o.ARRBefore), gtg.Money(o.ARRAfter), o.Proposer, o.ProposedOn, offers.TermsText(o))
			}
			return w.Flush()
		}),
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON: an array of offer objects")
	c.Flags().StringVar(&account, "account", "", "only this account's offers (its id)")
	c.Flags().StringVar(&status, "status", "", "only offers with this status")
	c.Flags().BoolVar(&open, "open", false, "only offers still in play (proposed, pending approval, approved)")
	c.Flags().StringVar(&f.Owner, "owner", "", "only offers on this CSM's accounts")
	return c
}

// offerDecideCmd is one of approve, reject, accept and decline.
func offerDecideCmd(env *Env, verb, status, short string) *cobra.Command {
	var note string
	c := &cobra.Command{
		Use:   verb + " ID [--note TEXT]",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg("ID", args[0])
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				o, fs, err := offers.Decide(c.Context(), s, u, id, gtg.OfferDecision{Status: status, Note: note}, today(env))
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "offer %d (%s on %s) is now %s\n", o.ID, o.Rung, o.AccountExt, strings.ReplaceAll(o.Status, "_", " "))
				if o.Status == gtg.OfferAccepted {
					fmt.Fprintf(env.Stdout, "outcome %s recorded: ARR %s → %s\n", o.OutcomeType(), gtg.Money(o.ARRBefore), gtg.Money(o.ARRAfter))
				}
				for _, f := range fs {
					fmt.Fprintf(env.Stdout, "follow-up %d due %s for %s: %s\n", f.ID, f.Due, f.Owner, f.Title)
				}
				return nil
			})
		},
	}
	c.Flags().StringVar(&note, "note", "", "why, for the proposer and the audit trail")
	return c
}

func offersFollowUpsCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "followups", Short: "The follow-ups accepted offers scheduled: list, done, drop"}
	var asJSON, all bool
	var f gtg.FollowUpFilter
	list := &cobra.Command{
		Use:   "list [--json] [--owner EMAIL] [--all]",
		Short: "List follow-ups by due day (open ones unless --all)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			f.Open = !all
			fs, err := offers.FollowUps(c.Context(), s, f)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(fs))
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "ID\tDUE\tSTATUS\tOWNER\tACCOUNT\tFOLLOW-UP")
			day := today(env)
			for _, x := range fs {
				st := x.Status
				if x.Overdue(day) {
					st += fmt.Sprintf(" (%d days overdue)", int(day-x.Due))
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s %s\t%s\n", x.ID, x.Due, st, x.Owner, x.AccountExt, x.AccountName, x.Title)
			}
			return w.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON: an array of follow-up objects")
	list.Flags().BoolVar(&all, "all", false, "done and dropped ones too")
	list.Flags().StringVar(&f.Owner, "owner", "", "only this person's follow-ups")
	mark := func(verb, status, short string) *cobra.Command {
		var note string
		c := &cobra.Command{
			Use:   verb + " ID [--note TEXT]",
			Short: short,
			Args:  cobra.ExactArgs(1),
			RunE: func(c *cobra.Command, args []string) error {
				id, err := idArg("ID", args[0])
				if err != nil {
					return err
				}
				return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
					x, err := offers.CompleteFollowUp(c.Context(), s, u, id, status, note, today(env))
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "follow-up %d (%s) is %s\n", x.ID, x.Title, x.Status)
					return nil
				})
			},
		}
		c.Flags().StringVar(&note, "note", "", "what was done")
		return c
	}
	cmd.AddCommand(list, mark("done", gtg.TaskDone, "Mark a follow-up done (a reinstatement or resume records its outcome)"),
		mark("drop", gtg.TaskDropped, "Drop a follow-up that no longer applies"))
	return cmd
}

func offersReportCmd(env *Env) *cobra.Command {
	var from, to string
	var asJSON bool
	c := &cobra.Command{
		Use:   "report [--from DATE] [--to DATE] [--json]",
		Short: "The ladder's results: offers by rung and status, ARR defended, the outcome ranking per owner and segment",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			f, err := dayFlag("from", from, 0)
			if err != nil {
				return err
			}
			t, err := dayFlag("to", to, 0)
			if err != nil {
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				r, err := offers.Report(c.Context(), s, f, t)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(env.Stdout, r)
				}
				fmt.Fprintf(env.Stdout, "%d offers; accepted ones defended %s of %s ARR at stake (conceded %s, lost %s, expanded %s)\n\n",
					r.Offers, gtg.Money(r.ARRDefended), gtg.Money(r.ARRAtStake), gtg.Money(r.ARRConceded), gtg.Money(r.ARRLost), gtg.Money(r.ARRExpanded))
				w := newTable(env.Stdout)
				fmt.Fprintln(w, "RUNG\tOFFERS\tACCEPTED\tDECLINED\tREJECTED\tEXPIRED\tOPEN\tARR BEFORE\tARR AFTER")
				for _, row := range r.ByRung {
					open := row.ByStatus[gtg.OfferProposed] + row.ByStatus[gtg.OfferPendingApproval] + row.ByStatus[gtg.OfferApproved]
					fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", row.Rung, row.Offers, row.Accepted, row.ByStatus[gtg.OfferDeclined],
						row.ByStatus[gtg.OfferRejected], row.ByStatus[gtg.OfferExpired], open, gtg.Money(row.ARRBefore), gtg.Money(row.ARRAfter))
				}
				if err := w.Flush(); err != nil {
					return err
				}
				for _, g := range []struct {
					what string
					rows []offers.ResultRow
				}{{"OWNER", r.ByOwner}, {"SEGMENT", r.BySegment}} {
					fmt.Fprintln(env.Stdout)
					w := newTable(env.Stdout)
					fmt.Fprintf(w, "%s\tACCEPTED\tFULL REVENUE\tLOGO RETAINED\tPAUSED\tCHURNED\tARR DEFENDED\n", g.what)
					for _, row := range g.rows {
						fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%s\n", row.Key, row.Accepted, row.ByResult[gtg.ResultFullRevenue],
							row.ByResult[gtg.ResultLogoRetained], row.ByResult[gtg.ResultPaused], row.ByResult[gtg.ResultChurned], gtg.Money(row.ARRDefended))
					}
					if err := w.Flush(); err != nil {
						return err
					}
				}
				return nil
			})
		},
	}
	c.Flags().StringVar(&from, "from", "", "offers proposed on or after this day")
	c.Flags().StringVar(&to, "to", "", "offers proposed on or before this day")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func offersPolicyCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "policy", Short: "The save ladder's guardrail policy (YAML): validate, apply, show"}
	validate := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a policy file; every problem is reported as file:line: field: why",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			data, err := readFile(args[0])
			if err != nil {
				return err
			}
			p, err := scorecard.ParseOfferPolicy(args[0], data)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: offer policy %s version %d is valid\n", args[0], p.Name, p.Version)
			return nil
		},
	}
	apply := &cobra.Command{
		Use:   "apply FILE",
		Short: "Validate a policy file and put it in force (an admin)",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			data, err := readFile(args[0])
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				p, changed, err := offers.ApplyPolicy(c.Context(), s, u, args[0], data)
				if err != nil {
					return err
				}
				printApplied(env.Stdout, "offer policy", p.Name, p.Version, changed)
				return nil
			})
		},
	}
	show := &cobra.Command{
		Use:   "show",
		Short: "Print the policy in force as YAML (the built-in default when none was applied)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			v, err := s.OfferPolicy(c.Context())
			if gtg.ErrorCode(err) == gtg.ENOTFOUND {
				_, err = env.Stdout.Write(scorecard.OfferPolicyYAML)
				return err
			} else if err != nil {
				return err
			}
			_, err = env.Stdout.Write(v.YAML)
			return err
		}),
	}
	cmd.AddCommand(validate, apply, show)
	return cmd
}
