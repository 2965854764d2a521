package offers_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestProposeEnforcesTheLadder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seed(t, st)
		today := day("2026-03-02")
		discount := offers.Proposal{Rung: "discount", Terms: gtg.OfferTerms{Percent: 10, Until: day("2026-06-01")},
			Skipped: []gtg.SkippedRung{{Rung: "expand", Reason: "no budget for more seats"}}}
		t.Run("ErrSkipWithoutReasonNamesTheRung", func(t *testing.T) {
			_, err := offers.Propose(ctx, st, csm, "A1", discount, today)
			wantErr(t, err, gtg.EINVALID, "skip.reduce: a discount offer skips the reduce rung")
			os, err := st.Offers(ctx, gtg.OfferFilter{})
			must(t, err)
			if len(os) != 0 || len(audits(t, st, "offer")) != 0 {
				t.Fatalf("a refused offer wrote %d offers and %v", len(os), audits(t, st, "offer"))
			}
		})
		t.Run("ErrBlankReason", func(t *testing.T) {
			p := discount
			p.Skipped = []gtg.SkippedRung{{Rung: "expand", Reason: "x"}, {Rung: "reduce", Reason: "   "}}
			_, err := offers.Propose(ctx, st, csm, "A1", p, today)
			wantErr(t, err, gtg.EINVALID, "skip.reduce:")
		})
		t.Run("ErrViewer", func(t *testing.T) {
			_, err := offers.Propose(ctx, st, viewer, "A1", offers.Proposal{Rung: "expand", Terms: gtg.OfferTerms{ARR: 120000}}, today)
			wantErr(t, err, gtg.EFORBIDDEN, "propose an offer")
		})
		var reduce *gtg.Offer
		t.Run("OKTriedRungNeedsNoReason", func(t *testing.T) {
			ex, err := offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "expand", Terms: gtg.OfferTerms{ARR: 120000}}, today)
			must(t, err)
			if ex.Status != gtg.OfferProposed || len(ex.Guardrails) != 0 || ex.ARRBefore != 100000 || ex.ARRAfter != 120000 {
				t.Fatalf("expand offer = %+v", ex)
			}
			_, err = offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "reduce", Terms: gtg.OfferTerms{ARR: 80000},
				Skipped: []gtg.SkippedRung{{Rung: "expand", Reason: "r"}}}, today)
			wantErr(t, err, gtg.ECONFLICT, "already has offer #")
			_, _, err = offers.Decide(ctx, st, csm, ex.ID, gtg.OfferDecision{Status: "declined", Note: "no budget"}, today)
			must(t, err)
			reduce, err = offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "reduce", Terms: gtg.OfferTerms{ARR: 80000}}, today)
			must(t, err)
			if reduce.ARRAfter != 80000 || len(reduce.Skipped) != 0 {
				t.Fatalf("reduce offer = %+v", reduce)
			}
		})
		t.Run("OKAcceptedOfferStartsANewLadder", func(t *testing.T) {
			_, _, err := offers.Decide(ctx, st, csm, reduce.ID, gtg.OfferDecision{Status: "accepted"}, today)
			must(t, err)
			_, err = offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "reduce", Terms: gtg.OfferTerms{ARR: 70000}}, today+30)
			wantErr(t, err, gtg.EINVALID, "skip.expand:")
		})
		if diff := cmp.Diff([]string{"propose 1", "decline 1", "propose 2", "accept 2"}, audits(t, st, "offer")); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	})
}

