package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
)

// backtestPeriod is the period of the renewal backtest: from and to, by
// default the twelve full months before this one.
func (s *server) backtestPeriod(r *http.Request) (gtg.Day, gtg.Day, error) {
	mo, _ := gtg.DayOf(s.now()).Month()
	return periodParams(r, gtg.MonthStart(mo-12), gtg.MonthStart(mo)-1)
}

type calibView struct {
	Range, Predicted, Observed string
	Renewals                   int
}

type renewalBacktestView struct {
	Chart                   string
	Forecast, Actual, Error string
	PctError, MAPE          string
	BaseError, BaseMAPE     string // the baseline: all the ARR due renews
	Months                  int
	Calibration             []calibView
	Methods                 []string
	CSVURL, Period          string
	Empty                   bool
}

func pctOf(r retention.Ratio) string {
	if !r.Defined() {
		return "—"
	}
	return strconv.FormatFloat(100*float64(r), 'f', 1, 64) + "%"
}

// renewalBacktest is the backtest card of the renewals page, loaded after
// the page (htmx) since it replays a year.
func (s *server) renewalBacktest(w http.ResponseWriter, r *http.Request) error {
	from, to, err := s.backtestPeriod(r)
	if err != nil {
		return err
	}
	bt, err := retention.RunBacktest(r.Context(), s.store, from, to)
	if err != nil {
		return fmt.Errorf("renewal backtest: %w", err)
	}
	v := renewalBacktestView{Forecast: formatMoneyShort(bt.Forecast, ""), Actual: formatMoneyShort(bt.Actual, ""),
		Error: formatMoneyShort(bt.Error, ""), PctError: pctOf(bt.PctError), MAPE: pctOf(bt.MAPE), Months: len(bt.Months),
		BaseError: pctOf(bt.BaselinePctError), BaseMAPE: pctOf(bt.BaselineMAPE),
		Period: formatDate(from) + " – " + formatDate(to),
		CSVURL: "/renewals/backtest.csv?from=" + from.String() + "&to=" + to.String()}
	if bt.Error > 0 {
		v.Error = "+" + v.Error
	}
	c := rchart{Labels: []string{"Forecast", "Actual", "ARR due (baseline)"}, Kinds: []string{"line", "line", "line"}, Format: "money",
		Series: [][]retention.Ratio{{}, {}, {}}}
	var n int
	for _, m := range bt.Months {
		d, _ := gtg.ParseDay(m.Month + "-01")
		c.X = append(c.X, d.Time().Unix())
		c.Series[0] = append(c.Series[0], retention.Ratio(math.Round(m.Forecast)))
		c.Series[1] = append(c.Series[1], retention.Ratio(m.Actual))
		c.Series[2] = append(c.Series[2], retention.Ratio(m.ARR))
		n += m.Renewals
	}
	v.Chart = c.json()
	v.Empty = n == 0
	for _, b := range bt.Calibration {
		hi := "+"
		if b.Hi.Defined() {
			hi = "–" + strconv.Itoa(int(math.Round(100*float64(b.Hi)))) + "%"
		}
		v.Calibration = append(v.Calibration, calibView{Range: strconv.Itoa(int(math.Round(100*b.Lo))) + "%" + hi,
			Predicted: pctOf(b.Predicted), Observed: pctOf(b.Observed), Renewals: b.Renewals})
	}
	for _, m := range retention.Methods {
		if k := bt.Methods[m]; k > 0 {
			v.Methods = append(v.Methods, fmt.Sprintf("%d by %s", k, methodLabels[m]))
		}
	}
	return s.tmpl.render(w, http.StatusOK, "renewals", "backtest", v)
}
