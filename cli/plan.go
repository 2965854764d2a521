package cli

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func planCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "plan", Short: "Get-to-green plans: start from a playbook, track tasks and objectives, evaluate, close, share"}
	cmd.AddCommand(planNewCmd(env), planListCmd(env), planShowCmd(env), planTaskCmd(env), planObjectivesCmd(env),
		planCloseCmd(env), planAdjustCmd(env), planEvaluateCmd(env), planShareCmd(env), planCriteriaCmd(env))
	return cmd
}

func planNewCmd(env *Env) *cobra.Command {
	var playbook, target, start string
	c := &cobra.Command{
		Use:   "new ACCOUNT_ID --playbook KEY [--target DATE]",
		Short: "Start a plan for an account from a playbook (tailor it afterwards)",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			from, err := dayFlag("start", start, today(env))
			if err != nil {
				return err
			}
			tgt, err := dayFlag("target", target, 0)
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				p, err := save.NewPlan(c.Context(), s, u, args[0], playbook, tgt, from)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "plan %d for %s from playbook %s: %d tasks, %d objectives, target %s\n",
					p.ID, p.AccountExt, p.Playbook, len(p.Tasks), len(p.Objectives), p.TargetDate)
				return nil
			})
		},
	}
	c.Flags().StringVar(&playbook, "playbook", "", "the playbook key (see gtg playbooks list)")
	c.Flags().StringVar(&target, "target", "", "the target date (default: the playbook's target days from today)")
	c.Flags().StringVar(&start, "start", "", "the day the plan starts (default today)")
	c.MarkFlagRequired("playbook")
	return c
}

func planListCmd(env *Env) *cobra.Command {
	var asJSON bool
	var f gtg.PlanFilter
	var account string
	c := &cobra.Command{
		Use:   "list [--json] [--account ID] [--status open|closed] [--playbook KEY] [--owner EMAIL]",
		Short: "List plans, open first (--json: plan objects with account_id, playbook, status, tasks, objectives)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			if account != "" {
				a, err := s.Account(c.Context(), account)
				if err != nil {
					return err
				}
				f.AccountID = a.ID
			}
			if f.Status != "" && f.Status != gtg.PlanOpen && f.Status != gtg.PlanClosed {
				return gtg.Errorf(gtg.EINVALID, "--status: %q is not one of open, closed", f.Status)
			}
			ps, err := save.Plans(c.Context(), s, f)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(ps))
			}
			day := today(env)
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "PLAN\tACCOUNT\tPLAYBOOK\tSTATUS\tSTARTED\tTARGET\tTASKS DONE\tOVERDUE\tOBJECTIVES MET\tPROMPT")
			for _, p := range ps {
				done, overdue, met := 0, 0, 0
				for _, t := range p.Tasks {
					if t.Status == gtg.TaskDone {
						done++
					}
					if p.Status == gtg.PlanOpen && t.Overdue(day) {
						overdue++
					}
				}
				for _, o := range p.Objectives {
					if o.Met {
						met++
					}
				}
				status, prompt := p.Status, "-"
				if p.Status == gtg.PlanClosed {
					status += " " + p.Outcome
				}
				if p.AdjustSince != 0 {
					prompt = "adjust the plan (no improvement since " + p.AdjustSince.AddDays(-p.StallDays).String() + ")"
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%d/%d\t%d\t%d/%d\t%s\n", p.ID, p.AccountExt, dash(p.Playbook), status, p.StartedOn,
					p.TargetDate, done, len(p.Tasks), overdue, met, len(p.Objectives), prompt)
			}
			return w.Flush()
		}),
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&account, "account", "", "only this account's plans")
	c.Flags().StringVar(&f.Status, "status", "", "open or closed")
	c.Flags().StringVar(&f.Playbook, "playbook", "", "only plans from this playbook")
	c.Flags().StringVar(&f.Owner, "owner", "", "only this CSM's plans")
	return c
}