func TestDiscountOverTheGuardrailWaitsForApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seed(t, st)
		today := day("2026-03-02")
		o, err := offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "discount",
			Terms:   gtg.OfferTerms{Percent: 25, Until: day("2026-09-01"), Summary: "25% for six months"},
			Skipped: []gtg.SkippedRung{{Rung: "expand", Reason: "budget frozen"}, {Rung: "reduce", Reason: "every seat in use"}}}, today)
		must(t, err)
		if o.Status != gtg.OfferPendingApproval || !cmp.Equal(o.Guardrails, []string{"a 25% discount is over 20%"}) || o.ARRAfter != 75000 {
			t.Fatalf("offer = status %s guardrails %q arr_after %v", o.Status, o.Guardrails, o.ARRAfter)
		}
		pending, err := offers.Pending(ctx, st)
		must(t, err)
		if len(pending) != 1 || pending[0].ID != o.ID {
			t.Fatalf("pending = %v", pending)
		}
		_, _, err = offers.Decide(ctx, st, csm, o.ID, gtg.OfferDecision{Status: "accepted"}, today)
		wantErr(t, err, gtg.ECONFLICT, "waits for approval (a 25% discount is over 20%)")
		_, _, err = offers.Decide(ctx, st, csm, o.ID, gtg.OfferDecision{Status: "approved"}, today)
		wantErr(t, err, gtg.EFORBIDDEN, "approve an offer: needs the manager role")
		self := &gtg.User{Email: "kim@x.io", Role: gtg.UserManager}
		_, _, err = offers.Decide(ctx, st, self, o.ID, gtg.OfferDecision{Status: "approved"}, today)
		wantErr(t, err, gtg.EFORBIDDEN, "another manager decides")
		o, _, err = offers.Decide(ctx, st, manager, o.ID, gtg.OfferDecision{Status: "approved", Note: "ok for six months"}, today+1)
		must(t, err)
		if o.Status != gtg.OfferApproved || o.Approver != manager.Email || o.DecidedOn != today+1 {
			t.Fatalf("approved offer = %+v", o)
		}
		_, _, err = offers.Decide(ctx, st, manager, o.ID, gtg.OfferDecision{Status: "rejected"}, today+1)
		wantErr(t, err, gtg.ECONFLICT, "is approved: only an offer pending approval")
		o, fs, err := offers.Decide(ctx, st, csm, o.ID, gtg.OfferDecision{Status: "accepted"}, today+3)
		must(t, err)
		if o.Status != gtg.OfferAccepted || o.ClosedBy != csm.Email {
			t.Fatalf("accepted offer = %+v", o)
		}
		outs, err := st.Outcomes(ctx, o.AccountID)
		must(t, err)
		if len(outs) != 1 || outs[0].Type != gtg.OutcomeContracted || outs[0].Day != today+3 || outs[0].ARRBefore != 100000 || outs[0].ARRAfter != 75000 {
			t.Fatalf("outcomes = %+v", outs)
		}
		if len(fs) != 1 || fs[0].Kind != gtg.FollowUpReinstate || fs[0].Due != day("2026-09-01") || fs[0].Owner != "kim@x.io" {
			t.Fatalf("follow-ups = %+v", fs)
		}
		stored, err := st.FollowUps(ctx, gtg.FollowUpFilter{Owner: "kim@x.io", Open: true})
		must(t, err)
		if len(stored) != 1 || stored[0].ID != fs[0].ID {
			t.Fatalf("kim's list = %+v", stored)
		}
		if diff := cmp.Diff([]string{"propose 1", "approve 1", "accept 1"}, audits(t, st, "offer")); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	})
}

