package web

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/store/storetest"
)

// demoOwner is a CSM of the demo portfolio.
const demoOwner = "priya.natarajan@gtg-demo.example"

// TestRenewalsBrowser opens /renewals on a scored demo portfolio as one of
// its CSMs: the list starts on her renewals, the charts draw, the backtest
// card loads, and the filters, buckets, sorting and pages work; then the
// dashboard's retention chart. GTG_SCREENSHOTS=dir saves the pages there.
func TestRenewalsBrowser(t *testing.T) {
	st := storetest.OpenSQLite(t)
	srv := httptest.NewServer(newTestHandler(t, st))
	defer srv.Close()
	if _, err := demo.Load(ctx, st, demo.Config{Accounts: 150, Seed: 11, Today: today, Days: 365}, nil); err != nil {
		t.Fatal(err)
	}
	cards, err := health.Cards(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := health.ScoreRange(ctx, st, cards, today-364, today, nil); err != nil {
		t.Fatal(err)
	}
	createUser(t, st, demoOwner, gtg.UserCSM)

	bctx := newBrowser(t, 120*time.Second)
	b := &browserSession{t: t, bctx: bctx}
	do, text := b.do, b.text
	shots := os.Getenv("GTG_SCREENSHOTS")
	waitFor := func(what, js string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			_, err := chromedp.Run(bctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(time.Until(deadline))))
			switch {
			case err == nil:
				return
			case strings.Contains(err.Error(), "-32000") && time.Now().Before(deadline):
				time.Sleep(50 * time.Millisecond)
			default:
				t.Fatalf("%s: %v", what, err)
			}
		}
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
	screenshot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "retention-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// column returns the text of every row's cell n (from 1).
	column := func(n int) []string {
		t.Helper()
		s := eval(fmt.Sprintf(`Array.from(document.querySelectorAll("table.renewals tbody tr td:nth-child(%d)")).map(function(td){return td.innerText.trim()}).join("\n")`, n))
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	days := func() []int {
		t.Helper()
		var out []int
		for _, c := range column(1) {
			// "12 Jun 2025 in 11 days" / "tomorrow" / "today"
			n := 0
			switch {
			case strings.HasSuffix(c, "today"):
			case strings.HasSuffix(c, "tomorrow"):
				n = 1
			default:
				f := strings.Fields(c)
				n, _ = strconv.Atoi(f[len(f)-2])
			}
			out = append(out, n)
		}
		return out
	}

	do("sign in",
		chromedp.EmulateViewport(1440, 1000),
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), demoOwner),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar`)),
	)
	do("open renewals", chromedp.Navigate(srv.URL+"/renewals"), chromedp.WaitVisible(chromedp.CSS(`table.renewals`)))
	// Her renewals first.
	for _, o := range column(3) {
		if o != demoOwner {
			t.Fatalf("owner %q on the default list, want only %s's renewals", o, demoOwner)
		}
	}
	if got := eval(`document.querySelector("select[name=owner]").value`); got != demoOwner {
		t.Errorf("owner filter %q, want %s", got, demoOwner)
	}
	waitFor("the forecast chart", `!!document.querySelector(".r-charts .rchart canvas")`)
	waitFor("the backtest card", `!!document.querySelector("#backtest .r-bt-sum") && !!document.querySelector("#backtest .rchart canvas")`)
	if got := text("#backtest .r-bt-sum"); !strings.Contains(got, "forecast") || !strings.Contains(got, "renewed, error") {
		t.Errorf("backtest summary %q", got)
	}
	if got := text(".r-method"); !strings.Contains(got, "health color's renewal rate") {
		t.Errorf("method note %q, want it to name the color rate", got)
	}
	screenshot("renewals")

	// All owners: more rows than hers, and pages.
	do("all owners", chromedp.SetValue(chromedp.CSS(`select[name=owner]`), "all"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("select[name=owner]").dispatchEvent(new Event("input", {bubbles: true}))`))
	waitFor("every owner", `location.search.indexOf("owner=all") >= 0 && !!document.querySelector(".pager")`)
	owners := map[string]bool{}
	for _, o := range column(3) {
		owners[o] = true
	}
	if len(owners) < 2 {
		t.Errorf("owners on the all-owners list: %v", owners)
	}
	if n := len(column(1)); n != renewalsPerPage {
		t.Errorf("%d rows on the first page, want %d", n, renewalsPerPage)
	}
	ds := days()
	for i := 1; i < len(ds); i++ {
		if ds[i] < ds[i-1] {
			t.Fatalf("not nearest first: %v", ds)
		}
	}
	do("next page", chromedp.Click(chromedp.CSS(`.pager a[rel=next]`)))
	waitFor("page 2", `location.search.indexOf("page=2") >= 0`)
	if got := text(".pager"); !strings.HasPrefix(got, "26–") {
		t.Errorf("pager on page 2: %q", got)
	}

	// The 30-day bucket narrows the list to renewals within 30 days.
	do("30-day bucket", chromedp.Click(chromedp.CSS(`.r-bucket[href*="within=30"]`)))
	waitFor("30 days", `location.search.indexOf("within=30") >= 0 && document.querySelector(".summary").innerText.indexOf("next 30 days") >= 0`)
	for _, d := range days() {
		if d > 30 {
			t.Errorf("a renewal in %d days in the 30-day bucket", d)
		}
	}
	// Sort by ARR: largest first.
	do("sort by ARR", chromedp.Click(chromedp.CSS(`th a.sort[href*="sort=-arr"]`)))
	waitFor("sorted", `location.search.indexOf("sort=-arr") >= 0`)
	money := func(s string) float64 {
		v, _ := strconv.ParseFloat(strings.NewReplacer("$", "", ",", "").Replace(s), 64)
		return v
	}
	arrs := column(4)
	for i := 1; i < len(arrs); i++ {
		if money(arrs[i]) > money(arrs[i-1]) {
			t.Fatalf("not largest ARR first: %v", arrs)
		}
	}
	// The export follows the filters.
	if href := eval(`document.querySelector("a.r-csv").getAttribute("href")`); !strings.Contains(href, "within=30") || !strings.Contains(href, "sort=-arr") || !strings.HasPrefix(href, "/renewals.csv?") {
		t.Errorf("CSV link %q does not carry the filters", href)
	}
	if got := location(); !strings.Contains(got, "owner=all") {
		t.Errorf("URL %s lost the owner filter", got)
	}

	// The dashboard's retention chart.
	do("dashboard", chromedp.Navigate(srv.URL+"/dashboard"), chromedp.WaitVisible(chromedp.CSS(`.card.retention`)))
	waitFor("the retention chart", `!!document.querySelector(".card.retention .rchart canvas")`)
	if got := strings.ToLower(text(".card.retention .tiles")); !strings.Contains(got, "gross revenue retention") || !strings.Contains(got, "%") {
		t.Errorf("retention tiles %q", got)
	}
	do("scroll up", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	screenshot("dashboard")

	// The metrics by segment, from the dashboard's link.
	do("retention by segment", chromedp.Click(chromedp.CSS(`.card.retention a[href="/retention"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.retention-groups`)))
	waitFor("the month-by-month chart", `!!document.querySelector(".card.retention .rchart canvas")`)
	if got := strings.ToLower(text("table.retention-groups tfoot")); !strings.HasPrefix(got, "all accounts") {
		t.Errorf("retention total %q", got)
	}
	screenshot("metrics")
}
