package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestHealthCards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, b, c := &gtg.Account{ExternalID: "C1", Name: "a"}, &gtg.Account{ExternalID: "C2", Name: "b"}, &gtg.Account{ExternalID: "C3", Name: "c"}
		seedAccounts(t, s, a, b, c)
		d := day("2026-03-02")
		hs := []*gtg.Health{
			{AccountID: a.ID, Day: d, Scorecard: "default", Version: 1, Color: gtg.Green},
			{AccountID: b.ID, Day: d, Scorecard: "default", Version: 1, Color: gtg.Red},
			{AccountID: c.ID, Day: d, Scorecard: "onboarding", Version: 2, Color: gtg.Yellow},
			{AccountID: c.ID, Day: d - 1, Scorecard: "onboarding", Version: 1, Color: gtg.Yellow},
		}
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.HealthCards(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.CardCount{{"default", 1, 2}, {"onboarding", 2, 1}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("cards on %s (-want +got):\n%s", d, diff)
		}
		if got, err := s.HealthCards(ctx, d+1); err != nil || len(got) != 0 {
			t.Errorf("a day without snapshots: %v %v", got, err)
		}
	})
}
