package web

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestStakeholdersBrowser is a CSM's capture work in headless Chromium: a
// note with negative sentiment on the account page rescores the account, so
// the score drops and the "CSM sentiment negative" alert appears; a call is
// logged with one click; a contact's role and influence are edited in
// place; on the stakeholder map the CSM names a successor for the champion
// who left; the portfolio coverage page lists the accounts by owner.
// GTG_SCREENSHOTS=dir saves each page as stakeholders-*.png.
func TestStakeholdersBrowser(t *testing.T) {
	st := storetest.OpenSQLite(t)
	now := func() time.Time { return testNow }
	st.Now = now
	srv := httptest.NewServer(NewHandler(Config{Store: st, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: now}))
	defer srv.Close()
	seed(t, st)
	createUser(t, st, "carl@gtg.test", gtg.UserCSM)
	acme, err := st.Account(ctx, "ACME-1")
	if err != nil {
		t.Fatal(err)
	}
	// Yesterday's note was upbeat: the account's CSM sentiment is positive
	// when the day is scored and the rules run.
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertEvents(ctx, []*gtg.Event{{AccountID: acme.ID, Type: gtg.EventNote, OccurredAt: testNow.Add(-20 * time.Hour),
			Attrs: map[string]any{"text": "Great QBR, the team loves the new reports", "sentiment": "positive"}}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := health.ScoreRange(ctx, st, scorecard.Builtin(), today.AddDays(-30), today, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := alerts.Run(ctx, st, []*scorecard.RuleSet{scorecard.DefaultRules()}, today, alerts.Options{}); err != nil {
		t.Fatal(err)
	}

	b := newBrowserSession(t, srv.URL, "stakeholders")
	b.do("open", chromedp.EmulateViewport(1440, 900))
	b.signIn("carl@gtg.test")

	// 1. The account page before: scored, no negative-sentiment alert.
	b.visit("account-before", "/accounts/ACME-1", "#note-form")
	before := b.text(".health-pill .hp-score")
	if before == "" || before == "—" {
		t.Fatalf("Acme is not scored before the note: %q", before)
	}
	if strings.Contains(b.text(".col-main"), "CSM sentiment negative") {
		t.Fatal("the negative-sentiment alert is open before any negative note")
	}

	// 2. A negative note, in place with htmx.
	b.htmxReady("#note-form")
	b.do("write a negative note",
		chromedp.Click(chromedp.CSS(`#note-form input[name=sentiment][value=negative]`)),
		chromedp.SendKeys(chromedp.CSS(`#note-form textarea[name=text]`), "The CFO is unhappy with the last release"),
	)
	b.screenshot("capture-note")
	b.click("add the note", "#note-form button[type=submit]")
	b.waitFor("the saved message", `!!document.querySelector(".cap-saved") && document.querySelector(".cap-saved").textContent.includes("Note saved")`)
	if p := b.location(); p != "/accounts/ACME-1" {
		t.Errorf("htmx left the account page for %s", p)
	}
	after := b.text(".health-pill .hp-score")
	if after == before {
		t.Errorf("score after the negative note = %s, unchanged", after)
	}
	if msg := b.text(".cap-saved"); !strings.Contains(msg, "Health rescored: "+after) || !strings.Contains(msg, "was "+before) {
		t.Errorf("saved message = %q, want the new score %s and the old %s", msg, after, before)
	}
	if got := b.text(".alerts-card"); !strings.Contains(got, "CSM sentiment negative") {
		t.Errorf("alerts after the note = %q, want CSM sentiment negative", got)
	}
	if got := b.text("#timeline"); !strings.Contains(got, "The CFO is unhappy with the last release") {
		t.Errorf("timeline lacks the note: %q", got)
	}
	b.screenshot("account-after-note")

	// 3. A call with Eve, one click from her row.
	eve := `#contacts tr:has(a[href="mailto:eve@acme.test"])`
	b.htmxReady(eve + ` .quick-log`)
	b.click("log a call with Eve", eve+` button[value=call]`)
	b.waitFor("the call saved", `document.querySelector(".cap-saved") && document.querySelector(".cap-saved").textContent.includes("Call saved")`)
	if got := b.text(eve); !strings.Contains(got, "today") {
		t.Errorf("Eve's row after the call = %q, want a touch today", got)
	}

	// 4. Uma becomes a high-influence technical owner, in place.
	uma := `#contacts tr:has(a[href="mailto:uma@acme.test"])`
	b.htmxReady(uma + ` .contact-edit form`)
	b.do("open Uma's edit form", chromedp.Click(chromedp.CSS(uma+` .contact-edit > summary`)),
		chromedp.WaitVisible(chromedp.CSS(uma+` .contact-edit select[name=role]`)),
		chromedp.SetValue(chromedp.CSS(uma+` .contact-edit select[name=role]`), gtg.RoleTechnicalOwner),
		chromedp.SetValue(chromedp.CSS(uma+` .contact-edit select[name=influence]`), gtg.InfluenceHigh))
	b.screenshot("capture-contact-edit")
	b.click("save Uma", uma+` .contact-edit button[type=submit]`)
	b.waitFor("Uma saved", `document.querySelector(".cap-saved") && document.querySelector(".cap-saved").textContent.includes("Contact Uma User saved")`)
	if got := b.text(uma); !strings.Contains(got, "Technical owner") || !strings.Contains(got, "High") {
		t.Errorf("Uma's row = %q", got)
	}

	// 5. The stakeholder map: Carla the champion left 10 days ago.
	b.visit("map", "/accounts/ACME-1/stakeholders", ".sh-map")
	if got := b.text(".sh-cover"); !strings.Contains(got, "Champion left") || !strings.Contains(got, "Economic buyer engaged") {
		t.Errorf("coverage = %q", got)
	}
	if got := b.text("#successor-champion"); !strings.Contains(got, "Carla Champion left") || !strings.Contains(got, "Executive re-alignment") {
		t.Errorf("successor prompt = %q", got)
	}
	if got := b.text(".sh-map"); !strings.Contains(got, "Eve Buyer") || !strings.Contains(got, "Carla Champion") {
		t.Errorf("map = %q", got)
	}
	b.htmxReady(".successor-form")
	b.do("name Eve's colleague the champion",
		chromedp.SendKeys(chromedp.CSS(`.successor-form input[name=email]`), "nina@acme.test"),
		chromedp.SendKeys(chromedp.CSS(`.successor-form input[name=name]`), "Nina New"),
		chromedp.SendKeys(chromedp.CSS(`.successor-form input[name=title]`), "Director of Operations"))
	b.click("name the champion", ".successor-form button[type=submit]")
	b.waitFor("the new champion", `!document.querySelector("#successor-champion") && document.querySelector(".sh-map").textContent.includes("Nina New")`)
	if got := b.text(".cap-saved"); !strings.Contains(got, "Nina New is the new champion") {
		t.Errorf("saved message = %q", got)
	}
	b.screenshot("map-after-successor")

	// 6. The portfolio's coverage by owner.
	b.visit("coverage", "/coverage?owner=all", ".cov-owners")
	if got := b.text(".cov-owners"); !strings.Contains(got, "alice@gtg.test") || !strings.Contains(got, "bob@gtg.test") {
		t.Errorf("owners = %q", got)
	}

	// Every capture is in the account's audit trail.
	log, err := st.AuditLog(ctx, "account", "ACME-1", 20)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		if e.Actor == "carl@gtg.test" {
			actions = append(actions, e.Action)
		}
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "log note") || !strings.Contains(got, "log call") {
		t.Errorf("audit actions by the CSM = %q", got)
	}
	clog, err := st.AuditLog(ctx, "contact", "ACME-1/uma@acme.test", 5)
	if err != nil || len(clog) == 0 || clog[0].Actor != "carl@gtg.test" {
		t.Errorf("Uma's audit trail = %+v, %v", clog, err)
	}
}
