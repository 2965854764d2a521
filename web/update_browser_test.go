package web

import (
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/riverqueue/river/rivertype"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
	"github.com/gtg-dev/gtg/update/updatetest"
)

type quickRetry struct{}

func (quickRetry) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(200 * time.Millisecond)
}

// TestUpdateBrowser previews the fixture account's weekly update in
// headless Chromium: the email in its frame with the chart, the engaged
// contacts ticked and the opted-out one disabled with why; the CSM unticks
// one, adds a note and sends. The mail server is down (nothing listens on
// its port), so the page reports the failed attempt and its error while
// the email waits for a retry. Then the resources library, filtered and
// extended with the form. GTG_SCREENSHOTS=dir saves the pages.
func TestUpdateBrowser(t *testing.T) {
	st := storetest.OpenSQLite(t)
	updatetest.Seed(t, st)
	now := func() time.Time { return updatetest.Now }
	createUser(t, st, "csm@ourco.example", gtg.UserCSM)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadPort := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // the mail server is down: connections are refused
	m := gtg.MailSettings{SMTP: gtg.SMTPSettings{Host: "127.0.0.1", Port: deadPort, TLS: gtg.TLSNone, From: "cs@ourco.example"},
		Caps: gtg.Caps{PerContact: 3, PerAccount: 5}, WeeklyWeekday: -1, WeeklyHour: 9}
	if err := st.PutMailSettings(ctx, "admin", &m); err != nil {
		t.Fatal(err)
	}
	runner, err := jobs.New(ctx, jobs.Config{Store: st, Now: now, RetryPolicy: quickRetry{}, PollInterval: 100 * time.Millisecond, DailyEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer runner.Stop(context.Background())
	srv := httptest.NewServer(NewHandler(Config{Store: st, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: now,
		EnqueueEmail: runner.EnqueueEmail}))
	defer srv.Close()

	bctx := newBrowser(t, 120*time.Second)
	b := &browserSession{t: t, bctx: bctx}
	do, text := b.do, b.text
	shots := os.Getenv("GTG_SCREENSHOTS")
	screenshot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "email-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	js := func(what, expr string) bool {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[bool](expr))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	do("sign in", chromedp.EmulateViewport(1440, 900), chromedp.Navigate(srv.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "csm@ourco.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.topbar`)))

	// The account page links to the update.
	do("account page", chromedp.Navigate(srv.URL+"/accounts/F1"), chromedp.WaitVisible(chromedp.CSS(`#weekly-update a`)))
	// High risk, ROI doubts: the account page proposes the matching resources.
	if s := text(`#resources`); !strings.Contains(s, "Quick guide: show your team's ROI in 15 minutes") || !strings.Contains(s, "propose a new outcome") {
		t.Errorf("the account page's resources: %q", s)
	}
	screenshot("account")
	do("open the update", chromedp.Click(chromedp.CSS(`#weekly-update a`)), chromedp.WaitVisible(chromedp.CSS(`.recipients`)))
	// The frame shows the email with its four sections and the chart loaded.
	waitFrame := func() {
		t.Helper()
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`(function(){var f=document.querySelector('.email-frame'); var d=f&&f.contentDocument;
			var img=d&&d.querySelector('img'); return !!(img&&img.complete&&img.naturalWidth>0)})()`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("wait for the email and its chart: %v", err)
		}
	}
	waitFrame()
	frame := func(expr string) bool {
		t.Helper()
		return js(expr, `(function(){var d=document.querySelector('.email-frame').contentDocument; return `+expr+`})()`)
	}
	for _, h := range []string{"Executive summary", "Accomplished this week", "Next steps", "Challenges"} {
		if !frame(`Array.from(d.querySelectorAll('h2')).some(function(e){return e.textContent==='` + h + `'})`) {
			t.Errorf("the preview has no %q section", h)
		}
	}
	if !frame(`d.querySelector('img').naturalWidth === 1200`) {
		t.Error("the preview's chart is not the 1200-pixel PNG")
	}
	checked := func() []string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('input[name=to]:checked')).map(function(e){return e.value})`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := strings.Join(checked(), ","); got != strings.Join(updatetest.Recipients, ",") {
		t.Errorf("ticked recipients %s, want %s", got, strings.Join(updatetest.Recipients, ","))
	}
	if !js("opted out disabled", `document.querySelector('input[value="`+updatetest.OptedOut+`"]').disabled`) ||
		!strings.Contains(text(`.recipients`), "opted out on 12 Jun 2026") {
		t.Error("the opted-out contact is not disabled with the reason")
	}
	screenshot("preview")

	// Una asks to stop: the CSM records it, and she cannot be ticked.
	do("record Una's opt-out",
		chromedp.SetValue(chromedp.CSS(`.optout-form select[name=email]`), updatetest.Quiet),
		chromedp.Submit(chromedp.CSS(`.optout-form`)))
	for deadline := time.Now().Add(10 * time.Second); ; {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(function(){var e=document.querySelector('input[value="`+updatetest.Quiet+`"]'); return !!(e&&e.disabled)})()`))
		if err == nil && v {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Una's opt-out is not shown: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}

	do("untick Ana, write a note, send",
		chromedp.Click(chromedp.CSS(`input[value="ana@freight.example"]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=note]`), "Thanks for a good QBR, Eve."),
		chromedp.Click(chromedp.CSS(`form[action$="/update"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	sends, err := st.EmailSends(ctx, store.EmailSendFilter{})
	if err != nil || len(sends) != 1 {
		t.Fatalf("outbox %v %v", sends, err)
	}
	if got := strings.Join(sends[0].Recipients, ","); got != "eve@freight.example,cam@freight.example,tom@freight.example" {
		t.Errorf("queued to %s", got)
	}
	full, err := st.EmailSend(ctx, sends[0].ID)
	if err != nil || !strings.Contains(full.Text, "Thanks for a good QBR, Eve.") {
		t.Errorf("the note is not in the email: %v", err)
	}
	// The server is down: the page reports the failed attempt and why.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(text(`.sends`), "retrying") {
		if time.Now().After(deadline) {
			t.Fatalf("the page never reported the retry: %q", text(`.sends`))
		}
		time.Sleep(300 * time.Millisecond)
		do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`.sends`)))
	}
	if s := text(`.sends`); !strings.Contains(s, "connection refused") {
		t.Errorf("the failed send does not say why: %q", s)
	}
	waitFrame()
	screenshot("retrying")

	// The resources library: the seeded library, filtered by reason.
	do("resources", chromedp.Navigate(srv.URL+"/resources"), chromedp.WaitVisible(chromedp.CSS(`table.resources`)))
	screenshot("resources")
	if !strings.Contains(text(`table.resources`), "Quick guide: show your team's ROI in 15 minutes") {
		t.Error("the library does not list the ROI guide")
	}
	do("filter by reason", chromedp.Navigate(srv.URL+"/resources?reason=support_volume"), chromedp.WaitVisible(chromedp.CSS(`table.resources`)))
	if s := text(`table.resources tbody`); strings.Contains(s, "ROI in 15 minutes") || !strings.Contains(s, "getting answers fast") {
		t.Errorf("filtered by support_volume: %q", s)
	}
	do("add a resource", chromedp.Navigate(srv.URL+"/resources"), chromedp.WaitVisible(chromedp.CSS(`input[name=key]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=key]`), "fleet_webinar"),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "Webinar: fleet analytics in 20 minutes"),
		chromedp.SetValue(chromedp.CSS(`.resource-add select[name=kind]`), "webinar"),
		chromedp.SendKeys(chromedp.CSS(`input[name=url]`), "https://example.com/fleet"),
		chromedp.SendKeys(chromedp.CSS(`input[name=industries]`), "logistics"),
		chromedp.Submit(chromedp.CSS(`form.resource-add`)))
	// The poll is dropped when the page navigates (CDP -32000) and polled again.
	for deadline := time.Now().Add(10 * time.Second); ; {
		_, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.readyState === "complete" && document.body.textContent.indexOf("Webinar: fleet analytics in 20 minutes") >= 0`,
			chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "-32000") || time.Now().After(deadline) {
			errText, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`(document.querySelector('.form-error')||{}).textContent||''`))
			loc, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`location.href + " " + document.title + " " + document.querySelector("input[name=key]").value + "/" + document.querySelector("input[name=title]").value`))
			t.Fatalf("the added resource is not listed (form error %q, at %s): %v", errText, loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
