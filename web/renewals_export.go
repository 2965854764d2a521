package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/csvexport"
	"github.com/gtg-dev/gtg/retention"
)

// writeCSV sends rows as a CSV download named file.
func writeCSV(w http.ResponseWriter, file string, rows [][]string) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	// Account names and notes come from customers' data: a cell that a
	// spreadsheet would run as a formula is made inert.
	cw := csvexport.NewWriter(w)
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write %s: %w", file, err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}

func fnum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// fratio writes a fraction, empty when undefined.
func fratio(r retention.Ratio) string {
	if !r.Defined() {
		return ""
	}
	return strconv.FormatFloat(float64(r), 'f', 6, 64)
}

// renewalsCSV exports the renewal list as filtered and sorted, every row.
func (s *server) renewalsCSV(w http.ResponseWriter, r *http.Request) error {
	rep, q, err := s.loadRenewals(r)
	if err != nil {
		return fmt.Errorf("renewals export: %w", err)
	}
	rows := q.filter(rep.Renewals)
	retention.SortRenewals(rows, q.Sort)
	out := [][]string{{"account_id", "name", "owner", "segment", "renewal_date", "days", "bucket", "arr", "currency",
		"color", "score", "trend", "risk_level", "plan_id", "expected_rate", "expected_arr", "method", "offer_id", "offer_rung"}}
	for _, rn := range rows {
		plan := ""
		if rn.PlanID != 0 {
			plan = strconv.FormatInt(rn.PlanID, 10)
		}
		offer := ""
		if rn.OfferID != 0 {
			offer = strconv.FormatInt(rn.OfferID, 10)
		}
		out = append(out, []string{rn.Account, rn.Name, rn.Owner, rn.Segment, rn.RenewalDate.String(), strconv.Itoa(rn.Days),
			strconv.Itoa(rn.Bucket), fnum(rn.ARR), rn.Currency, rn.Color, fnum(rn.Score), rn.Trend, rn.RiskLevel, plan,
			strconv.FormatFloat(rn.Expected, 'f', 6, 64), strconv.FormatFloat(rn.ExpectedARR, 'f', 2, 64), rn.Method, offer, rn.OfferRung})
	}
	return writeCSV(w, "renewals-"+rep.AsOf.String()+".csv", out)
}

// periodParams reads from and to, defaulting to def.
func periodParams(r *http.Request, defFrom, defTo gtg.Day) (gtg.Day, gtg.Day, error) {
	from, to := defFrom, defTo
	var err error
	if v := r.URL.Query().Get("from"); v != "" {
		if from, err = gtg.ParseDay(v); err != nil {
			return 0, 0, gtg.Errorf(gtg.EINVALID, "from: %s", gtg.ErrorMessage(err))
		}
	}
	if v := r.URL.Query().Get("to"); v != "" {
		if to, err = gtg.ParseDay(v); err != nil {
			return 0, 0, gtg.Errorf(gtg.EINVALID, "to: %s", gtg.ErrorMessage(err))
		}
	}
	return from, to, retention.CheckPeriod(from, to)
}

// retentionCSV exports the retention metrics month by month.
func (s *server) retentionCSV(w http.ResponseWriter, r *http.Request) error {
	today := gtg.DayOf(s.now())
	from, to, err := periodParams(r, retentionChartStart(today), today)
	if err != nil {
		return err
	}
	months, err := retention.LoadMonthly(r.Context(), s.store, from, to)
	if err != nil {
		return fmt.Errorf("retention export: %w", err)
	}
	out := [][]string{{"month", "accounts", "retained", "arr_from", "arr_to", "arr_kept", "grr", "nrr", "logo_retention",
		"plans_closed", "plans_retained", "save_rate"}}
	for _, m := range months {
		out = append(out, []string{m.Month, strconv.Itoa(m.Accounts), strconv.Itoa(m.Retained), fnum(m.ARRFrom), fnum(m.ARRTo),
			fnum(m.ARRKept), fratio(m.GRR), fratio(m.NRR), fratio(m.LogoRetention), strconv.Itoa(m.PlansClosed),
			strconv.Itoa(m.PlansRetained), fratio(m.SaveRate)})
	}
	return writeCSV(w, "retention-"+from.String()+"-"+to.String()+".csv", out)
}

// renewalBacktestCSV exports the forecast backtest month by month.
func (s *server) renewalBacktestCSV(w http.ResponseWriter, r *http.Request) error {
	from, to, err := s.backtestPeriod(r)
	if err != nil {
		return err
	}
	bt, err := retention.RunBacktest(r.Context(), s.store, from, to)
	if err != nil {
		return fmt.Errorf("renewal backtest export: %w", err)
	}
	out := [][]string{{"month", "renewals", "arr_due", "forecast", "actual", "error", "pct_error"}}
	for _, m := range bt.Months {
		out = append(out, []string{m.Month, strconv.Itoa(m.Renewals), fnum(m.ARR), strconv.FormatFloat(m.Forecast, 'f', 2, 64),
			fnum(m.Actual), strconv.FormatFloat(m.Error, 'f', 2, 64), fratio(m.PctError)})
	}
	return writeCSV(w, "renewal-backtest-"+from.String()+"-"+to.String()+".csv", out)
}
