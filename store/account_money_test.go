package store_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestAccountMoneys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s, &gtg.Account{ExternalID: "M1", Name: "One", ARR: 1200, Currency: "EUR"}, &gtg.Account{ExternalID: "M2", Name: "Two"})
		got, err := s.AccountMoneys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got["M1"] != (store.AccountMoney{ID: got["M1"].ID, ARR: 1200, Currency: "EUR"}) || got["M1"].ID == 0 || got["M2"].ARR != 0 {
			t.Errorf("account money = %+v", got)
		}
	})
}
