package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestTokenScopes: a read token of an admin only reads; a revoked or
// expired token is refused like an unknown one.
func TestTokenScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		ctx := context.Background()
		admin, err := st.UserByEmail(ctx, gtg.UserAdmin+"@example.com")
		if err != nil {
			t.Fatal(err)
		}
		token := func(scope string, expires time.Time) (string, int64) {
			secret, prefix, hash := NewToken()
			tok := &gtg.APIToken{UserID: admin.ID, Name: scope, Prefix: prefix, Hash: hash, Scope: scope, ExpiresAt: expires}
			if err := st.CreateAPIToken(ctx, "test", tok); err != nil {
				t.Fatal(err)
			}
			return secret, tok.ID
		}
		read, _ := token(gtg.TokenRead, time.Time{})
		write, writeID := token(gtg.TokenWrite, time.Time{})
		expired, _ := token(gtg.TokenAdmin, testNow.Add(-time.Minute))
		body := `{"name":"Acme","arr":100}`
		if r := a.do("GET", "/api/v1/accounts", "", as(read)); r.status != http.StatusOK {
			t.Errorf("read token GET: %s", r)
		}
		if r := a.do("PUT", "/api/v1/accounts/acme", body, as(read)); r.status != http.StatusForbidden {
			t.Errorf("read token PUT: %s, want 403", r)
		}
		if r := a.do("PUT", "/api/v1/accounts/acme", body, as(write)); r.status != http.StatusOK {
			t.Errorf("write token PUT: %s", r)
		}
		if err := st.RevokeAPIToken(ctx, "test", writeID, 0); err != nil {
			t.Fatal(err)
		}
		for name, secret := range map[string]string{"revoked": write, "expired": expired} {
			if r := a.do("GET", "/api/v1/accounts", "", as(secret)); r.status != http.StatusUnauthorized {
				t.Errorf("%s token: %s, want 401", name, r)
			}
		}
	})
}
