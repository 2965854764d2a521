package web

import (
	"context"
	"os"
	"os/exec"
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
