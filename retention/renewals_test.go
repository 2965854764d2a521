package retention_test

import (
	"math"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// renewalPortfolio has three past renewals (two green, one red a month
// before), three renewals in May 2026 and four ahead of June 1, 2026.
func renewalPortfolio(t *testing.T, s *store.Store) map[string]*gtg.Account {
	t.Helper()
	s.Now = func() time.Time { return day("2026-06-01").Time().Add(9 * time.Hour) }
	acct := func(id string, arr float64, renewal string) *gtg.Account {
		return &gtg.Account{ExternalID: id, Name: "Acct " + id, ARR: arr, Owner: "ann", Segment: "smb",
			ContractStart: day("2025-01-01"), RenewalDate: day(renewal)}
	}
	oc := func(id, d, typ string, before, after float64) *gtg.Outcome {
		return &gtg.Outcome{AccountExternalID: id, Day: day(d), Type: typ, ARRBefore: before, ARRAfter: after}
	}
	accts := seed(t, s, []*gtg.Account{
		acct("P1", 1000, "2027-03-01"), acct("P2", 1200, "2027-04-01"), acct("P3", 0, "2026-04-10"),
		acct("P4", 1000, "2027-05-01"), acct("Q", 3000, "2027-05-20"), acct("W", 0, "2026-05-25"),
		acct("U1", 5000, "2026-06-20"), acct("U2", 4000, "2026-07-15"), acct("U3", 1000, "2026-08-20"),
		acct("U4", 2000, "2026-11-15"), acct("U5", 0, "2026-06-10"),
	}, []*gtg.Outcome{
		oc("P1", "2026-03-01", gtg.OutcomeRenewed, 1000, 1000),
		oc("P2", "2026-04-01", gtg.OutcomeExpanded, 1000, 1200),
		oc("P3", "2026-04-10", gtg.OutcomeChurned, 2000, 0),
		oc("P4", "2026-05-01", gtg.OutcomeContracted, 2000, 1000),
		oc("Q", "2026-05-20", gtg.OutcomeRenewed, 3000, 3000),
		oc("W", "2026-05-25", gtg.OutcomeChurned, 500, 0),
		oc("U5", "2026-02-01", gtg.OutcomeChurned, 800, 0),
	})
	// What the renewal dates were before each renewal rolled them on.
	states := map[string][]gtg.AccountState{
		"P1": {{From: day("2025-01-01"), RenewalDate: day("2026-03-01")}, {From: day("2026-03-01"), RenewalDate: day("2027-03-01")}},
		"P2": {{From: day("2025-01-01"), RenewalDate: day("2026-04-01")}, {From: day("2026-04-01"), RenewalDate: day("2027-04-01")}},
		"P4": {{From: day("2025-01-01"), RenewalDate: day("2026-05-01")}, {From: day("2026-05-01"), RenewalDate: day("2027-05-01")}},
		"Q":  {{From: day("2025-01-01"), RenewalDate: day("2026-05-20")}, {From: day("2026-05-20"), RenewalDate: day("2027-05-20")}},
	}
	snap := func(id, d, color string, score float64) *gtg.Health {
		return &gtg.Health{AccountID: accts[id].ID, Day: day(d), Scorecard: "default", Version: 1, Score: score, Color: color}
	}
	hs := []*gtg.Health{
		snap("P1", "2026-01-30", gtg.Green, 85), // 30 days before its renewal
		snap("P2", "2026-03-02", gtg.Green, 80),
		snap("P3", "2026-03-11", gtg.Red, 20),
		snap("P4", "2026-04-28", gtg.Red, 25), // what the May forecast sees
		snap("Q", "2026-04-30", gtg.Green, 90),
		snap("U1", "2026-06-01", gtg.Green, 88),
		snap("U2", "2026-05-28", gtg.Red, 15), // 4 days old: still its health
		snap("U3", "2026-06-01", gtg.Yellow, 55),
		snap("U4", "2026-05-01", gtg.Red, 10), // a month old: too stale
	}
	if err := s.InTx(ctx, func(tx *store.Tx) error {
		for id, st := range states {
			for i := range st {
				st[i].ARR, st[i].Segment, st[i].Owner = accts[id].ARR, "smb", "ann"
			}
			if err := tx.PutAccountStates(ctx, accts[id].ID, st); err != nil {
				return err
			}
		}
		return tx.PutHealth(ctx, hs)
	}); err != nil {
		t.Fatal(err)
	}
	return accts
}

func TestRenewals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		renewalPortfolio(t, s)
		t.Run("Within90", func(t *testing.T) {
			r, err := retention.Renewals(ctx, s, retention.Options{Within: 90})
			if err != nil {
				t.Fatal(err)
			}
			// Renewals before June 1 by color a month before: green P1 P2
			// (1 and 1.2: a rate of 1.1), red P3 (0); P4's color a month
			// before May 1 is unknown (its snapshot is from Apr 28, after
			// Apr 1), so it counts as unscored, with Q, W and U5.
			rates := map[string]retention.ColorRate{}
			for _, c := range r.Rates {
				rates[c.Color] = c
			}
			if g := rates[gtg.Green]; g.Renewals != 2 || !near(float64(g.Rate), 1.1) {
				t.Errorf("green rate %+v, want 2 renewals at 1.1", g)
			}
			if rd := rates[gtg.Red]; rd.Renewals != 1 || !near(float64(rd.Rate), 0) {
				t.Errorf("red rate %+v, want P3 alone at 0", rd)
			}
			// Unscored: P4 2000 -> 1000, Q 3000 -> 3000 (its Apr 30 snapshot
			// is 10 days after Apr 20), W 500 -> 0, and U5's churn 800 -> 0:
			// the mean of 0.5, 1, 0 and 0, whatever their sizes.
			if u := rates[retention.Unscored]; u.Renewals != 4 || !near(float64(u.Rate), 1.5/4) || !near(u.ARRBefore, 6300) || !near(u.ARRAfter, 4000) {
				t.Errorf("unscored rate %+v, want 4 renewals at 0.375 (6300 -> 4000)", u)
			}
			all := (1 + 1.2 + 0 + 0.5 + 1 + 0 + 0) / 7 // every renewal so far
			want := []struct {
				id     string
				bucket int
				color  string
				rate   float64
				method string
			}{
				{"U1", 30, gtg.Green, 1.1, retention.MethodColorRate},
				{"U2", 60, gtg.Red, 0, retention.MethodColorRate},
				{"U3", 90, gtg.Yellow, all, retention.MethodPortfolioRate},
			}
			if len(r.Renewals) != len(want) {
				t.Fatalf("renewals %+v, want U1 U2 U3 (U4 is past 90 days, U5 has no ARR)", r.Renewals)
			}
			for i, w := range want {
				g := r.Renewals[i]
				if g.Account != w.id || g.Bucket != w.bucket || g.Color != w.color || !near(g.Expected, w.rate) || g.Method != w.method {
					t.Errorf("renewal %d: %s bucket %d %s rate %v by %s, want %+v", i, g.Account, g.Bucket, g.Color, g.Expected, g.Method, w)
				}
				if !near(g.ExpectedARR, g.ARR*w.rate) {
					t.Errorf("%s: expected ARR %v, want %v", g.Account, g.ExpectedARR, g.ARR*w.rate)
				}
			}
			if len(r.Forecast) != 3 || r.Forecast[0].Month != "2026-06" || !near(r.Forecast[0].ExpectedARR, 5500) ||
				!near(r.Forecast[1].ExpectedARR, 0) || !near(r.Forecast[2].ExpectedARR, 1000*all) {
				t.Errorf("forecast %+v, want June 5500, July 0, August %v", r.Forecast, 1000*all)
			}
		})
		t.Run("Within180", func(t *testing.T) {
			r, err := retention.Renewals(ctx, s, retention.Options{Within: 180})
			if err != nil {
				t.Fatal(err)
			}
			last := r.Renewals[len(r.Renewals)-1]
			if last.Account != "U4" || last.Bucket != 180 || last.Color != retention.Unscored {
				t.Errorf("last renewal %+v, want U4 in the 180-day bucket, unscored (its snapshot is stale)", last)
			}
		})
		t.Run("RiskAndPlan", func(t *testing.T) {
			accts := map[string]int64{}
			all, _, err := s.Accounts(ctx, gtg.AccountFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range all {
				accts[a.ExternalID] = a.ID
			}
			var plan gtg.Plan
			var offer gtg.Offer
			if err := s.InTx(ctx, func(tx *store.Tx) error {
				for _, level := range []string{gtg.RiskMedium, gtg.RiskHigh} { // the newest stands
					if err := tx.AddRiskProfile(ctx, &gtg.RiskProfile{AccountID: accts["U2"], Level: level, Reasons: []string{"champion_left"},
						Source: gtg.RiskSourceManual, SetBy: "ann"}); err != nil {
						return err
					}
				}
				plan = gtg.Plan{AccountID: accts["U2"], Owner: "ann", Status: gtg.PlanOpen, StartedOn: day("2026-05-20"), CreatedBy: "ann"}
				if err := tx.CreatePlan(ctx, &plan); err != nil {
					return err
				}
				// An expand offer in play on U2: the renewal names it.
				offer = gtg.Offer{AccountID: accts["U2"], AccountExt: "U2", Rung: gtg.RungExpand, ARRBefore: 1000, Terms: gtg.OfferTerms{ARR: 1500}, Status: gtg.OfferProposed,
					Proposer: "ann", ProposedOn: day("2026-05-21")}
				offer.Normalize()
				return tx.CreateOffer(ctx, &offer)
			}); err != nil {
				t.Fatal(err)
			}
			r, err := retention.Renewals(ctx, s, retention.Options{Within: 90})
			if err != nil {
				t.Fatal(err)
			}
			for _, rn := range r.Renewals {
				switch {
				case rn.Account == "U2" && (rn.RiskLevel != gtg.RiskHigh || rn.PlanID != plan.ID || rn.OfferID != offer.ID || rn.OfferRung != gtg.RungExpand):
					t.Errorf("U2: risk %q plan %d offer %d %s, want high, #%d and expand #%d", rn.RiskLevel, rn.PlanID, rn.OfferID, rn.OfferRung, plan.ID, offer.ID)
				case rn.Account != "U2" && (rn.RiskLevel != "" || rn.PlanID != 0 || rn.OfferID != 0):
					t.Errorf("%s: risk %q plan %d, want none", rn.Account, rn.RiskLevel, rn.PlanID)
				}
			}
			// Sorting by risk puts the high one first.
			retention.SortRenewals(r.Renewals, "risk")
			if r.Renewals[0].Account != "U2" {
				t.Errorf("by risk: %s first, want U2", r.Renewals[0].Account)
			}
		})
		t.Run("ErrWithin", func(t *testing.T) {
			if _, err := retention.Renewals(ctx, s, retention.Options{Within: 4000}); gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("within 4000: %v, want EINVALID", err)
			}
		})
	})
}

