package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestNULRefused: a NUL character in any JSON string is refused naming the
// field, on both databases (PostgreSQL cannot store one; SQLite would), and
// nothing is written. Before, PostgreSQL answered 500.
func TestNULRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		for _, tc := range []struct{ method, path, body, want string }{
			{"PUT", "/api/v1/accounts/acme", `{"name":"Ac\u0000me","arr":1}`, `name: contains a NUL character`},
			{"POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A"},{"id":"b","name":"B","attrs":{"note":"x\u0000"}}]`, `items[1].attrs.note: contains a NUL character`},
			{"POST", "/api/v1/segment/track", `{"type":"track","event":"Clicked","userId":"u","properties":{"tags":["ok","\u0000"]}}`, `properties.tags[1]: contains a NUL character`},
			{"POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","attrs":{"n\u0000":"x"}}]`, `items[0].attrs.n`},
		} {
			before := a.snapshot()
			r := a.do(tc.method, tc.path, tc.body)
			if r.status != http.StatusBadRequest || !strings.Contains(r.errorMessage(), tc.want) {
				t.Errorf("%s %s %s: %s, want 400 with %q", tc.method, tc.path, tc.body, r, tc.want)
			}
			if a.snapshot() != before {
				t.Errorf("%s %s: a refused request wrote", tc.method, tc.path)
			}
		}
		// An escaped backslash before u0000 is six ordinary characters.
		if r := a.do("PUT", "/api/v1/accounts/acme", `{"name":"C:\\u0000dir","arr":1}`); r.status != http.StatusOK {
			t.Errorf("a literal backslash-u0000: %s", r)
		}
	})
}
