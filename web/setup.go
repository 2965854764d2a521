package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gtg-dev/gtg"
)

// setupPage is the first-run form that creates the first admin.
type setupPage struct {
	basePage
	Email, Name string
	Error       string
}

func (s *server) setupForm(w http.ResponseWriter, r *http.Request) error {
	setup, err := s.needsSetup(r.Context())
	if err != nil {
		return err
	}
	if !setup {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	return s.page(w, http.StatusOK, "setup", setupPage{basePage: s.base(r, "Set up gtg", "")})
}

func (s *server) setupCreate(w http.ResponseWriter, r *http.Request) error {
	// Hold the lock from the check to the insert: only one first admin.
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	setup, err := s.needsSetup(r.Context())
	if err != nil {
		return err
	}
	if !setup {
		return gtg.Errorf(gtg.ENOTFOUND, "gtg is already set up.")
	}

	u := &gtg.User{
		Email: r.PostFormValue("email"),
		Name:  strings.TrimSpace(r.PostFormValue("name")),
		Role:  gtg.UserAdmin,
	}
	u.Normalize()
	page := setupPage{basePage: s.base(r, "Set up gtg", ""), Email: u.Email, Name: u.Name}
	pw := r.PostFormValue("password")
	hash, err := s.validateSetup(u, pw, r.PostFormValue("password2"))
	if err != nil {
		if gtg.ErrorCode(err) != gtg.EINVALID {
			return err
		}
		page.Error = gtg.ErrorMessage(err)
		return s.page(w, http.StatusBadRequest, "setup", page)
	}
	u.PasswordHash = hash
	if err := s.store.CreateUser(r.Context(), "setup", u); err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	s.hasUsers.Store(true)
	if err := s.startSession(r.Context(), w, u); err != nil {
		return err
	}
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
	return nil
}

// validateSetup checks the form and returns the password's hash.
func (s *server) validateSetup(u *gtg.User, pw, pw2 string) (string, error) {
	if u.Name == "" {
		return "", gtg.Errorf(gtg.EINVALID, "Enter your name.")
	}
	if err := u.Validate(); err != nil {
		return "", gtg.Errorf(gtg.EINVALID, "Enter a valid email address.")
	}
	if pw != pw2 {
		return "", gtg.Errorf(gtg.EINVALID, "The two passwords do not match.")
	}
	return HashPassword(pw)
}