func TestBacktest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		renewalPortfolio(t, s)
		bt, err := retention.RunBacktest(ctx, s, day("2026-03-01"), day("2026-05-31"))
		if err != nil {
			t.Fatal(err)
		}
		if len(bt.Months) != 3 {
			t.Fatalf("months %+v, want March to May", bt.Months)
		}
		// March, forecast on Feb 28: P1 (1000; its snapshot of Jan 30 is a
		// month old, so unscored), and the one renewal so far is U5's
		// unscored churn (rate 0): forecast 0, actual 1000.
		mar := bt.Months[0]
		if mar.Renewals != 1 || !near(mar.Forecast, 0) || !near(mar.Actual, 1000) || mar.Methods[retention.MethodColorRate] != 1 {
			t.Errorf("March %+v, want P1 forecast 0 by the unscored rate, actual 1000", mar)
		}
		// April, forecast on Mar 31: P2 (unscored: its snapshot of Mar 2 is
		// stale; rate 0 from U5) and P3 (red on Mar 11 is stale too):
		// forecast 0, actual 1200 + 0.
		if apr := bt.Months[1]; apr.Renewals != 2 || !near(apr.Forecast, 0) || !near(apr.Actual, 1200) {
			t.Errorf("April %+v, want P2 and P3, forecast 0, actual 1200", apr)
		}
		// May, forecast on Apr 30 from the renewals up to it: green P1 P2
		// (1.1), red P3 (0), unscored U5 (0). P4 red (Apr 28): 2000 x 0 = 0,
		// actual 1000; Q green: 3000 x 1.1 = 3300, actual 3000; W unscored:
		// 500 x 0 = 0, actual 0 (churned).
		may := bt.Months[2]
		if may.Renewals != 3 || !near(may.ARR, 5500) || !near(may.Forecast, 3300) || !near(may.Actual, 4000) || !near(may.Error, -700) {
			t.Errorf("May %+v, want 3 renewals of 5500, forecast 3300, actual 4000, error -700", may)
		}
		checkRatio(t, "May pct_error", may.PctError, float64(may.PctError), -700.0/4000)
		if !near(bt.Forecast-bt.Actual, bt.Error) {
			t.Errorf("error %v is not forecast %v - actual %v", bt.Error, bt.Forecast, bt.Actual)
		}
		var n int
		for _, b := range bt.Calibration {
			n += b.Renewals
		}
		if n != mar.Renewals+bt.Months[1].Renewals+may.Renewals {
			t.Errorf("calibration bins hold %d renewals, want every one", n)
		}
	})
}

