package api

import (
	"net/http"
	"net/url"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
)

// period reads the from and to query parameters, both required.
func period(q url.Values) (gtg.Day, gtg.Day, error) {
	from, err := dayParam(q, "from")
	if err != nil {
		return 0, 0, err
	}
	to, err := dayParam(q, "to")
	if err != nil {
		return 0, 0, err
	}
	return from, to, retention.CheckPeriod(from, to)
}

// getRetention returns GRR, NRR, logo retention, save rate and ARR at risk
// for a period, optionally by segment, owner or cohort.
func (h *handler) getRetention(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "from", "to", "by"); err != nil {
		return err
	}
	from, to, err := period(q)
	if err != nil {
		return err
	}
	m, err := retention.Load(r.Context(), h.st, from, to, q.Get("by"))
	if err != nil {
		return wrap(err, "retention metrics")
	}
	if m.Groups == nil {
		m.Groups = []retention.Group{}
	}
	return writeJSON(w, http.StatusOK, dataResult{m})
}

// getRetentionMonthly returns the metrics of each calendar month of a period.
func (h *handler) getRetentionMonthly(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "from", "to"); err != nil {
		return err
	}
	from, to, err := period(q)
	if err != nil {
		return err
	}
	months, err := retention.LoadMonthly(r.Context(), h.st, from, to)
	if err != nil {
		return wrap(err, "monthly retention")
	}
	return writeJSON(w, http.StatusOK, dataResult{months})
}

// listRenewals returns the renewals due within a number of days, with the
// forecast of renewing ARR by month.
func (h *handler) listRenewals(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "within"); err != nil {
		return err
	}
	within, err := intParam(q, "within", 90, 1, retention.MaxWithin)
	if err != nil {
		return err
	}
	rep, err := retention.Renewals(r.Context(), h.st, retention.Options{Within: within})
	if err != nil {
		return wrap(err, "renewals")
	}
	if rep.Calibrated == nil {
		rep.Calibrated = []string{}
	}
	return writeJSON(w, http.StatusOK, dataResult{rep})
}

// getRenewalBacktest replays the renewal forecast over the months of a
// period against what renewed.
func (h *handler) getRenewalBacktest(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "from", "to"); err != nil {
		return err
	}
	from, to, err := period(q)
	if err != nil {
		return err
	}
	bt, err := retention.RunBacktest(r.Context(), h.st, from, to)
	if err != nil {
		return wrap(err, "renewal backtest")
	}
	if bt.Calibration == nil {
		bt.Calibration = []retention.CalibrationBin{}
	}
	return writeJSON(w, http.StatusOK, dataResult{bt})
}
