package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// clock is a settable store clock for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func inTx(t *testing.T, s *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := s.InTx(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func TestRiskReasonsAndProfiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		clk := &clock{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		s.Now = clk.now
		a, b := &gtg.Account{ExternalID: "R1", Name: "One"}, &gtg.Account{ExternalID: "R2", Name: "Two"}
		seedAccounts(t, s, a, b)
		inTx(t, s, func(tx *store.Tx) error {
			for _, r := range []*gtg.RiskReason{
				{Key: "budget_cut", Stage: "crisis", Label: "Budget"},
				{Key: "champion_left", Stage: "mid", Label: "Champion left"},
				{Key: "budget_cut", Stage: "crisis", Label: "Budget cut", Retired: true}, // an edit keeps its place
			} {
				if err := tx.PutRiskReason(ctx, "t", r); err != nil {
					return err
				}
			}
			return nil
		})
		rs, err := s.RiskReasons(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []*gtg.RiskReason{{Key: "budget_cut", Stage: "crisis", Label: "Budget cut", Retired: true}, {Key: "champion_left", Stage: "mid", Label: "Champion left"}}
		if diff := cmp.Diff(want, rs); diff != "" {
			t.Fatalf("reasons (-want +got):\n%s", diff)
		}

		add := func(acct *gtg.Account, level string, at time.Time, reasons ...string) *gtg.RiskProfile {
			p := &gtg.RiskProfile{AccountID: acct.ID, AccountExt: acct.ExternalID, Level: level, Reasons: reasons, Source: "manual", SetBy: "kim@x.io", SetAt: at}
			inTx(t, s, func(tx *store.Tx) error { return tx.AddRiskProfile(ctx, p) })
			return p
		}
		t1 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		t2 := time.Date(2026, 3, 2, 10, 0, 0, 500000, time.UTC)
		t3 := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
		add(a, "medium", t1, "champion_left")
		p2 := add(a, "high", t2, "budget_cut", "champion_left")
		add(b, "low", t3, "champion_left")

		cur, err := s.RiskProfile(ctx, a.ID)
		if err != nil || cur.ID != p2.ID || cur.Level != "high" || cur.Primary() != "budget_cut" || !cur.SetAt.Equal(t2) {
			t.Fatalf("current = %+v, %v", cur, err)
		}
		if _, err := s.RiskProfile(ctx, 999); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("unknown account: %v, want not found", err)
		}
		hist, err := s.RiskHistory(ctx, a.ID)
		if err != nil || len(hist) != 2 || hist[0].Level != "high" || hist[1].Level != "medium" {
			t.Fatalf("history = %v, %v", hist, err)
		}
		levels := func(m map[int64]*gtg.RiskProfile) map[string]string {
			out := map[string]string{}
			for _, p := range m {
				out[p.AccountExt] = p.Level
			}
			return out
		}
		for _, tc := range []struct {
			at   time.Time
			want map[string]string
		}{
			{t1.Add(-time.Second), map[string]string{}},
			{t1, map[string]string{"R1": "medium"}},
			{t2.Add(-time.Microsecond), map[string]string{"R1": "medium"}},
			{t2, map[string]string{"R1": "high"}},
			{time.Time{}, map[string]string{"R1": "high", "R2": "low"}},
		} {
			m, err := s.RiskProfilesAt(ctx, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, levels(m)); diff != "" {
				t.Errorf("levels at %s (-want +got):\n%s", tc.at, diff)
			}
		}
		after, err := s.RiskProfilesAfter(ctx, t1)
		if err != nil || len(after) != 2 || after[0].AccountExt != "R1" || after[1].AccountExt != "R2" {
			t.Fatalf("after t1 = %v, %v", after, err)
		}
	})
}

func TestChurnDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := &gtg.Account{ExternalID: "C1", Name: "Churny", ARR: 1200}
		seedAccounts(t, s, a)
		d := &gtg.ChurnDecision{AccountID: a.ID, AccountExt: "C1", ARR: 1200, Reason: "not ICP", DecidedBy: "mo@x.io"}
		inTx(t, s, func(tx *store.Tx) error { return tx.AddChurnDecision(ctx, d) })
		err := s.InTx(ctx, func(tx *store.Tx) error {
			return tx.AddChurnDecision(ctx, &gtg.ChurnDecision{AccountID: a.ID, AccountExt: "C1", Reason: "again", DecidedBy: "mo@x.io"})
		})
		if gtg.ErrorCode(err) != gtg.ECONFLICT {
			t.Fatalf("second decision: %v, want conflict", err)
		}
		if ds, err := s.ChurnDecisions(ctx, true); err != nil || len(ds) != 1 || ds[0].AccountName != "Churny" || !ds[0].Active() {
			t.Fatalf("active = %v, %v", ds, err)
		}
		inTx(t, s, func(tx *store.Tx) error {
			id, err := tx.ReverseChurnDecision(ctx, a.ID, "mo@x.io", "they grew")
			if id != d.ID {
				t.Errorf("reversed %d, want %d", id, d.ID)
			}
			return err
		})
		err = s.InTx(ctx, func(tx *store.Tx) error { _, err := tx.ReverseChurnDecision(ctx, a.ID, "mo@x.io", ""); return err })
		if gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("reversing twice: %v, want not found", err)
		}
		if ds, _ := s.ChurnDecisions(ctx, true); len(ds) != 0 {
			t.Fatalf("active after reversal = %v", ds)
		}
		ds, err := s.ChurnDecisions(ctx, false)
		if err != nil || len(ds) != 1 || ds[0].Active() || ds[0].ReversedBy != "mo@x.io" || ds[0].ReverseNote != "they grew" {
			t.Fatalf("all = %+v, %v", ds, err)
		}
		// Once reversed, the account may be let go again.
		inTx(t, s, func(tx *store.Tx) error {
			return tx.AddChurnDecision(ctx, &gtg.ChurnDecision{AccountID: a.ID, AccountExt: "C1", Reason: "shrank again", DecidedBy: "mo@x.io"})
		})
	})
}
