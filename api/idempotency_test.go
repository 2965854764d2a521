package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestIdempotency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		key := withHeader("Idempotency-Key", "req-1")
		body := `{"name":"Acme","arr":100}`

		first := a.do("PUT", "/api/v1/accounts/acme", body, key)
		if first.status != http.StatusOK || first.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("first: %s (replayed %q)", first, first.header.Get("Idempotent-Replayed"))
		}
		// Change the account another way: a replay must not write again.
		a.must("PUT", "/api/v1/accounts/acme", `{"name":"Acme Renamed","arr":100}`, nil)

		t.Run("Replay", func(t *testing.T) {
			before := a.snapshot()
			r := a.do("PUT", "/api/v1/accounts/acme", body, key)
			if r.status != first.status || string(r.body) != string(first.body) || r.header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("replay: got %s (replayed %q), want %s", r, r.header.Get("Idempotent-Replayed"), first)
			}
			if a.snapshot() != before {
				t.Error("the replay wrote again")
			}
		})
		t.Run("DifferentBody", func(t *testing.T) {
			before := a.snapshot()
			r := a.do("PUT", "/api/v1/accounts/acme", `{"name":"Acme","arr":200}`, key)
			if r.status != http.StatusConflict || !strings.Contains(r.errorMessage(), `Idempotency-Key "req-1" was already used for a different request`) {
				t.Errorf("got %s", r)
			}
			if a.snapshot() != before {
				t.Error("a refused request wrote")
			}
		})
		t.Run("DifferentPath", func(t *testing.T) {
			r := a.do("PUT", "/api/v1/accounts/other", body, key)
			if r.status != http.StatusConflict {
				t.Errorf("got %s", r)
			}
		})
		t.Run("KeysArePerUser", func(t *testing.T) {
			r := a.do("PUT", "/api/v1/accounts/acme", body, key, as(a.token[gtg.UserAdmin]))
			if r.status != http.StatusOK || r.header.Get("Idempotent-Replayed") != "" {
				t.Errorf("another user's key replayed: %s", r)
			}
		})
		t.Run("FailuresAreNotStored", func(t *testing.T) {
			k := withHeader("Idempotency-Key", "req-2")
			if r := a.do("POST", "/api/v1/accounts/bulk", `[{"id":"b","name":"B","arr":-1}]`, k); r.status != 400 {
				t.Fatalf("bad request: %s", r)
			}
			r := a.do("POST", "/api/v1/accounts/bulk", `[{"id":"b","name":"B","arr":1}]`, k)
			if r.status != http.StatusOK || r.header.Get("Idempotent-Replayed") != "" {
				t.Errorf("the fixed request under the same key: %s", r)
			}
			r = a.do("POST", "/api/v1/accounts/bulk", `[{"id":"b","name":"B","arr":1}]`, k)
			if r.header.Get("Idempotent-Replayed") != "true" || !strings.Contains(string(r.body), `"changed":1`) {
				t.Errorf("its replay: %s", r)
			}
		})
		t.Run("BadKey", func(t *testing.T) {
			r := a.do("PUT", "/api/v1/accounts/acme", body, withHeader("Idempotency-Key", strings.Repeat("k", 256)))
			if r.status != 400 || !strings.Contains(r.errorMessage(), "Idempotency-Key: want at most 255") {
				t.Errorf("got %s", r)
			}
		})
	})
}

// TestIdempotencyConcurrent: a second request with a key whose first
// request is still running gets 409 with Retry-After and never runs; once
// the first is done it gets the first's response; a stale claim (its server
// died) is taken over; keys older than a day are swept.
func TestIdempotencyConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		now := testNow
		st.Now = func() time.Time { return now }
		u := &gtg.User{Email: "csm@example.com", Role: gtg.UserCSM, PasswordHash: "unused"}
		if err := st.CreateUser(context.Background(), "test", u); err != nil {
			t.Fatal(err)
		}
		h := &handler{st: st, log: slog.New(slog.NewTextHandler(testLog{t}, nil))}
		request := func() *http.Request {
			r := httptest.NewRequest("POST", "/api/v1/things", strings.NewReader(`{"n":1}`))
			return r.WithContext(context.WithValue(r.Context(), userKey{}, u))
		}
		var runs atomic.Int32
		release := make(chan struct{})
		started := make(chan struct{})
		slow := func(w http.ResponseWriter, r *http.Request) error {
			if runs.Add(1) == 1 {
				close(started)
				<-release
			}
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte(`{"ok":true}`))
			return nil
		}
		serve := func(key string) *httptest.ResponseRecorder {
			w := httptest.NewRecorder()
			if err := h.idempotent(w, request(), key, slow); err != nil {
				h.writeError(w, request(), err)
			}
			return w
		}

		first := make(chan *httptest.ResponseRecorder)
		go func() { first <- serve("k1") }()
		<-started
		second := serve("k1")
		if second.Code != http.StatusConflict || second.Header().Get("Retry-After") != "1" || !strings.Contains(second.Body.String(), "still being handled") {
			t.Errorf("second request while the first runs: %d %q %s", second.Code, second.Header().Get("Retry-After"), second.Body)
		}
		close(release)
		if w := <-first; w.Code != http.StatusCreated {
			t.Fatalf("first request: %d %s", w.Code, w.Body)
		}
		third := serve("k1")
		if third.Code != http.StatusCreated || third.Header().Get("Idempotent-Replayed") != "true" {
			t.Errorf("after the first finished: %d replayed %q", third.Code, third.Header().Get("Idempotent-Replayed"))
		}
		if n := runs.Load(); n != 1 {
			t.Errorf("the handler ran %d times for one key, want 1", n)
		}

		// A claim whose server died: held off until stale, then taken over.
		ctx := context.Background()
		if c, err := st.IdempotentClaim(ctx, u.ID, "k2", "dead", idempotencyStale); err != nil || !c.Claimed {
			t.Fatalf("claim k2: %+v %v", c, err)
		}
		if c, err := st.IdempotentClaim(ctx, u.ID, "k2", "dead", idempotencyStale); err != nil || c.Claimed || c.Status != 0 {
			t.Fatalf("claim k2 again at once: %+v %v, want held", c, err)
		}
		now = now.Add(idempotencyStale)
		if c, err := st.IdempotentClaim(ctx, u.ID, "k2", "dead", idempotencyStale); err != nil || !c.Claimed {
			t.Errorf("claim k2 once stale: %+v %v, want taken over", c, err)
		}

		// A day later the keys are swept, on the next request an hour after the last sweep.
		h.lastSweep.Store(0)
		now = now.Add(idempotencyKeep + time.Hour)
		serve("k3")
		if _, _, _, err := st.IdempotentGet(ctx, u.ID, "k1"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Errorf("k1 a day later: %v, want swept", err)
		}
		if _, _, _, err := st.IdempotentGet(ctx, u.ID, "k3"); err != nil {
			t.Errorf("k3, just stored: %v", err)
		}
	})
}
