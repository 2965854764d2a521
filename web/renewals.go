package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
)

// renewalsPerPage is the length of a page of the renewal list.
const renewalsPerPage = 25

// renewalsWindow is how far ahead the page looks: the last bucket.
const renewalsWindow = 180

// renewalsQuery is the state of the renewal list, all of it in the URL.
type renewalsQuery struct {
	Q, Owner, Segment, Color string
	Within                   int    // 30, 60, 90 or 180
	Sort                     string // a key of retention.RenewalSorts, "-" prefixed for descending
	Page                     int
	// AllOwners is an explicit "all owners": without an owner the list
	// shows the signed-in user's renewals when they own any.
	AllOwners bool
}

// renewalSortsFirstDesc are the columns a first click sorts largest first.
var renewalSortsFirstDesc = map[string]bool{"arr": true, "risk": false, "expected": false}

func parseRenewalsQuery(v url.Values) renewalsQuery {
	q := renewalsQuery{Q: strings.TrimSpace(v.Get("q")), Owner: v.Get("owner"), Segment: v.Get("segment"), Color: v.Get("color"), Sort: v.Get("sort")}
	if q.Owner == "all" {
		q.Owner, q.AllOwners = "", true
	}
	q.Within, _ = strconv.Atoi(v.Get("within"))
	if !slices.Contains(retention.Buckets, q.Within) {
		q.Within = renewalsWindow
	}
	if !slices.Contains(retention.RenewalSorts, strings.TrimPrefix(q.Sort, "-")) {
		q.Sort = "renewal"
	}
	q.Page, _ = strconv.Atoi(v.Get("page"))
	q.Page = max(q.Page, 1)
	return q
}

func (q renewalsQuery) values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"q", q.Q}, {"owner", q.Owner}, {"segment", q.Segment}, {"color", q.Color}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if q.AllOwners {
		v.Set("owner", "all")
	}
	if q.Within != renewalsWindow {
		v.Set("within", strconv.Itoa(q.Within))
	}
	if q.Sort != "renewal" {
		v.Set("sort", q.Sort)
	}
	return v
}

// url returns the list's URL for q, leaving defaults out.
func (q renewalsQuery) url() string {
	v := q.values()
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if len(v) == 0 {
		return "/renewals"
	}
	return "/renewals?" + v.Encode()
}

// csvURL is the export of the list as filtered and sorted, every page.
func (q renewalsQuery) csvURL() string {
	v := q.values()
	if len(v) == 0 {
		return "/renewals.csv"
	}
	return "/renewals.csv?" + v.Encode()
}

// Filtered reports whether any search or filter narrows the list.
func (q renewalsQuery) Filtered() bool {
	return q.Q != "" || q.Owner != "" || q.Segment != "" || q.Color != "" || q.Within != renewalsWindow
}

func (q renewalsQuery) header(key, label string) sortHeader {
	h := sortHeader{Label: label}
	next := q
	next.Page = 1
	switch q.Sort {
	case key:
		h.Dir, next.Sort = "asc", "-"+key
	case "-" + key:
		h.Dir, next.Sort = "desc", key
	default:
		next.Sort = key
		if renewalSortsFirstDesc[key] {
			next.Sort = "-" + key
		}
	}
	h.URL = next.url()
	return h
}

// filter keeps the renewals q selects.
func (q renewalsQuery) filter(rs []retention.Renewal) []retention.Renewal {
	var out []retention.Renewal
	needle := strings.ToLower(q.Q)
	for _, r := range rs {
		switch {
		case r.Days > q.Within:
		case q.Owner != "" && r.Owner != q.Owner:
		case q.Segment != "" && r.Segment != q.Segment:
		case q.Color != "" && r.Color != q.Color:
		case needle != "" && !strings.Contains(strings.ToLower(r.Name), needle) && !strings.Contains(strings.ToLower(r.Account), needle):
		default:
			out = append(out, r)
		}
	}
	return out
}

// loadRenewals builds the report for the page and the export, and applies
// the default owner: the signed-in user when they own a renewal.
func (s *server) loadRenewals(r *http.Request) (*retention.Report, renewalsQuery, error) {
	ctx := r.Context()
	q := parseRenewalsQuery(r.URL.Query())
	day, err := s.store.LatestHealthDay(ctx)
	if err != nil {
		return nil, q, err
	}
	o := retention.Options{Today: gtg.DayOf(s.now()), Within: renewalsWindow}
	if day != 0 {
		if o.Trends, err = s.trends.Get(ctx, s.store, day); err != nil {
			return nil, q, err
		}
	}
	rep, err := retention.Renewals(ctx, s.store, o)
	if err != nil {
		return nil, q, err
	}
	if _, set := r.URL.Query()["owner"]; !set {
		if sess := sessionFrom(ctx); sess != nil {
			for _, rn := range rep.Renewals {
				if rn.Owner == sess.user.Email {
					q.Owner = sess.user.Email
					break
				}
			}
		}
	}
	return rep, q, nil
}

