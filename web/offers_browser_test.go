package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestOffersBrowser runs the save ladder in headless Chromium: a CSM
// proposes a 25% discount on Acme (over the 20% guardrail), first without
// saying why reduce does not fit (refused, nothing stored), then with
// reasons; it waits for approval; a manager finds it in the inbox and
// approves it; the CSM records that the customer accepted, and the
// reinstatement follow-up appears in the account owner's list on the day
// the discount ends. GTG_SCREENSHOTS=dir saves each page as offers-*.png.
func TestOffersBrowser(t *testing.T) {
	st := storetest.OpenSQLite(t)
	now := func() time.Time { return testNow }
	st.Now = now
	srv := httptest.NewServer(NewHandler(Config{Store: st, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: now}))
	defer srv.Close()
	seed(t, st)
	seedPortfolio(t, st, 40)
	createUser(t, st, "carl@gtg.test", gtg.UserCSM)
	createUser(t, st, "mia@gtg.test", gtg.UserManager)
	seedLadderHistory(t, st)

	bctx := newBrowser(t, 120*time.Second)
	b := &browserSession{t: t, bctx: bctx}
	do, text, waitFor, htmxReady, click := b.do, b.text, b.waitFor, b.htmxReady, b.click
	shots := os.Getenv("GTG_SCREENSHOTS")
	setValue := func(sel, v string) {
		t.Helper()
		do("fill "+sel, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(function(){var e=document.querySelector(%q); e.value=%q;})()`, sel, v)))
	}
	screenshot := func(name, sel string) {
		t.Helper()
		if shots == "" {
			return
		}
		var png []byte
		var err error
		if sel == "" {
			chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
			png, err = chromedp.Run(bctx, chromedp.FullScreenshot(100))
		} else {
			png, err = chromedp.Run(bctx, chromedp.Screenshot(chromedp.CSS(sel)))
		}
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "offers-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	signIn := func(email string) {
		t.Helper()
		do("sign in as "+email,
			chromedp.Navigate(srv.URL+"/login"),
			chromedp.SendKeys(chromedp.CSS(`input[name=email]`), email),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testPassword),
			chromedp.Click(chromedp.CSS(`button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`.topbar`)),
		)
	}
	signOut := func() {
		t.Helper()
		do("sign out", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.Click(chromedp.CSS(`.logout button`)),
			chromedp.WaitVisible(chromedp.CSS(`input[name=password]`)))
	}
	acme, err := st.Account(ctx, "ACME-1")
	if err != nil {
		t.Fatal(err)
	}
	until := today.AddMonths(6)

	do("open", chromedp.EmulateViewport(1440, 900))
	signIn("carl@gtg.test")

	// 1. On Acme's page the CSM opens the ladder's form and picks the discount rung:
	// htmx brings the discount's fields and a reason box for each higher rung.
	do("open the account", chromedp.Navigate(srv.URL+"/accounts/ACME-1"), chromedp.WaitVisible(chromedp.CSS(`#offers`)))
	if got := text("#offers .ladder"); !strings.Contains(got, "1. Expand scope not tried") {
		t.Errorf("ladder before = %q", got)
	}
	click("open the propose form", `#offer-new > summary`)
	htmxReady(`#offer-form select[name=rung]`)
	do("pick the discount rung", chromedp.Evaluate[chromedp.Void](
		`(function(){var s=document.querySelector("#offer-form select[name=rung]"); s.value="discount"; s.dispatchEvent(new Event("change", {bubbles: true}));})()`))
	waitFor("the discount's fields", `!!document.querySelector("#offer-form input[name=percent]") && !!document.querySelector("#offer-form input[name=skip_reduce]")`)
	htmxReady(`#offer-form button[type=submit]`)

	// 2. Without a reason for skipping reduce, the offer is refused, naming the rung; nothing is stored.
	setValue(`#offer-form input[name=percent]`, "25")
	setValue(`#offer-form input[name=until]`, until.String())
	setValue(`#offer-form input[name=summary]`, "25% off for six months while their budget recovers")
	setValue(`#offer-form input[name=skip_expand]`, "Budget frozen: no appetite for more scope")
	click("propose without a reduce reason", `#offer-form button[type=submit]`)
	waitFor("the error", `(document.querySelector("#offers .form-error")||{}).textContent?.includes("skip.reduce")`)
	screenshot("refused", "#offers")
	if got := text("#offers .form-error"); !strings.Contains(got, "a discount offer skips the reduce rung") {
		t.Errorf("error = %q", got)
	}
	if os, err := st.Offers(ctx, gtg.OfferFilter{AccountID: acme.ID}); err != nil || len(os) != 0 {
		t.Fatalf("a refused offer was stored: %v %v", os, err)
	}
	if got := browserValue(t, bctx, `#offer-form input[name=percent]`); got != "25" {
		t.Errorf("the form lost what was typed: percent = %q", got)
	}

	// 3. With the reason it is recorded, and waits for approval: 25% is over the 20% guardrail.
	htmxReady(`#offer-form button[type=submit]`)
	setValue(`#offer-form input[name=skip_reduce]`, "Every seat is in use")
	click("propose", `#offer-form button[type=submit]`)
	waitFor("the offer", `!!document.querySelector("#offers li.offer.os-pending_approval")`)
	screenshot("pending", "#offers")
	if got := text("#offers li.offer"); !strings.Contains(got, "pending approval") || !strings.Contains(got, "Waits for approval: a 25% discount is over 20%") {
		t.Errorf("offer = %q", got)
	}
	if n := countSel(t, bctx, `#offers li.offer button`); n != 0 {
		t.Errorf("the CSM sees %d buttons on an offer waiting for approval", n)
	}
	os, err := st.Offers(ctx, gtg.OfferFilter{AccountID: acme.ID})
	if err != nil || len(os) != 1 || os[0].Status != gtg.OfferPendingApproval || os[0].ARRBefore != 120000 || os[0].ARRAfter != 90000 {
		t.Fatalf("stored offers = %+v %v", os, err)
	}
	offerID := os[0].ID
	signOut()

	// 4. The manager finds it in the inbox and approves it with a note.
	signIn("mia@gtg.test")
	do("open the inbox", chromedp.Navigate(srv.URL+"/alerts"), chromedp.WaitVisible(chromedp.CSS(`#approvals`)))
	screenshot("inbox", "")
	if got := text("#approvals"); !strings.Contains(got, "Acme Corp") || !strings.Contains(got, "25% off until "+until.String()) {
		t.Errorf("inbox approvals = %q", got)
	}
	do("open the standup", chromedp.Navigate(srv.URL+"/standup"), chromedp.WaitVisible(chromedp.CSS(`#offers-pending`)))
	if got := text("#offers-pending"); !strings.Contains(got, "Acme Corp") {
		t.Errorf("standup = %q", got)
	}
	screenshot("standup", "")
	do("open /offers", chromedp.Navigate(srv.URL+"/offers"), chromedp.WaitVisible(chromedp.CSS(`#approvals`)))
	screenshot("page-manager", "")
	sel := fmt.Sprintf(`#approvals #offer-%d`, offerID)
	do("approve", chromedp.SendKeys(chromedp.CSS(sel+` input[name=note]`), "OK for six months, then full price"))
	click("approve", sel+` button[value=approved]`)
	waitFor("no more approvals", `!document.querySelector("#approvals li.offer")`)
	if o, err := st.Offer(ctx, offerID); err != nil || o.Status != gtg.OfferApproved || o.Approver != "mia@gtg.test" {
		t.Fatalf("after approval: %+v %v", o, err)
	}
	signOut()

	// 5. The CSM records that the customer accepted: the outcome is written and the
	// reinstatement follow-up is scheduled for the day the discount ends.
	signIn("carl@gtg.test")
	do("open the account", chromedp.Navigate(srv.URL+"/accounts/ACME-1"), chromedp.WaitVisible(chromedp.CSS(`#offers li.offer.os-approved`)))
	htmxReady(`#offers li.offer button[value=accepted]`)
	click("accepted", `#offers li.offer button[value=accepted]`)
	waitFor("the follow-up", `!!document.querySelector("#offers li.followup")`)
	screenshot("accepted", "#offers")
	if got := text("#offers li.followup"); !strings.Contains(got, "Reinstate full price") || !strings.Contains(got, "due "+formatDate(until)) {
		t.Errorf("follow-up = %q (want due %s)", got, formatDate(until))
	}
	if got := text("#offers .ladder"); !strings.Contains(got, "3. Discount accepted") || !strings.Contains(got, "2. Reduce scope skipped") {
		t.Errorf("ladder after = %q", got)
	}
	fs, err := st.FollowUps(ctx, gtg.FollowUpFilter{AccountID: acme.ID})
	if err != nil || len(fs) != 1 || fs[0].Due != until || fs[0].Kind != gtg.FollowUpReinstate || fs[0].Owner != "alice@gtg.test" {
		t.Fatalf("stored follow-ups = %+v %v", fs, err)
	}
	outs, err := st.Outcomes(ctx, acme.ID)
	if err != nil || len(outs) == 0 {
		t.Fatal(outs, err)
	}
	if last := outs[len(outs)-1]; last.Type != gtg.OutcomeContracted || last.Day != today || last.ARRBefore != 120000 || last.ARRAfter != 90000 {
		t.Errorf("outcome = %+v", last)
	}
	// In the owner's list on /offers, on the day the discount ends.
	do("alice's follow-ups", chromedp.Navigate(srv.URL+"/offers?owner=alice@gtg.test"), chromedp.WaitVisible(chromedp.CSS(`#followups`)))
	if got := text(fmt.Sprintf("#followups #followup-%d", fs[0].ID)); !strings.Contains(got, "due "+formatDate(until)) {
		t.Errorf("alice's list = %q", got)
	}
	screenshot("page", "")
	do("open the account's ladder page", chromedp.Navigate(srv.URL+"/accounts/ACME-1/offers"), chromedp.WaitVisible(chromedp.CSS(`#offers`)))
	screenshot("account-ladder", "")
}

