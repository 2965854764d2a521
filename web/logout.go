package web

import (
	"fmt"
	"net/http"
)

// logout ends the session in the store, not just in the browser, so a
// copied cookie stops working too.
func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	if sess := sessionFrom(r.Context()); sess != nil {
		if err := s.store.DeleteSession(r.Context(), sess.tokenHash); err != nil {
			return fmt.Errorf("sign out %s: %w", sess.user.Email, err)
		}
	}
	s.clearCookie(w)
	redirect(w, r, "/login")
	return nil
}
