package save_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func ptr[T any](v T) *T { return &v }

func TestPlaybookRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		at(st, "2026-03-01T09:00:00Z")
		var accts []*gtg.Account
		for _, id := range []string{"R1", "R2", "R3", "R4", "R5"} {
			accts = append(accts, &gtg.Account{ExternalID: id, Name: id})
		}
		seed(t, st, accts...)
		plan := func(id, playbook, start string) *gtg.Plan {
			p, err := save.NewPlan(ctx, st, csm, id, playbook, 0, day(start))
			must(t, err)
			return p
		}
		closeAs := func(p *gtg.Plan, outcome, on string) {
			_, err := save.ClosePlan(ctx, st, csm, p.ID, gtg.PlanClose{Outcome: outcome}, day(on))
			must(t, err)
		}
		// handoff_audit: R1 back to green after 10 days; R2 churned; R3 seen green on day 4, then renewed; R4 open.
		// value_reinforcement: R5 back to green after 30 days.
		r1, r2, r3 := plan("R1", "handoff_audit", "2026-03-01"), plan("R2", "handoff_audit", "2026-03-01"), plan("R3", "handoff_audit", "2026-03-05")
		plan("R4", "handoff_audit", "2026-03-02")
		r5 := plan("R5", "value_reinforcement", "2026-03-01")
		closeAs(r1, gtg.OutcomeBackToGreen, "2026-03-11")
		closeAs(r2, gtg.OutcomeChurned, "2026-03-20")
		must(t, save.SetObjectives(ctx, st, csm, r3.ID, []gtg.Objective{{Title: "Very healthy", Criterion: "health >= 99"}}, day("2026-03-05")))
		putScores(t, st, accts[2], day("2026-03-09"), 95)
		_, err := save.EvaluatePlans(ctx, st, day("2026-03-09"), at(st, "2026-03-09T06:00:00Z"))
		must(t, err)
		closeAs(r3, gtg.OutcomeRenewed, "2026-03-25")
		closeAs(r5, gtg.OutcomeBackToGreen, "2026-03-31")

		got, err := save.PlaybookRecords(ctx, st)
		must(t, err)
		want := map[string]*gtg.PlaybookStats{
			"handoff_audit": {Started: 4, Open: 1, ReachedGreen: 2, GreenShare: 0.5, MedianDaysToGreen: ptr(7.0), // (10 + 4) / 2
				Outcomes: map[string]int{"back_to_green": 1, "churned": 1, "renewed": 1}},
			"value_reinforcement": {Started: 1, ReachedGreen: 1, GreenShare: 1, MedianDaysToGreen: ptr(30.0), Outcomes: map[string]int{"back_to_green": 1}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("records (-want +got):\n%s", diff)
		}
	})
}