// browserValue returns the value of the input sel.
func browserValue(t *testing.T, bctx context.Context, sel string) string {
	t.Helper()
	return evalString(t, bctx, fmt.Sprintf(`document.querySelector(%q).value`, sel))
}

// evalString runs js in the page and returns its string result.
func evalString(t *testing.T, bctx context.Context, js string) string {
	t.Helper()
	s, err := chromedp.Run(bctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return s
}

// countSel counts the elements sel matches.
func countSel(t *testing.T, bctx context.Context, sel string) int {
	t.Helper()
	var n int
	fmt.Sscan(evalString(t, bctx, fmt.Sprintf(`String(document.querySelectorAll(%q).length)`, sel)), &n)
	return n
}

// seedLadderHistory gives the portfolio earlier offers on other accounts,
// so /offers has results to show.
func seedLadderHistory(t *testing.T, st *store.Store) {
	t.Helper()
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{Search: "C-", Sort: "-arr"})
	if err != nil {
		t.Fatal(err)
	}
	mgr := &gtg.User{Email: "mia@gtg.test", Role: gtg.UserManager}
	skip := func(rung string) []gtg.SkippedRung {
		var out []gtg.SkippedRung
		for _, r := range gtg.Rungs[:gtg.RungIndex(rung)] {
			out = append(out, gtg.SkippedRung{Rung: r, Reason: "does not fit their situation"})
		}
		return out
	}
	day := today.AddDays(-60)
	plan := []struct {
		rung   string
		terms  func(a *gtg.Account) gtg.OfferTerms
		answer string
	}{
		{"expand", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{ARR: a.ARR * 1.2} }, gtg.OfferAccepted},
		{"expand", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{ARR: a.ARR} }, gtg.OfferAccepted},
		{"reduce", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{ARR: a.ARR * 0.8} }, gtg.OfferAccepted},
		{"discount", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{Percent: 15, Until: day.AddMonths(4)} }, gtg.OfferAccepted},
		{"pause", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{Until: day.AddMonths(2)} }, gtg.OfferAccepted},
		{"churn", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{} }, gtg.OfferAccepted},
		{"expand", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{ARR: a.ARR * 1.1} }, gtg.OfferDeclined},
		{"reduce", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{ARR: a.ARR * 0.7} }, gtg.OfferAccepted},
		{"discount", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{Percent: 30, Until: day.AddMonths(3)} }, gtg.OfferRejected},
		{"expand", func(a *gtg.Account) gtg.OfferTerms { return gtg.OfferTerms{ARR: a.ARR * 1.3} }, gtg.OfferAccepted},
	}
	for i, p := range plan {
		a := accts[i+4]
		csm := &gtg.User{Email: a.Owner, Role: gtg.UserCSM}
		o, err := offers.Propose(ctx, st, csm, a.ExternalID, offers.Proposal{Rung: p.rung, Terms: p.terms(a), Skipped: skip(p.rung)}, day)
		if err != nil {
			t.Fatalf("seed offer %d: %v", i, err)
		}
		if o.Status == gtg.OfferPendingApproval {
			answer := gtg.OfferApproved
			if p.answer == gtg.OfferRejected {
				answer = gtg.OfferRejected
			}
			if _, _, err := offers.Decide(ctx, st, mgr, o.ID, gtg.OfferDecision{Status: answer}, day); err != nil {
				t.Fatal(err)
			}
		}
		if p.answer != gtg.OfferRejected {
			if _, _, err := offers.Decide(ctx, st, csm, o.ID, gtg.OfferDecision{Status: p.answer}, day+3); err != nil {
				t.Fatal(err)
			}
		}
	}
}
