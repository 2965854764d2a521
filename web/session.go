package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/gtg-dev/gtg"
)

// session is the signed-in user of a request and the CSRF token of their session.
type session struct {
	user      *gtg.User
	csrf      string
	tokenHash string
}

type sessionKey struct{}

func withSession(ctx context.Context, s *session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// sessionFrom returns the request's session, or nil when nobody is signed in.
func sessionFrom(ctx context.Context) *session {
	s, _ := ctx.Value(sessionKey{}).(*session)
	return s
}

func currentUser(r *http.Request) *gtg.User {
	if s := sessionFrom(r.Context()); s != nil {
		return s.user
	}
	return nil
}

func userEmail(r *http.Request) string {
	if u := currentUser(r); u != nil {
		return u.Email
	}
	return ""
}

// newToken returns 32 random bytes, URL-safe encoded.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand panics rather than return weak bytes
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is what the store keeps of a session token, so a leaked
// database does not hand out live sessions.
func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// cookieName uses the __Host- prefix over HTTPS, which makes the browser
// refuse the cookie unless it is Secure, host-only and for path /.
func (s *server) cookieName() string {
	if s.secure {
		return "__Host-gtg_session"
	}
	return "gtg_session"
}

// startSession signs u in: it stores a new session and sets its cookie.
func (s *server) startSession(ctx context.Context, w http.ResponseWriter, u *gtg.User) error {
	tok := newToken()
	expires := s.now().Add(s.sessionMax)
	if err := s.store.CreateSession(ctx, hashToken(tok), u.ID, newToken(), expires); err != nil {
		return fmt.Errorf("start session for %s: %w", u.Email, err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: tok, Path: "/", Expires: expires, MaxAge: int(s.sessionMax.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// clearCookie tells the browser to forget the session cookie.
func (s *server) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// loadSession finds the session named by the request's cookie and puts it
// in the request's context. An unknown or expired cookie is cleared.
func (s *server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(s.cookieName())
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		h := hashToken(c.Value)
		u, csrf, err := s.store.ResumeSession(r.Context(), h, s.sessionIdle)
		switch {
		case gtg.ErrorCode(err) == gtg.ENOTFOUND:
			s.clearCookie(w)
		case err != nil:
			s.fail(w, r, fmt.Errorf("load session: %w", err))
			return
		default:
			r = r.WithContext(withSession(r.Context(), &session{user: u, csrf: csrf, tokenHash: h}))
		}
		next.ServeHTTP(w, r)
	})
}
