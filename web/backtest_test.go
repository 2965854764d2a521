package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestBacktestPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := newTestHandler(t, st)
		createUser(t, st, "mia@gtg.test", gtg.UserManager)
		createUser(t, st, "carl@gtg.test", gtg.UserCSM)
		if _, err := demo.Load(ctx, st, demo.Config{Accounts: 40, Seed: 3, Today: today, Days: 500}, nil); err != nil {
			t.Fatal(err)
		}
		csm := &client{t: t, h: h}
		csm.login("carl@gtg.test")
		if w := csm.get("/backtest"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "No backtest yet") || strings.Contains(w.Body.String(), "Run a backtest now") {
			t.Fatalf("empty backtest page for a CSM: %d\n%s", w.Code, w.Body)
		}
		if w := csm.do(http.MethodPost, "/backtest", url.Values{"csrf": {csm.csrf}}); w.Code != http.StatusForbidden {
			t.Errorf("CSM runs a backtest: %d, want 403", w.Code)
		}
		mgr := &client{t: t, h: h}
		mgr.login("mia@gtg.test")
		if w := mgr.do(http.MethodPost, "/backtest", url.Values{"csrf": {mgr.csrf}}); w.Code != http.StatusSeeOther {
			t.Fatalf("manager runs a backtest: %d\n%s", w.Code, w.Body)
		}
		body := mgr.get("/backtest").Body.String()
		for _, want := range []string{"default@1, onboarding@1", "ROC AUC", "Surprise churn", "Lead time", `<svg class="calib"`, `<svg class="hist"`, "What each measure adds", "by mia@gtg.test"} {
			if !strings.Contains(body, want) {
				t.Errorf("backtest page lacks %q", want)
			}
		}
		if saved, err := st.Backtests(ctx, 5); err != nil || len(saved) != 1 {
			t.Errorf("saved backtests %d %v", len(saved), err)
		}
	})
}
