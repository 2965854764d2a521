package web

import (
	"crypto/subtle"
	"net/http"

	"github.com/gtg-dev/gtg"
)

// csrfField is the hidden form field that carries the session's CSRF token;
// htmx requests send it as the X-CSRF-Token header instead.
const csrfField = "csrf"

// crossOrigin rejects unsafe requests that a browser marks as coming from
// another site (Sec-Fetch-Site, or an Origin that is not this host). It is
// the only guard for the forms used before sign-in (setup, login), where no
// session token exists yet, and a second guard for all the others.
func (s *server) crossOrigin(next http.Handler) http.Handler {
	return s.cop.Handler(next)
}

func (s *server) newCrossOriginProtection() *http.CrossOriginProtection {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, gtg.Errorf(gtg.EFORBIDDEN, "This form was sent from another site and was refused."))
	}))
	return p
}

// checkCSRF requires the session's CSRF token on every unsafe request of a
// signed-in user: a cross-site form cannot read it, so cannot send it.
func (s *server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		sess := sessionFrom(r.Context())
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			got = r.PostFormValue(csrfField)
		}
		if sess == nil || sess.csrf == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.csrf)) != 1 {
			s.fail(w, r, gtg.Errorf(gtg.EFORBIDDEN, "This form has expired. Go back, reload the page and try again."))
			return
		}
		next.ServeHTTP(w, r)
	})
}
