package save_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestRediscoveryHandoffAndShare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		at(st, "2026-03-01T09:00:00Z")
		seed(t, st, &gtg.Account{ExternalID: "D1", Name: "Disco"})
		qs, err := save.Questionnaires(ctx, st)
		must(t, err)
		if len(qs) != 1 || len(qs[0].Questions) != 5 || qs[0].Questions[0].Text != "Have the business goals changed?" {
			t.Fatalf("questionnaires = %+v", qs)
		}
		rec := func() *gtg.Rediscovery {
			return &gtg.Rediscovery{AccountExt: "D1", Day: day("2026-03-01"),
				Attendees:      []gtg.Attendee{{Name: "Pat", Title: "CFO", DecisionMaker: true}},
				Answers:        []gtg.Answer{{Question: "business_goals", Text: "Survive the year", Changed: true}, {Question: "key_challenges", Text: "Cash"}},
				DesiredOutcome: "Keep reporting running with fewer seats"}
		}
		wantErr(t, save.RecordRediscovery(ctx, st, viewer, rec(), nil), gtg.EFORBIDDEN, "record a re-discovery")
		bad := rec()
		bad.Answers[1].Question = "weather"
		wantErr(t, save.RecordRediscovery(ctx, st, csm, bad, nil), gtg.EINVALID, `answers[1].question: "weather" is not a question of crisis_rediscovery`)
		bad = rec()
		wantErr(t, save.RecordRediscovery(ctx, st, csm, bad, &gtg.RiskChange{Level: "high", Reasons: []string{"vibes"}}), gtg.EINVALID, `reason: "vibes"`)
		if rs, _ := save.Rediscoveries(ctx, st, "D1"); len(rs) != 0 {
			t.Fatalf("a refused record was stored: %+v", rs)
		}
		r := rec()
		must(t, save.RecordRediscovery(ctx, st, csm, r, &gtg.RiskChange{Level: "high", Reasons: []string{"cash_flow", "goals_changed"}, Note: "from the call"}))
		v, err := save.Risk(ctx, st, "D1")
		must(t, err)
		if v.Current == nil || v.Current.ID != r.RiskProfileID || v.Current.Source != gtg.RiskSourceRediscovery || v.Current.Primary() != "cash_flow" {
			t.Fatalf("risk after re-discovery = %+v (record %+v)", v.Current, r)
		}
		rs, err := save.Rediscoveries(ctx, st, "D1")
		must(t, err)
		if len(rs) != 1 || !rs[0].DecisionMakerPresent() || rs[0].Changed()[0] != "business_goals" || rs[0].Questionnaire != save.DefaultQuestionnaire {
			t.Fatalf("records = %+v", rs)
		}

		h := &gtg.Handoff{AccountExt: "D1", Kind: gtg.HandoffAEToAM, Day: day("2026-03-01"), From: "ae@x.io", To: "kim@x.io",
			WhatWasBought: "Growth, 40 seats", BusinessObjectives: "Cut churn 20%"}
		wantErr(t, save.RecordHandoff(ctx, st, viewer, h), gtg.EFORBIDDEN, "record a handoff")
		must(t, save.RecordHandoff(ctx, st, csm, h))
		c, err := st.HandoffCompleteness(ctx, nil)
		must(t, err)
		if len(c) != 1 || c[h.AccountID] != 0.25 {
			t.Fatalf("completeness = %v", c)
		}

		p, err := save.NewPlan(ctx, st, csm, "D1", "crisis_rediscovery", 0, day("2026-03-01"))
		must(t, err)
		_, _, err = save.SharePlan(ctx, st, viewer, p.ID)
		wantErr(t, err, gtg.EFORBIDDEN, "share a plan")
		secret, sh, err := save.SharePlan(ctx, st, csm, p.ID)
		must(t, err)
		view, err := save.PlanByShare(ctx, st, secret, day("2026-03-02"))
		must(t, err)
		if view.AccountName != "Disco" || len(view.Tasks) != 6 || len(view.Objectives) != 1 {
			t.Fatalf("shared view = %+v", view)
		}
		if _, err := save.PlanByShare(ctx, st, secret+"x", day("2026-03-02")); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("wrong secret: %v", err)
		}
		must(t, save.RevokeShare(ctx, st, csm, p.ID, sh.ID))
		if _, err := save.PlanByShare(ctx, st, secret, day("2026-03-02")); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("revoked secret: %v", err)
		}
	})
}
