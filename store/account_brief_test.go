package store_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestAccountBriefs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s, &gtg.Account{ExternalID: "M1", Name: "One", Owner: "sam@x.io", Segment: "SMB", ARR: 1200, Currency: "EUR", RenewalDate: day("2026-09-30"), ICPFit: "A"}, &gtg.Account{ExternalID: "M2", Name: "Two"})
		got, err := s.AccountBriefs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got["M1"] != (store.AccountBrief{ID: got["M1"].ID, ExternalID: "M1", Name: "One", Owner: "sam@x.io", Segment: "SMB", ARR: 1200, Currency: "EUR", RenewalDate: day("2026-09-30"), ICPFit: "A"}) || got["M1"].ID == 0 || got["M2"].ARR != 0 {
			t.Errorf("account briefs = %+v", got)
		}
	})
}