// renewalListRow is a renewal as the list shows it.
type renewalListRow struct {
	retention.Renewal
	URL, PlanURL string
	OfferURL     string // the account's offers, when one is in play
	Date         renewal
	Health       healthBadge
	Expected     string // "92%"
	MethodLabel  string
}

// methodLabels say in words how a renewal's expected ARR was found.
var methodLabels = map[string]string{
	retention.MethodCalibrated:    "calibrated churn probability",
	retention.MethodColorRate:     "health color's renewal rate",
	retention.MethodPortfolioRate: "portfolio renewal rate (no history for the color)",
	retention.MethodNoHistory:     "no renewal history yet",
}

type bucketTile struct {
	Days                int
	Count               int
	ARR, Expected, Rate string
	URL                 string
	Active              bool
}

type rateView struct {
	Color, Label, Rate string
	Renewals           int
}

type renewalsPage struct {
	basePage
	Query                    renewalsQuery
	AsOf                     string
	Owners, Segments, Colors []string
	Buckets                  []bucketTile
	Rows                     []renewalListRow
	Total                    int
	TotalARR, TotalExpected  string
	Date, Name, Owner, ARR   sortHeader
	Health, Risk, Exp        sortHeader
	Page, Pages, From, To    int
	PrevURL, NextURL         string
	ClearURL, CSVURL         string
	ForecastChart            string
	Methods                  []string // "12 by health color's renewal rate"
	Rates                    []rateView
	Calibrated               []string
	BacktestURL              string
	BacktestFrom, BacktestTo string
	HasRenewals              bool
}

