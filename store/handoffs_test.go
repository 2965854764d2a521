package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestHandoffCompleteness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, b, c := &gtg.Account{ExternalID: "H1", Name: "A"}, &gtg.Account{ExternalID: "H2", Name: "B"}, &gtg.Account{ExternalID: "H3", Name: "C"}
		seedAccounts(t, s, a, b, c)
		full := gtg.Handoff{Kind: gtg.HandoffSaleToOnboarding, WhatWasBought: "x", BusinessObjectives: "x", TechnicalObjectives: "x",
			SuccessCriteria: "x", Timeline: "x", Stakeholders: "x", PromisesMade: "x", KnownRisks: "x"}
		// A: a full form, then a later one with 2 of 8 fields; B: 8 of 8; C: none.
		h1 := full
		h1.AccountID, h1.AccountExt, h1.Day = a.ID, "H1", day("2026-01-10")
		h2 := gtg.Handoff{AccountID: a.ID, AccountExt: "H1", Kind: gtg.HandoffCSMChange, Day: day("2026-02-01"), WhatWasBought: "Growth plan", KnownRisks: "champion leaving"}
		h3 := full
		h3.AccountID, h3.AccountExt, h3.Day = b.ID, "H2", day("2026-01-05")
		inTx(t, s, func(tx *store.Tx) error {
			for _, h := range []*gtg.Handoff{&h2, &h1, &h3} { // out of date order: the latest by date wins
				if err := tx.AddHandoff(ctx, h); err != nil {
					return err
				}
			}
			return nil
		})
		got, err := s.HandoffCompleteness(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]float64{a.ID: 0.25, b.ID: 1}, got); diff != "" {
			t.Fatalf("completeness (-want +got):\n%s", diff)
		}
		got, err = s.HandoffCompleteness(ctx, []int64{b.ID, c.ID})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]float64{b.ID: 1}, got); diff != "" {
			t.Fatalf("completeness of B, C (-want +got):\n%s", diff)
		}
		list, err := s.Handoffs(ctx, a.ID)
		if err != nil || len(list) != 2 || list[0].Kind != gtg.HandoffCSMChange || list[0].KnownRisks != "champion leaving" || list[1].Timeline != "x" {
			t.Fatalf("handoffs = %+v, %v", list, err)
		}
	})
}

func TestTemplatesAndRediscoveries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := &gtg.Account{ExternalID: "Q1", Name: "Quest"}
		seedAccounts(t, s, a)
		pb := &gtg.Playbook{Key: "pb", Name: "PB", Stages: []string{"mid"}, TargetDays: 30,
			Tasks: []gtg.TaskTemplate{{Title: "Call", OwnerSide: "ours", OwnerRole: "csm", DueDays: 3}}}
		q := &gtg.Questionnaire{Key: "qq", Name: "Q", Questions: []gtg.Question{{Key: "goals", Text: "Goals?"}}}
		first, again := false, true
		inTx(t, s, func(tx *store.Tx) (err error) {
			if first, err = tx.ClaimSeed(ctx, "playbooks"); err != nil {
				return err
			}
			if again, err = tx.ClaimSeed(ctx, "playbooks"); err != nil {
				return err
			}
			if err := tx.PutPlaybook(ctx, "t", pb); err != nil {
				return err
			}
			return tx.PutQuestionnaire(ctx, "t", q)
		})
		if !first || again {
			t.Fatalf("claims: first %v, again %v; want true, false", first, again)
		}
		if ok, err := s.Seeded(ctx, "playbooks"); !ok || err != nil {
			t.Fatalf("seeded = %v, %v", ok, err)
		}
		got, err := s.Playbook(ctx, "pb")
		if err != nil || got.Name != "PB" || len(got.Tasks) != 1 || got.Tasks[0].DueDays != 3 || got.UpdatedBy != "t" {
			t.Fatalf("playbook = %+v, %v", got, err)
		}
		pb.Name = "Renamed"
		inTx(t, s, func(tx *store.Tx) error { return tx.PutPlaybook(ctx, "t2", pb) })
		if all, err := s.Playbooks(ctx); err != nil || len(all) != 1 || all[0].Name != "Renamed" || all[0].UpdatedBy != "t2" {
			t.Fatalf("playbooks = %+v, %v", all, err)
		}
		inTx(t, s, func(tx *store.Tx) error { return tx.DeletePlaybook(ctx, "pb") })
		if _, err := s.Playbook(ctx, "pb"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("deleted playbook: %v", err)
		}
		if got, err := s.Questionnaire(ctx, "qq"); err != nil || got.Questions[0].Text != "Goals?" {
			t.Fatalf("questionnaire = %+v, %v", got, err)
		}

		p := &gtg.RiskProfile{AccountID: a.ID, AccountExt: "Q1", Level: "high", Reasons: []string{"budget_cut"}, Source: "rediscovery", SetBy: "kim@x.io"}
		r := &gtg.Rediscovery{AccountID: a.ID, AccountExt: "Q1", Day: day("2026-03-04"), Questionnaire: "qq", CreatedBy: "kim@x.io",
			Attendees:      []gtg.Attendee{{Name: "Pat", Email: "pat@q1.io", DecisionMaker: true}},
			Answers:        []gtg.Answer{{Question: "goals", Text: "Cutting costs", Changed: true}},
			DesiredOutcome: "Lower cost per seat"}
		inTx(t, s, func(tx *store.Tx) error {
			if err := tx.AddRiskProfile(ctx, p); err != nil {
				return err
			}
			r.RiskProfileID = p.ID
			return tx.AddRediscovery(ctx, r)
		})
		rs, err := s.Rediscoveries(ctx, a.ID)
		if err != nil || len(rs) != 1 {
			t.Fatalf("rediscoveries = %v, %v", rs, err)
		}
		if diff := cmp.Diff(r, rs[0], cmpopts.EquateApproxTime(0)); diff != "" {
			t.Fatalf("rediscovery (-want +got):\n%s", diff)
		}
	})
}
