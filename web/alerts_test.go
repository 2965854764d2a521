package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// rulesAll fires one high and one low alert on every account with ARR.
const rulesAll = `
name: t
version: 1
budget: {per_owner_per_week: 1}
rules:
  - {key: big, label: Big account, severity: high, when: account.arr > 0}
  - {key: any, label: Any account, severity: low, when: account.arr > 0}
`

func TestAlertPages(t *testing.T) {
	rs, err := scorecard.ParseRules("t.yaml", []byte(rulesAll))
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := newTestHandler(t, st)
		seed(t, st)
		createUser(t, st, "vera@gtg.test", gtg.UserViewer)
		createUser(t, st, "carl@gtg.test", gtg.UserCSM)
		// Every account fires both rules. alice's budget of one shows Acme's
		// high alert (9 × 120k) and holds back Acme's low one and both of
		// Initech's; bob's shows Globex's high alert and holds back the low.
		if _, err := alerts.Run(ctx, st, []*scorecard.RuleSet{rs}, today, alerts.Options{}); err != nil {
			t.Fatal(err)
		}
		big, err := st.Alerts(ctx, gtg.AlertFilter{Rule: "big", Owner: "bob@gtg.test"})
		if err != nil || len(big) != 1 {
			t.Fatalf("big alerts %v %v", big, err)
		}
		id := big[0].ID

		viewer := &client{t: t, h: h}
		viewer.login("vera@gtg.test")
		w := viewer.get("/alerts")
		body := w.Body.String()
		if w.Code != http.StatusOK || strings.Count(body, `class="alert sev-`) != 2 || !strings.Contains(body, "4 more held back") {
			t.Fatalf("inbox for a viewer: %d\n%s", w.Code, body)
		}
		if strings.Contains(body, "Acknowledge") {
			t.Error("a viewer sees the buttons to change alerts")
		}
		if w := viewer.do(http.MethodPost, fmt.Sprintf("/alerts/%d", id), url.Values{"csrf": {viewer.csrf}, "status": {"acknowledged"}}); w.Code != http.StatusForbidden {
			t.Errorf("viewer acknowledges: %d, want 403", w.Code)
		}
		if w := viewer.get("/alerts?view=held"); strings.Count(w.Body.String(), `class="alert sev-`) != 4 {
			t.Errorf("held view:\n%s", w.Body)
		}

		csm := &client{t: t, h: h}
		csm.login("carl@gtg.test")
		if w := csm.get("/alerts?owner=bob@gtg.test"); strings.Count(w.Body.String(), `class="alert sev-`) != 1 || !strings.Contains(w.Body.String(), "Acknowledge") {
			t.Errorf("owner filter:\n%s", w.Body)
		}
		// htmx gets the row back, snoozed for a week.
		w = csm.do(http.MethodPost, fmt.Sprintf("/alerts/%d", id), url.Values{"csrf": {csm.csrf}, "status": {"snoozed"}, "days": {"7"}}, "HX-Request", "true")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "snoozed until") || strings.Contains(w.Body.String(), "<html") {
			t.Fatalf("snooze by htmx: %d\n%s", w.Code, w.Body)
		}
		if a, _ := st.Alert(ctx, id); a.Status != gtg.AlertSnoozed || a.SnoozedUntil != today.AddDays(7) || a.UpdatedBy != "carl@gtg.test" {
			t.Errorf("stored alert %+v", a)
		}
		// A plain form post is redirected back; a bad snooze is refused.
		if w := csm.do(http.MethodPost, fmt.Sprintf("/alerts/%d", id), url.Values{"csrf": {csm.csrf}, "status": {"resolved"}}); w.Code != http.StatusSeeOther {
			t.Errorf("resolve by form: %d", w.Code)
		}
		if w := csm.do(http.MethodPost, fmt.Sprintf("/alerts/%d", id), url.Values{"csrf": {csm.csrf}, "status": {"snoozed"}, "days": {"0"}}); w.Code != http.StatusBadRequest {
			t.Errorf("snooze for 0 days: %d, want 400", w.Code)
		}
		if w := csm.do(http.MethodPost, "/alerts/999999", url.Values{"csrf": {csm.csrf}, "status": {"resolved"}}); w.Code != http.StatusNotFound {
			t.Errorf("unknown alert: %d, want 404", w.Code)
		}
		if w := csm.get("/alerts?view=resolved"); !strings.Contains(w.Body.String(), "Big account") || !strings.Contains(w.Body.String(), "Reopen") {
			t.Errorf("resolved view:\n%s", w.Body)
		}
		// The account page lists its unresolved alerts; the dashboard counts them.
		if w := csm.get("/accounts/INIT-3"); !strings.Contains(w.Body.String(), `class="card alerts-card"`) || !strings.Contains(w.Body.String(), "held back") {
			t.Errorf("account page alerts:\n%s", w.Body)
		}
	})
}