func (s *server) renewalsList(w http.ResponseWriter, r *http.Request) error {
	rep, q, err := s.loadRenewals(r)
	if err != nil {
		return fmt.Errorf("renewals: %w", err)
	}
	p := renewalsPage{basePage: s.base(r, "Renewals", "renewals"), Query: q, AsOf: formatDate(rep.AsOf),
		Colors: []string{gtg.Green, gtg.Yellow, gtg.Red, gtg.InsufficientData, retention.Unscored},
		Date:   q.header("renewal", "Renewal"), Name: q.header("name", "Account"), Owner: q.header("owner", "Owner"),
		ARR: q.header("arr", "ARR"), Health: q.header("health", "Health"), Risk: q.header("risk", "Risk"),
		Exp: q.header("expected", "Expected"), HasRenewals: len(rep.Renewals) > 0,
		CSVURL: q.csvURL(), Calibrated: rep.Calibrated}
	currency := oneCurrency(rep.Renewals)
	clear := renewalsQuery{Sort: q.Sort, Within: renewalsWindow, AllOwners: true}
	p.ClearURL = clear.url()
	// The buckets count what the other filters select, whatever the window.
	wide := q
	wide.Within = renewalsWindow
	selected := wide.filter(rep.Renewals)
	for _, b := range retention.Buckets {
		t := bucketTile{Days: b, Active: q.Within == b}
		var arr, exp float64
		for _, rn := range selected {
			if rn.Days <= b {
				t.Count++
				arr += rn.ARR
				exp += rn.ExpectedARR
			}
		}
		t.ARR, t.Expected = formatMoneyShort(arr, currency), formatMoneyShort(exp, currency)
		t.Rate = "—"
		if arr > 0 {
			t.Rate = strconv.Itoa(int(math.Round(100*exp/arr))) + "%"
		}
		next := q
		next.Within, next.Page = b, 1
		t.URL = next.url()
		p.Buckets = append(p.Buckets, t)
	}
	rows := q.filter(rep.Renewals)
	retention.SortRenewals(rows, q.Sort)
	p.Total = len(rows)
	var arr, exp float64
	for _, rn := range rows {
		arr += rn.ARR
		exp += rn.ExpectedARR
	}
	p.TotalARR, p.TotalExpected = formatMoneyShort(arr, currency), formatMoneyShort(exp, currency)
	p.Pages = max(1, (p.Total+renewalsPerPage-1)/renewalsPerPage)
	lo := min((q.Page-1)*renewalsPerPage, p.Total)
	hi := min(lo+renewalsPerPage, p.Total)
	for _, rn := range rows[lo:hi] {
		row := renewalListRow{Renewal: rn, URL: accountURL(rn.Account), Date: renewalOf(rn.RenewalDate, rep.AsOf),
			Expected: strconv.Itoa(int(math.Round(100*rn.Expected))) + "%", MethodLabel: methodLabels[rn.Method]}
		if rn.PlanID != 0 {
			row.PlanURL = fmt.Sprintf("/plans/%d", rn.PlanID)
		}
		if rn.OfferID != 0 {
			row.OfferURL = "/accounts/" + url.PathEscape(rn.Account) + "/offers"
		}
		if rn.Color != retention.Unscored {
			h := &gtg.Health{Color: rn.Color, Score: rn.Score}
			row.Health = badgeOf(h, nil)
			if rn.Trend != "" {
				row.Health.Movement = rn.Trend
				row.Health.Arrow = map[string]string{"up": "↑", "down": "↓", "flat": "→"}[rn.Trend]
				row.Health.ArrowTitle = fmt.Sprintf("30-day trend %s (%+.1f points a day)", rn.Trend, rn.Slope30)
			}
		}
		p.Rows = append(p.Rows, row)
	}
	if len(rows) > 0 {
		p.From, p.To = lo+1, hi
	}
	if q.Page > 1 {
		prev := q
		prev.Page = min(q.Page-1, p.Pages)
		p.PrevURL = prev.url()
	}
	if q.Page < p.Pages {
		next := q
		next.Page++
		p.NextURL = next.url()
	}

	w.Header().Add("Vary", "HX-Request")
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" {
		w.Header().Set("HX-Push-Url", q.url())
		return s.tmpl.render(w, http.StatusOK, "renewals", "results", p)
	}

	// The forecast of the whole portfolio, by month: the chart sits outside
	// the results the filters swap.
	p.ForecastChart = forecastChart(rep, rep.Renewals)
	for _, m := range retention.Methods {
		if n := rep.Methods[m]; n > 0 {
			p.Methods = append(p.Methods, fmt.Sprintf("%d by %s", n, methodLabels[m]))
		}
	}
	for _, c := range rep.Rates {
		v := rateView{Color: c.Color, Label: humanize(c.Color), Rate: "—", Renewals: c.Renewals}
		if c.Color == "all" {
			v.Label = "All renewals"
		}
		if c.Rate.Defined() {
			v.Rate = strconv.Itoa(int(math.Round(100*float64(c.Rate)))) + "%"
		}
		p.Rates = append(p.Rates, v)
	}
	mo, _ := rep.AsOf.Month()
	btTo := gtg.MonthStart(mo) - 1
	btFrom := gtg.MonthStart(mo - 12)
	p.BacktestFrom, p.BacktestTo = formatDate(btFrom), formatDate(btTo)
	p.BacktestURL = "/renewals/backtest?from=" + btFrom.String() + "&to=" + btTo.String()
	if p.Owners, p.Segments, err = s.store.AccountFacets(r.Context()); err != nil {
		return fmt.Errorf("renewals: facets: %w", err)
	}
	if q.Owner != "" && !slices.Contains(p.Owners, q.Owner) {
		p.Owners = append(p.Owners, q.Owner)
	}
	return s.page(w, http.StatusOK, "renewals", p)
}

// oneCurrency is the currency every renewal is in, or "" when they are in
// several: a bare total is the honest sum of several currencies.
func oneCurrency(rs []retention.Renewal) string {
	if len(rs) == 0 {
		return ""
	}
	for _, r := range rs[1:] {
		if r.Currency != rs[0].Currency {
			return ""
		}
	}
	return rs[0].Currency
}

// rchart is what retention.js draws: x as UTC seconds, one series per
// label, and how to draw and format them.
type rchart struct {
	X      []int64             `json:"x"`
	Series [][]retention.Ratio `json:"series"` // undefined points are null: a gap
	Labels []string            `json:"labels"`
	Kinds  []string            `json:"kinds"`  // "bars" or "line" per series
	Format string              `json:"format"` // "money" or "pct"
}

func (c rchart) json() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// forecastChart is the ARR due and expected to renew by month, for the
// selected renewals.
func forecastChart(rep *retention.Report, rs []retention.Renewal) string {
	c := rchart{Labels: []string{"ARR due", "Expected to renew"}, Kinds: []string{"bars", "line"}, Format: "money",
		Series: [][]retention.Ratio{{}, {}}}
	index := map[string]int{}
	for _, m := range rep.Forecast {
		d, _ := gtg.ParseDay(m.Month + "-01")
		index[m.Month] = len(c.X)
		c.X = append(c.X, d.Time().Unix())
		c.Series[0] = append(c.Series[0], 0)
		c.Series[1] = append(c.Series[1], 0)
	}
	for _, rn := range rs {
		if i, ok := index[rn.RenewalDate.String()[:7]]; ok {
			c.Series[0][i] += retention.Ratio(rn.ARR)
			c.Series[1][i] += retention.Ratio(rn.ExpectedARR)
		}
	}
	return c.json()
}
