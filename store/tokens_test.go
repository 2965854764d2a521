package store_test

import (
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		mgr := &gtg.User{Email: "mo@x.io", Role: gtg.UserManager, PasswordHash: "x"}
		if err := s.CreateUser(ctx, "test", mgr); err != nil {
			t.Fatal(err)
		}
		mk := func(hash, scope string, expires time.Time) *gtg.APIToken {
			t.Helper()
			tok := &gtg.APIToken{UserID: mgr.ID, Name: hash, Prefix: "gtg_" + hash, Hash: hash, Scope: scope, ExpiresAt: expires}
			if err := s.CreateAPIToken(ctx, "test", tok); err != nil {
				t.Fatal(err)
			}
			return tok
		}
		read := mk("r", gtg.TokenRead, time.Time{})
		mk("w", gtg.TokenWrite, now.Add(time.Hour))
		mk("a", gtg.TokenAdmin, time.Time{})
		mk("legacy", "", time.Time{})

		// The scope caps the user's role; it never raises it.
		for hash, want := range map[string]string{"r": gtg.UserViewer, "w": gtg.UserManager, "a": gtg.UserManager, "legacy": gtg.UserManager} {
			u, err := s.UserByToken(ctx, hash)
			if err != nil || u.Role != want {
				t.Errorf("token %s: %v %v, want role %s", hash, u, err, want)
			}
		}
		t.Run("ErrScope", func(t *testing.T) {
			err := s.CreateAPIToken(ctx, "test", &gtg.APIToken{UserID: mgr.ID, Name: "x", Hash: "x", Scope: "root"})
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("scope root: %v", err)
			}
		})
		t.Run("Expiry", func(t *testing.T) {
			now = now.Add(time.Hour)
			if _, err := s.UserByToken(ctx, "w"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
				t.Errorf("expired token: %v, want not found", err)
			}
		})
		t.Run("Revoke", func(t *testing.T) {
			if err := s.RevokeAPIToken(ctx, "someone", read.ID, mgr.ID+100); gtg.ErrorCode(err) != gtg.ENOTFOUND {
				t.Errorf("revoking another user's token: %v, want not found", err)
			}
			if err := s.RevokeAPIToken(ctx, "mo@x.io", read.ID, mgr.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.UserByToken(ctx, "r"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
				t.Errorf("revoked token: %v, want not found", err)
			}
			ts, err := s.APITokens(ctx, mgr.ID)
			if err != nil || len(ts) != 4 || ts[0].RevokedAt.IsZero() || ts[0].UserEmail != "mo@x.io" || ts[1].ExpiresAt.IsZero() {
				t.Errorf("listed %+v %v", ts, err)
			}
		})
	})
}
