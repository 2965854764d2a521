package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestOfferPages checks the ladder's forms without a browser: a skipped rung
// without a reason is refused naming the rung, with what was typed kept and
// nothing stored; viewers cannot propose; the plan page shows the ladder;
// /offers lists the pending offer and the follow-up after acceptance.
func TestOfferPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newSaveWorld(t, st)
		post := func(c *client, target string, f url.Values) *http.Response {
			t.Helper()
			f.Set("csrf", c.csrf)
			return c.do(http.MethodPost, target, f).Result()
		}
		body := func(r *http.Response) string {
			b, _ := io.ReadAll(r.Body)
			return string(b)
		}
		form := url.Values{"rung": {"pause"}, "until": {today.AddMonths(4).String()}, "summary": {"four months off"},
			"skip_expand": {"no budget"}, "skip_reduce": {"all seats used"}, "skip_discount": {""}, "back": {"/accounts/ACME-1"}}

		r := post(w.csm, "/accounts/ACME-1/offers", form)
		if b := body(r); r.StatusCode != http.StatusBadRequest || !strings.Contains(b, "skip.discount: a pause offer skips the discount rung") ||
			!strings.Contains(b, `value="four months off"`) {
			t.Fatalf("refused: %d\n%s", r.StatusCode, b)
		}
		if os, _ := st.Offers(ctx, gtg.OfferFilter{}); len(os) != 0 {
			t.Fatalf("a refused offer was stored: %v", os)
		}
		if r := post(w.viewer, "/accounts/ACME-1/offers", form); r.StatusCode != http.StatusForbidden {
			t.Fatalf("viewer: %d", r.StatusCode)
		}

		form.Set("skip_discount", "they need cash, not a price")
		r = post(w.csm, "/accounts/ACME-1/offers", form)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/accounts/ACME-1#offers" {
			t.Fatalf("propose: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		os, err := st.Offers(ctx, gtg.OfferFilter{})
		if err != nil || len(os) != 1 || os[0].Status != gtg.OfferPendingApproval || os[0].PlanID != w.plan.ID {
			t.Fatalf("stored: %+v %v", os, err)
		}
		if b := body(w.csm.get("/plans/" + strconv.FormatInt(w.plan.ID, 10)).Result()); !strings.Contains(b, `id="offers"`) || !strings.Contains(b, "pending approval") {
			t.Fatalf("plan page has no ladder:\n%s", b)
		}
		if b := body(w.mgr.get("/offers").Result()); !strings.Contains(b, "Waits for approval: a pause until") || !strings.Contains(b, `value="approved"`) {
			t.Fatalf("/offers for the manager:\n%s", b)
		}
		id := strconv.FormatInt(os[0].ID, 10)
		if r := post(w.csm, "/offers/"+id+"/decide", url.Values{"status": {"approved"}}); r.StatusCode != http.StatusForbidden {
			t.Fatalf("csm approves: %d", r.StatusCode)
		}
		if r := post(w.mgr, "/offers/"+id+"/decide", url.Values{"status": {"approved"}, "back": {"/offers"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %d", r.StatusCode)
		}
		if r := post(w.csm, "/offers/"+id+"/decide", url.Values{"status": {"accepted"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept: %d", r.StatusCode)
		}
		fs, err := st.FollowUps(ctx, gtg.FollowUpFilter{})
		if err != nil || len(fs) != 1 || fs[0].Due != today.AddMonths(4) {
			t.Fatalf("follow-ups: %+v %v", fs, err)
		}
		if b := body(w.csm.get("/offers?owner=alice@gtg.test").Result()); !strings.Contains(b, "Resume the contract") || !strings.Contains(b, formatDate(today.AddMonths(4))) {
			t.Fatalf("alice's follow-ups:\n%s", b)
		}
		if r := post(w.csm, "/followups/"+strconv.FormatInt(fs[0].ID, 10), url.Values{"status": {"done"}, "back": {"/offers"}}); r.StatusCode != http.StatusSeeOther ||
			r.Header.Get("Location") != "/offers#followups" {
			t.Fatalf("done: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
	})
}
