package web

import (
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestDashboardCurrencies is the regression test for a dashboard that added
// USD, EUR and GBP ARR together and labelled the sum in dollars: each total
// is now per currency.
func TestDashboardCurrencies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := signedIn(t, st)
		seedHealth(t, st)
		var accts []*gtg.Account
		for ext, cur := range map[string]string{"GLOBEX-2": "EUR", "INIT-3": "GBP"} {
			a, err := st.Account(ctx, ext)
			if err != nil {
				t.Fatal(err)
			}
			a.Currency = cur
			accts = append(accts, a)
		}
		if err := st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.UpsertAccounts(ctx, "test", accts); return err }); err != nil {
			t.Fatal(err)
		}
		body := c.get("/dashboard").Body.String()
		for _, want := range []string{
			"3 accounts · $120k &#43; €48k &#43; £9,000 ARR",
			`<div class="t-count">1</div><div class="t-arr">£9,000 ARR</div>`,
			`<div class="t-count">1</div><div class="t-arr">€48k ARR</div>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		if strings.Contains(body, "$177k") {
			t.Errorf("dashboard still sums three currencies as $177k")
		}
	})
}
