package web

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store/storetest"
)

// pageRoute is one route of routes.go with the least role it declares.
type pageRoute struct {
	method, path string
	role         string // "" for a public route
}

var (
	routeLine = regexp.MustCompile(`mux\.Handle(?:Func)?\("(GET|POST|PUT|DELETE) ([^"]+)", (.*)\)\s*$`)
	roleWord  = map[string]string{"csm": gtg.UserCSM, "manager": gtg.UserManager, "s.requireRole(gtg.UserCSM)": gtg.UserCSM,
		"s.requireRole(gtg.UserManager)": gtg.UserManager, "s.requireRole(gtg.UserAdmin)": gtg.UserAdmin}
)

// pageRoutes reads every page route from routes.go, so that a route added
// there is walked here without anyone remembering to list it.
func pageRoutes(t *testing.T) []pageRoute {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []pageRoute
	for _, line := range strings.Split(string(src), "\n") {
		m := routeLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		rt := pageRoute{method: m[1], path: m[2]}
		wrap := m[3]
		switch {
		case strings.HasPrefix(wrap, "s.public("), strings.HasPrefix(wrap, "s.healthz"), strings.HasPrefix(wrap, "s.assets"):
			continue // open to anyone by design
		case strings.HasPrefix(wrap, "s.signedIn("):
			rt.role = gtg.UserViewer
			args := strings.TrimSuffix(strings.TrimPrefix(wrap, "s.signedIn("), ")")
			for _, a := range strings.Split(args, ", ")[1:] {
				r, ok := roleWord[strings.TrimSpace(a)]
				if !ok {
					t.Fatalf("routes.go: %s %s: middleware %q: teach this test what role it needs", rt.method, rt.path, a)
				}
				rt.role = r
			}
		default:
			t.Fatalf("routes.go: %s %s is wrapped in %q: neither public nor signedIn", rt.method, rt.path, wrap)
		}
		out = append(out, rt)
	}
	if len(out) < 40 {
		t.Fatalf("read only %d routes from routes.go: has its form changed?", len(out))
	}
	return out
}

// ownPreference are writes that change only the signed-in person's own
// settings, which viewers may make too.
var ownPreference = map[string]bool{"/views": true, "/views/{id}/delete": true}

// TestRoutesByRole walks every signed-in page route with every role and
// anonymously: anonymous requests are sent to sign in, a role below the
// route's gets 403, and one at or above it is let through (the answer may
// still be 404 or 400 for the made-up ids, never 403 or a sign-in).
func TestRoutesByRole(t *testing.T) {
	st := storetest.OpenSQLite(t)
	h := newTestHandler(t, st)
	clients := map[string]*client{}
	for _, role := range gtg.UserRoles {
		createUser(t, st, role+"@gtg.test", role)
		c := &client{t: t, h: h}
		c.login(role + "@gtg.test")
		clients[role] = c
	}
	fill := strings.NewReplacer("{id}", "NOPE-1", "{task}", "1", "{email}", "x%40y.z", "{share}", "1", "{key}", "nope",
		"{secret}", "nope", "{$}", "", "{file...}", "app.css")
	for _, rt := range pageRoutes(t) {
		if rt.method == "POST" && rt.path == "/logout" {
			continue // ends the walker's own session; TestLogoutAndCSRF covers it
		}
		// Viewers read everything and write nothing: a change needs csm or
		// above, except a person's own preferences (saved views).
		if rt.method != "GET" && !gtg.Can(rt.role, gtg.UserCSM) && !ownPreference[rt.path] {
			t.Errorf("%s %s is open to viewers: a write must need the csm role or above", rt.method, rt.path)
		}
		target := fill.Replace(rt.path)
		if strings.Contains(target, "{") {
			t.Errorf("%s %s: no value for a path parameter", rt.method, rt.path)
			continue
		}
		anon := &client{t: t, h: h}
		var form url.Values
		if rt.method != "GET" {
			form = url.Values{}
		}
		if w := anon.do(rt.method, target, form); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
			t.Errorf("anonymous %s %s: %d to %q, want 303 to /login", rt.method, rt.path, w.Code, w.Header().Get("Location"))
		}
		for _, role := range gtg.UserRoles {
			c := clients[role]
			if rt.method != "GET" {
				form = url.Values{"csrf": {c.csrf}}
			}
			w := c.do(rt.method, target, form)
			allowed := gtg.Can(role, rt.role)
			switch {
			case !allowed && w.Code != http.StatusForbidden:
				t.Errorf("%s %s %s: %d, want 403 (needs %s)", role, rt.method, rt.path, w.Code, rt.role)
			case allowed && (w.Code == http.StatusForbidden || w.Code == http.StatusUnauthorized ||
				w.Code == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "/login")):
				t.Errorf("%s %s %s: %d %s, want it let through (needs %s)", role, rt.method, rt.path, w.Code, w.Header().Get("Location"), rt.role)
			}
		}
	}
}
