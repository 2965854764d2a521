package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/scorecard"
)

// Thresholds shown when the card that scored a snapshot is no longer known.
const (
	defaultGreen  = 70
	defaultYellow = 45
)

// healthBadge is an account's health as a colored badge with a trend arrow.
type healthBadge struct {
	Scored     bool   // false: never scored
	Score      string // "72", or "" with insufficient data
	Color      string // green, yellow, red, insufficient_data
	Label      string // "Green", "Insufficient data"
	Arrow      string // ↑ ↓ → or ""
	Movement   string // up, down, flat
	ArrowTitle string
}

func badgeOf(h *gtg.Health, t *health.Trend) healthBadge {
	if h == nil {
		return healthBadge{}
	}
	b := healthBadge{Scored: true, Color: h.Color, Label: humanize(h.Color)}
	if h.Color != gtg.InsufficientData {
		b.Score = strconv.Itoa(int(math.Round(h.Score)))
	}
	if t != nil && t.Movement != "" {
		b.Movement = t.Movement
		b.Arrow = map[string]string{"up": "↑", "down": "↓", "flat": "→"}[t.Movement]
		b.ArrowTitle = fmt.Sprintf("30-day trend %s (%+.1f points a day)", t.Movement, t.Slope30)
	}
	return b
}

// latestHealth returns every account's newest snapshot and trend, or nils
// when nothing has been scored yet.
func (s *server) latestHealth(ctx context.Context) (gtg.Day, map[int64]*gtg.Health, map[int64]*health.Trend, error) {
	day, err := s.store.LatestHealthDay(ctx)
	if err != nil || day == 0 {
		return 0, nil, nil, err
	}
	hs, err := s.latest.get(ctx, s.store, day, func() (map[int64]*gtg.Health, error) { return s.store.HealthOn(ctx, day) })
	if err != nil {
		return 0, nil, nil, err
	}
	trends, err := s.trends.Get(ctx, s.store, day)
	if err != nil {
		return 0, nil, nil, err
	}
	return day, hs, trends, nil
}

// cardFor finds the scorecard that made a snapshot among those in force, or
// nil when it has been replaced or removed.
func cardFor(cards []*scorecard.Scorecard, name string) *scorecard.Scorecard {
	for _, c := range cards {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// accountHealth is the health part of the account page.
type accountHealth struct {
	Badge         healthBadge
	Card          string // "default@3"
	Scored        string // the snapshot's date
	Coverage      string
	Chart         string // JSON for the score chart
	Green, Yellow float64
	Groups        []measureGroup
	Changes       []string
	ChangesSince  string // the date compared with, "" when there is no earlier snapshot
}

type measureGroup struct {
	Label    string
	Measures []measureRow
}

type measureRow struct {
	Label, Key    string
	Value, Points string
	Weight        string
	Missing       bool
}

// changeDays is how far back "what changed" looks.
const changeDays = 30

// accountHealthView builds the account page's health from its history
// (oldest first), or returns nil when the account was never scored.
func accountHealthView(hist []*gtg.Health, cards []*scorecard.Scorecard, t *health.Trend, from, to gtg.Day) *accountHealth {
	if len(hist) == 0 {
		return nil
	}
	last := hist[len(hist)-1]
	v := &accountHealth{
		Badge:    badgeOf(last, t),
		Card:     fmt.Sprintf("%s@%d", last.Scorecard, last.Version),
		Scored:   formatDate(last.Day),
		Coverage: fmt.Sprintf("%.0f%%", last.Coverage*100),
		Green:    defaultGreen, Yellow: defaultYellow,
	}
	labels := map[string]string{}
	groupLabels := map[string]string{}
	if c := cardFor(cards, last.Scorecard); c != nil {
		v.Green, v.Yellow = c.Thresholds.Green, c.Thresholds.Yellow
		for _, m := range c.Measures {
			labels[m.Key] = m.Label
		}
		for _, g := range c.Groups {
			groupLabels[g.Key] = g.Label
		}
	}
	label := func(key string, names map[string]string) string {
		if l := names[key]; l != "" {
			return l
		}
		return humanize(key)
	}

	// The chart: one point a day from from to to, null where the day has
	// no score, so its axis lines up with the usage chart's.
	byDay := map[gtg.Day]*gtg.Health{}
	for _, h := range hist {
		byDay[h.Day] = h
	}
	d := chartData{Labels: []string{"Health score"}, Series: [][]*float64{nil}}
	for day := from; day <= to; day++ {
		d.X = append(d.X, day.Time().Unix())
		var p *float64
		if h := byDay[day]; h != nil && h.Color != gtg.InsufficientData {
			sc := math.Round(h.Score*10) / 10
			p = &sc
		}
		d.Series[0] = append(d.Series[0], p)
	}
	b, _ := json.Marshal(struct {
		chartData
		Bands []float64 `json:"bands"`
	}{d, []float64{v.Green, v.Yellow}})
	v.Chart = string(b)

	// The breakdown, grouped in the snapshot's order, values as a person
	// reads them ("−38%", "12 days").
	card := cardFor(cards, last.Scorecard)
	cur := scorecard.FromSnapshot(card, last)
	for i, m := range last.Measures {
		gl := label(m.Group, groupLabels)
		j := slices.IndexFunc(v.Groups, func(g measureGroup) bool { return g.Label == gl })
		if j < 0 {
			v.Groups = append(v.Groups, measureGroup{Label: gl})
			j = len(v.Groups) - 1
		}
		// A text measure (a sentiment, a plan) keeps no number in the
		// snapshot: its value is the text its points name, not "no data".
		r := measureRow{Label: cur.Measures[i].Label, Key: m.Key, Missing: m.Missing}
		switch {
		case m.Missing && m.Weight > 0: // the card's points for no data still count
			r.Value = "no data"
			r.Points = strconv.FormatFloat(math.Round(m.Points), 'f', -1, 64)
			r.Weight = fmt.Sprintf("%.1f%%", m.Weight*100)
		case m.Missing || (math.IsNaN(m.Value) && cur.Measures[i].Text == ""):
			r.Value, r.Points, r.Weight, r.Missing = "no data", "—", "—", true
		default:
			r.Value = cur.Measures[i].Display()
			r.Points = strconv.FormatFloat(math.Round(m.Points), 'f', -1, 64)
			r.Weight = fmt.Sprintf("%.1f%%", m.Weight*100)
		}
		v.Groups[j].Measures = append(v.Groups[j].Measures, r)
	}

	// What changed: the snapshot changeDays before the latest, or the
	// nearest older one, explained measure by measure.
	var then *gtg.Health
	for _, h := range hist {
		if h.Day <= last.Day-changeDays {
			then = h
		}
	}
	if then != nil {
		v.ChangesSince = formatDate(then.Day)
		for _, r := range scorecard.Explain(scorecard.FromSnapshot(cardFor(cards, then.Scorecard), then), cur) {
			v.Changes = append(v.Changes, r.Text)
		}
	}
	return v
}
