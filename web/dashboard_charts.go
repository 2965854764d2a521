package web

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// The dashboard's charts: ARR by color weekly over arrChartWeeks, and the
// score distribution in bins of scoreBin points.
const (
	arrChartWeeks = 26
	scoreBin      = 5
)

// healthColors are the chart colors of the health colors, as the badges'.
var healthColors = map[string]string{gtg.Green: "#16a34a", gtg.Yellow: "#ca8a04", gtg.Red: "#dc2626", gtg.InsufficientData: "#98a2b3"}

// dashCharts is the dashboard's two charts and their captions.
type dashCharts struct {
	ARR, ARRCaption   string
	Dist, DistCaption string
}

// arrByColorChart is the weekly ARR by color in the portfolio's main
// currency (sums never mix currencies); the caption says what is left out.
func (s *server) arrByColorChart(ctx context.Context, day gtg.Day) (string, string, error) {
	v, err := s.arrChart.get(ctx, s.store, day, func() (arrChartValue, error) {
		var days []gtg.Day
		for w := arrChartWeeks - 1; w >= 0; w-- {
			days = append(days, day-gtg.Day(7*w))
		}
		rows, err := s.store.ARRByColor(ctx, days)
		if err != nil {
			return arrChartValue{}, err
		}
		return arrChartOf(days, rows), nil
	})
	return v.spec, v.caption, err
}

// arrChartValue is the chart's spec and caption.
type arrChartValue struct{ spec, caption string }

// arrChartOf lays out ARRByColor rows as the chart.
func arrChartOf(days []gtg.Day, rows []store.ColorARR) arrChartValue {
	perCur := map[string]float64{}
	for _, r := range rows {
		if r.Day == days[len(days)-1] {
			perCur[r.Currency] += r.ARR
		}
	}
	main := ""
	for c, v := range perCur {
		if main == "" || v > perCur[main] || v == perCur[main] && c < main {
			main = c
		}
	}
	byDay := map[gtg.Day]map[string]float64{}
	others := map[string]bool{}
	for _, r := range rows {
		if r.Currency != main {
			others[r.Currency] = true
			continue
		}
		if byDay[r.Day] == nil {
			byDay[r.Day] = map[string]float64{}
		}
		byDay[r.Day][r.Color] += r.ARR
	}
	spec := uplotSpec{Kind: "line", Time: true, Money: &main, Height: 200}
	for _, d := range days {
		spec.X = append(spec.X, float64(d.Time().Unix()))
	}
	for _, c := range []string{gtg.Green, gtg.Yellow, gtg.Red, gtg.InsufficientData} {
		sr := uplotSeries{Label: humanize(c), Color: healthColors[c]}
		for _, d := range days {
			var p *float64
			if m := byDay[d]; m != nil {
				v := m[c]
				p = &v
			}
			sr.Values = append(sr.Values, p)
		}
		spec.Series = append(spec.Series, sr)
	}
	caption := fmt.Sprintf("Weekly, today's ARR of the accounts of each color, in %s.", cmpOr(main, "one currency"))
	if len(others) > 0 {
		var cs []string
		for c := range others {
			if c != "" {
				cs = append(cs, c)
			}
		}
		slices.Sort(cs)
		caption += fmt.Sprintf(" Accounts billed in %s are left out rather than added across currencies.", strings.Join(cs, ", "))
	}
	return arrChartValue{spec.json(), caption}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// scoreDistChart is a histogram of the latest scores, each bin colored by
// the band it falls in under the default card's thresholds.
func scoreDistChart(hs map[int64]*gtg.Health, green, yellow float64) (string, string) {
	bins := 100 / scoreBin
	counts := make([]float64, bins)
	insufficient := 0
	for _, h := range hs {
		if h.Color == gtg.InsufficientData {
			insufficient++
			continue
		}
		i := min(int(math.Floor(h.Score/scoreBin)), bins-1)
		counts[max(i, 0)]++
	}
	spec := uplotSpec{Kind: "bars", Height: 200, Step: scoreBin}
	bands := []struct {
		label, color string
		lo, hi       float64
	}{{"Red", healthColors[gtg.Red], 0, yellow}, {"Yellow", healthColors[gtg.Yellow], yellow, green}, {"Green", healthColors[gtg.Green], green, 101}}
	for i := 0; i < bins; i++ {
		lo := float64(i * scoreBin)
		spec.X = append(spec.X, lo+scoreBin/2.0)
		spec.XLabels = append(spec.XLabels, fmt.Sprintf("%d–%d", i*scoreBin, (i+1)*scoreBin))
	}
	for _, b := range bands {
		sr := uplotSeries{Label: b.label, Color: b.color}
		for i := 0; i < bins; i++ {
			mid := float64(i*scoreBin) + scoreBin/2.0
			var p *float64
			if mid >= b.lo && mid < b.hi {
				v := counts[i]
				p = &v
			}
			sr.Values = append(sr.Values, p)
		}
		spec.Series = append(spec.Series, sr)
	}
	caption := fmt.Sprintf("Accounts by score, in bins of %d points; yellow from %g, green from %g.", scoreBin, yellow, green)
	if insufficient > 0 {
		caption += fmt.Sprintf(" %d with too little data to score are not shown.", insufficient)
	}
	return spec.json(), caption
}