func planShowCmd(env *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "show PLAN_ID [--json]",
		Short: "Show a plan: objectives, tasks, progress against the target and the health since it started",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg("PLAN_ID", args[0])
			if err != nil {
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				p, err := save.Plan(c.Context(), s, id)
				if err != nil {
					return err
				}
				pr, err := save.Progress(c.Context(), s, p, today(env))
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(env.Stdout, struct {
						*gtg.Plan
						Progress *gtg.PlanProgress `json:"progress"`
					}{p, pr})
				}
				out := env.Stdout
				fmt.Fprintf(out, "plan %d: %s %s, playbook %s, %s", p.ID, p.AccountExt, p.AccountName, dash(p.Playbook), p.Status)
				if p.Status == gtg.PlanClosed {
					fmt.Fprintf(out, " %s on %s by %s: %s", p.Outcome, p.ClosedOn, p.ClosedBy, p.Lesson)
				}
				fmt.Fprintf(out, "\nstarted %s, target %s (%d days left), owner %s\n", p.StartedOn, p.TargetDate, pr.DaysLeft, dash(p.Owner))
				fmt.Fprintf(out, "root causes: %s\nstakeholders: %s\n", dash(strings.Join(p.Reasons, ", ")), dash(strings.Join(p.Stakeholders, ", ")))
				if pr.StartScore != nil && pr.Score != nil {
					fmt.Fprintf(out, "health: %.0f at the start, %.0f now\n", *pr.StartScore, *pr.Score)
				}
				if p.AdjustSince != 0 {
					fmt.Fprintf(out, "ADJUST THE PLAN: no health improvement for %d days (since %s)\n", p.StallDays, p.AdjustSince.AddDays(-p.StallDays))
				}
				fmt.Fprintln(out, "objectives:")
				for _, o := range p.Objectives {
					mark := "[ ]"
					if o.Met {
						mark = "[x]"
					}
					fmt.Fprintf(out, "  %s %s: %s  %s\n", mark, o.Title, o.Criterion, o.Detail)
				}
				fmt.Fprintf(out, "tasks (%d done, %d overdue):\n", pr.TasksDone, pr.TasksOverdue)
				w := newTable(out)
				for _, t := range p.Tasks {
					fmt.Fprintf(w, "  %d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Status, t.Due, t.OwnerSide, dash(t.Owner), t.Title)
				}
				return w.Flush()
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON: the plan and its progress")
	return c
}

func planTaskCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "task", Short: "Add, complete or change a plan's tasks"}
	var t gtg.Task
	var due string
	add := &cobra.Command{
		Use:   "add PLAN_ID --title TEXT [--side ours|customer] [--owner WHO] [--due DATE] [--notes TEXT]",
		Short: "Add a task to an open plan",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg("PLAN_ID", args[0])
			if err != nil {
				return err
			}
			if t.Due, err = dayFlag("due", due, 0); err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if err := save.AddTask(c.Context(), s, u, id, &t); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "task %d added to plan %d\n", t.ID, id)
				return nil
			})
		},
	}
	add.Flags().StringVar(&t.Title, "title", "", "what to do")
	add.Flags().StringVar(&t.OwnerSide, "side", gtg.SideOurs, "ours or customer")
	add.Flags().StringVar(&t.Owner, "owner", "", "who")
	add.Flags().StringVar(&due, "due", "", "due date")
	add.Flags().StringVar(&t.Notes, "notes", "", "notes")
	add.MarkFlagRequired("title")
	cmd.AddCommand(add, taskChangeCmd(env, "done", gtg.TaskDone, "Mark a task done"), taskChangeCmd(env, "set", "", "Change a task's status, owner, due date, title or notes"))
	return cmd
}

// taskChangeCmd is "task done" (status fixed) or "task set" (status from --status).
func taskChangeCmd(env *Env, verb, status, short string) *cobra.Command {
	var title, owner, due, notes, st string
	c := &cobra.Command{
		Use:   verb + " PLAN_ID TASK_ID",
		Short: short,
		Args:  cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			planID, err := idArg("PLAN_ID", args[0])
			if err != nil {
				return err
			}
			taskID, err := idArg("TASK_ID", args[1])
			if err != nil {
				return err
			}
			var ch gtg.TaskChange
			if status != "" {
				ch.Status = &status
			}
			for _, f := range []struct {
				name string
				dst  **string
				v    *string
			}{{"title", &ch.Title, &title}, {"owner", &ch.Owner, &owner}, {"notes", &ch.Notes, &notes}, {"status", &ch.Status, &st}} {
				if c.Flags().Changed(f.name) {
					*f.dst = f.v
				}
			}
			if c.Flags().Changed("due") {
				d, err := dayFlag("due", due, 0)
				if err != nil {
					return err
				}
				ch.Due = &d
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				t, err := save.UpdateTask(c.Context(), s, u, planID, taskID, ch, today(env))
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "task %d of plan %d: %s, due %s, %s\n", t.ID, planID, t.Status, dash(t.Due.String()), t.Title)
				return nil
			})
		},
	}
	if status == "" {
		c.Flags().StringVar(&st, "status", "", "todo, doing, done or dropped")
		c.Flags().StringVar(&title, "title", "", "new title")
		c.Flags().StringVar(&owner, "owner", "", "new owner")
		c.Flags().StringVar(&due, "due", "", "new due date")
	}
	c.Flags().StringVar(&notes, "notes", "", "notes")
	return c
}

