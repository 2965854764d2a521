package web

import (
	"log/slog"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// The coverage page's portfolio is reused, and after a capture marks it
// stale the old copy is served while a fresh one is computed.
func TestCoverageCache(t *testing.T) {
	st := storetest.OpenSQLite(t)
	st.Now = func() time.Time { return testNow }
	seed(t, st)
	s, err := newServer(Config{Store: st, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: st.Now})
	if err != nil {
		t.Fatal(err)
	}
	acmeEngaged := func() int {
		t.Helper()
		p, err := s.coverage.get(ctx, s, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, cv := range p.Accounts {
			if cv.AccountID == "ACME-1" {
				return cv.EngagedContacts
			}
		}
		t.Fatal("no ACME-1 in the portfolio")
		return 0
	}
	if n := acmeEngaged(); n != 0 {
		t.Fatalf("Acme engaged contacts at first = %d, want 0 (its only touch was with Carla, who left)", n)
	}
	acme := mustAccount(t, st, "ACME-1")
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.LogTouch(ctx, "test", acme, &gtg.Touch{Type: gtg.EventCall, ContactEmail: "eve@acme.test", OccurredAt: testNow})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n := acmeEngaged(); n != 0 {
		t.Fatalf("within the TTL the cached copy should be served; got %d engaged", n)
	}
	s.coverage.stale()
	if n := acmeEngaged(); n != 0 {
		t.Fatalf("a stale copy is served while the fresh one is computed; got %d", n)
	}
	deadline := time.Now().Add(10 * time.Second)
	for acmeEngaged() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the background refresh never brought Eve's call in")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
