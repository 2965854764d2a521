package api

import (
	"net/http"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// optOutIn is the body of PUT …/contacts/{email}/opt-out.
type optOutIn struct {
	OptedOut *bool `json:"opted_out"`
}

// optOutOut says a contact's opt-out state after the change.
type optOutOut struct {
	AccountID string `json:"account_id"`
	Email     string `json:"email"`
	OptedOut  bool   `json:"opted_out"`
	Changed   bool   `json:"changed"`
}

// putOptOut records that a contact opted out of email from gtg (or back
// in). Every email gtg sends honours it; opting out again keeps the first
// date, and only a change is audited.
func (h *handler) putOptOut(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var in optOutIn
	if err := decodeOne(body, &in); err != nil {
		return err
	}
	if in.OptedOut == nil {
		return gtg.Errorf(gtg.EINVALID, "opted_out: required (true or false)")
	}
	acct, email := r.PathValue("id"), strings.ToLower(strings.TrimSpace(r.PathValue("email")))
	var changed bool
	err = h.st.InTx(r.Context(), func(tx *store.Tx) error {
		changed, err = tx.SetOptOut(r.Context(), actor(r), acct, email, *in.OptedOut)
		return err
	})
	if err != nil {
		return wrap(err, "opt-out")
	}
	return writeJSON(w, http.StatusOK, optOutOut{AccountID: acct, Email: email, OptedOut: *in.OptedOut, Changed: changed})
}
