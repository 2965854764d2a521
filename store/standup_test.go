package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestStandupQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		clk := &clock{time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
		s.Now = clk.now
		a, b := &gtg.Account{ExternalID: "U1", Name: "Up", Owner: "kim@x.io"}, &gtg.Account{ExternalID: "U2", Name: "Down"}
		seedAccounts(t, s, a, b)
		if _, err := s.LastStandupReview(ctx); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("no review yet: %v", err)
		}
		inTx(t, s, func(tx *store.Tx) error {
			return tx.PutHealth(ctx, []*gtg.Health{
				{AccountID: a.ID, Day: day("2026-03-01"), Scorecard: "d", Version: 1, Score: 60, Color: gtg.Yellow},
				{AccountID: a.ID, Day: day("2026-03-05"), Scorecard: "d", Version: 1, Score: 75, Color: gtg.Green},
			})
		})
		for _, tc := range []struct{ on, want string }{{"2026-02-28", ""}, {"2026-03-01", "2026-03-01"}, {"2026-03-04", "2026-03-01"}, {"2026-03-09", "2026-03-05"}} {
			if got, err := s.ScoredDayOnOrBefore(ctx, day(tc.on)); err != nil || got.String() != tc.want {
				t.Errorf("scored day on or before %s = %q, %v; want %q", tc.on, got, err, tc.want)
			}
		}
		alert := func(acct *gtg.Account, rule, sev, status string) *gtg.Alert {
			return &gtg.Alert{AccountID: acct.ID, Rule: rule, RuleSet: "default", RuleVersion: 1, Severity: sev, Title: rule,
				Status: status, OpenedOn: gtg.DayOf(clk.t), LastSeenOn: gtg.DayOf(clk.t)}
		}
		inTx(t, s, func(tx *store.Tx) error {
			return tx.InsertAlerts(ctx, []*gtg.Alert{alert(a, "usage_drop", "high", "open"), alert(b, "nps_low", "medium", "snoozed")})
		})
		review := &gtg.StandupReview{HealthDay: day("2026-03-01"), ReviewedBy: "mo@x.io"}
		clk.t = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		inTx(t, s, func(tx *store.Tx) error { return tx.AddStandupReview(ctx, review) })
		clk.t = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		inTx(t, s, func(tx *store.Tx) error {
			return tx.InsertAlerts(ctx, []*gtg.Alert{alert(a, "champion_left", "medium", "acknowledged"), alert(b, "tickets", "low", "resolved")})
		})
		last, err := s.LastStandupReview(ctx)
		if err != nil || last.ID != review.ID || !last.ReviewedAt.Equal(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) || last.HealthDay != day("2026-03-01") {
			t.Fatalf("last review = %+v, %v", last, err)
		}
		got, err := s.AlertsOpenedBetween(ctx, last.ReviewedAt, time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var rules []string
		for _, l := range got {
			rules = append(rules, l.AccountExt+"/"+l.Rule+"/"+l.Owner)
		}
		if diff := cmp.Diff([]string{"U1/champion_left/kim@x.io", "U2/tickets/"}, rules); diff != "" {
			t.Fatalf("alerts after the review (-want +got):\n%s", diff)
		}
		counts, err := s.OpenAlertCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Snoozed and resolved alerts do not count.
		if diff := cmp.Diff(map[int64]map[string]int{a.ID: {"high": 1, "medium": 1}}, counts); diff != "" {
			t.Fatalf("open alert counts (-want +got):\n%s", diff)
		}
	})
}
