package web

import (
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
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

// TestBrowser walks the pages people use in headless Chromium: first-run
// setup, sign out and in, the account list, a live search, the account page.
// GTG_CHROMIUM names the browser (default: chromium on PATH);
// GTG_SCREENSHOTS=dir saves full-page PNGs of the main pages there.
func TestBrowser(t *testing.T) {
	st := storetest.OpenSQLite(t)
	srv := httptest.NewServer(newTestHandler(t, st)) // sets the store's clock before seeding
	seed(t, st)
	seedPortfolio(t, st, 40)
	defer srv.Close()

	bctx := newBrowser(t, 90*time.Second)
	b := &browserSession{t: t, bctx: bctx}
	do := b.do

	shots := os.Getenv("GTG_SCREENSHOTS")
	text := func(sel string) string { t.Helper(); return browserText(t, bctx, sel) }
	location := func() string {
		t.Helper()
		u, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(u, srv.URL)
	}
	screenshot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	do("open", chromedp.EmulateViewport(1440, 900), chromedp.Navigate(srv.URL+"/accounts"))

	// First run: every page leads to the setup form.
	if got := location(); got != "/setup" {
		t.Fatalf("first page is %s, want /setup", got)
	}
	screenshot("setup")
	do("create the first admin",
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "Alice Admin"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "alice@gtg.test"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testPassword),
		chromedp.SendKeys(chromedp.CSS(`input[name=password2]`), testPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.accounts`)),
	)
	if got := strings.ToLower(text(".me")); !strings.Contains(got, "alice admin") || !strings.Contains(got, "admin") {
		t.Errorf("signed-in user shows %q, want name and role", got)
	}

	// Sign out, then fail and succeed to sign in.
	do("sign out",
		chromedp.Click(chromedp.CSS(`.logout button`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=password]`)),
	)
	do("wrong password",
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "alice@gtg.test"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "not the password"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.form-error`)),
	)
	if got := text(".form-error"); got != "Wrong email or password." {
		t.Errorf("error after a wrong password = %q", got)
	}
	screenshot("login")
	do("sign in",
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.accounts`)),
	)
	if got := text(".summary"); !strings.Contains(got, "43 accounts") {
		t.Errorf("summary = %q, want 43 accounts", got)
	}
	screenshot("accounts")

	// Live search: htmx swaps the results and puts the query in the URL.
	do("search", chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "acme"))
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.querySelectorAll("table.accounts tbody tr").length === 1`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("search results never narrowed to one row: %v", err)
	}
	if got := text("table.accounts tbody"); !strings.Contains(got, "Acme Corp") || !strings.Contains(got, "ACME-1") {
		t.Errorf("search results = %q, want Acme Corp", got)
	}
	if got := location(); got != "/accounts?q=acme" {
		t.Errorf("URL after search = %s, want /accounts?q=acme", got)
	}

	// Account page.
	do("open the account",
		chromedp.Click(chromedp.CSS(`table.accounts td.name a`)),
		chromedp.WaitVisible(chromedp.CSS(`.account-head`)),
		chromedp.WaitVisible(chromedp.CSS(`.chart .uplot canvas`)),
	)
	if got := location(); got != "/accounts/ACME-1" {
		t.Errorf("account URL = %s", got)
	}
	head := text(".account-head")
	for _, want := range []string{"Acme Corp", "$120,000", "in 45 days", "Enterprise", "Sam Seller"} {
		if !strings.Contains(head, want) {
			t.Errorf("account header lacks %q:\n%s", want, head)
		}
	}
	if got := text(".contacts tr.key-loss"); !strings.Contains(got, "Carla Champion") || !strings.Contains(got, "left on") {
		t.Errorf("departed champion row = %q", got)
	}
	if got := text(".timeline"); !strings.Contains(got, "NPS 3 · detractor") || !strings.Contains(got, "Priority high") {
		t.Errorf("timeline = %q", got)
	}
	if got := text(".chart .u-legend"); !strings.Contains(got, "Active users") || !strings.Contains(got, "Logins") {
		t.Errorf("chart legend = %q", got)
	}
	screenshot("account")

	// Once scored: / opens the dashboard, and the account page shows health.
	seedHealth(t, st)
	seedPortfolioHealth(t, st)
	do("open the dashboard",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`.portfolio .tiles`)),
	)
	if got := location(); got != "/dashboard" {
		t.Errorf("/ after scoring went to %s, want /dashboard", got)
	}
	if got := text(".movers-down"); strings.Count(got, "→") != 10 {
		t.Errorf("fallers = %q, want ten", got)
	}
	if got := text(".exits"); !strings.Contains(got, "Acme Corp") {
		t.Errorf("trending out of green = %q, want Acme Corp", got)
	}
	screenshot("dashboard")
	do("open a falling account from the dashboard",
		chromedp.Click(chromedp.CSS(`.exits a[href="/accounts/ACME-1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.health-card .chart .uplot canvas`)),
	)
	if got := text(".health-pill"); !strings.Contains(got, "74") || !strings.Contains(got, "test@2") {
		t.Errorf("health pill = %q", got)
	}
	if got := text(".changes-list"); !strings.Contains(got, "Active users fell from 160 to 40: −6 points") {
		t.Errorf("what changed = %q", got)
	}
	if got := text(".health-card .u-legend"); !strings.Contains(got, "Health score") {
		t.Errorf("health chart legend = %q", got)
	}
	screenshot("account-health")
	do("list with health", chromedp.Navigate(srv.URL+"/accounts?sort=-arr"), chromedp.WaitVisible(chromedp.CSS(`table.accounts .hbadge`)))
	screenshot("accounts-health")

	// Alerts: the default rules run on the scored portfolio; the inbox
	// lists them and acknowledging one swaps its row in place.
	ast, err := alerts.Run(ctx, st, []*scorecard.RuleSet{scorecard.DefaultRules()}, today, alerts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ast.Shown) == 0 {
		t.Fatalf("the default rules raised no alert on the test portfolio: %+v", ast)
	}
	first := ast.Shown[0]
	for _, a := range ast.Shown {
		if a.Value > first.Value {
			first = a
		}
	}
	do("open the inbox", chromedp.Navigate(srv.URL+"/alerts"), chromedp.WaitVisible(chromedp.CSS(`ul.alerts`)))
	// Alerts are grouped by account, the most valuable account first.
	if got := text(".al-group"); !strings.Contains(got, first.Title) || !strings.Contains(got, first.AccountName) {
		t.Errorf("first alert = %q, want the most valuable: %s on %s", got, first.Title, first.AccountName)
	}
	screenshot("alerts")
	sel := fmt.Sprintf(`#alert-%d`, first.ID)
	do("acknowledge it",
		chromedp.Click(chromedp.CSS(sel+` button`)),
		chromedp.WaitVisible(chromedp.CSS(sel+`.st-acknowledged`)),
	)
	if got := text(sel); !strings.Contains(got, "acknowledged by alice@gtg.test") {
		t.Errorf("acknowledged alert reads %q", got)
	}
	if a, err := st.Alert(ctx, first.ID); err != nil || a.Status != gtg.AlertAcknowledged || a.UpdatedBy != "alice@gtg.test" {
		t.Errorf("stored alert after acknowledging: %+v %v", a, err)
	}
	do("the dashboard counts open alerts", chromedp.Navigate(srv.URL+"/dashboard"), chromedp.WaitVisible(chromedp.CSS(`.dash-alerts .tiles`)))
	if got := text(".dash-alerts"); !strings.Contains(got, first.Title) {
		t.Errorf("dashboard alerts = %q, want %q", got, first.Title)
	}
	screenshot("dashboard-alerts")
	do("the account page lists its alerts",
		chromedp.Navigate(srv.URL+"/accounts/"+first.AccountExt),
		chromedp.WaitVisible(chromedp.CSS(`.alerts-card`)),
	)
	if got := text(".alerts-card"); !strings.Contains(got, first.Title) || !strings.Contains(got, "acknowledged") {
		t.Errorf("account alerts = %q", got)
	}
	screenshot("account-alerts")

	// The main menu's "More" opens on a click and leads to the pages under it.
	do("open More", chromedp.Click(chromedp.CSS(`.mainnav details.navmore > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`.navmore-menu a[href="/playbooks"]`)))
	screenshot("nav-more")
	do("go to playbooks from More", chromedp.Click(chromedp.CSS(`.navmore-menu a[href="/playbooks"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.mainnav details.navmore.active`)))
	if got := location(); got != "/playbooks" {
		t.Errorf("More → Playbooks went to %s", got)
	}
}

// seedPortfolioHealth scores the accounts of seedPortfolio for the last 41
// days along varied, deterministic paths, so the dashboard has movers.
func seedPortfolioHealth(t testing.TB, st *store.Store) {
	t.Helper()
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{Search: "C-"})
	if err != nil {
		t.Fatal(err)
	}
	var hs []*gtg.Health
	for k, a := range accts {
		base := float64(25 + (k*37)%70)
		slope := float64((k*13)%11-5) / 5 // -1 .. +1 a day
		for i := 40; i >= 0; i-- {
			score := math.Max(0, math.Min(100, base-slope*float64(i)/2+float64((i*k)%5)))
			color := gtg.Red
			switch {
			case k%9 == 4:
				color, score = gtg.InsufficientData, 0
			case score >= 70:
				color = gtg.Green
			case score >= 45:
				color = gtg.Yellow
			}
			hs = append(hs, &gtg.Health{AccountID: a.ID, Day: today.AddDays(-i), Scorecard: "default", Version: 1, Score: score, Color: color, Coverage: 0.9})
		}
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
		t.Fatal(err)
	}
}

// seedPortfolio adds n plausible accounts, deterministic, so the list looks
// like a real book of business in screenshots.
func seedPortfolio(t testing.TB, st *store.Store, n int) {
	t.Helper()
	first := []string{"Blue", "North", "Bright", "Summit", "Cedar", "Harbor", "Iron", "Nova", "Pine", "Quarry", "Silver", "Vertex"}
	second := []string{"Logistics", "Health", "Analytics", "Foods", "Labs", "Systems", "Capital", "Energy", "Retail", "Media"}
	owners := []string{"alice@gtg.test", "bob@gtg.test", "chen@gtg.test", "dana@gtg.test"}
	segments := []string{"Enterprise", "Mid-Market", "SMB"}
	var accts []*gtg.Account
	for i := range n {
		arr := float64((i*7919)%180+6) * 1000
		accts = append(accts, &gtg.Account{
			ExternalID:  fmt.Sprintf("C-%04d", 1000+i*37%900),
			Name:        first[i%len(first)] + " " + second[(i*7)%len(second)],
			ARR:         arr,
			Plan:        []string{"Starter", "Growth", "Enterprise"}[i%3],
			Seats:       int(arr / 800),
			Segment:     segments[(i*5)%len(segments)],
			Stage:       gtg.Stages[(i*3)%len(gtg.Stages)],
			Owner:       owners[i%len(owners)],
			RenewalDate: today.AddDays((i*53)%400 - 20),
		})
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertAccounts(ctx, "demo", accts)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
