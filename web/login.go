package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// loginPage is the sign-in form.
type loginPage struct {
	basePage
	Email, Next string
	Error       string
}

func (s *server) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.URL.Query().Get("next"), "/")
	if currentUser(r) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	return s.page(w, http.StatusOK, "login", loginPage{basePage: s.base(r, "Sign in", ""), Next: next})
}

func (s *server) loginCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email, pw := r.PostFormValue("email"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"), "/")
	u := &gtg.User{Email: email}
	u.Normalize()

	emailKey, addrKey := loginKeys(r, u.Email)
	if d := s.logins.wait(s.now(), emailKey, addrKey); d > 0 {
		secs := int(math.Ceil(d.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		page := loginPage{basePage: s.base(r, "Sign in", ""), Email: u.Email, Next: next,
			Error: fmt.Sprintf("Too many failed sign-ins. Try again in %s.", retryText(secs))}
		return s.page(w, http.StatusTooManyRequests, "login", page)
	}

	found, err := s.store.UserByEmail(ctx, u.Email)
	hash := ""
	switch {
	case err == nil:
		hash = found.PasswordHash
	case gtg.ErrorCode(err) != gtg.ENOTFOUND:
		return fmt.Errorf("sign in %s: %w", u.Email, err)
	}
	if !checkPassword(hash, pw) {
		// One message for an unknown email and a wrong password, so the
		// form does not tell who has an account.
		s.logins.fail(s.now(), emailKey, addrKey)
		page := loginPage{basePage: s.base(r, "Sign in", ""), Email: u.Email, Next: next, Error: "Wrong email or password."}
		return s.page(w, http.StatusUnauthorized, "login", page)
	}

	s.logins.succeed(emailKey)
	if old := sessionFrom(ctx); old != nil {
		if err := s.store.DeleteSession(ctx, old.tokenHash); err != nil {
			return fmt.Errorf("sign in %s: end previous session: %w", found.Email, err)
		}
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, gtg.AuditEntry{At: s.now().UTC(), Actor: found.Email, Action: "login", Entity: "user", EntityID: strconv.FormatInt(found.ID, 10)})
	})
	if err != nil {
		return fmt.Errorf("sign in %s: audit: %w", found.Email, err)
	}
	if err := s.startSession(ctx, w, found); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// retryText says a wait in words: "45 seconds", "3 minutes".
func retryText(secs int) string {
	switch {
	case secs == 1:
		return "1 second"
	case secs < 90:
		return strconv.Itoa(secs) + " seconds"
	default:
		return strconv.Itoa((secs+59)/60) + " minutes"
	}
}
