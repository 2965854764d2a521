package store_test

import (
	"math"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestHealthSnapshots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := &gtg.Account{ExternalID: "H1", Name: "Healthy"}
		seedAccounts(t, s, a)
		hs := []*gtg.Health{
			{AccountID: a.ID, Day: day("2026-03-01"), Scorecard: "default", Version: 2, Score: 71.5, Color: gtg.Green, Coverage: 0.9,
				Measures: []gtg.MeasureValue{{Key: "active_users_30d", Group: "adoption", Value: 12, Points: 80, Weight: 0.5},
					{Key: "nps", Group: "sentiment", Value: math.NaN(), Missing: true}}},
			{AccountID: a.ID, Day: day("2026-03-02"), Scorecard: "default", Version: 2, Score: 55, Color: gtg.Yellow, Coverage: 0.9},
		}
		for i := 0; i < 2; i++ { // the second write replaces, not duplicates
			if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.HealthHistory(ctx, a.ID, day("2026-03-01"), day("2026-03-31"))
		if err != nil || len(got) != 2 {
			t.Fatalf("history %v %v", got, err)
		}
		if got[0].Score != 71.5 || got[0].Color != gtg.Green || got[1].Color != gtg.Yellow || got[0].Version != 2 {
			t.Fatalf("history = %+v %+v", got[0], got[1])
		}
		m := got[0].Measures
		if len(m) != 2 || m[0].Value != 12 || m[0].Points != 80 || !math.IsNaN(m[1].Value) || !m[1].Missing {
			t.Fatalf("measures = %+v", m)
		}
		on, err := s.HealthOn(ctx, day("2026-03-02"))
		if err != nil || on[a.ID] == nil || on[a.ID].Score != 55 {
			t.Fatalf("on = %v %v", on, err)
		}
		if d, err := s.LatestHealthDay(ctx); err != nil || d != day("2026-03-02") {
			t.Fatalf("latest = %s %v", d, err)
		}
	})
}

func TestScanScoringInputs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var accts []*gtg.Account
		for _, id := range []string{"S1", "S2", "S3"} {
			accts = append(accts, &gtg.Account{ExternalID: id, Name: id})
		}
		seedAccounts(t, s, accts...)
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.UpsertContacts(ctx, "t", []*gtg.Contact{{AccountID: accts[1].ID, Email: "b@x.io", Role: "champion"}}); err != nil {
				return err
			}
			if _, err := tx.MergeMetrics(ctx, []gtg.MetricPoint{
				{AccountID: accts[0].ID, Key: "logins", Day: day("2026-02-27"), Value: 1}, // before the window
				{AccountID: accts[0].ID, Key: "logins", Day: day("2026-02-28"), Value: 2},
				{AccountID: accts[0].ID, Key: "logins", Day: day("2026-03-02"), Value: 3},
				{AccountID: accts[0].ID, Key: "other", Day: day("2026-03-01"), Value: 9},  // not asked for
				{AccountID: accts[2].ID, Key: "logins", Day: day("2026-03-03"), Value: 4}, // after the window
			}); err != nil {
				return err
			}
			_, err := tx.UpsertEvents(ctx, []*gtg.Event{
				{AccountID: accts[1].ID, Type: "meeting", OccurredAt: time.Date(2026, 3, 2, 23, 59, 0, 0, time.UTC), ContactEmail: "b@x.io"},
				{AccountID: accts[1].ID, Type: "meeting", OccurredAt: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)},
			})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var seen []string
		err := s.ScanScoringInputs(ctx, store.ScanQuery{Metrics: []string{"logins"}, From: day("2026-02-28"), To: day("2026-03-02"), BlockSize: 2},
			func(in *store.ScoringInput) error {
				seen = append(seen, in.Account.ExternalID)
				logins := in.Series["logins"].Values
				switch in.Account.ExternalID {
				case "S1":
					if len(logins) != 3 || logins[0] != 2 || !math.IsNaN(logins[1]) || logins[2] != 3 || len(in.Series) != 1 {
						t.Errorf("S1 logins = %v (%d series)", logins, len(in.Series))
					}
				case "S2":
					if len(in.Contacts) != 1 || len(in.Events) != 1 || in.Events[0].ContactEmail != "b@x.io" {
						t.Errorf("S2 contacts %d events %+v", len(in.Contacts), in.Events)
					}
				case "S3":
					for _, v := range logins {
						if !math.IsNaN(v) {
							t.Errorf("S3 logins = %v, want none in window", logins)
						}
					}
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 3 || seen[0] != "S1" || seen[2] != "S3" {
			t.Fatalf("seen %v", seen)
		}
	})
}
