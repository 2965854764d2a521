package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
)

// listAlerts lists alerts, those that need attention (open and
// acknowledged, not held back) unless status or held say otherwise; the
// most valuable first, as in the inbox.
func (h *handler) listAlerts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "status", "account_id", "owner", "rule", "held", "since", "limit", "offset"); err != nil {
		return err
	}
	f := gtg.AlertFilter{Owner: q.Get("owner"), Rule: q.Get("rule")}
	switch s := q.Get("status"); s {
	case "":
		f.Statuses = []string{gtg.AlertOpen, gtg.AlertAcknowledged}
	case "all":
	default:
		for _, st := range strings.Split(s, ",") {
			st = strings.ToLower(strings.TrimSpace(st))
			if !slices.Contains(gtg.AlertStatuses, st) {
				return gtg.Errorf(gtg.EINVALID, "status: %q is not one of %s or all", st, strings.Join(gtg.AlertStatuses, ", "))
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	switch s := q.Get("held"); s {
	case "":
		if q.Get("status") == "" {
			f.Held = new(bool)
		}
	case "true", "false":
		held := s == "true"
		f.Held = &held
	default:
		return gtg.Errorf(gtg.EINVALID, "held: want true or false, got %q", s)
	}
	if id := q.Get("account_id"); id != "" {
		a, err := h.st.Account(r.Context(), id)
		if err != nil {
			return err
		}
		f.AccountID = a.ID
	}
	var err error
	if f.Since, err = dayParam(q, "since"); err != nil {
		return err
	}
	limit, offset, err := pageParams(q)
	if err != nil {
		return err
	}
	all, err := h.st.Alerts(r.Context(), f)
	if err != nil {
		return wrap(err, "list alerts")
	}
	return writeJSON(w, http.StatusOK, listResult{Data: page(all, limit, offset), Total: len(all), Limit: limit, Offset: offset})
}

func alertID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, gtg.Errorf(gtg.ENOTFOUND, "no alert %q", r.PathValue("id"))
	}
	return id, nil
}

func (h *handler) getAlert(w http.ResponseWriter, r *http.Request) error {
	id, err := alertID(r)
	if err != nil {
		return err
	}
	a, err := h.st.Alert(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, dataResult{a})
}

// alertChangeIn is the body of an acknowledge, snooze or resolve; it may be
// left out for the first and the last.
type alertChangeIn struct {
	Note  string  `json:"note"`
	Until gtg.Day `json:"until"` // snooze only: the first day it shows again
}

// changeAlert returns the endpoint that moves an alert to status, as the
// inbox's buttons do, audited under the token's user.
func (h *handler) changeAlert(status string) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := alertID(r)
		if err != nil {
			return err
		}
		body, err := readBody(r)
		if err != nil {
			return err
		}
		var in alertChangeIn
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := decodeOne(body, &in); err != nil {
				return err
			}
		}
		u := userFrom(r.Context())
		a, err := alerts.Change(r.Context(), h.st, u.Email, u.Role, id,
			gtg.AlertChange{Status: status, Until: in.Until, Note: strings.TrimSpace(in.Note)}, gtg.DayOf(h.now()))
		if err != nil {
			return wrap(err, "change alert")
		}
		return writeJSON(w, http.StatusOK, dataResult{a})
	}
}
