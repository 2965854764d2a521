package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestWorkdayBrowser is a CSM's day in headless Chromium: signing in opens
// "my book today" on their own accounts; the inbox, on their alerts,
// acknowledges every alert shown in one go; the account list sorts by the
// 30-day change of the score, biggest fall first.
// GTG_SCREENSHOTS=dir saves full-page PNGs of the pages there.
func TestWorkdayBrowser(t *testing.T) {
	st := storetest.OpenSQLite(t)
	srv := httptest.NewServer(newTestHandler(t, st))
	defer srv.Close()
	seed(t, st)
	seedPortfolio(t, st, 40)
	seedHealth(t, st)
	seedPortfolioHealth(t, st)
	if _, err := alerts.Run(ctx, st, []*scorecard.RuleSet{scorecard.DefaultRules()}, today, alerts.Options{}); err != nil {
		t.Fatal(err)
	}
	const bob = "bob@gtg.test" // owns every fourth account of seedPortfolio
	createUser(t, st, bob, gtg.UserCSM)
	no := false
	open := func(owner string) []*gtg.Alert {
		t.Helper()
		as, err := st.Alerts(ctx, gtg.AlertFilter{Owner: owner, Statuses: []string{gtg.AlertOpen}, Held: &no})
		if err != nil {
			t.Fatal(err)
		}
		return as
	}
	bobs, others := open(bob), open("alice@gtg.test")
	if len(bobs) < 2 || len(others) == 0 {
		t.Fatalf("the test portfolio gives bob %d open alerts and alice %d; want some each", len(bobs), len(others))
	}

	bctx := newBrowser(t, 90*time.Second)
	b := &browserSession{t: t, bctx: bctx}
	do := b.do
	text := func(sel string) string { t.Helper(); return browserText(t, bctx, sel) }
	// poll waits until the expression is true, as a step.
	poll := func(js string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(c context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(c, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second)))
			return err
		})
	}
	eval := b.eval
	location := func() string {
		t.Helper()
		u, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(u, srv.URL)
	}
	shots := os.Getenv("GTG_SCREENSHOTS")
	screenshot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "workday-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Signing in lands on "my book today", on bob's own accounts.
	do("sign in as a CSM",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), bob),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#today-alerts`)),
	)
	if got := location(); got != "/today" {
		t.Errorf("signing in as a CSM opened %s, want /today", got)
	}
	if got := text("h1"); got != "My book today" {
		t.Errorf("heading = %q", got)
	}
	if got := eval(`document.querySelector("#owner").selectedOptions[0].textContent`); got != "My accounts" {
		t.Errorf("owner filter = %q, want My accounts", got)
	}
	if got := text(".tiles .tile:first-child .t-count"); got != strconv.Itoa(len(bobs)) {
		t.Errorf("alerts to handle = %s, want bob's %d", got, len(bobs))
	}
	rows := text("#today-alerts tbody")
	if !strings.Contains(rows, bobs[0].Title) || !strings.Contains(rows, bobs[0].AccountName) {
		t.Errorf("today's alerts = %q, want bob's most valuable first: %s on %s", rows, bobs[0].Title, bobs[0].AccountName)
	}
	for _, a := range others {
		if strings.Contains(rows, a.AccountName) && !slices.ContainsFunc(bobs, func(b *gtg.Alert) bool { return b.AccountName == a.AccountName }) {
			t.Errorf("bob's day lists alice's account %s", a.AccountName)
		}
	}
	screenshot("today")

	// One click acknowledges an alert from there.
	first := bobs[0]
	row := fmt.Sprintf(`#alert-%d`, first.ID)
	do("acknowledge from today",
		chromedp.Click(chromedp.CSS(row+` button`)),
		chromedp.WaitNotPresent(chromedp.CSS(row+` input[name=status][value=acknowledged]`)),
		chromedp.WaitVisible(chromedp.CSS(row)),
	)
	if got := text(row); !strings.Contains(got, "acknowledged") {
		t.Errorf("today's row after acknowledging reads %q", got)
	}
	if a, err := st.Alert(ctx, first.ID); err != nil || a.Status != gtg.AlertAcknowledged || a.UpdatedBy != bob {
		t.Errorf("alert after the one-click acknowledge: %+v %v", a, err)
	}

	// The inbox opens on bob's alerts; ticking "all shown" and
	// Acknowledge acknowledges each of them in one go.
	do("open the inbox", chromedp.Navigate(srv.URL+"/alerts"), chromedp.WaitVisible(chromedp.CSS(`#bulk-alerts`)))
	ids := strings.Fields(eval(`Array.from(document.querySelectorAll('input.al-check')).map(b => b.value).join(" ")`))
	if len(ids) == 0 {
		t.Fatal("the inbox shows bob no alert to tick")
	}
	screenshot("alerts")
	do("tick every alert shown and acknowledge",
		chromedp.Click(chromedp.CSS(`[data-check-all]`)),
		poll(`document.querySelector('[data-checked-count]').textContent.startsWith("`+strconv.Itoa(len(ids))+` selected")`),
		chromedp.Click(chromedp.CSS(`#bulk-alerts button[value=acknowledged]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash-ok`)),
	)
	// The one acknowledged from today was shown too, and already was.
	want := fmt.Sprintf("%d alerts acknowledged (1 already were)", len(ids)-1)
	if len(ids) == 2 {
		want = "1 alert acknowledged (1 already were)"
	}
	if got := text(".flash-ok"); !strings.Contains(got, want) {
		t.Errorf("after the bulk acknowledge the page says %q, want %q", got, want)
	}
	for _, s := range ids {
		id, _ := strconv.ParseInt(s, 10, 64)
		if a, err := st.Alert(ctx, id); err != nil || a.Status != gtg.AlertAcknowledged || a.Owner != bob {
			t.Errorf("alert %s after the bulk acknowledge: %+v %v", s, a, err)
		}
	}
	for _, a := range others {
		if got, err := st.Alert(ctx, a.ID); err != nil || got.Status != gtg.AlertOpen {
			t.Errorf("alice's alert %d changed by bob's bulk acknowledge: %+v %v", a.ID, got, err)
		}
	}
	screenshot("alerts-acknowledged")

	// The account list, everyone's, sorted by the 30-day change: the
	// biggest fall first, as the snapshots say.
	do("open everyone's accounts", chromedp.Navigate(srv.URL+"/accounts?owner="), chromedp.WaitVisible(chromedp.CSS(`table.accounts`)))
	do("sort by 30-day change",
		chromedp.Click(chromedp.CSS(`th a.sort[href*="sort=change30"]`)),
		poll(`location.search.includes("sort=change30")`),
		chromedp.WaitVisible(chromedp.CSS(`th a.sorted[href*="change30"]`)),
	)
	if got := location(); got != "/accounts?owner=&sort=change30" {
		t.Errorf("URL after sorting = %s", got)
	}
	changes := strings.Split(eval(`Array.from(document.querySelectorAll('table.accounts tbody tr')).map(r => r.children[2].textContent.trim()).join("|")`), "|")
	var seen []float64
	for _, c := range changes {
		if c == "—" {
			continue
		}
		v, err := strconv.ParseFloat(strings.Replace(c, "−", "-", 1), 64)
		if err != nil {
			t.Fatalf("30-day change %q: %v", c, err)
		}
		seen = append(seen, v)
	}
	if len(seen) < 10 || !slices.IsSorted(seen) {
		t.Errorf("30-day changes down the list = %v, want ascending", seen)
	}
	wantFirst := biggestFall(t, st)
	if got := text("table.accounts tbody tr:first-child td.name a"); got != wantFirst {
		t.Errorf("first account by 30-day change = %q, want %q", got, wantFirst)
	}
	screenshot("accounts-change30")
}

// biggestFall names the account whose score fell most over 30 days.
func biggestFall(t *testing.T, st *store.Store) string {
	t.Helper()
	day, err := st.LatestHealthDay(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now, err := st.ScoresOn(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	then, err := st.ScoresOn(ctx, day-30)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	best := 1e9
	for id, s := range now {
		b, ok := then[id]
		if !ok || s.Color == gtg.InsufficientData || b.Color == gtg.InsufficientData {
			continue
		}
		a, err := st.AccountByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d := s.Score - b.Score; d < best || d == best && a.Name < name {
			best, name = d, a.Name
		}
	}
	return name
}
