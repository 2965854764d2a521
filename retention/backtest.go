package retention

import (
	"context"
	"math"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// BacktestMonth is one month's forecast, made on its first day with only
// what was known then, against what renewed.
type BacktestMonth struct {
	Month    string  `json:"month"` // YYYY-MM
	Renewals int     `json:"renewals"`
	ARR      float64 `json:"arr"`      // up for renewal, on the forecast day
	Forecast float64 `json:"forecast"` // expected renewing ARR
	Actual   float64 `json:"actual"`   // each account's ARR on its renewal date
	Error    float64 `json:"error"`    // forecast − actual
	// PctError is the error as a share of the actual.
	PctError Ratio          `json:"pct_error"`
	Methods  map[string]int `json:"methods"`
}

// CalibrationBin compares forecast and actual renewals whose expected rate
// fell in [Lo, Hi).
type CalibrationBin struct {
	Lo       float64 `json:"lo"`
	Hi       Ratio   `json:"hi"` // null for the open top bin
	Renewals int     `json:"renewals"`
	ARR      float64 `json:"arr"`
	Forecast float64 `json:"forecast"`
	Actual   float64 `json:"actual"`
	// Predicted and Observed are Forecast and Actual as shares of ARR.
	Predicted Ratio `json:"predicted"`
	Observed  Ratio `json:"observed"`
}

// Backtest is the renewal forecast replayed over past months.
type Backtest struct {
	From     gtg.Day         `json:"from"`
	To       gtg.Day         `json:"to"`
	Months   []BacktestMonth `json:"months"`
	Forecast float64         `json:"forecast"`
	Actual   float64         `json:"actual"`
	Error    float64         `json:"error"` // Σ forecast − Σ actual
	PctError Ratio           `json:"pct_error"`
	// MAPE is the mean of the months' absolute percentage errors (months
	// with no renewing ARR left out).
	MAPE        Ratio            `json:"mape"`
	Calibration []CalibrationBin `json:"calibration"`
	Methods     map[string]int   `json:"methods"`
	// The baseline forecasts that all the ARR due renews as it is: a
	// forecast worth having beats it.
	BaselinePctError Ratio `json:"baseline_pct_error"`
	BaselineMAPE     Ratio `json:"baseline_mape"`
}

// calibrationEdges are the bin edges of expected renewal rates.
var calibrationEdges = []float64{0, 0.5, 0.7, 0.8, 0.9, 0.95, 1, 1.05, math.Inf(1)}

// RunBacktest replays the renewal forecast for every month from the one
// holding from to the one holding to. Each month is forecast on the day
// before it begins, as it would have been then: the renewal dates and ARR the accounts
// had that day (the account history and the outcomes up to it), their
// health on it (the newest stored snapshot at most Staleness days old) and
// the renewal rates of the renewals before it. The actual is each
// account's ARR on its renewal date, by the ARR definition (0 when it
// churned or paused by then).
//
// What the replay cannot roll back: the calibrated cards are those in
// force today.
func RunBacktest(ctx context.Context, st *store.Store, from, to gtg.Day) (*Backtest, error) {
	if err := CheckPeriod(from, to); err != nil {
		return nil, err
	}
	l, err := LoadLedger(ctx, st)
	if err != nil {
		return nil, err
	}
	first, _ := from.Month()
	last, _ := to.Month()
	h, err := loadHistory(ctx, st, l, gtg.MonthStart(last+1))
	if err != nil {
		return nil, err
	}
	cards, err := calibratedCards(ctx, st)
	if err != nil {
		return nil, err
	}
	type due struct {
		a   *gtg.Account
		day gtg.Day // forecast day
		on  gtg.Day // renewal date known on it
		arr float64
	}
	var dues [][]due
	needs := map[int64][]gtg.Day{}
	for mo := first; mo <= last; mo++ {
		// The forecast is made on the eve of the month, so a renewal on
		// its first day is still ahead (the renewal rolls the date on).
		start, end := gtg.MonthStart(mo), gtg.MonthStart(mo+1)-1
		d := start - 1
		var ds []due
		for _, a := range l.Accounts {
			then := l.AsOf(a, d)
			if then.RenewalDate < start || then.RenewalDate > end {
				continue
			}
			arr := l.ARROn(a, d)
			if arr <= 0 {
				continue
			}
			ds = append(ds, due{a, d, then.RenewalDate, arr})
			needs[a.ID] = append(needs[a.ID], d)
		}
		dues = append(dues, ds)
	}
	healths, err := healthAt(ctx, st, needs)
	if err != nil {
		return nil, err
	}
	bt := &Backtest{From: from, To: to, Methods: map[string]int{}}
	bins := make([]CalibrationBin, len(calibrationEdges)-1)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = calibrationEdges[i], Ratio(calibrationEdges[i+1])
	}
	var apes, baseAPEs []float64
	var arrDue float64
	for i, ds := range dues {
		mo := gtg.MonthStart(first + i)
		p := &Predictor{Rates: h.ratesBefore(mo), Cards: cards} // the renewals up to the eve
		m := BacktestMonth{Month: mo.String()[:7], Methods: map[string]int{}}
		for _, x := range ds {
			rate, method := p.Predict(healths[point{x.a.ID, x.day}])
			f, act := x.arr*rate, l.ARROn(x.a, x.on)
			m.Renewals++
			m.ARR += x.arr
			m.Forecast += f
			m.Actual += act
			m.Methods[method]++
			bt.Methods[method]++
			for k := range bins {
				if rate >= bins[k].Lo && rate < float64(bins[k].Hi) {
					b := &bins[k]
					b.Renewals++
					b.ARR += x.arr
					b.Forecast += f
					b.Actual += act
					break
				}
			}
		}
		m.Error = m.Forecast - m.Actual
		m.PctError = ratio(m.Error, m.Actual)
		if m.PctError.Defined() {
			apes = append(apes, math.Abs(float64(m.PctError)))
			baseAPEs = append(baseAPEs, math.Abs(m.ARR-m.Actual)/m.Actual)
		}
		arrDue += m.ARR
		bt.Forecast += m.Forecast
		bt.Actual += m.Actual
		bt.Months = append(bt.Months, m)
	}
	bt.Error = bt.Forecast - bt.Actual
	bt.PctError = ratio(bt.Error, bt.Actual)
	bt.MAPE, bt.BaselineMAPE = mean(apes), mean(baseAPEs)
	bt.BaselinePctError = ratio(arrDue-bt.Actual, bt.Actual)
	for _, b := range bins {
		if b.Renewals == 0 {
			continue
		}
		b.Predicted, b.Observed = ratio(b.Forecast, b.ARR), ratio(b.Actual, b.ARR)
		bt.Calibration = append(bt.Calibration, b)
	}
	return bt, nil
}

// mean is the mean of vs, undefined for none.
func mean(vs []float64) Ratio {
	var sum float64
	for _, v := range vs {
		sum += v
	}
	return ratio(sum, float64(len(vs)))
}
