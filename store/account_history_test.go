package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestAccountHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := &gtg.Account{ExternalID: "A1", Name: "A", ARR: 100, Seats: 5, Stage: gtg.StageMature,
			Attrs: map[string]any{"kickoff": gtg.MustParseDay("2025-01-02")}}
		want := []gtg.AccountState{
			{From: gtg.MustParseDay("2025-01-01"), ARR: 50, Seats: 2, Stage: gtg.StageOnboarding, RenewalDate: gtg.MustParseDay("2026-01-01"),
				Attrs: map[string]any{"kickoff": gtg.MustParseDay("2025-01-02")}},
			{From: gtg.MustParseDay("2025-06-01"), ARR: 80, Seats: 4, Stage: gtg.StageAdoption, Owner: "c@x.test"},
		}
		err := s.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.UpsertAccounts(ctx, "t", []*gtg.Account{a}); err != nil {
				return err
			}
			return tx.PutAccountStates(ctx, a.ID, want)
		})
		if err != nil {
			t.Fatal(err)
		}
		hist, err := s.AccountHistory(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The upsert recorded the account as it is today, after the two given.
		got := hist[a.ID]
		if len(got) != 3 || got[2].ARR != 100 || got[2].Seats != 5 || got[2].From != gtg.DayOf(s.Now()) {
			t.Fatalf("history %+v", got)
		}
		for i := range want {
			if want[i].Attrs == nil {
				want[i].Attrs = map[string]any{}
			}
		}
		if diff := cmp.Diff(want, got[:2]); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}
		// An unchanged upsert records nothing new.
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.UpsertAccounts(ctx, "t", []*gtg.Account{{ExternalID: "A1", Name: "A", ARR: 100, Seats: 5, Stage: gtg.StageMature,
				Attrs: map[string]any{"kickoff": gtg.MustParseDay("2025-01-02")}}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if hist, _ := s.AccountHistory(ctx); len(hist[a.ID]) != 3 {
			t.Errorf("unchanged upsert added history: %+v", hist[a.ID])
		}
	})
}
