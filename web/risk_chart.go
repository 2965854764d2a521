package web

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// riskChartWeeks is how far back the ARR-by-risk chart looks.
const riskChartWeeks = 12

// riskLevelColors are the chart colors of the risk levels, as the pills'.
var riskLevelColors = map[string]string{gtg.RiskHigh: "#dc2626", gtg.RiskMedium: "#ea580c", gtg.RiskLow: "#16a34a", "none": "#98a2b3"}

// riskARRChart is ARR by risk level now, as bars with the change over the
// chart's window, and weekly as lines.
type riskARRChart struct {
	Total string
	Weeks int
	Bars  []riskBar
	Chart string // the uPlot spec
}

type riskBar struct {
	Level  riskLevel
	Amount string
	Change string // "+$40k since 11 Sep"
	W      float64
}

// uplotSeries and uplotSpec are what assets/charts.js draws.
type uplotSeries struct {
	Label  string     `json:"label"`
	Color  string     `json:"color"`
	Values []*float64 `json:"values"`
}

type uplotSpec struct {
	Kind    string        `json:"kind"`
	Time    bool          `json:"time,omitempty"`
	X       []float64     `json:"x"`
	Series  []uplotSeries `json:"series"`
	Money   *string       `json:"money,omitempty"`
	XLabels []string      `json:"xlabels,omitempty"`
	Step    float64       `json:"step,omitempty"`
	Height  int           `json:"height,omitempty"`
}

func (u uplotSpec) json() string {
	b, _ := json.Marshal(u)
	return string(b)
}

// riskARR builds the chart for today.
func (s *server) riskARR(ctx context.Context, cur *money) (*riskARRChart, error) {
	today := gtg.DayOf(s.now())
	pts, err := save.RiskARRHistory(ctx, s.store, today, riskChartWeeks)
	if err != nil {
		return nil, fmt.Errorf("ARR by risk: %w", err)
	}
	c := &riskARRChart{Weeks: riskChartWeeks}
	levels := []string{gtg.RiskHigh, gtg.RiskMedium, gtg.RiskLow, "none"}
	spec := uplotSpec{Kind: "line", Time: true, Money: &cur.common, Height: 180}
	for _, p := range pts {
		spec.X = append(spec.X, float64(p.Day.Time().Unix()))
	}
	last, first := pts[len(pts)-1], pts[0]
	var top, total float64
	for _, l := range levels {
		top = max(top, last.ARR[l])
		total += last.ARR[l]
	}
	c.Total = cur.total(total)
	for _, l := range levels {
		lv := levelOf(l)
		if l == "none" {
			lv = riskLevel{Level: "none", Label: "Not assessed"}
		}
		sr := uplotSeries{Label: lv.Label, Color: riskLevelColors[l]}
		for _, p := range pts {
			v := p.ARR[l]
			sr.Values = append(sr.Values, &v)
		}
		spec.Series = append(spec.Series, sr)
		b := riskBar{Level: lv, Amount: cur.total(last.ARR[l])}
		if top > 0 {
			b.W = 100 * last.ARR[l] / top
		}
		if d := last.ARR[l] - first.ARR[l]; d != 0 {
			b.Change = "+" + cur.total(d)
			if d < 0 {
				b.Change = "−" + cur.total(-d)
			}
			b.Change += " since " + formatDate(first.Day)
		}
		c.Bars = append(c.Bars, b)
	}
	c.Chart = spec.json()
	return c, nil
}
