package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// listsWorld is a scored portfolio with alerts, and a viewer, a CSM who
// owns accounts (bob) and a manager signed in.
func listsWorld(t *testing.T, st *store.Store) (viewer, csm, mgr *client, open []*gtg.Alert) {
	t.Helper()
	h := newTestHandler(t, st)
	seed(t, st)
	seedPortfolio(t, st, 40)
	seedHealth(t, st)
	seedPortfolioHealth(t, st)
	if _, err := alerts.Run(ctx, st, []*scorecard.RuleSet{scorecard.DefaultRules()}, today, alerts.Options{}); err != nil {
		t.Fatal(err)
	}
	createUser(t, st, "vera@gtg.test", gtg.UserViewer)
	createUser(t, st, "bob@gtg.test", gtg.UserCSM)
	createUser(t, st, "mia@gtg.test", gtg.UserManager)
	viewer, csm, mgr = &client{t: t, h: h}, &client{t: t, h: h}, &client{t: t, h: h}
	viewer.login("vera@gtg.test")
	csm.login("bob@gtg.test")
	mgr.login("mia@gtg.test")
	no := false
	open, err := st.Alerts(ctx, gtg.AlertFilter{Statuses: []string{gtg.AlertOpen}, Held: &no})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) < 3 {
		t.Fatalf("only %d open alerts on the test portfolio", len(open))
	}
	return viewer, csm, mgr, open
}

func ids(as ...*gtg.Alert) []string {
	var out []string
	for _, a := range as {
		out = append(out, strconv.FormatInt(a.ID, 10))
	}
	return out
}

func TestAlertsBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		viewer, csm, _, open := listsWorld(t, st)
		status := func(a *gtg.Alert) *gtg.Alert {
			t.Helper()
			got, err := st.Alert(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		t.Run("ErrViewer", func(t *testing.T) {
			r := viewer.post("/alerts/bulk", url.Values{"action": {"acknowledged"}, "id": ids(open[0])})
			if r.StatusCode != http.StatusForbidden || status(open[0]).Status != gtg.AlertOpen {
				t.Errorf("a viewer's bulk acknowledge: %d, alert %s", r.StatusCode, status(open[0]).Status)
			}
		})
		t.Run("ErrUnknownAlertChangesNothing", func(t *testing.T) {
			r := csm.post("/alerts/bulk", url.Values{"action": {"resolved"}, "id": append(ids(open[0], open[1]), "999999")})
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("bulk resolve with an unknown alert: %d, want 404", r.StatusCode)
			}
			for _, a := range open[:2] {
				if got := status(a); got.Status != gtg.AlertOpen {
					t.Errorf("alert %d is %s after a refused bulk change; want it left open", a.ID, got.Status)
				}
			}
		})
		t.Run("ErrSnoozeDays", func(t *testing.T) {
			r := csm.post("/alerts/bulk", url.Values{"action": {"snoozed"}, "days": {"0"}, "id": ids(open[0])})
			if r.StatusCode != http.StatusBadRequest {
				t.Errorf("snooze for 0 days: %d, want 400", r.StatusCode)
			}
		})
		t.Run("OK", func(t *testing.T) {
			r := csm.post("/alerts/bulk", url.Values{"action": {"snoozed"}, "days": {"7"}, "id": ids(open[0], open[1]), "back": {"/alerts?owner="}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("bulk snooze: %d", r.StatusCode)
			}
			loc, _ := url.Parse(r.Header.Get("Location"))
			if loc.Path != "/alerts" || loc.Query().Get("done") != "2 alerts snoozed" || !loc.Query().Has("owner") {
				t.Errorf("bulk snooze went to %s", loc)
			}
			for _, a := range open[:2] {
				if got := status(a); got.Status != gtg.AlertSnoozed || got.SnoozedUntil != today+7 || got.UpdatedBy != "bob@gtg.test" {
					t.Errorf("alert %d after the bulk snooze: %s until %s by %s", a.ID, got.Status, got.SnoozedUntil, got.UpdatedBy)
				}
			}
			r = csm.post("/alerts/bulk", url.Values{"action": {"assign"}, "owner": {"dana@gtg.test"}, "id": ids(open[2])})
			if r.StatusCode != http.StatusSeeOther || status(open[2]).Owner != "dana@gtg.test" {
				t.Errorf("bulk assign: %d, owner %q", r.StatusCode, status(open[2]).Owner)
			}
			log, err := st.AuditLog(ctx, "alert", strconv.FormatInt(open[2].ID, 10), 5)
			if err != nil || len(log) == 0 || log[0].Action != "assign" || !strings.Contains(log[0].After, "dana@gtg.test") {
				t.Errorf("audit of the assignment: %+v %v", log, err)
			}
			// Dana's inbox lists it now.
			if body := csm.get("/alerts?owner=dana%40gtg.test").Body.String(); !strings.Contains(body, `id="alert-`+strconv.FormatInt(open[2].ID, 10)+`"`) {
				t.Error("the assigned alert is not in its new owner's inbox")
			}
		})
	})
}

