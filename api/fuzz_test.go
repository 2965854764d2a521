package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// fuzzAPI is an API over a fresh SQLite database with one CSM token.
func fuzzAPI(f *testing.F) (http.Handler, string) {
	f.Helper()
	st, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	u := &gtg.User{Email: "csm@example.com", Role: gtg.UserCSM, PasswordHash: "unused"}
	if err := st.CreateUser(context.Background(), "test", u); err != nil {
		f.Fatal(err)
	}
	secret, prefix, hash := NewToken()
	if err := st.CreateAPIToken(context.Background(), "test", &gtg.APIToken{UserID: u.ID, Name: "fuzz", Prefix: prefix, Hash: hash}); err != nil {
		f.Fatal(err)
	}
	return NewHandler(st, slog.New(slog.NewTextHandler(io.Discard, nil))), secret
}

// FuzzWrites sends any body to every JSON and Segment write endpoint: the
// answer is a 2xx or a 4xx in the one error format, never a 5xx or a panic.
func FuzzWrites(f *testing.F) {
	paths := []string{"/api/v1/accounts/bulk", "/api/v1/contacts/bulk", "/api/v1/events/bulk", "/api/v1/metrics/bulk",
		"/api/v1/outcomes/bulk", "/api/v1/segment", "/api/v1/segment/batch", "/api/v1/segment/track", "/api/v1/segment/group",
		"/api/v1/segment/identify"}
	f.Add([]byte(segmentBatchJSON), uint8(6))
	f.Add([]byte(`[{"id":"a","name":"A","arr":1}]`), uint8(0))
	f.Add([]byte(`[{"account_id":"a","email":"x@y.z","role":"champion"}]`), uint8(1))
	f.Add([]byte(`[{"account_id":"a","type":"note","occurred_at":"2025-01-01T00:00:00Z","attrs":{"text":"hi"}}]`), uint8(2))
	f.Add([]byte(`[{"account_id":"a","day":"2025-01-01","metric":"logins","value":3}]`), uint8(3))
	f.Add([]byte(strings.Repeat("[", 100000)), uint8(0))
	f.Add([]byte("{\"type\":\"track\",\"event\":\"a\x00b\"}"), uint8(7))
	h, token := fuzzAPI(f)
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		path := paths[int(which)%len(paths)]
		r := httptest.NewRequest("POST", path, strings.NewReader(string(body)))
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("POST %s: %d %s", path, w.Code, w.Body)
		}
		if w.Code >= 400 {
			var e struct {
				Error struct {
					Code    string `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Message == "" {
				t.Errorf("POST %s: %d with a body not in the error format: %s", path, w.Code, w.Body)
			}
		}
	})
}
