package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/gtg-dev/gtg"
)

// MinPasswordLen is the shortest password gtg accepts.
const MinPasswordLen = 10

// HashPassword returns the bcrypt hash of pw to store for a user, or an
// EINVALID error when pw is too short or longer than bcrypt can hash.
// The web setup form and `gtg users create` both use it.
func HashPassword(pw string) (string, error) {
	if len([]rune(pw)) < MinPasswordLen {
		return "", gtg.Errorf(gtg.EINVALID, "password: must be at least %d characters", MinPasswordLen)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if errors.Is(err, bcrypt.ErrPasswordTooLong) {
		return "", gtg.Errorf(gtg.EINVALID, "password: must be at most 72 bytes")
	} else if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// dummyHash is compared against when the email is unknown, so a failed
// sign-in takes as long whether or not the account exists.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a real password"), bcrypt.DefaultCost)

// checkPassword reports whether pw matches hash ("" checks against dummyHash and fails).
func checkPassword(hash, pw string) bool {
	if hash == "" {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// needsSetup reports whether the instance has no users yet.
func (s *server) needsSetup(ctx context.Context) (bool, error) {
	if s.hasUsers.Load() {
		return false, nil
	}
	n, err := s.store.CountUsers(ctx)
	if err != nil {
		return false, fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		s.hasUsers.Store(true)
	}
	return n == 0, nil
}

// firstRun sends every page to /setup until the first admin exists.
func (s *server) firstRun(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/setup" {
			setup, err := s.needsSetup(r.Context())
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if setup {
				redirect(w, r, "/setup")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// requireUser sends visitors who are not signed in to the sign-in page,
// remembering where they were going.
func requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if currentUser(r) != nil {
			next.ServeHTTP(w, r)
			return
		}
		target := "/login"
		if r.Method == http.MethodGet && r.URL.Path != "/" {
			target += "?next=" + url.QueryEscape(r.URL.RequestURI())
		}
		redirect(w, r, target)
	})
}

// requireRole lets through only users whose role is at least role
// (admin > manager > csm > viewer): requireRole(gtg.UserCSM) guards every
// change to customer data, so viewers read everything and write nothing.
// It expects requireUser to have run.
func (s *server) requireRole(role string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := currentUser(r)
			if u == nil || !gtg.Can(u.Role, role) {
				s.fail(w, r, gtg.Errorf(gtg.EFORBIDDEN, "This needs the %s role or higher; you are signed in as %s.", role, roleOf(u)))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func roleOf(u *gtg.User) string {
	if u == nil {
		return "nobody"
	}
	return u.Role
}

// redirect sends the browser to target: a 303 for ordinary requests, and an
// HX-Redirect for htmx ones, which would otherwise swap the next page into
// a fragment of the current one.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusOK)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// localPath returns p when it is a path on this site, and fallback otherwise,
// so ?next= cannot send a user to another site after signing in.
func localPath(p, fallback string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return fallback
	}
	return p
}
