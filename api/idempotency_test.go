package api

import (
	"net/http"
	"strings"
	"testing"

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
