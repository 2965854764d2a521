package retention

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/store"
)

// Buckets are the renewal windows, in days from today.
var Buckets = []int{30, 60, 90, 180}

// MaxWithin is the furthest ahead the renewal list looks.
const MaxWithin = 366

// Renewal is an account whose renewal falls in the window, with what is
// expected of it.
type Renewal struct {
	AccountID   int64   `json:"-"`
	Account     string  `json:"account_id"`
	Name        string  `json:"name"`
	Owner       string  `json:"owner"`
	Segment     string  `json:"segment"`
	Currency    string  `json:"currency"`
	RenewalDate gtg.Day `json:"renewal_date"`
	Days        int     `json:"days"`   // from today
	Bucket      int     `json:"bucket"` // the first of Buckets it falls within (0 past the last)
	ARR         float64 `json:"arr"`
	Color       string  `json:"color"` // unscored when there is no snapshot
	Score       float64 `json:"score"`
	Trend       string  `json:"trend,omitempty"` // up, down or flat
	Slope30     float64 `json:"slope_30d"`
	RiskLevel   string  `json:"risk_level,omitempty"`
	PlanID      int64   `json:"plan_id,omitempty"` // the open get-to-green plan
	// OfferID and OfferRung name the save-ladder offer in play (proposed,
	// waiting for approval or approved, not yet taken up by the customer).
	OfferID   int64  `json:"offer_id,omitempty"`
	OfferRung string `json:"offer_rung,omitempty"`
	// Expected is the share of the ARR expected to renew, by Method.
	Expected    float64 `json:"expected_rate"`
	ExpectedARR float64 `json:"expected_arr"`
	Method      string  `json:"method"`
}

// ForecastMonth is the renewing ARR expected in one calendar month.
type ForecastMonth struct {
	Month       string         `json:"month"` // YYYY-MM
	Renewals    int            `json:"renewals"`
	ARR         float64        `json:"arr"`
	ExpectedARR float64        `json:"expected_arr"`
	Methods     map[string]int `json:"methods"` // renewals forecast by each method
}

// Report is the renewals due within a window and the forecast of them.
type Report struct {
	AsOf     gtg.Day         `json:"as_of"`
	Within   int             `json:"within_days"`
	Renewals []Renewal       `json:"renewals"`
	Forecast []ForecastMonth `json:"forecast"`
	// Rates are the historical renewal rates by color the forecast used.
	Rates   []ColorRate    `json:"rates"`
	Methods map[string]int `json:"methods"`
	// Calibrated names the calibrated cards in force.
	Calibrated []string `json:"calibrated_cards"`
}

// Options say which renewals to report.
type Options struct {
	Today  gtg.Day
	Within int // days ahead, default 90, at most MaxWithin
	// Trends, when set, are today's health trends (the pages keep them
	// cached); otherwise they are computed.
	Trends map[int64]*health.Trend
}

