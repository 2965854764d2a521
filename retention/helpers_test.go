package retention_test

import (
	"context"
	"math"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

var ctx = context.Background()

func day(s string) gtg.Day { return gtg.MustParseDay(s) }

// seed writes accounts and outcomes (outcomes name accounts by external id)
// and returns the accounts by external id, with their ids.
func seed(t *testing.T, s *store.Store, accts []*gtg.Account, outcomes []*gtg.Outcome) map[string]*gtg.Account {
	t.Helper()
	byExt := map[string]*gtg.Account{}
	if err := s.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UpsertAccounts(ctx, "test", accts); err != nil {
			return err
		}
		var ext []string
		for _, a := range accts {
			ext = append(ext, a.ExternalID)
		}
		ids, err := tx.AccountIDs(ctx, ext)
		if err != nil {
			return err
		}
		for _, a := range accts {
			a.ID = ids[a.ExternalID]
			byExt[a.ExternalID] = a
		}
		for _, o := range outcomes {
			o.AccountID = ids[o.AccountExternalID]
		}
		_, err = tx.UpsertOutcomes(ctx, outcomes)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return byExt
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func checkRatio(t *testing.T, name string, got interface{ Defined() bool }, v float64, want float64) {
	t.Helper()
	if !got.Defined() || !near(v, want) {
		t.Errorf("%s = %v, want %v", name, v, want)
	}
}
