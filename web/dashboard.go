package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
)

// Dashboard windows: movers over a week, exits from green within a month at
// the 30-day slope.
const (
	moverDays   = 7
	moverCount  = 10
	exitHorizon = 30
)

type dashboardPage struct {
	basePage
	Day       string // the scored day shown
	Scored    bool
	Total     int
	TotalARR  string
	Colors    []colorTile
	Risers    []moverView
	Fallers   []moverView
	Exits     []exitView
	ExitsMore *moreLink
	Green     float64
	MoversDay string // the day movers compare with
	// Open alerts: counts by severity, the most valuable few, and how many
	// budgets hold back.
	AlertCounts []sevCount
	TopAlerts   []alertView
	AlertsHeld  int
	// Retention is GRR and NRR month by month (nil: no ARR to measure).
	Retention *retentionCard
	Charts    dashCharts
}

// dashAlerts is how many alerts the dashboard lists, dashExits how many
// accounts trending out of green.
const (
	dashAlerts = 6
	dashExits  = 10
)

// openAlerts fills the dashboard's alerts card.
func (s *server) openAlerts(r *http.Request, p *dashboardPage) error {
	open, err := s.store.Alerts(r.Context(), gtg.AlertFilter{Statuses: []string{gtg.AlertOpen, gtg.AlertAcknowledged}})
	if err != nil {
		return err
	}
	bySev := map[string]int{}
	for _, a := range open {
		if a.Held {
			p.AlertsHeld++
			continue
		}
		bySev[a.Severity]++
		if len(p.TopAlerts) < dashAlerts {
			v := s.alertView(a, nil, "", "")
			p.TopAlerts = append(p.TopAlerts, v)
		}
	}
	for _, sev := range gtg.Severities {
		p.AlertCounts = append(p.AlertCounts, sevCount{Severity: sev, Count: bySev[sev]})
	}
	return nil
}

type colorTile struct {
	Color, Label string
	Count        int
	ARR          string
	Share        float64 // of all accounts, percent, for the stacked bar
	X            float64 // where its bar starts: the shares of the colors before it
}

type moverView struct {
	Name, URL     string
	Badge         healthBadge
	Before, After string
	Change        string
	Up            bool
}

type exitView struct {
	Name, URL string
	Badge     healthBadge
	Slope     string
	Days      string
}

func (s *server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := dashboardPage{basePage: s.base(r, "Dashboard", "dashboard"), Green: defaultGreen}
	day, healths, trends, err := s.latestHealth(ctx)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if err := s.openAlerts(r, &p); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if p.Retention, err = s.retentionView(ctx); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if day == 0 {
		return s.page(w, http.StatusOK, "dashboard", p)
	}
	p.Scored, p.Day = true, formatDate(day)
	byID, err := s.briefsByID(ctx, "")
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	cards, err := health.Cards(ctx, s.store)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	yellow := float64(defaultYellow)
	if c := cardFor(cards, "default"); c != nil {
		p.Green, yellow = c.Thresholds.Green, c.Thresholds.Yellow
	}
	p.Charts.Dist, p.Charts.DistCaption = scoreDistChart(healths, p.Green, yellow)
	if p.Charts.ARR, p.Charts.ARRCaption, err = s.arrByColorChart(ctx, day); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}

	// Counts and ARR by color, ARR totalled per currency (see gtg.Amounts).
	order := []string{gtg.Green, gtg.Yellow, gtg.Red, gtg.InsufficientData}
	count := map[string]int{}
	arr := map[string]gtg.Amounts{}
	total := gtg.Amounts{}
	for id, h := range healths {
		a := byID[id]
		if a == nil {
			continue
		}
		count[h.Color]++
		if arr[h.Color] == nil {
			arr[h.Color] = gtg.Amounts{}
		}
		arr[h.Color].Add(a.Currency, a.ARR)
		total.Add(a.Currency, a.ARR)
		p.Total++
	}
	for _, c := range order {
		t := colorTile{Color: c, Label: humanize(c), Count: count[c], ARR: formatAmounts(arr[c])}
		if p.Total > 0 {
			t.Share = math.Round(float64(count[c])*1000/float64(p.Total)) / 10
		}
		if n := len(p.Colors); n > 0 {
			t.X = p.Colors[n-1].X + p.Colors[n-1].Share
		}
		p.Colors = append(p.Colors, t)
	}
	p.TotalARR = formatAmounts(total)

	link := func(id int64) (string, string) {
		a := byID[id]
		if a == nil {
			return fmt.Sprintf("account %d", id), ""
		}
		return a.Name, "/accounts/" + url.PathEscape(a.ExternalID)
	}
	// Movers need only the week-old scores and colors: the light read.
	scores, err := s.store.ScoresOn(ctx, day-moverDays)
	if err != nil {
		return fmt.Errorf("dashboard: movers: %w", err)
	}
	before := make(map[int64]*gtg.Health, len(scores))
	for id, sc := range scores {
		before[id] = &gtg.Health{AccountID: id, Day: day - moverDays, Score: sc.Score, Color: sc.Color}
	}
	p.MoversDay = formatDate(day - moverDays)
	risers, fallers := health.Movers(healths, before, moverCount)
	mv := func(ms []health.Move) []moverView {
		var out []moverView
		for _, m := range ms {
			v := moverView{Badge: badgeOf(healths[m.AccountID], trends[m.AccountID]), Up: m.Change > 0,
				Before: fmt.Sprintf("%.0f", m.Before), After: fmt.Sprintf("%.0f", m.After), Change: fmt.Sprintf("%+.1f", m.Change)}
			v.Name, v.URL = link(m.AccountID)
			out = append(out, v)
		}
		return out
	}
	p.Risers, p.Fallers = mv(risers), mv(fallers)

	// One threshold for all: the default card's green (70 unless changed).
	for _, e := range health.TrendingOutOfGreen(trends, p.Green, exitHorizon) {
		v := exitView{Badge: badgeOf(healths[e.AccountID], trends[e.AccountID]),
			Slope: fmt.Sprintf("%+.2f/day", e.Slope), Days: fmt.Sprintf("%.0f", math.Ceil(e.DaysToYellow))}
		v.Name, v.URL = link(e.AccountID)
		p.Exits = append(p.Exits, v)
	}
	// The soonest exits first, a screen's worth; "Show more" adds the rest.
	n := shownLimit(r, "exits", dashExits, len(p.Exits))
	p.ExitsMore = more(r, "exits", "exits", min(n, len(p.Exits)), len(p.Exits), dashExits*2)
	p.Exits = p.Exits[:min(n, len(p.Exits))]
	return s.page(w, http.StatusOK, "dashboard", p)
}
