package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestARRByColor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := &gtg.Account{ExternalID: "C1", Name: "One", ARR: 100, Currency: "USD"}
		b := &gtg.Account{ExternalID: "C2", Name: "Two", ARR: 50, Currency: "USD"}
		c := &gtg.Account{ExternalID: "C3", Name: "Three", ARR: 70, Currency: "EUR"}
		seedAccounts(t, s, a, b, c)
		snap := func(id int64, d, color string) *gtg.Health {
			return &gtg.Health{AccountID: id, Day: day(d), Scorecard: "default", Version: 1, Score: 50, Color: color}
		}
		inTx(t, s, func(tx *store.Tx) error {
			return tx.PutHealth(ctx, []*gtg.Health{
				snap(a.ID, "2026-03-01", gtg.Green), snap(b.ID, "2026-03-01", gtg.Green), snap(c.ID, "2026-03-01", gtg.Red),
				snap(a.ID, "2026-03-02", gtg.Yellow), // not asked for
				snap(a.ID, "2026-03-08", gtg.Red), snap(b.ID, "2026-03-08", gtg.Green),
			})
		})
		got, err := s.ARRByColor(ctx, []gtg.Day{day("2026-03-01"), day("2026-03-08")})
		if err != nil {
			t.Fatal(err)
		}
		want := []store.ColorARR{
			{Day: day("2026-03-01"), Color: gtg.Green, Currency: "USD", ARR: 150, Accounts: 2},
			{Day: day("2026-03-01"), Color: gtg.Red, Currency: "EUR", ARR: 70, Accounts: 1},
			{Day: day("2026-03-08"), Color: gtg.Green, Currency: "USD", ARR: 50, Accounts: 1},
			{Day: day("2026-03-08"), Color: gtg.Red, Currency: "USD", ARR: 100, Accounts: 1},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ARR by color (-want +got):\n%s", diff)
		}
	})
}
