package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// listResult is a page of a list and how many records match in all.
type listResult struct {
	Data   any `json:"data"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func (h *handler) listAccounts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "q", "owner", "segment", "stage", "sort", "limit", "offset"); err != nil {
		return err
	}
	f := gtg.AccountFilter{Search: q.Get("q"), Owner: q.Get("owner"), Segment: q.Get("segment"),
		Stage: strings.ToLower(q.Get("stage")), Sort: q.Get("sort")}
	var err error
	if f.Limit, err = intParam(q, "limit", 100, 1, 1000); err != nil {
		return err
	}
	if f.Offset, err = intParam(q, "offset", 0, 0, 1<<31-1); err != nil {
		return err
	}
	list, total, err := h.st.Accounts(r.Context(), f)
	if err != nil {
		return fmt.Errorf("list accounts: %w", err)
	}
	if list == nil {
		list = []*gtg.Account{}
	}
	return writeJSON(w, http.StatusOK, listResult{Data: list, Total: total, Limit: f.Limit, Offset: f.Offset})
}

// putAccountResult is the account as stored after a PUT.
type putAccountResult struct {
	Data    *gtg.Account `json:"data"`
	Changed int          `json:"changed"`
}

// putAccount creates or replaces one account: fields left out are reset, as
// PUT replaces the whole record.
func (h *handler) putAccount(w http.ResponseWriter, r *http.Request) error {
	id := strings.TrimSpace(r.PathValue("id"))
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var a gtg.Account
	if err := decodeOne(body, &a); err != nil {
		return err
	}
	if a.ExternalID = strings.TrimSpace(a.ExternalID); a.ExternalID != "" && a.ExternalID != id {
		return gtg.Errorf(gtg.EINVALID, "id: %q in the body does not match %q in the path", a.ExternalID, id)
	}
	a.ExternalID = id
	types, err := h.st.AttributeTypes(r.Context())
	if err != nil {
		return fmt.Errorf("load attribute types: %w", err)
	}
	if err := prepareAccount(&a, types); err != nil {
		return err
	}
	changed, err := h.upsertAccounts(r, []*gtg.Account{&a})
	if err != nil {
		return err
	}
	saved, err := h.st.Account(r.Context(), id)
	if err != nil {
		return fmt.Errorf("read back account %s: %w", id, err)
	}
	return writeJSON(w, http.StatusOK, putAccountResult{Data: saved, Changed: changed})
}

// bulkAccounts upserts up to maxItems accounts in one transaction: all or nothing.
func (h *handler) bulkAccounts(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	items, err := decodeItems[gtg.Account](body, maxItems)
	if err != nil {
		return err
	}
	types, err := h.st.AttributeTypes(r.Context())
	if err != nil {
		return fmt.Errorf("load attribute types: %w", err)
	}
	first := map[string]int{}
	for i, a := range items {
		if err := prepareAccount(a, types); err != nil {
			return at(itemPath(i), err)
		}
		if j, dup := first[a.ExternalID]; dup {
			return gtg.Errorf(gtg.EINVALID, "%s.id: %q repeats %s", itemPath(i), a.ExternalID, itemPath(j))
		}
		first[a.ExternalID] = i
	}
	changed, err := h.upsertAccounts(r, items)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bulkResult{Received: len(items), Changed: changed})
}

func (h *handler) upsertAccounts(r *http.Request, accts []*gtg.Account) (int, error) {
	var changed int
	err := h.st.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		changed, err = tx.UpsertAccounts(r.Context(), actor(r), accts)
		return err
	})
	if err != nil {
		return 0, wrap(err, "upsert accounts")
	}
	return changed, nil
}

// prepareAccount normalizes and validates an account from a request. Custom
// attributes must keep the type they were first stored with (types, which
// it extends with new names so later items in a batch agree); a
// "YYYY-MM-DD" string becomes a date unless the attribute is text.
func prepareAccount(a *gtg.Account, types map[string]string) error {
	a.ID, a.CreatedAt, a.UpdatedAt = 0, time.Time{}, time.Time{}
	a.Normalize()
	if a.Attrs == nil {
		// The store reads "no attributes" back as an empty map; match it so
		// re-sending an account without attrs is seen as no change.
		a.Attrs = map[string]any{}
	}
	for k, v := range a.Attrs {
		if s, ok := v.(string); ok && types[k] != "text" && (types[k] == "date" || looksLikeDay(s)) {
			d, err := gtg.ParseDay(s)
			if err != nil {
				return gtg.Errorf(gtg.EINVALID, "attrs.%s: %s", k, gtg.ErrorMessage(err))
			}
			a.Attrs[k] = d
		}
	}
	if err := a.Validate(); err != nil {
		return err
	}
	for k, v := range a.Attrs {
		if v == nil {
			continue
		}
		t := gtg.AttrType(v)
		if have, ok := types[k]; ok && have != t {
			return gtg.Errorf(gtg.EINVALID, "attrs.%s: want a %s like the values stored before, got %s %v", k, have, t, v)
		} else if !ok {
			types[k] = t
		}
	}
	return nil
}

// looksLikeDay reports whether s has the shape of a YYYY-MM-DD date.
func looksLikeDay(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
