package offers_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestReportRanksTheLadder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seed(t, st)
		must(t, st.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.UpsertAccounts(ctx, "test", []*gtg.Account{
				{ExternalID: "A3", Name: "Initech", ARR: 50000, Owner: "kim@x.io", Segment: "smb"},
				{ExternalID: "A4", Name: "Umbrella", ARR: 20000, Owner: "lee@x.io", Segment: "smb"}})
			return err
		}))
		today := day("2026-03-02")
		all := func(rungs ...string) []gtg.SkippedRung {
			var out []gtg.SkippedRung
			for _, r := range rungs {
				out = append(out, gtg.SkippedRung{Rung: r, Reason: "no"})
			}
			return out
		}
		accept := func(acct string, p offers.Proposal) {
			t.Helper()
			o, err := offers.Propose(ctx, st, csm, acct, p, today)
			must(t, err)
			if o.Status == gtg.OfferPendingApproval {
				_, _, err = offers.Decide(ctx, st, manager, o.ID, gtg.OfferDecision{Status: "approved"}, today)
				must(t, err)
			}
			_, _, err = offers.Decide(ctx, st, csm, o.ID, gtg.OfferDecision{Status: "accepted"}, today)
			must(t, err)
		}
		accept("A1", offers.Proposal{Rung: "expand", Terms: gtg.OfferTerms{ARR: 120000}})                                                    // kim, smb: full revenue
		accept("A2", offers.Proposal{Rung: "pause", Terms: gtg.OfferTerms{Until: today + 60}, Skipped: all("expand", "reduce", "discount")}) // lee, enterprise: paused
		accept("A3", offers.Proposal{Rung: "reduce", Terms: gtg.OfferTerms{ARR: 40000}, Skipped: all("expand")})                             // kim, smb: logo
		accept("A4", offers.Proposal{Rung: "churn", Skipped: all("expand", "reduce", "discount", "pause")})                                  // lee, smb: churned
		o, err := offers.Propose(ctx, st, csm, "A1", offers.Proposal{Rung: "expand", Terms: gtg.OfferTerms{ARR: 130000}}, today+1)
		must(t, err)
		_, _, err = offers.Decide(ctx, st, csm, o.ID, gtg.OfferDecision{Status: "declined"}, today+1)
		must(t, err)

		r, err := offers.Report(ctx, st, 0, 0)
		must(t, err)
		if r.Offers != 5 || r.ByRung[0].Offers != 2 || r.ByRung[0].ByStatus["declined"] != 1 || r.ByRung[0].Accepted != 1 {
			t.Fatalf("counts: %d offers, expand row %+v", r.Offers, r.ByRung[0])
		}
		// Defended: 120k (expand) + 40k (reduce) + 400k (pause, resumes); conceded 10k; lost 20k; expanded 20k.
		if r.ARRDefended != 560000 || r.ARRConceded != 10000 || r.ARRLost != 20000 || r.ARRExpanded != 20000 || r.ARRAtStake != 570000 {
			t.Fatalf("ARR: %+v", r)
		}
		if diff := cmp.Diff(map[string]int{"full_revenue": 1, "logo_retained": 1, "paused": 1, "churned": 1}, r.Results); diff != "" {
			t.Fatalf("results (-want +got):\n%s", diff)
		}
		var owners, segments []string
		for _, row := range r.ByOwner {
			owners = append(owners, row.Key)
		}
		for _, row := range r.BySegment {
			segments = append(segments, row.Key)
		}
		// kim: half full revenue, half logo; lee: paused and churned. smb has a full-revenue third; enterprise none.
		if diff := cmp.Diff([]string{"kim@x.io", "lee@x.io"}, owners); diff != "" {
			t.Errorf("owners (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"smb", "enterprise"}, segments); diff != "" {
			t.Errorf("segments (-want +got):\n%s", diff)
		}
		r, err = offers.Report(ctx, st, today+1, today+1)
		must(t, err)
		if r.Offers != 1 || r.ARRDefended != 0 {
			t.Fatalf("one day: %+v", r)
		}
	})
}
