package save_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestEvaluateNeedsGreen is the regression test for a plan closed as
// back_to_green while the account's health was 61 (yellow): `plan objectives
// --set` had replaced the back-to-green objective with a usage one, and the
// evaluator closed the plan as soon as that one was met.
func TestEvaluateNeedsGreen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := &gtg.Account{ExternalID: "Y1", Name: "Yellow", Seats: 100}
		at(st, "2026-03-01T09:00:00Z")
		seed(t, st, a)
		start := day("2026-03-01")
		putScores(t, st, a, start, 55, 58, 61, 61, 72)
		putMetric(t, st, a, "active_users", start, 30, 45, 50, 50, 50)
		p, err := save.NewPlan(ctx, st, csm, "Y1", "", 0, start)
		must(t, err)
		must(t, save.SetObjectives(ctx, st, csm, p.ID, []gtg.Objective{{Title: "Used", Criterion: "weekly_active_users >= 40"}}, start))

		// 03-03: the only objective is met but the health is 61, yellow: the plan stays open.
		checks, err := save.EvaluatePlans(ctx, st, day("2026-03-03"), at(st, "2026-03-03T06:00:00Z"))
		must(t, err)
		if len(checks) != 1 || checks[0].Met != 1 || checks[0].Closed {
			t.Fatalf("03-03 checks = %+v", checks)
		}
		got, err := save.Plan(ctx, st, p.ID)
		must(t, err)
		if got.Status != gtg.PlanOpen || got.Outcome != "" || got.GreenOn != 0 {
			t.Fatalf("yellow account's plan = status %s outcome %q green on %s", got.Status, got.Outcome, got.GreenOn)
		}
		// 03-05: health 72, green, and the objective still met: now it closes back to green.
		checks, err = save.EvaluatePlans(ctx, st, day("2026-03-05"), at(st, "2026-03-05T06:00:00Z"))
		must(t, err)
		if len(checks) != 1 || !checks[0].Closed {
			t.Fatalf("03-05 checks = %+v", checks)
		}
		got, err = save.Plan(ctx, st, p.ID)
		must(t, err)
		if got.Outcome != gtg.OutcomeBackToGreen || got.ClosedOn != day("2026-03-05") || got.GreenOn != day("2026-03-05") {
			t.Fatalf("green account's plan = %+v", got)
		}
	})
}