func TestReasonPatterns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		at(st, "2026-01-01T09:00:00Z")
		a1 := &gtg.Account{ExternalID: "A1", Name: "A1", ARR: 1000, Segment: "smb", Owner: "kim@x.io"}
		a2 := &gtg.Account{ExternalID: "A2", Name: "A2", ARR: 2000, Segment: "smb", Owner: "lee@x.io"}
		a3 := &gtg.Account{ExternalID: "A3", Name: "A3", ARR: 5000, Segment: "ent", Owner: "kim@x.io"}
		a4 := &gtg.Account{ExternalID: "A4", Name: "A4", ARR: 3000, Segment: "ent", Owner: "kim@x.io"}
		seed(t, st, a1, a2, a3, a4)
		risk := func(when, id string, reasons ...string) {
			at(st, when)
			_, err := save.SetRisk(ctx, st, csm, id, gtg.RiskChange{Level: "high", Reasons: reasons})
			must(t, err)
		}
		risk("2026-01-05T10:00:00Z", "A4", "champion_left")
		risk("2026-01-10T10:00:00Z", "A1", "budget_cut", "training")
		risk("2026-01-15T10:00:00Z", "A2", "training")
		risk("2026-01-20T10:00:00Z", "A3", "budget_cut")
		risk("2026-02-05T10:00:00Z", "A4", "training")
		putOutcome(t, st, a1, day("2026-02-01"), gtg.OutcomeChurned, 1000, 0)
		putOutcome(t, st, a2, day("2026-03-01"), gtg.OutcomeRenewed, 2000, 2000)
		putOutcome(t, st, a3, day("2025-12-01"), gtg.OutcomeRenewed, 5000, 5000) // before it was at risk: ignored
		putOutcome(t, st, a4, day("2026-02-01"), gtg.OutcomeContracted, 4000, 3000)
		p, err := save.NewPlan(ctx, st, csm, "A3", "", 0, day("2026-01-25"))
		must(t, err)
		_, err = save.ClosePlan(ctx, st, csm, p.ID, gtg.PlanClose{Outcome: gtg.OutcomeBackToGreen}, day("2026-02-10"))
		must(t, err)

		got, err := save.ReasonPatterns(ctx, st)
		must(t, err)
		find := func(key string) save.ReasonPattern {
			for _, r := range got.Reasons {
				if r.Key == key {
					return r
				}
			}
			t.Fatalf("no pattern for %s", key)
			return save.ReasonPattern{}
		}
		// training: now on A1, A2 (primary), A4 (primary); A1 churned, A2 renewed, A4's contraction came before training was named.
		// budget_cut: now on A1 and A3 (both primary); A1 churned, A3's plan closed back to green.
		// champion_left: on no current profile; A4 contracted after it was named.
		for _, want := range []save.ReasonPattern{
			{Key: "training", Stage: "mid", Label: "Training gaps", Accounts: 3, Primary: 2, ARRAtRisk: 6000, Saved: 1, Churned: 1, Pending: 1},
			{Key: "budget_cut", Stage: "crisis", Label: "Budget cut", Accounts: 2, Primary: 2, ARRAtRisk: 6000, Saved: 1, Churned: 1},
			{Key: "champion_left", Stage: "mid", Label: "Champion left", Contracted: 1},
		} {
			if diff := cmp.Diff(want, find(want.Key)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", want.Key, diff)
			}
		}
		if got.Reasons[0].Key != "training" || got.Reasons[1].Key != "budget_cut" {
			t.Errorf("most common first: %s, %s", got.Reasons[0].Key, got.Reasons[1].Key)
		}
		wantSeg := []save.ReasonGroup{
			{Group: "ent", Reasons: []save.ReasonCount{{Key: "budget_cut", Accounts: 1, ARRAtRisk: 5000}, {Key: "training", Accounts: 1, ARRAtRisk: 3000}}},
			{Group: "smb", Reasons: []save.ReasonCount{{Key: "training", Accounts: 2, ARRAtRisk: 3000}, {Key: "budget_cut", Accounts: 1, ARRAtRisk: 1000}}},
		}
		if diff := cmp.Diff(wantSeg, got.BySegment); diff != "" {
			t.Errorf("by segment (-want +got):\n%s", diff)
		}
		wantOwner := []save.ReasonGroup{
			{Group: "kim@x.io", Reasons: []save.ReasonCount{{Key: "budget_cut", Accounts: 2, ARRAtRisk: 6000}, {Key: "training", Accounts: 2, ARRAtRisk: 4000}}},
			{Group: "lee@x.io", Reasons: []save.ReasonCount{{Key: "training", Accounts: 1, ARRAtRisk: 2000}}},
		}
		if diff := cmp.Diff(wantOwner, got.ByOwner); diff != "" {
			t.Errorf("by owner (-want +got):\n%s", diff)
		}

		// The risk page's one read gives the same as the two reports.
		board, err := save.RiskBoard(ctx, st, false)
		must(t, err)
		both, pats, err := save.RiskBoardAndPatterns(ctx, st)
		must(t, err)
		if diff := cmp.Diff(board, both); diff != "" {
			t.Errorf("RiskBoardAndPatterns board (-RiskBoard +got):\n%s", diff)
		}
		if diff := cmp.Diff(got, pats); diff != "" {
			t.Errorf("RiskBoardAndPatterns patterns (-ReasonPatterns +got):\n%s", diff)
		}
	})
}
