package web

import (
	"net/http"
	"net/url"

	"github.com/gtg-dev/gtg/save"
)

// planShareCreate makes a secret link to the customer's read-only view of a
// plan and shows the plan with the link, this once: only its hash is kept.
func (s *server) planShareCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	secret, _, err := save.SharePlan(r.Context(), s.store, currentUser(r), id)
	if err != nil {
		return err
	}
	// No caching: the page carries the secret.
	w.Header().Set("Cache-Control", "no-store")
	return s.renderPlan(w, r, http.StatusCreated, id, nil, s.absURL(r, "/shared/plans/"+url.PathEscape(secret)))
}

// planShareRevoke revokes a share link; it stops working at once.
func (s *server) planShareRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "share", "link")
	if err != nil {
		return err
	}
	if err := save.RevokeShare(r.Context(), s.store, currentUser(r), id, sid); err != nil {
		return err
	}
	return seeOther(w, r, planURL(id)+"#share")
}

// absURL is path on this site as a full URL, for links people send on.
func (s *server) absURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || s.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}
