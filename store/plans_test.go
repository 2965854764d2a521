package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, b := &gtg.Account{ExternalID: "P1", Name: "Plan One"}, &gtg.Account{ExternalID: "P2", Name: "Plan Two"}
		seedAccounts(t, s, a, b)
		p := &gtg.Plan{AccountID: a.ID, AccountExt: "P1", Owner: "kim@x.io", Playbook: "handoff_audit", Status: gtg.PlanOpen,
			Reasons: []string{"ae_am_handoff"}, Stakeholders: []string{"pat@p1.io"}, StartedOn: day("2026-03-01"),
			TargetDate: day("2026-03-31"), StallDays: 14, CreatedBy: "kim@x.io",
			Objectives: []gtg.Objective{{Title: "Green", Criterion: `color == "green"`}, {Title: "Usage", Criterion: "weekly_active_users >= 40"}},
			Tasks: []gtg.Task{{Title: "Form", OwnerSide: "ours", Owner: "kim@x.io", Due: day("2026-03-03"), Status: "todo"},
				{Title: "Confirm", OwnerSide: "customer", Owner: "pat@p1.io", Due: day("2026-03-15"), Status: "todo"}}}
		inTx(t, s, func(tx *store.Tx) error { return tx.CreatePlan(ctx, p) })
		if p.ID == 0 || p.Objectives[1].ID == 0 || p.Tasks[1].ID == 0 || p.Tasks[1].PlanID != p.ID {
			t.Fatalf("ids not filled: %+v", p)
		}
		got, err := s.Plan(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		p.AccountName = "Plan One"
		opts := cmpopts.EquateApproxTime(0)
		if diff := cmp.Diff(p, got, opts); diff != "" {
			t.Fatalf("plan (-want +got):\n%s", diff)
		}

		err = s.InTx(ctx, func(tx *store.Tx) error {
			return tx.CreatePlan(ctx, &gtg.Plan{AccountID: a.ID, AccountExt: "P1", Status: gtg.PlanOpen, StartedOn: day("2026-03-02"), StallDays: 14})
		})
		if gtg.ErrorCode(err) != gtg.ECONFLICT {
			t.Fatalf("second open plan: %v, want conflict", err)
		}

		// Evaluation results, a task update and a new task, then closing.
		got.Objectives[0].Met, got.Objectives[0].MetOn, got.Objectives[0].Detail = true, day("2026-03-10"), `color="green"`
		got.Tasks[0].Status, got.Tasks[0].DoneOn = "done", day("2026-03-02")
		extra := &gtg.Task{PlanID: p.ID, Title: "Extra", OwnerSide: "ours", Status: "todo"}
		inTx(t, s, func(tx *store.Tx) error {
			if err := tx.SetObjectiveResults(ctx, got.Objectives); err != nil {
				return err
			}
			if err := tx.PutTask(ctx, &got.Tasks[0]); err != nil {
				return err
			}
			return tx.PutTask(ctx, extra)
		})
		got.Status, got.Outcome, got.Lesson, got.ClosedOn, got.ClosedBy, got.GreenOn = gtg.PlanClosed, gtg.OutcomeBackToGreen, "worked", day("2026-03-10"), "gtg", day("2026-03-10")
		inTx(t, s, func(tx *store.Tx) error { return tx.UpdatePlan(ctx, got) })
		again, err := s.Plan(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.Tasks = append(got.Tasks, *extra)
		if diff := cmp.Diff(got, again, opts); diff != "" {
			t.Fatalf("after updates (-want +got):\n%s", diff)
		}
		// Closed, the account may have a new plan; filters select.
		q := &gtg.Plan{AccountID: a.ID, AccountExt: "P1", Playbook: "value_reinforcement", Status: gtg.PlanOpen, StartedOn: day("2026-04-01"), StallDays: 7}
		r := &gtg.Plan{AccountID: b.ID, AccountExt: "P2", Playbook: "handoff_audit", Status: gtg.PlanOpen, StartedOn: day("2026-03-05"), StallDays: 7, Owner: "lee@x.io"}
		inTx(t, s, func(tx *store.Tx) error {
			if err := tx.CreatePlan(ctx, q); err != nil {
				return err
			}
			return tx.CreatePlan(ctx, r)
		})
		ids := func(f gtg.PlanFilter) []int64 {
			ps, err := s.Plans(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, p := range ps {
				out = append(out, p.ID)
			}
			return out
		}
		for _, tc := range []struct {
			name string
			f    gtg.PlanFilter
			want []int64
		}{
			{"All", gtg.PlanFilter{}, []int64{q.ID, r.ID, p.ID}}, // open first, newest start first
			{"Open", gtg.PlanFilter{Status: gtg.PlanOpen}, []int64{q.ID, r.ID}},
			{"Account", gtg.PlanFilter{AccountID: a.ID}, []int64{q.ID, p.ID}},
			{"Playbook", gtg.PlanFilter{Playbook: "handoff_audit"}, []int64{r.ID, p.ID}},
			{"Owner", gtg.PlanFilter{Owner: "lee@x.io"}, []int64{r.ID}},
		} {
			if diff := cmp.Diff(tc.want, ids(tc.f)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, diff)
			}
		}
		if _, err := s.Plan(ctx, 9999); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("unknown plan: %v", err)
		}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			return tx.PutTask(ctx, &gtg.Task{ID: extra.ID, PlanID: q.ID, Title: "x", OwnerSide: "ours", Status: "todo"})
		})
		if gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("task of another plan: %v, want not found", err)
		}
	})
}

func TestPlanShares(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := &gtg.Account{ExternalID: "S1", Name: "Shared"}
		seedAccounts(t, s, a)
		p := &gtg.Plan{AccountID: a.ID, AccountExt: "S1", Status: gtg.PlanOpen, StartedOn: day("2026-03-01"), StallDays: 14}
		sh := &gtg.PlanShare{Prefix: "abc", Hash: "h1", CreatedBy: "kim@x.io"}
		inTx(t, s, func(tx *store.Tx) error {
			if err := tx.CreatePlan(ctx, p); err != nil {
				return err
			}
			sh.PlanID = p.ID
			return tx.AddPlanShare(ctx, sh)
		})
		if id, err := s.PlanIDByShareHash(ctx, "h1"); err != nil || id != p.ID {
			t.Fatalf("by hash = %d, %v", id, err)
		}
		if _, err := s.PlanIDByShareHash(ctx, "nope"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("wrong hash: %v", err)
		}
		inTx(t, s, func(tx *store.Tx) error { return tx.RevokePlanShare(ctx, p.ID, sh.ID) })
		if _, err := s.PlanIDByShareHash(ctx, "h1"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("revoked link still works: %v", err)
		}
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.RevokePlanShare(ctx, p.ID, sh.ID) }); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("revoking twice: %v", err)
		}
		shares, err := s.PlanShares(ctx, p.ID)
		if err != nil || len(shares) != 1 || shares[0].RevokedAt.IsZero() || shares[0].Prefix != "abc" {
			t.Fatalf("shares = %+v, %v", shares, err)
		}
	})
}
