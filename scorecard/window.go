package scorecard

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
)

// MaxWindow is the longest window a measure may use, in days: ten years is
// already more history than any health signal needs.
const MaxWindow = 3650

// parseWindow reads a window: "30d", "12w" or a bare number of days.
func parseWindow(s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1
	switch {
	case strings.HasSuffix(t, "d"):
		t = t[:len(t)-1]
	case strings.HasSuffix(t, "w"):
		t, mult = t[:len(t)-1], 7
	}
	n, err := strconv.Atoi(t)
	if err != nil || t == "" || t[0] == '+' || t[0] == '-' {
		return 0, fmt.Errorf("%q is not a window (want days like 30d, weeks like 12w, or a number of days)", s)
	}
	if n < 1 || n*mult > MaxWindow {
		return 0, fmt.Errorf("%q is not from 1 to %d days", s, MaxWindow)
	}
	return n * mult, nil
}

// Metric aggregates over a window.
const (
	aggSum           = "sum"
	aggAvg           = "avg"
	aggMin           = "min"
	aggMax           = "max"
	aggLast          = "last"
	aggActiveDays    = "active_days"    // days with a value above zero
	aggSlope         = "slope"          // least-squares change per day
	aggRelativeSlope = "relative_slope" // slope divided by the window's mean: -0.01 is falling 1% of the average a day
)

var metricAggs = []string{aggSum, aggAvg, aggMin, aggMax, aggLast, aggActiveDays, aggSlope, aggRelativeSlope,
	aggDaysSince, aggDaysSinceFirst, aggAvgActive, aggGapTrend}

// aggregate computes agg over s's values on the days [from, to], skipping
// days without data. ok is false when the window holds no data at all (or
// too little for a slope).
func aggregate(s *gtg.Series, agg string, from, to gtg.Day) (v float64, ok bool) {
	i0, i1 := int(from-s.From), int(to-s.From)
	i0 = max(i0, 0)
	i1 = min(i1, len(s.Values)-1)
	if i0 > i1 {
		return 0, false
	}
	vals := s.Values[i0 : i1+1]
	if v, ok, handled := rfmAggregate(agg, vals, s.From+gtg.Day(i0), to, int(to-from)+1); handled {
		return v, ok
	}
	switch agg {
	case aggLast:
		for i := len(vals) - 1; i >= 0; i-- {
			if !math.IsNaN(vals[i]) {
				return vals[i], true
			}
		}
		return 0, false
	case aggSlope, aggRelativeSlope:
		return slope(vals, agg == aggRelativeSlope)
	}
	n := 0
	sum, lo, hi, active := 0.0, math.Inf(1), math.Inf(-1), 0.0
	for _, x := range vals {
		if math.IsNaN(x) {
			continue
		}
		n++
		sum += x
		if x < lo { // not math.Min: NaN is skipped above, and this is the hot loop
			lo = x
		}
		if x > hi {
			hi = x
		}
		if x > 0 {
			active++
		}
	}
	if n == 0 {
		return 0, false
	}
	switch agg {
	case aggSum:
		return sum, true
	case aggAvg:
		return sum / float64(n), true
	case aggMin:
		return lo, true
	case aggMax:
		return hi, true
	case aggActiveDays:
		return active, true
	}
	return 0, false
}

// slope fits y = a + b·x by least squares over the days with data, x being
// the day's position in the window; relative divides b by the mean of y.
func slope(vals []float64, relative bool) (float64, bool) {
	var n, sx, sy, sxx, sxy float64
	for i, y := range vals {
		if math.IsNaN(y) {
			continue
		}
		x := float64(i)
		n++
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	den := n*sxx - sx*sx
	if n < 2 || den == 0 {
		return 0, false
	}
	b := (n*sxy - sx*sy) / den
	if !relative {
		return b, true
	}
	mean := sy / n
	if mean == 0 {
		return 0, false
	}
	return b / math.Abs(mean), true
}

// change compares a window's value with the previous window's: relative is
// (cur-prev)/|prev| (-0.38 for a 38% fall), absolute is cur-prev. A previous
// window at zero has no relative change unless the current one is zero too.
func change(kind string, cur, prev float64) (float64, bool) {
	if kind == changeAbsolute {
		return cur - prev, true
	}
	if prev == 0 {
		if cur == 0 {
			return 0, true
		}
		return 0, false
	}
	return (cur - prev) / math.Abs(prev), true
}

// Kinds of change versus the previous window.
const (
	changeRelative = "relative"
	changeAbsolute = "absolute"
)