func TestMissedFollowUpRaisesAnAlertUntilDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seed(t, st)
		today := day("2026-03-02")
		o, err := offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "discount", Terms: gtg.OfferTerms{Percent: 10, Until: day("2026-05-01")},
			Skipped: []gtg.SkippedRung{{Rung: "expand", Reason: "a"}, {Rung: "reduce", Reason: "b"}}}, today)
		must(t, err)
		_, fs, err := offers.Decide(ctx, st, csm, o.ID, gtg.OfferDecision{Status: "accepted"}, today)
		must(t, err)
		rep, err := offers.Check(ctx, st, day("2026-05-01"), nil) // due today: not missed yet
		must(t, err)
		if rep.AlertsOpened != 0 {
			t.Fatalf("on the due day: %+v", rep)
		}
		var delivered []string
		deliver := func(_ context.Context, _ *store.Tx, as []*gtg.Alert) error {
			for _, a := range as {
				delivered = append(delivered, a.AccountExt+" "+a.Rule)
			}
			return nil
		}
		rep, err = offers.Check(ctx, st, day("2026-05-03"), deliver)
		must(t, err)
		if rep.AlertsOpened != 1 || !cmp.Equal(delivered, []string{"A1 followup_missed"}) {
			t.Fatalf("two days late: %+v, delivered %v", rep, delivered)
		}
		as, err := st.Alerts(ctx, gtg.AlertFilter{Rule: offers.AlertRule})
		must(t, err)
		if len(as) != 1 || as[0].Severity != gtg.SeverityHigh || as[0].Owner != "kim@x.io" || as[0].Status != gtg.AlertOpen || len(as[0].Evidence) != 1 {
			t.Fatalf("alerts = %+v", as)
		}
		rep, err = offers.Check(ctx, st, day("2026-05-04"), deliver)
		must(t, err)
		if rep.AlertsOpened != 0 || len(delivered) != 1 {
			t.Fatalf("a second check opened another alert: %+v", rep)
		}
		_, err = offers.CompleteFollowUp(ctx, st, csm, fs[0].ID, "done", "new invoice sent", day("2026-05-04"))
		must(t, err)
		_, err = offers.CompleteFollowUp(ctx, st, csm, fs[0].ID, "done", "", day("2026-05-04"))
		wantErr(t, err, gtg.ECONFLICT, "already done")
		rep, err = offers.Check(ctx, st, day("2026-05-05"), nil)
		must(t, err)
		if rep.AlertsResolved != 1 {
			t.Fatalf("after done: %+v", rep)
		}
		outs, err := st.Outcomes(ctx, o.AccountID)
		must(t, err)
		var got []string
		for _, x := range outs {
			got = append(got, x.Day.String()+" "+x.Type+" "+gtg.Money(x.ARRBefore)+" "+gtg.Money(x.ARRAfter))
		}
		if diff := cmp.Diff([]string{"2026-03-02 contracted 100,000 90,000", "2026-05-01 expanded 90,000 100,000"}, got); diff != "" {
			t.Fatalf("outcomes (-want +got):\n%s", diff)
		}
	})
}

func TestPauseAndChurnFollowUps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seed(t, st)
		today := day("2026-03-02")
		skip := func(rungs ...string) []gtg.SkippedRung {
			var out []gtg.SkippedRung
			for _, r := range rungs {
				out = append(out, gtg.SkippedRung{Rung: r, Reason: "does not fit"})
			}
			return out
		}
		p, err := offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "pause", Terms: gtg.OfferTerms{Until: day("2026-05-01")},
			Skipped: skip("expand", "reduce", "discount")}, today)
		must(t, err)
		_, fs, err := offers.Decide(ctx, st, csm, p.ID, gtg.OfferDecision{Status: "accepted"}, today)
		must(t, err)
		if len(fs) != 1 || fs[0].Kind != gtg.FollowUpResume || fs[0].Due != day("2026-05-01") {
			t.Fatalf("pause follow-ups = %+v", fs)
		}
		_, err = offers.CompleteFollowUp(ctx, st, csm, fs[0].ID, "done", "", day("2026-05-02"))
		must(t, err)
		// A2 is over the ARR guardrail: a churn needs a manager.
		c, err := offers.Propose(ctx, st, csm, "A2", offers.Proposal{Rung: "churn", Skipped: skip("expand", "reduce", "discount", "pause")}, today)
		must(t, err)
		if c.Status != gtg.OfferPendingApproval {
			t.Fatalf("churn on a 400k account: %s", c.Status)
		}
		_, _, err = offers.Decide(ctx, st, manager, c.ID, gtg.OfferDecision{Status: "approved"}, today)
		must(t, err)
		_, fs, err = offers.Decide(ctx, st, csm, c.ID, gtg.OfferDecision{Status: "accepted"}, today)
		must(t, err)
		var dues []string
		for _, f := range fs {
			dues = append(dues, f.Kind+" "+f.Due.String()+" "+f.Owner)
		}
		want := []string{"keep_warm 2026-04-01 lee@x.io", "keep_warm 2026-05-01 lee@x.io", "keep_warm 2026-05-31 lee@x.io",
			"keep_warm 2026-06-30 lee@x.io", "keep_warm 2026-07-30 lee@x.io", "keep_warm 2026-08-29 lee@x.io"}
		if diff := cmp.Diff(want, dues); diff != "" {
			t.Fatalf("keep-warm touches (-want +got):\n%s", diff)
		}
		var got []string
		outs, err := st.Outcomes(ctx, 0)
		must(t, err)
		for _, x := range outs {
			got = append(got, x.AccountExternalID+" "+x.Day.String()+" "+x.Type+" "+gtg.Money(x.ARRBefore)+" "+gtg.Money(x.ARRAfter))
		}
		wantOut := []string{"A1 2026-03-02 paused 100,000 0", "A2 2026-03-02 churned 400,000 0", "A1 2026-05-01 resumed 0 100,000"}
		if diff := cmp.Diff(wantOut, got); diff != "" {
			t.Fatalf("outcomes (-want +got):\n%s", diff)
		}
	})
}

func TestOffersExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seed(t, st)
		today := day("2026-03-02")
		o, err := offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "expand", Terms: gtg.OfferTerms{ARR: 110000}}, today)
		must(t, err)
		if o.ExpiresOn != today+30 {
			t.Fatalf("expires_on = %s", o.ExpiresOn)
		}
		rep, err := offers.Check(ctx, st, today+30, nil)
		must(t, err)
		if rep.Expired != 0 {
			t.Fatalf("expired on its last day: %+v", rep)
		}
		rep, err = offers.Check(ctx, st, today+31, nil)
		must(t, err)
		got, err := st.Offer(ctx, o.ID)
		must(t, err)
		if rep.Expired != 1 || got.Status != gtg.OfferExpired {
			t.Fatalf("after expiry: %+v, status %s", rep, got.Status)
		}
		// An expired rung counts as tried.
		_, err = offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "reduce", Terms: gtg.OfferTerms{ARR: 90000}}, today+32)
		must(t, err)
	})
}

func TestApplyPolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seed(t, st)
		strict := []byte("name: strict\nversion: 1\napprover: admin\nguardrails:\n  always_approve: [expand]\nkeep_warm: {every: 7d, touches: 2}\n")
		_, _, err := offers.ApplyPolicy(ctx, st, manager, "strict.yaml", strict)
		wantErr(t, err, gtg.EFORBIDDEN, "apply the offer policy")
		_, _, err = offers.ApplyPolicy(ctx, st, admin, "bad.yaml", []byte("name: x\nversion: 1\nexpire_after: soon\n"))
		wantErr(t, err, gtg.EINVALID, "bad.yaml:3: expire_after:")
		pol, changed, err := offers.ApplyPolicy(ctx, st, admin, "strict.yaml", strict)
		must(t, err)
		if !changed || pol.Ref() != "strict@1" {
			t.Fatalf("applied %s changed=%v", pol.Ref(), changed)
		}
		o, err := offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "expand", Terms: gtg.OfferTerms{ARR: 110000}}, day("2026-03-02"))
		must(t, err)
		if o.Status != gtg.OfferPendingApproval || o.Policy != "strict@1" || o.ExpiresOn != 0 {
			t.Fatalf("under strict: %+v", o)
		}
		_, _, err = offers.Decide(ctx, st, manager, o.ID, gtg.OfferDecision{Status: "rejected"}, day("2026-03-02"))
		wantErr(t, err, gtg.EFORBIDDEN, "needs the admin role")
		o, _, err = offers.Decide(ctx, st, admin, o.ID, gtg.OfferDecision{Status: "rejected", Note: "not now"}, day("2026-03-02"))
		must(t, err)
		if o.Status != gtg.OfferRejected || o.Note != "not now" {
			t.Fatalf("rejected = %+v", o)
		}
	})
}
