package api

import (
	"fmt"
	"math"
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// metricIn is one metric point as clients send it: gtg.MetricPoint names its
// account by internal id, which clients never see.
type metricIn struct {
	AccountID string   `json:"account_id"`
	Metric    string   `json:"metric"`
	Date      gtg.Day  `json:"date"`
	Value     *float64 `json:"value"` // a pointer, so a missing value is an error rather than 0
}

// seriesOut is a gtg.Series with null for days without data: JSON has no NaN.
type seriesOut struct {
	Metric string     `json:"metric"`
	From   gtg.Day    `json:"from"`
	Values []*float64 `json:"values"`
}

// maxSeriesDays bounds one series request (about ten years of days).
const maxSeriesDays = 3660

// defaultSeriesDays is the window returned when from is not given.
const defaultSeriesDays = 90

func (h *handler) listMetricKeys(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r.URL.Query()); err != nil {
		return err
	}
	keys, err := h.st.MetricKeys(r.Context())
	if err != nil {
		return fmt.Errorf("list metric keys: %w", err)
	}
	if keys == nil {
		keys = []string{}
	}
	return writeJSON(w, http.StatusOK, dataResult{keys})
}

// accountSeries returns daily series of an account's metrics from from to to
// (inclusive; default the last 90 days up to today).
func (h *handler) accountSeries(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "metric", "from", "to"); err != nil {
		return err
	}
	keys := q["metric"]
	for _, k := range keys {
		if !gtg.ValidKey(k) {
			return gtg.Errorf(gtg.EINVALID, "metric: %q must be lowercase letters, digits and _", k)
		}
	}
	from, err := dayParam(q, "from")
	if err != nil {
		return err
	}
	to, err := dayParam(q, "to")
	if err != nil {
		return err
	}
	if to == 0 {
		to = gtg.DayOf(h.now())
	}
	if from == 0 {
		from = to.AddDays(1 - defaultSeriesDays)
	}
	switch {
	case to < from:
		return gtg.Errorf(gtg.EINVALID, "to: %s is before from %s", to, from)
	case int(to-from) >= maxSeriesDays:
		return gtg.Errorf(gtg.EINVALID, "from: %s to %s is more than %d days; ask for a shorter range", from, to, maxSeriesDays)
	}
	a, err := h.st.Account(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	series, err := h.st.Series(r.Context(), a.ID, keys, from, to)
	if err != nil {
		return wrap(err, "read series of "+a.ExternalID)
	}
	out := make([]seriesOut, len(series))
	for i, s := range series {
		vals := make([]*float64, len(s.Values))
		for j := range s.Values {
			if !math.IsNaN(s.Values[j]) {
				vals[j] = &s.Values[j]
			}
		}
		out[i] = seriesOut{Metric: s.Key, From: s.From, Values: vals}
	}
	return writeJSON(w, http.StatusOK, dataResult{out})
}

// bulkMetrics merges daily metric points: a later value for the same
// account, metric and day replaces the earlier one.
func (h *handler) bulkMetrics(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	items, err := decodeItems[metricIn](body, maxMetricItems)
	if err != nil {
		return err
	}
	pts := make([]gtg.MetricPoint, len(items))
	ext := make([]string, len(items))
	for i, m := range items {
		switch {
		case m.AccountID == "":
			return gtg.Errorf(gtg.EINVALID, "%s.account_id: required", itemPath(i))
		case m.Value == nil:
			return gtg.Errorf(gtg.EINVALID, "%s.value: required", itemPath(i))
		}
		pts[i] = gtg.MetricPoint{Key: m.Metric, Day: m.Date, Value: *m.Value}
		if err := pts[i].Validate(); err != nil {
			return at(itemPath(i), err)
		}
		ext[i] = m.AccountID
	}
	res := bulkResult{Received: len(items)}
	err = h.st.InTx(r.Context(), func(tx *store.Tx) error {
		ids, err := resolveAccounts(r.Context(), tx, ext)
		if err != nil {
			return err
		}
		for i := range pts {
			pts[i].AccountID = ids[i]
		}
		if res.Changed, err = tx.MergeMetrics(r.Context(), pts); err != nil {
			return err
		}
		return auditBulk(r.Context(), tx, r, "metric", res)
	})
	if err != nil {
		return wrap(err, "merge metrics")
	}
	return writeJSON(w, http.StatusOK, res)
}
