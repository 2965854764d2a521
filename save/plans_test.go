package save_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestNewPlanAndTasks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := &gtg.Account{ExternalID: "P1", Name: "Plan One", Owner: "kim@x.io", AccountExecutive: "ae@x.io"}
		seed(t, st, a)
		must(t, st.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.UpsertContacts(ctx, "test", []*gtg.Contact{
				{AccountID: a.ID, Email: "pat@p1.io", Name: "Pat", Role: "champion"},
				{AccountID: a.ID, Email: "eve@p1.io", Name: "Eve", Role: "economic_buyer"},
				{AccountID: a.ID, Email: "ula@p1.io", Name: "Ula", Role: "end_user"},
				{AccountID: a.ID, Email: "old@p1.io", Name: "Old", Role: "champion", Status: "left"},
			})
			return err
		}))
		_, err := save.SetRisk(ctx, st, csm, "P1", gtg.RiskChange{Level: "high", Reasons: []string{"ae_am_handoff", "training"}})
		must(t, err)
		start := day("2026-03-01")
		_, err = save.NewPlan(ctx, st, viewer, "P1", "handoff_audit", 0, start)
		wantErr(t, err, gtg.EFORBIDDEN, "start a plan")
		_, err = save.NewPlan(ctx, st, csm, "P1", "no_such", 0, start)
		wantErr(t, err, gtg.ENOTFOUND, `playbook: no playbook "no_such"`)
		_, err = save.NewPlan(ctx, st, csm, "P1", "handoff_audit", day("2026-02-01"), start)
		wantErr(t, err, gtg.EINVALID, "target_date: 2026-02-01 is before the plan starts")

		p, err := save.NewPlan(ctx, st, csm, "P1", "handoff_audit", 0, start)
		must(t, err)
		if p.TargetDate != day("2026-03-31") || p.StallDays != 14 || p.Owner != "kim@x.io" || p.CreatedBy != "kim@x.io" {
			t.Fatalf("plan = %+v", p)
		}
		if diff := cmp.Diff([]string{"ae_am_handoff", "training"}, p.Reasons); diff != "" {
			t.Errorf("root causes (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"eve@p1.io", "pat@p1.io"}, p.Stakeholders); diff != "" {
			t.Errorf("stakeholders (-want +got):\n%s", diff)
		}
		type task struct{ Due, Side, Owner string }
		var tasks []task
		for _, tk := range p.Tasks {
			tasks = append(tasks, task{tk.Due.String(), tk.OwnerSide, tk.Owner})
		}
		want := []task{{"2026-03-03", "ours", "kim@x.io"}, {"2026-03-06", "ours", "ae@x.io"}, {"2026-03-08", "ours", "kim@x.io"},
			{"2026-03-15", "customer", "eve@p1.io"}, {"2026-03-22", "ours", "kim@x.io"}}
		if diff := cmp.Diff(want, tasks); diff != "" {
			t.Errorf("tasks (-want +got):\n%s", diff)
		}
		if len(p.Objectives) != 1 || p.Objectives[0].Criterion != `color == "green"` {
			t.Errorf("objectives = %+v", p.Objectives)
		}
		_, err = save.NewPlan(ctx, st, csm, "P1", "support_engagement", 0, start)
		wantErr(t, err, gtg.ECONFLICT, "already has an open plan")

		done := "done"
		_, err = save.UpdateTask(ctx, st, viewer, p.ID, p.Tasks[0].ID, gtg.TaskChange{Status: &done}, start)
		wantErr(t, err, gtg.EFORBIDDEN, "change a plan task")
		bad := "finished"
		_, err = save.UpdateTask(ctx, st, csm, p.ID, p.Tasks[0].ID, gtg.TaskChange{Status: &bad}, start)
		wantErr(t, err, gtg.EINVALID, `status: "finished"`)
		_, err = save.UpdateTask(ctx, st, csm, p.ID, 99999, gtg.TaskChange{Status: &done}, start)
		wantErr(t, err, gtg.ENOTFOUND, "no task #99999")
		tk, err := save.UpdateTask(ctx, st, csm, p.ID, p.Tasks[0].ID, gtg.TaskChange{Status: &done}, day("2026-03-02"))
		must(t, err)
		if tk.DoneOn != day("2026-03-02") {
			t.Fatalf("done on %s", tk.DoneOn)
		}
		extra := &gtg.Task{Title: "Exec sponsor lunch", Due: day("2026-03-10")}
		must(t, save.AddTask(ctx, st, csm, p.ID, extra))
		got, err := save.Plan(ctx, st, p.ID)
		must(t, err)
		if len(got.Tasks) != 6 || got.Tasks[0].Status != "done" || got.Tasks[5].Title != "Exec sponsor lunch" || got.Tasks[5].OwnerSide != "ours" {
			t.Fatalf("tasks after changes = %+v", got.Tasks)
		}
		pr, err := save.Progress(ctx, st, got, day("2026-03-09"))
		must(t, err)
		// Done: the first task; overdue on 03-09: due 03-06 and 03-08 (03-03 is done, 03-10 not yet due).
		if pr.TasksDone != 1 || pr.TasksOverdue != 2 || pr.TasksTotal != 6 || pr.DaysLeft != 22 {
			t.Fatalf("progress = %+v", pr)
		}

		_, err = save.ClosePlan(ctx, st, csm, p.ID, gtg.PlanClose{Outcome: "won"}, day("2026-03-20"))
		wantErr(t, err, gtg.EINVALID, `outcome: "won"`)
		closed, err := save.ClosePlan(ctx, st, csm, p.ID, gtg.PlanClose{Outcome: "renewed", Lesson: "The AE call fixed it"}, day("2026-03-20"))
		must(t, err)
		if closed.Status != gtg.PlanClosed || closed.ClosedOn != day("2026-03-20") || closed.GreenOn != 0 {
			t.Fatalf("closed = %+v", closed)
		}
		_, err = save.UpdateTask(ctx, st, csm, p.ID, p.Tasks[1].ID, gtg.TaskChange{Status: &done}, start)
		wantErr(t, err, gtg.ECONFLICT, "is closed")
		log, err := st.AuditLog(ctx, "plan", "", 10)
		must(t, err)
		if len(log) != 2 || log[0].Action != "close" || log[1].Action != "create" {
			t.Fatalf("plan audit = %+v", log)
		}
	})
}

func TestEvaluatePlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := &gtg.Account{ExternalID: "E1", Name: "Eval", Seats: 100}
		b := &gtg.Account{ExternalID: "E2", Name: "No usage"}
		at(st, "2026-03-01T09:00:00Z")
		seed(t, st, a, b)
		start := day("2026-03-01")
		putScores(t, st, a, start, 50, 52, 55, 60, 65, 68, 71, 72, 73, 74)
		putMetric(t, st, a, "active_users", start, 20, 22, 25, 30, 35, 38, 39, 41, 30, 10)
		putScores(t, st, b, start, 80, 80, 80, 80, 80, 80, 80, 80)
		objectives := []gtg.Objective{{Title: "Healthy", Criterion: "health >= 70"}, {Title: "Used", Criterion: "weekly_active_users >= 40"}}
		var ids []int64
		for _, id := range []string{"E1", "E2"} {
			p, err := save.NewPlan(ctx, st, csm, id, "", 0, start)
			must(t, err)
			must(t, save.SetObjectives(ctx, st, csm, p.ID, append([]gtg.Objective(nil), objectives...), start))
			ids = append(ids, p.ID)
		}
		wantErr(t, save.SetObjectives(ctx, st, csm, ids[0], []gtg.Objective{{Title: "x", Criterion: "weekly_logins >= 1"}}, start),
			gtg.EINVALID, "objectives[0].criterion")

		// 03-07: health 71 is met; the week's busiest day had 39 active users, not met.
		checks, err := save.EvaluatePlans(ctx, st, day("2026-03-07"), at(st, "2026-03-07T06:00:00Z"))
		must(t, err)
		if len(checks) != 2 || checks[0].Met != 1 || checks[0].Closed || checks[1].Met != 1 {
			t.Fatalf("03-07 checks = %+v", checks)
		}
		p, err := save.Plan(ctx, st, ids[0])
		must(t, err)
		if !p.Objectives[0].Met || p.Objectives[0].MetOn != day("2026-03-07") || p.Objectives[1].Met || p.Objectives[1].Detail != "weekly_active_users=39" || p.GreenOn != day("2026-03-07") {
			t.Fatalf("after 03-07: %+v, green on %s", p.Objectives, p.GreenOn)
		}
		// 03-08: 72 and 41: all met, so the plan closes back to green. E2 has no usage data: it stays open.
		checks, err = save.EvaluatePlans(ctx, st, day("2026-03-08"), at(st, "2026-03-08T06:00:00Z"))
		must(t, err)
		if !checks[0].Closed || checks[0].Met != 2 || checks[1].Closed {
			t.Fatalf("03-08 checks = %+v", checks)
		}
		p, err = save.Plan(ctx, st, ids[0])
		must(t, err)
		if p.Status != gtg.PlanClosed || p.Outcome != gtg.OutcomeBackToGreen || p.ClosedOn != day("2026-03-08") || p.ClosedBy != "gtg" ||
			p.Objectives[0].MetOn != day("2026-03-07") || !strings.Contains(p.Lesson, "Exit criteria met on 2026-03-08") {
			t.Fatalf("closed plan = %+v", p)
		}
		pr, err := save.Progress(ctx, st, p, day("2026-03-10"))
		must(t, err)
		if *pr.StartScore != 50 || *pr.Score != 72 || len(pr.Trajectory) != 8 {
			t.Fatalf("progress = start %v, score %v, %d points", *pr.StartScore, *pr.Score, len(pr.Trajectory))
		}
		checks, err = save.EvaluatePlans(ctx, st, day("2026-03-09"), at(st, "2026-03-09T06:00:00Z"))
		must(t, err)
		if len(checks) != 1 || checks[0].PlanID != ids[1] {
			t.Fatalf("closed plans are not evaluated again: %+v", checks)
		}
		log, err := st.AuditLog(ctx, "plan", "", 1)
		must(t, err)
		if log[0].Actor != "gtg" || log[0].Action != "close" {
			t.Fatalf("audit = %+v", log[0])
		}
	})
}

