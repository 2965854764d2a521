package scorecard

import (
	"math"
	"slices"

	"github.com/gtg-dev/gtg"
)

// Aggregates for purchase, login and usage histories, in the manner of
// recency-frequency-monetary models: how long since the last active day
// (metric days_since, beside the event one), how long since the first
// (days_since_first), the average of the active days (avg_active), and
// whether the gaps between active days are growing (gap_trend).
const (
	aggDaysSinceFirst = "days_since_first" // days since the first day with a value above zero, or the first event, in the window
	aggAvgActive      = "avg_active"       // metric: the average over the days with a value above zero
	aggGapTrend       = "gap_trend"        // least-squares change, in days, from one gap between active days to the next
)

// minGaps is the fewest gaps between active days a gap trend is fitted on.
const minGaps = 3

// rfmAggregate computes the history aggregates of a metric over vals, the
// values on the days from first to to (the as-of day); handled is false for
// other aggregates. A day is active when its value is above zero. Without
// an active day, days_since is the window's length (silent for at least
// that long) and the others have no value.
func rfmAggregate(agg string, vals []float64, first, to gtg.Day, window int) (v float64, ok, handled bool) {
	switch agg {
	case aggDaysSince, aggDaysSinceFirst, aggAvgActive, aggGapTrend:
	default:
		return 0, false, false
	}
	var days []gtg.Day
	sum := 0.0
	for k, x := range vals {
		if x > 0 { // NaN is not
			days = append(days, first+gtg.Day(k))
			sum += x
		}
	}
	if len(days) == 0 {
		if agg == aggDaysSince {
			return float64(window), true, true
		}
		return 0, false, true
	}
	switch agg {
	case aggDaysSince:
		return float64(to - days[len(days)-1]), true, true
	case aggDaysSinceFirst:
		return float64(to - days[0]), true, true
	case aggAvgActive:
		return sum / float64(len(days)), true, true
	}
	v, ok = gapTrend(days)
	return v, ok, true
}

// gapTrend is the least-squares slope of the gaps between successive
// distinct days, against their order: above zero, the gaps are growing.
// days must be sorted; it needs minGaps gaps.
func gapTrend(days []gtg.Day) (float64, bool) {
	var gaps []float64
	for k := 1; k < len(days); k++ {
		if d := days[k] - days[k-1]; d > 0 {
			gaps = append(gaps, float64(d))
		}
	}
	if len(gaps) < minGaps {
		return 0, false
	}
	var n, sx, sy, sxx, sxy float64
	for k, g := range gaps {
		x := float64(k)
		n++
		sx += x
		sy += g
		sxx += x * x
		sxy += x * g
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0, false
	}
	b := (n*sxy - sx*sy) / den
	if math.IsNaN(b) || math.IsInf(b, 0) {
		return 0, false
	}
	return b, true
}

// eventGapTrend is gapTrend over the days of events, in any order.
func eventGapTrend(days []int32) (float64, bool) {
	ds := make([]gtg.Day, len(days))
	for k, d := range days {
		ds[k] = gtg.Day(d)
	}
	slices.Sort(ds)
	return gapTrend(ds)
}
