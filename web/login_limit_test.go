package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestLoginLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		createUser(t, st, "alice@gtg.test", gtg.UserCSM)
		now := testNow
		clock := func() time.Time { return now }
		st.Now = clock
		h := NewHandler(Config{Store: st, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: clock})
		login := func(email, pw, addr string) *httptest.ResponseRecorder {
			t.Helper()
			r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.RemoteAddr = addr
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w
		}
		// sequence returns the status codes of n wrong passwords for email.
		sequence := func(email, addr string, n int) []int {
			var codes []int
			for range n {
				codes = append(codes, login(email, "wrong password!", addr).Code)
			}
			return codes
		}
		want := []int{401, 401, 401, 401, 401, 401, 429, 429}

		t.Run("PerEmail", func(t *testing.T) {
			if got := sequence("alice@gtg.test", "10.0.0.1:1000", len(want)); !slices.Equal(got, want) {
				t.Fatalf("wrong passwords for a real account: %v, want %v", got, want)
			}
			// Locked: even the right password waits, and says how long.
			w := login("Alice@gtg.test", testPassword, "10.0.0.2:1000")
			if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "30" || !strings.Contains(w.Body.String(), "Try again in 30 seconds") {
				t.Fatalf("right password while locked: %d Retry-After %q\n%s", w.Code, w.Header().Get("Retry-After"), w.Body)
			}
			// The delay grows: one more wrong password after the lock locks for twice as long.
			now = now.Add(31 * time.Second)
			if w := login("alice@gtg.test", "wrong password!", "10.0.0.1:1000"); w.Code != http.StatusUnauthorized {
				t.Fatalf("after the lock: %d", w.Code)
			}
			if w := login("alice@gtg.test", testPassword, "10.0.0.1:1000"); w.Header().Get("Retry-After") != "60" {
				t.Fatalf("second lock: %d Retry-After %q, want 60", w.Code, w.Header().Get("Retry-After"))
			}
			now = now.Add(61 * time.Second)
			if w := login("alice@gtg.test", testPassword, "10.0.0.1:1000"); w.Code != http.StatusSeeOther {
				t.Fatalf("right password after the lock: %d\n%s", w.Code, w.Body)
			}
			// A good sign-in clears the email's count.
			if got := sequence("alice@gtg.test", "10.0.0.3:1000", 5); !slices.Equal(got, want[:5]) {
				t.Errorf("after a good sign-in: %v", got)
			}
		})

		t.Run("NoEnumeration", func(t *testing.T) {
			// An unknown email is limited exactly like a real one.
			if got := sequence("nobody@gtg.test", "10.0.1.1:1000", len(want)); !slices.Equal(got, want) {
				t.Errorf("wrong passwords for an unknown email: %v, want %v", got, want)
			}
		})

		t.Run("PerAddress", func(t *testing.T) {
			// Spraying one password over many emails from one address.
			for i := range addrFreeTries + 1 {
				if w := login("user"+string(rune('a'+i))+"@gtg.test", "wrong password!", "10.9.9.9:1000"); w.Code != http.StatusUnauthorized {
					t.Fatalf("try %d: %d", i, w.Code)
				}
			}
			if w := login("fresh@gtg.test", "wrong password!", "10.9.9.9:2000"); w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
				t.Errorf("a fresh email from a spraying address: %d, want 429", w.Code)
			}
			// Another address is not affected.
			if w := login("fresh@gtg.test", "wrong password!", "10.9.9.10:1000"); w.Code != http.StatusUnauthorized {
				t.Errorf("another address: %d, want 401", w.Code)
			}
		})
	})
}