func TestStallDetection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := &gtg.Account{ExternalID: "S1", Name: "Stuck"}
		at(st, "2026-03-01T09:00:00Z")
		seed(t, st, a)
		// 02-28 50 (baseline) | 03-01 50, 03-02 50.5, 03-03 50.9 (under 1 point: no improvement), 03-04..03-15 50,
		// 03-16 52 (an improvement), then 52 to 04-10.
		scores := []float64{50, 50, 50.5, 50.9}
		for d := day("2026-03-04"); d <= day("2026-03-15"); d++ {
			scores = append(scores, 50)
		}
		for d := day("2026-03-16"); d <= day("2026-04-10"); d++ {
			scores = append(scores, 52)
		}
		putScores(t, st, a, day("2026-02-28"), scores...)
		p, err := save.NewPlan(ctx, st, csm, "S1", "", 0, day("2026-03-01"))
		must(t, err)
		eval := func(on string) save.PlanCheck {
			t.Helper()
			cs, err := save.EvaluatePlans(ctx, st, day(on), at(st, on+"T06:00:00Z"))
			must(t, err)
			if len(cs) != 1 {
				t.Fatalf("%s: %d checks", on, len(cs))
			}
			return cs[0]
		}
		for _, tc := range []struct {
			on, last, adjust string
			stalled          bool
		}{
			{"2026-03-14", "2026-03-01", "", false}, // 13 days without improvement
			{"2026-03-15", "2026-03-01", "2026-03-15", true},
			{"2026-03-16", "2026-03-16", "", false},
			{"2026-03-29", "2026-03-16", "", false},
			{"2026-03-30", "2026-03-16", "2026-03-30", true},
			{"2026-03-31", "2026-03-16", "2026-03-30", true}, // the prompt keeps the day it was raised
		} {
			c := eval(tc.on)
			if c.LastImprove.String() != tc.last || c.Stalled != tc.stalled || c.AdjustSince.String() != tc.adjust {
				t.Errorf("%s: last improvement %s, stalled %v, adjust since %q; want %s, %v, %q", tc.on, c.LastImprove, c.Stalled, c.AdjustSince, tc.last, tc.stalled, tc.adjust)
			}
		}
		got, err := save.Plan(ctx, st, p.ID)
		must(t, err)
		if got.AdjustSince != day("2026-03-30") {
			t.Fatalf("stored prompt = %s", got.AdjustSince)
		}
		wantErr(t, save.AdjustPlan(ctx, st, viewer, p.ID, "x", day("2026-03-31")), gtg.EFORBIDDEN, "adjust a plan")
		must(t, save.AdjustPlan(ctx, st, csm, p.ID, "Added an executive call", day("2026-03-31")))
		if c := eval("2026-04-13"); c.Stalled || c.LastImprove != day("2026-03-31") {
			t.Fatalf("after adjusting on 03-31, 04-13: %+v", c)
		}
		seven := 7
		_, err = save.EditPlan(ctx, st, csm, p.ID, gtg.PlanEdit{StallDays: &seven})
		must(t, err)
		if c := eval("2026-04-07"); !c.Stalled || c.AdjustSince != day("2026-04-07") {
			t.Fatalf("7 stall days, 04-07: %+v", c)
		}
		zero := 0
		_, err = save.EditPlan(ctx, st, csm, p.ID, gtg.PlanEdit{StallDays: &zero})
		wantErr(t, err, gtg.EINVALID, "stall_days: 0")
		log, err := st.AuditLog(ctx, "plan", "", 20)
		must(t, err)
		prompts := 0
		for _, e := range log {
			if e.Action == "adjust_prompt" {
				prompts++
			}
		}
		if prompts != 3 { // raised on 03-15, 03-30 and 04-07
			t.Fatalf("%d adjust prompts in the audit log, want 3", prompts)
		}
	})
}
