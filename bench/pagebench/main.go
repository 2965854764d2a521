// Command pagebench measures every page of the web app as a person's
// browser sees it: the page's height in pixels (and in 900 px screens), the
// HTML's bytes, the server's time to first byte and the time until the page
// has loaded and drawn its charts, in headless Chromium.
//
//	go run ./bench/pagebench -db bench500.db [-runs 5] [-shots DIR] [-csm EMAIL]
//
// The database is one loaded with `gtg demo --accounts N` and scored (a
// range, so pages have history); pagebench adds a CSM (the owner of the most
// accounts, unless -csm names one) and a manager, signs in as each, and
// prints one Markdown table row per page: the median of -runs loads.
// -shots saves a full-page PNG of each page there.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/web"
)

const password = "pagebench-password"

// screen is the viewport the pages are measured in.
const screenW, screenH = 1440, 900

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pagebench:", err)
		os.Exit(1)
	}
}

// page is one page to measure, as one of the two people.
type page struct {
	as, name, path string
}

// measure is what one load of a page gave.
type measure struct {
	Height, Bytes    float64
	TTFB, Load, Draw float64 // ms
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("pagebench", flag.ContinueOnError)
	dbPath := fs.String("db", "", "the scored demo database (required)")
	runs := fs.Int("runs", 5, "loads of each page; the median is reported")
	shots := fs.String("shots", "", "save a full-page PNG of each page in this directory")
	csmEmail := fs.String("csm", "", "the CSM to sign in as (default: the owner of the most accounts)")
	prefix := fs.String("prefix", "", "screenshot file name prefix")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbPath == "" {
		return errors.New("-db is required")
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.CountAccounts(ctx)
	if err != nil {
		return err
	}
	if *csmEmail == "" {
		if *csmEmail, err = biggestOwner(ctx, st); err != nil {
			return err
		}
	}
	users := map[string]string{"csm": *csmEmail, "manager": "manager@pagebench.example"}
	for role, email := range users {
		if err := ensureUser(ctx, st, email, role); err != nil {
			return err
		}
	}
	pages, err := pagesOf(ctx, st)
	if err != nil {
		return err
	}

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: web.NewHandler(web.Config{Store: st, Logger: logger}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	chrome := os.Getenv("GTG_CHROMIUM")
	if chrome == "" {
		if chrome, err = exec.LookPath("chromium"); err != nil {
			return errors.New("no chromium on PATH; set GTG_CHROMIUM")
		}
	}
	profile, err := os.MkdirTemp("", "pagebench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)

	fmt.Fprintf(out, "%d accounts · %d loads per page, median · viewport %d×%d · CSM %s\n\n", n, *runs, screenW, screenH, *csmEmail)
	fmt.Fprintln(out, "| as | page | height px | screens | HTML bytes | server ms (TTFB) | loaded ms | drawn ms |")
	fmt.Fprintln(out, "|---|---|--:|--:|--:|--:|--:|--:|")
	for _, as := range []string{"csm", "manager"} {
		// One browser per person, so each signs in once.
		alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(chrome),
			chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.UserDataDir(filepath.Join(profile, as)))
		bctx, cancel := chromedp.NewContext(alloc)
		err := chromedp.Do(bctx,
			chromedp.EmulateViewport(screenW, screenH),
			chromedp.Navigate(base+"/login"),
			chromedp.SendKeys(chromedp.CSS(`input[name=email]`), users[as]),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
			chromedp.Click(chromedp.CSS(`button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`.me`)),
		)
		if err != nil {
			cancel()
			cancelAlloc()
			return fmt.Errorf("sign in as %s: %w", users[as], err)
		}
		for _, p := range pages {
			if p.as != as {
				continue
			}
			var ms []measure
			for i := 0; i < *runs; i++ {
				m, err := load(bctx, base+p.path)
				if err != nil {
					cancel()
					cancelAlloc()
					return fmt.Errorf("%s %s: %w", as, p.path, err)
				}
				ms = append(ms, m)
			}
			m := median(ms)
			fmt.Fprintf(out, "| %s | %s `%s` | %.0f | %.1f | %.0f | %.0f | %.0f | %.0f |\n", as, p.name, p.path, m.Height, m.Height/screenH, m.Bytes, m.TTFB, m.Load, m.Draw)
			if *shots != "" {
				png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
				if err != nil {
					return err
				}
				name := *prefix + as + "-" + strings.ReplaceAll(p.name, " ", "-") + ".png"
				if err := os.WriteFile(filepath.Join(*shots, name), png, 0o644); err != nil {
					return err
				}
			}
		}
		cancel()
		cancelAlloc()
	}
	return nil
}

// load opens a page and reads its measures from the browser: the height of
// the document, the HTML's size and the navigation timings; "drawn" waits
// for two animation frames after load, so charts and layout are done.
func load(bctx context.Context, url string) (measure, error) {
	if err := chromedp.Do(bctx, chromedp.Navigate(url)); err != nil {
		return measure{}, err
	}
	return chromedp.Run(bctx, chromedp.Evaluate[measure](`new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
		const n = performance.getEntriesByType("navigation")[0];
		done({Height: document.documentElement.scrollHeight, Bytes: n.decodedBodySize,
			TTFB: n.responseStart - n.requestStart, Load: n.loadEventEnd - n.startTime, Draw: performance.now() - n.startTime});
	})))`, chromedp.EvalAwaitPromise))
}

func median(ms []measure) measure {
	pick := func(f func(measure) float64) float64 {
		v := make([]float64, len(ms))
		for i, m := range ms {
			v[i] = f(m)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return measure{
		Height: pick(func(m measure) float64 { return m.Height }), Bytes: pick(func(m measure) float64 { return m.Bytes }),
		TTFB: pick(func(m measure) float64 { return m.TTFB }), Load: pick(func(m measure) float64 { return m.Load }),
		Draw: pick(func(m measure) float64 { return m.Draw }),
	}
}

// biggestOwner is the owner of the most accounts.
func biggestOwner(ctx context.Context, st *store.Store) (string, error) {
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{})
	if err != nil {
		return "", err
	}
	count := map[string]int{}
	for _, a := range accts {
		count[a.Owner]++
	}
	best := ""
	for o, c := range count {
		if o != "" && (best == "" || c > count[best] || c == count[best] && o < best) {
			best = o
		}
	}
	if best == "" {
		return "", errors.New("no account has an owner")
	}
	return best, nil
}

func ensureUser(ctx context.Context, st *store.Store, email, role string) error {
	h, err := web.HashPassword(password)
	if err != nil {
		return err
	}
	u := &gtg.User{Email: email, Name: strings.Split(email, "@")[0], Role: role, PasswordHash: h}
	err = st.CreateUser(ctx, "pagebench", u)
	if gtg.ErrorCode(err) == gtg.ECONFLICT {
		return nil // made by an earlier run, with the same password
	}
	return err
}

// pagesOf lists every page, with real ids from the database for the pages
// of one account, plan and playbook: the account with the most ARR.
func pagesOf(ctx context.Context, st *store.Store) ([]page, error) {
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{Sort: "-arr", Limit: 1})
	if err != nil || len(accts) == 0 {
		return nil, cmp.Or(err, errors.New("no accounts"))
	}
	acct := "/accounts/" + accts[0].ExternalID
	ps := []page{
		{"csm", "today", "/"},
		{"csm", "dashboard", "/dashboard"},
		{"csm", "accounts", "/accounts"},
		{"csm", "accounts by 30-day change", "/accounts?sort=change30"},
		{"csm", "account", acct},
		{"csm", "account risk", acct + "/risk"},
		{"csm", "account new plan", acct + "/plans/new"},
		{"csm", "account rediscovery", acct + "/rediscovery"},
		{"csm", "account handoffs", acct + "/handoffs"},
		{"csm", "account churn", acct + "/churn"},
		{"csm", "alerts", "/alerts"},
		{"csm", "queue", "/queue"},
		{"csm", "plans", "/plans"},
		{"csm", "standup", "/standup"},
		{"csm", "risk", "/risk"},
		{"csm", "playbooks", "/playbooks"},
		{"csm", "backtest", "/backtest"},
		{"manager", "today (team)", "/"},
		{"manager", "dashboard", "/dashboard"},
		{"manager", "accounts", "/accounts"},
		{"manager", "accounts red", "/accounts?color=red&sort=-arr"},
		{"manager", "alerts (team)", "/alerts"},
		{"manager", "alerts held", "/alerts?view=held"},
		{"manager", "alerts resolved", "/alerts?view=resolved"},
		{"manager", "queue", "/queue"},
		{"manager", "plans", "/plans?status=all"},
		{"manager", "standup", "/standup"},
		{"manager", "risk", "/risk"},
	}
	plans, err := save.Plans(ctx, st, gtg.PlanFilter{})
	if err != nil {
		return nil, err
	}
	if len(plans) > 0 {
		ps = append(ps, page{"csm", "plan", fmt.Sprintf("/plans/%d", plans[0].ID)})
	}
	pbs, err := st.Playbooks(ctx)
	if err != nil {
		return nil, err
	}
	if len(pbs) > 0 {
		ps = append(ps, page{"csm", "playbook", "/playbooks/" + pbs[0].Key})
	}
	return ps, nil
}
