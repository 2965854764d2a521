package web

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestHealthz(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := &client{t: t, h: newTestHandler(t, st)}
		if w := c.get("/healthz"); w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != "ok" {
			t.Errorf("healthz: %d %q", w.Code, w.Body)
		}
		st.Close()
		if w := c.get("/healthz"); w.Code != http.StatusServiceUnavailable {
			t.Errorf("healthz with the database closed: %d, want 503", w.Code)
		}
	})
}

func TestAssets(t *testing.T) {
	st := storetest.OpenSQLite(t)
	c := signedIn(t, st)
	page := c.get("/accounts").Body.String()
	m := regexp.MustCompile(`href="(/assets/app\.css\?v=([0-9a-f]+))"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("page links no versioned app.css:\n%s", page)
	}
	for _, src := range []string{"/assets/vendor/htmx.min.js?v=", "/assets/app.js?v="} {
		if !strings.Contains(page, src) {
			t.Errorf("page does not load %s", src)
		}
	}
	show := c.get("/accounts/ACME-1").Body.String()
	for _, src := range []string{"/assets/vendor/uPlot.iife.min.js?v=", "/assets/vendor/uPlot.min.css?v="} {
		if !strings.Contains(show, src) {
			t.Errorf("account page does not load %s", src)
		}
	}

	w := c.get(m[1], "Accept-Encoding", "gzip, br")
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		w.Header().Get("Content-Encoding") != "gzip" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("versioned asset: %d %v", w.Code, w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	css, _ := io.ReadAll(zr)
	if !bytes.Contains(css, []byte("--bg:")) {
		t.Errorf("gzipped app.css does not decode to the stylesheet")
	}
	// A stale version still loads, but is not cached for long; ETags revalidate.
	w = c.get("/assets/app.css?v=old")
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-cache" || w.Header().Get("Content-Encoding") != "" {
		t.Errorf("stale asset: %d %v", w.Code, w.Header())
	}
	if w := c.get("/assets/app.css", "If-None-Match", `"`+m[2]+`"`); w.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", w.Code)
	}
	if w := c.get("/assets/nope.js"); w.Code != http.StatusNotFound {
		t.Errorf("unknown asset: %d", w.Code)
	}
	// The vendored libraries ship with their licenses.
	for _, f := range []string{"/assets/vendor/htmx.LICENSE", "/assets/vendor/uPlot.LICENSE"} {
		if w := c.get(f); w.Code != http.StatusOK || w.Body.Len() < 100 {
			t.Errorf("%s: %d", f, w.Code)
		}
	}
}

func TestErrors(t *testing.T) {
	st := storetest.OpenSQLite(t)
	createUser(t, st, "vera@gtg.test", gtg.UserViewer)
	var logs bytes.Buffer
	s, err := newServer(Config{Store: st, Logger: slog.New(slog.NewTextHandler(&logs, nil)), Now: st.Now})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("NotFound", func(t *testing.T) {
		c := &client{t: t, h: s.routes()}
		c.login("vera@gtg.test")
		w := c.get("/no/such/page")
		if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "There is no page at /no/such/page.") ||
			!strings.Contains(w.Body.String(), `class="topbar"`) {
			t.Errorf("unknown path: %d\n%s", w.Code, w.Body)
		}
	})
	t.Run("Internal", func(t *testing.T) {
		logs.Reset()
		h := s.handle(func(w http.ResponseWriter, r *http.Request) error {
			return fmt.Errorf("load widgets: %w", errors.New("connection reset by peer"))
		})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/widgets", nil))
		if w.Code != 500 || !strings.Contains(w.Body.String(), "internal error") || strings.Contains(w.Body.String(), "connection reset") {
			t.Errorf("internal error page: %d\n%s", w.Code, w.Body)
		}
		if !strings.Contains(logs.String(), "connection reset by peer") || !strings.Contains(logs.String(), "path=/widgets") {
			t.Errorf("internal error not logged with context: %s", logs.String())
		}
	})
	t.Run("Panic", func(t *testing.T) {
		logs.Reset()
		h := s.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
		if w.Code != 500 || !strings.Contains(logs.String(), "panic: boom") {
			t.Errorf("panic: %d, log %s", w.Code, logs.String())
		}
	})
	t.Run("Headers", func(t *testing.T) {
		w := httptest.NewRecorder()
		s.routes().ServeHTTP(w, httptest.NewRequest("GET", "/login", nil))
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
			if w.Header().Get(k) != v {
				t.Errorf("%s = %q, want %q", k, w.Header().Get(k), v)
			}
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("CSP = %q", csp)
		}
	})
}
