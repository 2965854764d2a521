package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// listEvents returns an account's timeline, newest first.
func (h *handler) listEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "type", "from", "to", "limit"); err != nil {
		return err
	}
	f := gtg.EventFilter{Types: q["type"]}
	for _, t := range f.Types {
		if !gtg.ValidKey(t) {
			return gtg.Errorf(gtg.EINVALID, "type: %q must be lowercase letters, digits and _", t)
		}
	}
	var err error
	if f.From, err = timeParam(q.Get("from"), "from", false); err != nil {
		return err
	}
	if f.To, err = timeParam(q.Get("to"), "to", true); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return gtg.Errorf(gtg.EINVALID, "to: %s is not after from %s", q.Get("to"), q.Get("from"))
	}
	if f.Limit, err = intParam(q, "limit", 100, 1, 1000); err != nil {
		return err
	}
	a, err := h.st.Account(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f.AccountID = a.ID
	list, err := h.st.Events(r.Context(), f)
	if err != nil {
		return wrap(err, "list events of "+a.ExternalID)
	}
	if list == nil {
		list = []*gtg.Event{}
	}
	return writeJSON(w, http.StatusOK, dataResult{list})
}

// timeParam reads a time bound: RFC 3339, or a YYYY-MM-DD day meaning its
// start (its end, for the exclusive upper bound, when endOfDay is set).
func timeParam(s, name string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if looksLikeDay(s) {
		d, err := gtg.ParseDay(s)
		if err != nil {
			return time.Time{}, gtg.Errorf(gtg.EINVALID, "%s: %s", name, gtg.ErrorMessage(err))
		}
		if endOfDay {
			d = d.AddDays(1)
		}
		return d.Time(), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, gtg.Errorf(gtg.EINVALID, `%s: bad time %q (want YYYY-MM-DD or RFC 3339, like "2024-01-31T09:30:00Z")`, name, s)
	}
	return t, nil
}

// bulkEvents upserts timeline events by (account_id, event_id); an event
// without event_id is identified by a digest of its content, so re-sending
// it changes nothing.
func (h *handler) bulkEvents(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	items, err := decodeItems[gtg.Event](body, maxItems)
	if err != nil {
		return err
	}
	ext := make([]string, len(items))
	for i, e := range items {
		e.ID, e.AccountID, e.ContactID = 0, 0, 0
		e.ExternalID = strings.TrimSpace(e.ExternalID)
		e.AccountExternalID = strings.TrimSpace(e.AccountExternalID)
		e.Normalize()
		if err := e.Validate(); err != nil {
			return at(itemPath(i), err)
		}
		ext[i] = e.AccountExternalID
	}
	res := bulkResult{Received: len(items)}
	err = h.st.InTx(r.Context(), func(tx *store.Tx) error {
		ids, err := resolveAccounts(r.Context(), tx, ext)
		if err != nil {
			return err
		}
		for i, e := range items {
			e.AccountID = ids[i]
		}
		if res.Changed, err = tx.UpsertEvents(r.Context(), items); err != nil {
			return err
		}
		return auditBulk(r.Context(), tx, r, "event", res)
	})
	if err != nil {
		return wrap(err, "upsert events")
	}
	return writeJSON(w, http.StatusOK, res)
}