// Renewals returns the accounts with ARR whose renewal date falls from
// today to Within days ahead, nearest first, each with its health, trend,
// risk level, open plan and expected renewing ARR, and the forecast by month.
func Renewals(ctx context.Context, st *store.Store, o Options) (*Report, error) {
	if o.Within == 0 {
		o.Within = 90
	}
	if o.Within < 0 || o.Within > MaxWithin {
		return nil, gtg.Errorf(gtg.EINVALID, "within: %d days is not from 1 to %d", o.Within, MaxWithin)
	}
	if o.Today == 0 {
		o.Today = gtg.DayOf(st.Now())
	}
	l, err := LoadLedger(ctx, st)
	if err != nil {
		return nil, err
	}
	h, err := loadHistory(ctx, st, l, o.Today)
	if err != nil {
		return nil, err
	}
	p := &Predictor{Rates: h.ratesBefore(o.Today)}
	if p.Cards, err = calibratedCards(ctx, st); err != nil {
		return nil, err
	}
	needs := map[int64][]gtg.Day{}
	var due []*gtg.Account
	for _, a := range l.Accounts {
		if a.RenewalDate < o.Today || a.RenewalDate > o.Today+gtg.Day(o.Within) || l.ARROn(a, o.Today) <= 0 {
			continue
		}
		due = append(due, a)
		needs[a.ID] = []gtg.Day{o.Today}
	}
	healths, err := healthAt(ctx, st, needs)
	if err != nil {
		return nil, err
	}
	trends := o.Trends
	if trends == nil {
		if trends, err = health.Trends(ctx, st, 0); err != nil {
			return nil, fmt.Errorf("renewals: %w", err)
		}
	}
	risks, err := st.RiskProfilesAt(ctx, st.Now())
	if err != nil {
		return nil, fmt.Errorf("renewals: %w", err)
	}
	plans, err := st.Plans(ctx, gtg.PlanFilter{Status: gtg.PlanOpen})
	if err != nil {
		return nil, fmt.Errorf("renewals: %w", err)
	}
	openPlan := map[int64]int64{}
	for _, pl := range plans {
		if openPlan[pl.AccountID] == 0 {
			openPlan[pl.AccountID] = pl.ID
		}
	}
	offers, err := st.Offers(ctx, gtg.OfferFilter{Statuses: gtg.OfferOpenStatuses})
	if err != nil {
		return nil, fmt.Errorf("renewals: %w", err)
	}
	openOffer := map[int64]*gtg.Offer{}
	for _, of := range offers {
		if openOffer[of.AccountID] == nil {
			openOffer[of.AccountID] = of
		}
	}
	r := &Report{AsOf: o.Today, Within: o.Within, Rates: p.Rates.List(), Methods: map[string]int{}, Renewals: []Renewal{}, Forecast: []ForecastMonth{}}
	for name := range p.Cards {
		r.Calibrated = append(r.Calibrated, name)
	}
	months := map[string]*ForecastMonth{}
	for _, a := range due {
		hh := healths[point{a.ID, o.Today}]
		rate, method := p.Predict(hh)
		arr := l.ARROn(a, o.Today)
		rn := Renewal{AccountID: a.ID, Account: a.ExternalID, Name: a.Name, Owner: a.Owner, Segment: a.Segment, Currency: a.Currency,
			RenewalDate: a.RenewalDate, Days: int(a.RenewalDate - o.Today), ARR: arr, Color: hh.Color, Score: hh.Score,
			PlanID: openPlan[a.ID], Expected: rate, ExpectedARR: arr * rate, Method: method}
		if of := openOffer[a.ID]; of != nil {
			rn.OfferID, rn.OfferRung = of.ID, of.Rung
		}
		for _, b := range Buckets {
			if rn.Days <= b {
				rn.Bucket = b
				break
			}
		}
		if t := trends[a.ID]; t != nil {
			rn.Trend, rn.Slope30 = t.Movement, t.Slope30
		}
		if rp := risks[a.ID]; rp != nil {
			rn.RiskLevel = rp.Level
		}
		r.Renewals = append(r.Renewals, rn)
		r.Methods[method]++
		key := a.RenewalDate.String()[:7]
		m := months[key]
		if m == nil {
			m = &ForecastMonth{Month: key, Methods: map[string]int{}}
			months[key] = m
		}
		m.Renewals++
		m.ARR += arr
		m.ExpectedARR += rn.ExpectedARR
		m.Methods[method]++
	}
	sortRenewals(r.Renewals, "renewal")
	first, _ := o.Today.Month()
	last, _ := (o.Today + gtg.Day(o.Within)).Month()
	for mo := first; mo <= last; mo++ {
		key := gtg.MonthStart(mo).String()[:7]
		if m := months[key]; m != nil {
			r.Forecast = append(r.Forecast, *m)
		} else {
			r.Forecast = append(r.Forecast, ForecastMonth{Month: key, Methods: map[string]int{}})
		}
	}
	return r, nil
}
