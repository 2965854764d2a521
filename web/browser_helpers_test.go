package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newBrowser starts headless Chromium for a browser test with the flags this
// project's machines need and a fresh profile, and returns its context,
// ended at cleanup. Without Chromium (GTG_CHROMIUM, else chromium on PATH)
// the test is skipped, saying so.
func newBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	chrome := os.Getenv("GTG_CHROMIUM")
	if chrome == "" {
		var err error
		if chrome, err = exec.LookPath("chromium"); err != nil {
			t.Skip("SKIPPING browser test: no chromium on PATH; set GTG_CHROMIUM to a Chromium or Chrome binary")
		}
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	bctx, cancelTimeout := context.WithTimeout(bctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelBrowser()
		cancelAlloc()
	})
	return bctx
}

// browserDo runs steps in the browser, failing the test with what was being done.
func browserDo(t *testing.T, bctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(bctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// browserText returns the text of the element sel.
func browserText(t *testing.T, bctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// browserSession drives one signed-in browser through the app's pages.
type browserSession struct {
	t      *testing.T
	bctx   context.Context
	base   string
	prefix string
	shots  string
}

func newBrowserSession(t *testing.T, base, prefix string) *browserSession {
	return &browserSession{t: t, bctx: newBrowser(t, 180*time.Second), base: base, prefix: prefix, shots: os.Getenv("GTG_SCREENSHOTS")}
}

func (b *browserSession) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	browserDo(b.t, b.bctx, what, steps...)
}

func (b *browserSession) text(sel string) string {
	b.t.Helper()
	return strings.Join(strings.Fields(browserText(b.t, b.bctx, sel)), " ")
}

// waitFor polls js until it is true, surviving the page navigating meanwhile.
func (b *browserSession) waitFor(what, js string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := chromedp.Run(b.bctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(time.Until(deadline))))
		switch {
		case err == nil:
			return
		case strings.Contains(err.Error(), "-32000") && time.Now().Before(deadline):
			time.Sleep(50 * time.Millisecond)
		default:
			b.t.Fatalf("%s: %v", what, err)
		}
	}
}

// htmxReady waits until htmx has set up the form of the element sel.
func (b *browserSession) htmxReady(sel string) {
	b.t.Helper()
	b.waitFor("htmx on "+sel, fmt.Sprintf(`(function(){var e=document.querySelector(%q); e=e&&(e.form||e); return !!(e&&e["htmx-internal-data"])})()`, sel))
}

func (b *browserSession) click(what, sel string) {
	b.t.Helper()
	b.do(what,
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center"})`, sel)),
		chromedp.Click(chromedp.CSS(sel)))
}

// eval runs js in the page and returns its string result.
func (b *browserSession) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.bctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return s
}

func (b *browserSession) location() string {
	b.t.Helper()
	u, err := chromedp.Run(b.bctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	u = strings.TrimPrefix(u, b.base)
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return u
}

func (b *browserSession) screenshot(name string) {
	b.t.Helper()
	if b.shots == "" {
		return
	}
	if _, err := chromedp.Run(b.bctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
		b.t.Fatalf("scroll up for %s: %v", name, err)
	}
	png, err := chromedp.Run(b.bctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, b.prefix+"-"+name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browserSession) visit(name, path, ready string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS(ready)))
	b.screenshot(name)
}

func (b *browserSession) signIn(email string) {
	b.t.Helper()
	b.do("sign in as "+email,
		chromedp.Navigate(b.base+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), email),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.topbar`)),
	)
}
