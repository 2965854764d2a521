package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// listOutcomes returns outcomes by date, of one account or of all.
func (h *handler) listOutcomes(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "account_id"); err != nil {
		return err
	}
	var accountID int64
	if ext := q.Get("account_id"); ext != "" {
		a, err := h.st.Account(r.Context(), ext)
		if err != nil {
			return err
		}
		accountID = a.ID
	}
	list, err := h.st.Outcomes(r.Context(), accountID)
	if err != nil {
		return wrap(err, "list outcomes")
	}
	if list == nil {
		list = []*gtg.Outcome{}
	}
	return writeJSON(w, http.StatusOK, dataResult{list})
}

// bulkOutcomes upserts outcomes by (account_id, date, type).
func (h *handler) bulkOutcomes(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	items, err := decodeItems[gtg.Outcome](body, maxItems)
	if err != nil {
		return err
	}
	ext := make([]string, len(items))
	for i, o := range items {
		o.ID, o.AccountID, o.CreatedAt = 0, 0, time.Time{}
		o.AccountExternalID = strings.TrimSpace(o.AccountExternalID)
		o.Type = strings.ToLower(strings.TrimSpace(o.Type))
		if err := o.Validate(); err != nil {
			return at(itemPath(i), err)
		}
		ext[i] = o.AccountExternalID
	}
	res := bulkResult{Received: len(items)}
	err = h.st.InTx(r.Context(), func(tx *store.Tx) error {
		ids, err := resolveAccounts(r.Context(), tx, ext)
		if err != nil {
			return err
		}
		for i, o := range items {
			o.AccountID = ids[i]
		}
		if res.Changed, err = tx.UpsertOutcomes(r.Context(), items); err != nil {
			return err
		}
		return auditBulk(r.Context(), tx, r, "outcome", res)
	})
	if err != nil {
		return wrap(err, "upsert outcomes")
	}
	return writeJSON(w, http.StatusOK, res)
}