func TestAccountsReassignAndViews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		_, csm, mgr, _ := listsWorld(t, st)
		t.Run("ErrCSM", func(t *testing.T) {
			if r := csm.post("/accounts/reassign", url.Values{"owner": {"bob@gtg.test"}, "id": {"ACME-1"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("a CSM reassigning accounts: %d, want 403", r.StatusCode)
			}
		})
		t.Run("ErrUnknownAccountChangesNothing", func(t *testing.T) {
			r := mgr.post("/accounts/reassign", url.Values{"owner": {"dana@gtg.test"}, "id": {"ACME-1", "NO-SUCH"}})
			if a, _ := st.Account(ctx, "ACME-1"); r.StatusCode != http.StatusNotFound || a.Owner == "dana@gtg.test" {
				t.Errorf("reassign with an unknown account: %d, ACME-1 owner %q", r.StatusCode, a.Owner)
			}
		})
		t.Run("OK", func(t *testing.T) {
			r := mgr.post("/accounts/reassign", url.Values{"owner": {"dana@gtg.test"}, "id": {"ACME-1", "GLOBEX-2"}, "back": {"/accounts?sort=-arr"}})
			if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "sort=-arr") {
				t.Fatalf("reassign: %d to %s", r.StatusCode, r.Header.Get("Location"))
			}
			for _, ext := range []string{"ACME-1", "GLOBEX-2"} {
				if a, err := st.Account(ctx, ext); err != nil || a.Owner != "dana@gtg.test" {
					t.Errorf("%s owner after reassign: %+v %v", ext, a, err)
				}
			}
			log, err := st.AuditLog(ctx, "account", "ACME-1", 1)
			if err != nil || len(log) != 1 || log[0].Actor != "mia@gtg.test" {
				t.Errorf("audit of the reassignment: %+v %v", log, err)
			}
		})
		t.Run("CSMListDefaultsToOwnBook", func(t *testing.T) {
			_, mine, err := st.Accounts(ctx, gtg.AccountFilter{Owner: "bob@gtg.test"})
			if err != nil {
				t.Fatal(err)
			}
			_, all, err := st.Accounts(ctx, gtg.AccountFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if body := plain(csm.get("/accounts").Body.String()); !strings.Contains(body, strconv.Itoa(mine)+" accounts") {
				t.Errorf("bob's default list does not count his %d accounts: %s", mine, body[:400])
			}
			if body := plain(csm.get("/accounts?owner=").Body.String()); !strings.Contains(body, strconv.Itoa(all)+" accounts") {
				t.Errorf("owner= does not list all %d accounts", all)
			}
		})
		t.Run("SavedViews", func(t *testing.T) {
			r := csm.post("/views", url.Values{"name": {"Red, falling"}, "query": {"color=red&sort=change30"}})
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/accounts?color=red&sort=change30" {
				t.Fatalf("save view: %d to %s", r.StatusCode, r.Header.Get("Location"))
			}
			body := csm.get("/accounts?color=red&sort=change30").Body.String()
			if !strings.Contains(body, `class="view-chip active"`) || !strings.Contains(body, "Red, falling") {
				t.Error("the saved view is not shown as the active view")
			}
			if body := mgr.get("/accounts").Body.String(); strings.Contains(body, "Red, falling") {
				t.Error("another user sees bob's saved view")
			}
			if r := csm.post("/views", url.Values{"name": {""}, "query": {"color=red"}}); r.StatusCode != http.StatusBadRequest {
				t.Errorf("a view with no name: %d, want 400", r.StatusCode)
			}
		})
	})
}
