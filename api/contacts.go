package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

func (h *handler) listContacts(w http.ResponseWriter, r *http.Request) error {
	a, err := h.st.Account(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := h.st.Contacts(r.Context(), a.ID)
	if err != nil {
		return fmt.Errorf("list contacts of %s: %w", a.ExternalID, err)
	}
	if list == nil {
		list = []*gtg.Contact{}
	}
	return writeJSON(w, http.StatusOK, dataResult{list})
}

// contactKey identifies a contact within a request.
type contactKey struct{ account, email string }

// bulkContacts upserts contacts by (account_id, email) in one transaction.
func (h *handler) bulkContacts(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	items, err := decodeItems[gtg.Contact](body, maxItems)
	if err != nil {
		return err
	}
	first := map[contactKey]int{}
	ext := make([]string, len(items))
	for i, c := range items {
		c.ID, c.AccountID, c.CreatedAt, c.UpdatedAt = 0, 0, time.Time{}, time.Time{}
		c.AccountExternalID = strings.TrimSpace(c.AccountExternalID)
		c.Normalize()
		if err := c.Validate(); err != nil {
			return at(itemPath(i), err)
		}
		k := contactKey{c.AccountExternalID, c.Email}
		if j, dup := first[k]; dup {
			return gtg.Errorf(gtg.EINVALID, "%s.email: %s at account %q repeats %s", itemPath(i), c.Email, c.AccountExternalID, itemPath(j))
		}
		first[k] = i
		ext[i] = c.AccountExternalID
	}
	var changed int
	err = h.st.InTx(r.Context(), func(tx *store.Tx) error {
		ids, err := resolveAccounts(r.Context(), tx, ext)
		if err != nil {
			return err
		}
		for i, c := range items {
			c.AccountID = ids[i]
		}
		changed, err = tx.UpsertContacts(r.Context(), actor(r), items)
		return err
	})
	if err != nil {
		return wrap(err, "upsert contacts")
	}
	return writeJSON(w, http.StatusOK, bulkResult{Received: len(items), Changed: changed})
}
