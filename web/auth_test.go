package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestSetup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := &client{t: t, h: newTestHandler(t, st)}

		// Before the first admin exists, every page leads to /setup; health checks do not.
		for _, p := range []string{"/", "/accounts", "/accounts/X", "/login", "/no-such-page"} {
			if w := c.get(p); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/setup" {
				t.Errorf("GET %s before setup: %d to %q, want 303 to /setup", p, w.Code, w.Header().Get("Location"))
			}
		}
		if w := c.get("/healthz"); w.Code != http.StatusOK {
			t.Errorf("GET /healthz before setup: %d", w.Code)
		}
		if w := c.get("/setup"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Create admin account") {
			t.Fatalf("GET /setup: %d\n%s", w.Code, w.Body)
		}

		form := func(name, email, pw, pw2 string) url.Values {
			return url.Values{"name": {name}, "email": {email}, "password": {pw}, "password2": {pw2}}
		}
		for _, tc := range []struct {
			name string
			form url.Values
			want string
		}{
			{"ErrShortPassword", form("Alice", "alice@gtg.test", "short", "short"), "at least 10 characters"},
			{"ErrMismatch", form("Alice", "alice@gtg.test", testPassword, testPassword+"x"), "do not match"},
			{"ErrEmail", form("Alice", "not-an-email", testPassword, testPassword), "valid email"},
			{"ErrName", form("", "alice@gtg.test", testPassword, testPassword), "Enter your name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := c.do(http.MethodPost, "/setup", tc.form)
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tc.want) {
					t.Errorf("status %d, want 400 with %q\n%s", w.Code, tc.want, w.Body)
				}
				if n, _ := st.CountUsers(ctx); n != 0 {
					t.Errorf("%d users after a bad form, want 0", n)
				}
			})
		}

		w := c.do(http.MethodPost, "/setup", form("Alice Admin", "Alice@GTG.test", testPassword, testPassword))
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/accounts" || c.cookie == nil {
			t.Fatalf("POST /setup: %d to %q, cookie %v\n%s", w.Code, w.Header().Get("Location"), c.cookie, w.Body)
		}
		u, err := st.UserByEmail(ctx, "alice@gtg.test")
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != gtg.UserAdmin || u.Name != "Alice Admin" || !checkPassword(u.PasswordHash, testPassword) {
			t.Errorf("first user = %+v, want an admin with the password", u)
		}
		// Setup signed the admin in.
		if w := c.get("/accounts"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Alice Admin") {
			t.Errorf("GET /accounts after setup: %d", w.Code)
		}
		// Once done, setup is gone.
		if w := c.get("/setup"); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login" {
			t.Errorf("GET /setup after setup: %d to %q, want 303 to /login", w.Code, w.Header().Get("Location"))
		}
		anon := &client{t: t, h: c.h}
		if w := anon.do(http.MethodPost, "/setup", form("Mallory", "m@evil.test", testPassword, testPassword)); w.Code != http.StatusNotFound {
			t.Errorf("POST /setup after setup: %d, want 404", w.Code)
		}
		if n, _ := st.CountUsers(ctx); n != 1 {
			t.Errorf("%d users, want 1", n)
		}
	})
}

func TestLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		createUser(t, st, "alice@gtg.test", gtg.UserCSM)
		h := newTestHandler(t, st)

		t.Run("OK", func(t *testing.T) {
			c := &client{t: t, h: h}
			if w := c.get("/accounts/ACME-1?tab=x"); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next=%2Faccounts%2FACME-1%3Ftab%3Dx" {
				t.Fatalf("signed-out page: %d to %q", w.Code, w.Header().Get("Location"))
			}
			w := c.do(http.MethodPost, "/login", url.Values{"email": {" Alice@gtg.test "}, "password": {testPassword}, "next": {"/accounts?q=a"}})
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/accounts?q=a" {
				t.Fatalf("login: %d to %q\n%s", w.Code, w.Header().Get("Location"), w.Body)
			}
			ck := c.cookie
			if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/" || ck.MaxAge != int(DefaultSessionMax.Seconds()) {
				t.Errorf("session cookie = %+v, want HttpOnly, SameSite=Lax, path /, 14 days", ck)
			}
			// The store keeps only the token's hash.
			if _, _, err := st.Session(ctx, ck.Value); gtg.ErrorCode(err) != gtg.ENOTFOUND {
				t.Errorf("session found by the raw token (err %v): the token is stored in clear", err)
			}
			if u, _, err := st.Session(ctx, hashToken(ck.Value)); err != nil || u.Email != "alice@gtg.test" {
				t.Errorf("session by hash: %v, %v", u, err)
			}
			if w := c.get("/accounts"); w.Code != http.StatusOK {
				t.Errorf("GET /accounts signed in: %d", w.Code)
			}
			// A login is audited.
			log, err := st.AuditLog(ctx, "user", "", 10)
			if err != nil || !containsFunc(log, func(e gtg.AuditEntry) bool { return e.Action == "login" && e.Actor == "alice@gtg.test" }) {
				t.Errorf("audit log %+v (%v) has no login", log, err)
			}
		})
		t.Run("ErrWrongPassword", func(t *testing.T) {
			for _, form := range []url.Values{
				{"email": {"alice@gtg.test"}, "password": {"wrong password!"}},
				{"email": {"nobody@gtg.test"}, "password": {testPassword}},
			} {
				c := &client{t: t, h: h}
				w := c.do(http.MethodPost, "/login", form)
				if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "Wrong email or password.") || c.cookie != nil {
					t.Errorf("login %v: %d, cookie %v\n%s", form, w.Code, c.cookie, w.Body)
				}
			}
		})
		t.Run("ErrOffsiteNext", func(t *testing.T) {
			c := &client{t: t, h: h}
			w := c.do(http.MethodPost, "/login", url.Values{"email": {"alice@gtg.test"}, "password": {testPassword}, "next": {"//evil.test/x"}})
			if got := w.Header().Get("Location"); got != "/" {
				t.Errorf("redirect after login with an off-site next = %q, want / (home)", got)
			}
		})
		t.Run("SecureCookies", func(t *testing.T) {
			hs := NewHandler(Config{Store: st, SecureCookies: true, Now: st.Now})
			c := &client{t: t, h: hs}
			c.do(http.MethodPost, "/login", url.Values{"email": {"alice@gtg.test"}, "password": {testPassword}})
			if c.cookie == nil || c.cookie.Name != "__Host-gtg_session" || !c.cookie.Secure || !c.cookie.HttpOnly {
				t.Errorf("cookie over HTTPS = %+v, want __Host- prefixed, Secure, HttpOnly", c.cookie)
			}
		})
		t.Run("ErrExpired", func(t *testing.T) {
			c := &client{t: t, h: h}
			c.login("alice@gtg.test")
			later := testNow.Add(DefaultSessionMax + 1)
			st.Now = func() time.Time { return later }
			defer func() { st.Now = func() time.Time { return testNow } }()
			if w := c.get("/accounts"); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
				t.Errorf("GET /accounts with an expired session: %d to %q", w.Code, w.Header().Get("Location"))
			}
		})
		t.Run("IdleAndAbsolute", func(t *testing.T) {
			defer func() { st.Now = func() time.Time { return testNow } }()
			c := &client{t: t, h: h}
			c.login("alice@gtg.test")
			get := func(d time.Duration) int {
				t.Helper()
				now := testNow.Add(d)
				st.Now = func() time.Time { return now }
				return c.get("/accounts").Code
			}
			// Used every 20 minutes, a session outlives the 30-minute idle timeout...
			for d := 20 * time.Minute; d < DefaultSessionMax; d += 20 * time.Minute {
				if code := get(d); code != http.StatusOK {
					t.Fatalf("GET /accounts %v after sign-in, used every 20 minutes: %d", d, code)
				}
			}
			// ...but not the absolute timeout.
			if code := get(DefaultSessionMax); code != http.StatusSeeOther {
				t.Errorf("GET /accounts at the absolute timeout: %d, want 303 to sign in", code)
			}
			// Left alone for the idle timeout, it ends, and stays ended.
			c = &client{t: t, h: h}
			st.Now = func() time.Time { return testNow }
			c.login("alice@gtg.test")
			if code := get(DefaultSessionIdle - time.Second); code != http.StatusOK {
				t.Fatalf("GET /accounts just inside the idle timeout: %d", code)
			}
			tok := c.cookie.Value
			if code := get(2*DefaultSessionIdle - time.Second); code != http.StatusSeeOther {
				t.Errorf("GET /accounts after %v unused: %d, want 303 to sign in", DefaultSessionIdle, code)
			}
			if _, _, err := st.Session(ctx, hashToken(tok)); gtg.ErrorCode(err) != gtg.ENOTFOUND {
				t.Errorf("an idle session is still stored: %v", err)
			}
		})
	})
}

func TestLogoutAndCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		createUser(t, st, "alice@gtg.test", gtg.UserViewer)
		h := newTestHandler(t, st)
		signedIn := func(t *testing.T, c *client) bool {
			t.Helper()
			_, _, err := st.Session(ctx, hashToken(c.cookie.Value))
			return err == nil
		}

		for _, tc := range []struct {
			name   string
			form   url.Values
			header []string
		}{
			{"ErrNoToken", url.Values{}, nil},
			{"ErrWrongToken", url.Values{"csrf": {"forged"}}, nil},
			{"ErrCrossSite", nil, []string{"Sec-Fetch-Site", "cross-site"}}, // the right token, below, but sent from another site
			{"ErrOtherOrigin", nil, []string{"Origin", "https://evil.test"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := &client{t: t, h: h}
				c.login("alice@gtg.test")
				form := tc.form
				if form == nil {
					form = url.Values{"csrf": {c.csrf}}
				}
				w := c.do(http.MethodPost, "/logout", form, tc.header...)
				if w.Code != http.StatusForbidden {
					t.Errorf("POST /logout: %d, want 403", w.Code)
				}
				if !signedIn(t, c) {
					t.Error("the refused request ended the session")
				}
			})
		}

		t.Run("OK", func(t *testing.T) {
			c := &client{t: t, h: h}
			c.login("alice@gtg.test")
			cookie := c.cookie
			w := c.do(http.MethodPost, "/logout", url.Values{"csrf": {c.csrf}}, "Sec-Fetch-Site", "same-origin")
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login" {
				t.Fatalf("POST /logout: %d to %q", w.Code, w.Header().Get("Location"))
			}
			if c.cookie != nil {
				t.Error("logout did not clear the cookie")
			}
			c.cookie = cookie // a copy of the old cookie no longer works
			if signedIn(t, c) {
				t.Error("the session survived logout")
			}
			if w := c.get("/accounts"); w.Code != http.StatusSeeOther {
				t.Errorf("GET /accounts with the old cookie: %d, want a redirect to sign in", w.Code)
			}
		})

		t.Run("OKHeaderToken", func(t *testing.T) {
			c := &client{t: t, h: h}
			c.login("alice@gtg.test")
			w := c.do(http.MethodPost, "/logout", url.Values{}, "X-CSRF-Token", c.csrf, "HX-Request", "true")
			if w.Code != http.StatusOK || w.Header().Get("HX-Redirect") != "/login" {
				t.Errorf("htmx POST /logout: %d, HX-Redirect %q", w.Code, w.Header().Get("HX-Redirect"))
			}
		})
	})
}

func TestRequireRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		createUser(t, st, "vera@gtg.test", gtg.UserViewer)
		createUser(t, st, "carl@gtg.test", gtg.UserCSM)
		s, err := newServer(Config{Store: st, Now: st.Now})
		if err != nil {
			t.Fatal(err)
		}
		// A write route as later issues will add them.
		mux := http.NewServeMux()
		mux.Handle("POST /login", s.public(s.loginCreate))
		mux.Handle("GET /accounts", s.signedIn(s.accountsList))
		mux.Handle("POST /accounts/{id}/notes", s.signedIn(func(w http.ResponseWriter, r *http.Request) error {
			w.WriteHeader(http.StatusCreated)
			return nil
		}, s.requireRole(gtg.UserCSM)))
		for _, tc := range []struct {
			email string
			want  int
		}{{"vera@gtg.test", http.StatusForbidden}, {"carl@gtg.test", http.StatusCreated}} {
			c := &client{t: t, h: mux}
			c.login(tc.email)
			if w := c.do(http.MethodPost, "/accounts/A/notes", url.Values{"csrf": {c.csrf}}); w.Code != tc.want {
				t.Errorf("%s writes: %d, want %d", tc.email, w.Code, tc.want)
			}
		}
	})
}

func TestHashPassword(t *testing.T) {
	for _, pw := range []string{"", "123456789", strings.Repeat("x", 73)} {
		if _, err := HashPassword(pw); gtg.ErrorCode(err) != gtg.EINVALID {
			t.Errorf("HashPassword(%d chars) = %v, want EINVALID", len(pw), err)
		}
	}
	h, err := HashPassword("ten chars!")
	if err != nil || !checkPassword(h, "ten chars!") || checkPassword(h, "ten chars?") {
		t.Errorf("HashPassword: %q, %v", h, err)
	}
}

func containsFunc[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}
