package api

import (
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/stakeholders"
	"github.com/gtg-dev/gtg/store"
)

// asOfParam is the day a stakeholder report is for: ?as_of=, else today.
func (h *handler) asOfParam(r *http.Request) (gtg.Day, error) {
	d, err := dayParam(r.URL.Query(), "as_of")
	if d == 0 && err == nil {
		d = gtg.DayOf(h.now())
	}
	return d, err
}

// getStakeholders returns an account's stakeholder map, coverage and cadence gaps.
func (h *handler) getStakeholders(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r.URL.Query(), "as_of"); err != nil {
		return err
	}
	day, err := h.asOfParam(r)
	if err != nil {
		return err
	}
	m, err := stakeholders.AccountMap(r.Context(), h.st, r.PathValue("id"), day)
	if err != nil {
		return wrap(err, "stakeholders")
	}
	return writeJSON(w, http.StatusOK, m)
}

// getCoverage returns coverage per owner and account, and the cadence gaps.
func (h *handler) getCoverage(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r.URL.Query(), "as_of", "owner"); err != nil {
		return err
	}
	day, err := h.asOfParam(r)
	if err != nil {
		return err
	}
	p, err := stakeholders.PortfolioOf(r.Context(), h.st, day, r.URL.Query().Get("owner"))
	if err != nil {
		return wrap(err, "coverage")
	}
	return writeJSON(w, http.StatusOK, p)
}

// cadenceGaps is the gaps report: the key roles touched less than the policy wants.
type cadenceGaps struct {
	AsOf   gtg.Day          `json:"as_of"`
	Policy string           `json:"policy"`
	Data   []gtg.CadenceGap `json:"data"`
}

func (h *handler) getCadenceGaps(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r.URL.Query(), "as_of", "owner"); err != nil {
		return err
	}
	day, err := h.asOfParam(r)
	if err != nil {
		return err
	}
	p, err := stakeholders.PortfolioOf(r.Context(), h.st, day, r.URL.Query().Get("owner"))
	if err != nil {
		return wrap(err, "cadence gaps")
	}
	return writeJSON(w, http.StatusOK, cadenceGaps{AsOf: p.AsOf, Policy: p.Policy, Data: p.Gaps})
}

// postTouch logs a note, call, meeting or email against an account (and a
// contact), recorded on its timeline and in the audit log. It counts from
// the next rescore.
func (h *handler) postTouch(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var t gtg.Touch
	if err := decodeOne(body, &t); err != nil {
		return err
	}
	a, err := h.st.Account(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	now := h.now()
	t.Normalize(now)
	if err := t.Validate(now); err != nil {
		return err
	}
	var e *gtg.Event
	err = h.st.InTx(r.Context(), func(tx *store.Tx) error {
		e, err = tx.LogTouch(r.Context(), actor(r), a, &t)
		return err
	})
	if err != nil {
		return wrap(err, "log touch")
	}
	return writeJSON(w, http.StatusCreated, e)
}
