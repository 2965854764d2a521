package health_test

import (
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestTrendCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := gtg.MustParseDay("2026-03-31")
		a := &gtg.Account{ExternalID: "A", Name: "A"}
		put := func(score float64) {
			t.Helper()
			var hs []*gtg.Health
			for i := 29; i >= 0; i-- {
				// A straight line ending at score, one point a day.
				hs = append(hs, &gtg.Health{AccountID: a.ID, Day: day - gtg.Day(i), Scorecard: "t", Version: 1,
					Score: score - float64(i), Color: gtg.Green, Coverage: 1})
			}
			if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.InTx(ctx, func(tx *store.Tx) error { _, err := tx.UpsertAccounts(ctx, "t", []*gtg.Account{a}); return err }); err != nil {
			t.Fatal(err)
		}
		var c health.TrendCache
		if got, err := c.Get(ctx, s, 0); err != nil || len(got) != 0 {
			t.Fatalf("nothing scored: %v %v", got, err)
		}
		clock := time.Date(2026, 3, 31, 6, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return clock }
		put(80)
		first, err := c.Get(ctx, s, 0)
		if err != nil || first[a.ID] == nil || first[a.ID].Score != 80 || first[a.ID].Slope30 != 1 {
			t.Fatalf("first: %+v %v", first[a.ID], err)
		}
		again, _ := c.Get(ctx, s, day)
		if again[a.ID] != first[a.ID] {
			t.Error("the same day's trends were computed again")
		}
		// Rescoring the day (a later write) refreshes them.
		clock = clock.Add(time.Hour)
		put(60)
		fresh, err := c.Get(ctx, s, 0)
		if err != nil || fresh[a.ID].Score != 60 {
			t.Fatalf("after rescoring: %+v %v", fresh[a.ID], err)
		}
	})
}
