package scorecard

import (
	"testing"

	"github.com/gtg-dev/gtg"
)

func TestHistoryMeasures(t *testing.T) {
	// Twelve days ending on asOf: active 10, 6, 3 and 1 days ago (gaps 4,
	// 3, 2) with values 8, 6, 4, 2, and a missing day.
	hist := series(days("logins", 0, 8, 0, 0, 0, 6, nan, 0, 4, 0, 2, 0))
	burst := []*gtg.Event{ev("order", 20, ""), ev("order", 19, ""), ev("order", 19, ""), ev("order", 15, ""), ev("order", 5, ""),
		ev("order", -1, "")} // the last is after asOf
	runMeasureCases(t, []measureCase{
		{"MetricDaysSince", metric("days_since", "30d", ""), AccountData{Series: hist}, 1, ""},
		{"MetricDaysSinceNoneIsTheWindow", metric("days_since", "5d", ""), AccountData{Series: series(days("logins", 0, 0, 3, 0, 0, 0, 0, 0))}, 5, ""},
		{"MetricDaysSinceFirst", metric("days_since_first", "30d", ""), AccountData{Series: hist}, 10, ""},
		{"MetricDaysSinceFirstNoneIsMissing", metric("days_since_first", "30d", ""), AccountData{Series: series(days("logins", 0, 0))}, nan, ""},
		{"AvgActive", metric("avg_active", "30d", ""), AccountData{Series: hist}, 5, ""},
		{"AvgActiveInWindow", metric("avg_active", "4d", ""), AccountData{Series: hist}, 3, ""},
		// Gaps 4, 3, 2: shrinking by one day a gap.
		{"GapTrend", metric("gap_trend", "30d", ""), AccountData{Series: hist}, -1, ""},
		{"GapTrendNeedsThreeGaps", metric("gap_trend", "8d", ""), AccountData{Series: hist}, nan, ""},
		// Order days 20, 19, 15, 5 ago: gaps 1, 4, 10, growing 4.5 days a gap.
		{"EventGapTrend", event("gap_trend", "order", "365d", ""), AccountData{Events: burst}, 4.5, ""},
		{"EventDaysSinceFirst", event("days_since_first", "order", "365d", ""), AccountData{Events: burst}, 20, ""},
		{"EventDaysSinceFirstNoneIsMissing", event("days_since_first", "order", "365d", ""), AccountData{}, nan, ""},
	})
	sc := oneMeasure(t, metric("days_since", "30d", ""))
	if u := sc.Measures[1].Unit; u != UnitDaysSince {
		t.Errorf("metric days_since unit %q, want %q", u, UnitDaysSince)
	}
}