func planObjectivesCmd(env *Env) *cobra.Command {
	var set []string
	c := &cobra.Command{
		Use:   `objectives PLAN_ID --set "TITLE: CRITERION" [--set ...]`,
		Short: "Replace a plan's objectives and their exit criteria (see gtg plan criteria); restarts the stall clock",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg("PLAN_ID", args[0])
			if err != nil {
				return err
			}
			var os []gtg.Objective
			for i, v := range set {
				title, crit, ok := strings.Cut(v, ":")
				if !ok {
					return gtg.Errorf(gtg.EINVALID, "--set %d: %q is not TITLE: CRITERION", i+1, v)
				}
				os = append(os, gtg.Objective{Title: strings.TrimSpace(title), Criterion: strings.TrimSpace(crit)})
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if err := save.SetObjectives(c.Context(), s, u, id, os, today(env)); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "plan %d has %d objectives\n", id, len(os))
				return nil
			})
		},
	}
	c.Flags().StringArrayVar(&set, "set", nil, `an objective as "TITLE: CRITERION", e.g. "Back to green: health >= 70 && weekly_active_users >= 40"`)
	c.MarkFlagRequired("set")
	return c
}

func planCloseCmd(env *Env) *cobra.Command {
	var pc gtg.PlanClose
	c := &cobra.Command{
		Use:   "close PLAN_ID --outcome back_to_green|renewed|contracted|paused|churned [--lesson TEXT]",
		Short: "Close a plan with its outcome and a short lesson",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg("PLAN_ID", args[0])
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				p, err := save.ClosePlan(c.Context(), s, u, id, pc, today(env))
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "plan %d for %s closed: %s\n", p.ID, p.AccountExt, p.Outcome)
				return nil
			})
		},
	}
	c.Flags().StringVar(&pc.Outcome, "outcome", "", "back_to_green, renewed, contracted, paused or churned")
	c.Flags().StringVar(&pc.Lesson, "lesson", "", "what worked or did not")
	c.MarkFlagRequired("outcome")
	return c
}

func planAdjustCmd(env *Env) *cobra.Command {
	var note string
	c := &cobra.Command{
		Use:   "adjust PLAN_ID [--note TEXT]",
		Short: `Answer the "adjust the plan" prompt: say what changed; the stall clock restarts today`,
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg("PLAN_ID", args[0])
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if err := save.AdjustPlan(c.Context(), s, u, id, note, today(env)); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "plan %d adjusted\n", id)
				return nil
			})
		},
	}
	c.Flags().StringVar(&note, "note", "", "what was changed")
	return c
}

func planEvaluateCmd(env *Env) *cobra.Command {
	var asOf string
	var asJSON bool
	c := &cobra.Command{
		Use:   "evaluate [--as-of DATE] [--json]",
		Short: "Evaluate open plans' exit criteria and stall prompts as of a day (gtg score does this after scoring)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			day, err := dayFlag("as-of", asOf, today(env))
			if err != nil {
				return err
			}
			return useStore(env, c, func(s *store.Store) error {
				checks, err := save.EvaluatePlans(c.Context(), s, day, env.Now())
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(env.Stdout, jsonList(checks))
				}
				closed, stalled := 0, 0
				for _, ch := range checks {
					switch {
					case ch.Closed:
						closed++
						fmt.Fprintf(env.Stdout, "plan %d for %s: all %d objectives met, closed back to green\n", ch.PlanID, ch.AccountExt, ch.Objectives)
					case ch.Objectives > 0 && ch.Met == ch.Objectives:
						fmt.Fprintf(env.Stdout, "plan %d for %s: all %d objectives met but the account is not green yet, left open\n", ch.PlanID, ch.AccountExt, ch.Objectives)
						if ch.Stalled {
							stalled++
						}
					case ch.Stalled:
						stalled++
						fmt.Fprintf(env.Stdout, "plan %d for %s: no health improvement since %s, adjust the plan\n", ch.PlanID, ch.AccountExt, ch.LastImprove)
					}
				}
				fmt.Fprintf(env.Stdout, "evaluated %d open plans on %s: %d closed back to green, %d need adjusting\n", len(checks), day, closed, stalled)
				return nil
			})
		},
	}
	c.Flags().StringVar(&asOf, "as-of", "", "the day to evaluate (default today)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func planShareCmd(env *Env) *cobra.Command {
	var revoke int64
	c := &cobra.Command{
		Use:   "share PLAN_ID [--revoke SHARE_ID]",
		Short: "Make a secret read-only link for the customer (printed once), or revoke one",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg("PLAN_ID", args[0])
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if revoke != 0 {
					if err := save.RevokeShare(c.Context(), s, u, id, revoke); err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "link %d of plan %d revoked\n", revoke, id)
					return nil
				}
				secret, sh, err := save.SharePlan(c.Context(), s, u, id)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "link %d: /shared/plans/%s\n", sh.ID, secret)
				return nil
			})
		},
	}
	c.Flags().Int64Var(&revoke, "revoke", 0, "revoke this link instead")
	return c
}

func planCriteriaCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "criteria",
		Short: "Explain exit criteria: the expression language and its variables",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(env.Stdout, save.CriteriaHelp)
			return err
		},
	}
}