// TestRenewalsCalibrated applies a calibrated card: the renewals it scored
// are forecast from its churn probability, the others from their color.
func TestRenewalsCalibrated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		accts := renewalPortfolio(t, s)
		// U1 and U3 were scored by "fitted", written by gtg calibrate.
		card := []byte("# Calibrated by gtg calibrate from test on 2026-05-01 (seed 1).\n" +
			"#      churn probability = 1 / (1 + e^(0.05 × score − 2.5))\nname: fitted\nversion: 1\n")
		if _, err := s.SaveScorecard(ctx, "test", "fitted", 1, card); err != nil {
			t.Fatal(err)
		}
		hs := []*gtg.Health{
			{AccountID: accts["U1"].ID, Day: day("2026-06-01"), Scorecard: "fitted", Version: 1, Score: 88, Color: gtg.Green},
			{AccountID: accts["U3"].ID, Day: day("2026-06-01"), Scorecard: "fitted", Version: 1, Score: 30, Color: gtg.Red},
		}
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
			t.Fatal(err)
		}
		r, err := retention.Renewals(ctx, s, retention.Options{Within: 90})
		if err != nil {
			t.Fatal(err)
		}
		p := func(score float64) float64 { return 1 / (1 + math.Exp(0.05*score-2.5)) }
		want := map[string]struct {
			rate   float64
			method string
		}{
			"U1": {1 - p(88), retention.MethodCalibrated},
			"U2": {0, retention.MethodColorRate}, // scored by the default card
			"U3": {1 - p(30), retention.MethodCalibrated},
		}
		for _, rn := range r.Renewals {
			w := want[rn.Account]
			if !near(rn.Expected, w.rate) || rn.Method != w.method {
				t.Errorf("%s: %v by %s, want %v by %s", rn.Account, rn.Expected, rn.Method, w.rate, w.method)
			}
		}
		if len(r.Calibrated) != 1 || r.Calibrated[0] != "fitted" || r.Methods[retention.MethodCalibrated] != 2 {
			t.Errorf("calibrated cards %v, methods %v", r.Calibrated, r.Methods)
		}
	})
}
