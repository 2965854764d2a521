package api

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestAuth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		basic := func(user string) reqOpt {
			return withHeader("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":")))
		}
		segment := `{"type":"group","groupId":"acme","traits":{"plan":"pro"}}`
		for _, tc := range []struct {
			name, method, path, body string
			opt                      reqOpt
			status                   int
			msg                      string
		}{
			{"NoHeader", "GET", "/api/v1/accounts", "", withHeader("Authorization", ""), 401, "missing Authorization header"},
			{"BadToken", "GET", "/api/v1/accounts", "", as("gtg_nottoken"), 401, "invalid API token"},
			{"UnknownScheme", "GET", "/api/v1/accounts", "", withHeader("Authorization", "Token abc"), 401, "unsupported Authorization header"},
			{"BasicOutsideSegment", "GET", "/api/v1/accounts", "", basic(a.token[gtg.UserCSM]), 401, "unsupported Authorization header"},
			{"BasicBadTokenSegment", "POST", "/api/v1/segment", segment, basic("gtg_nottoken"), 401, "invalid API token"},
			{"ViewerReads", "GET", "/api/v1/accounts/acme", "", as(a.token[gtg.UserViewer]), 200, ""},
			{"ViewerPut", "PUT", "/api/v1/accounts/acme", `{"name":"Acme 2"}`, as(a.token[gtg.UserViewer]), 403, "needs role csm"},
			{"ViewerBulk", "POST", "/api/v1/accounts/bulk", `[]`, as(a.token[gtg.UserViewer]), 403, "needs role csm"},
			{"ViewerSegment", "POST", "/api/v1/segment", segment, basic(a.token[gtg.UserViewer]), 403, "needs role csm"},
			{"OpenAPIPublic", "GET", "/api/v1/openapi.json", "", withHeader("Authorization", ""), 200, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := a.snapshot()
				r := a.do(tc.method, tc.path, tc.body, tc.opt)
				if r.status != tc.status || !strings.Contains(r.errorMessage(), tc.msg) {
					t.Fatalf("got %s, want %d %q", r, tc.status, tc.msg)
				}
				if tc.status == 401 && r.header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if tc.status >= 400 && a.snapshot() != before {
					t.Error("a refused request changed the data")
				}
			})
		}
		t.Run("SegmentBasicAuth", func(t *testing.T) {
			r := a.do("POST", "/api/v1/segment", segment, basic(a.token[gtg.UserCSM]))
			if r.status != http.StatusOK {
				t.Fatalf("got %s", r)
			}
		})
	})
}

func TestNewToken(t *testing.T) {
	s1, p1, h1 := NewToken()
	s2, _, _ := NewToken()
	if !strings.HasPrefix(s1, "gtg_") || len(s1) != 4+52 || s1 == s2 {
		t.Errorf("secrets %q, %q: want distinct gtg_ + 52 base32 characters", s1, s2)
	}
	if !strings.HasPrefix(s1, p1) || len(p1) != tokenPrefixLen {
		t.Errorf("prefix %q of %q", p1, s1)
	}
	if h1 != HashToken(s1) || len(h1) != 64 || h1 == HashToken(s2) {
		t.Errorf("hash %q", h1)
	}
}
