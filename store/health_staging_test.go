package store_test

import (
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestHealthStaging: staged snapshots are invisible until their run is
// promoted, then all arrive at once; a dropped run leaves nothing.
func TestHealthStaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s, &gtg.Account{ExternalID: "A1", Name: "A", ContractStart: day("2025-01-01")},
			&gtg.Account{ExternalID: "A2", Name: "B", ContractStart: day("2025-01-01")})
		ids := map[string]int64{}
		for _, ext := range []string{"A1", "A2"} {
			a, err := s.Account(ctx, ext)
			if err != nil {
				t.Fatal(err)
			}
			ids[ext] = a.ID
		}
		snap := func(ext string, d string, score float64) *gtg.Health {
			return &gtg.Health{AccountID: ids[ext], Day: day(d), Scorecard: "default", Version: 1, Score: score, Color: "green", Coverage: 1}
		}
		count := func() int {
			var n int
			if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM health_scores`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// An old snapshot the run will replace.
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, []*gtg.Health{snap("A1", "2025-06-01", 10)}) }); err != nil {
			t.Fatal(err)
		}
		for _, b := range [][]*gtg.Health{{snap("A1", "2025-06-01", 80), snap("A1", "2025-06-02", 81)}, {snap("A2", "2025-06-01", 50), snap("A2", "2025-06-02", 51)}} {
			if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.StageHealth(ctx, "run1", b) }); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(); n != 1 {
			t.Fatalf("%d snapshots before the promotion, want the 1 old one", n)
		}
		// Another run, killed: dropped as stale by a later run, never promoted.
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			return tx.StageHealth(ctx, "dead", []*gtg.Health{snap("A2", "2025-06-03", 1)})
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.DropStagedHealth(ctx, "", s.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n, err := s.PromoteHealth(ctx, "dead"); err != nil || n != 0 {
			t.Errorf("promote a dropped run: %d %v", n, err)
		}
		// run1 was dropped too (everything staged before now+1h): stage it again.
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			return tx.StageHealth(ctx, "run2", []*gtg.Health{snap("A1", "2025-06-01", 80), snap("A2", "2025-06-02", 51)})
		}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.PromoteHealth(ctx, "run2"); err != nil || n != 2 {
			t.Fatalf("promote: %d %v", n, err)
		}
		if n := count(); n != 2 {
			t.Errorf("%d snapshots after the promotion, want 2 (one replaced, one new)", n)
		}
		h, err := s.HealthHistory(ctx, ids["A1"], day("2025-06-01"), day("2025-06-01"))
		if err != nil || len(h) != 1 || h[0].Score != 80 {
			t.Errorf("A1 on 2025-06-01: %+v %v, want the promoted 80", h, err)
		}
		var left int
		s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM health_staging`).Scan(&left)
		if left != 0 {
			t.Errorf("%d staged rows left", left)
		}
	})
}
