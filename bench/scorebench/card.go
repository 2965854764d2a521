package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg/scorecard"
)

// benchCard is the benchmark scorecard as data, so that the YAML gtg parses
// and the SQL baseline are written from one description and cannot drift.
// It reads only daily metrics, with windows of 90 days (or the last 30 days
// against the 30 before), and uses only what SQL can express: avg, sum, max
// and active days over a window, per seat or per another metric, relative
// change, bands, weighted groups, renormalisation over what has data,
// min_coverage and thresholds.
type benchCard struct {
	name        string
	version     int
	minCoverage float64
	green       float64
	yellow      float64
	groups      []benchGroup
	measures    []benchMeasure
}

type benchGroup struct {
	key      string
	weight   float64
	measures []weighted
}

type weighted struct {
	key    string
	weight float64
}

type benchMeasure struct {
	key    string
	metric string
	agg    string // avg, sum, max or active_days
	window int    // days
	change bool   // relative change against the window before
	per    string // "", "account.seats" or a metric key
	bands  []band // from low values to high; the last max is +Inf
}

type band struct{ max, points float64 }

var inf = math.Inf(1)

// newBenchCard builds the card over the demo's metrics: the 8 built-in ones
// and extras feature_01… (keys as demo.MetricKeys gives them).
func newBenchCard(metrics []string) (*benchCard, error) {
	has := map[string]bool{}
	for _, k := range metrics {
		has[k] = true
	}
	for _, k := range []string{"active_users", "logins", "api_calls", "seats_used",
		"feature_reports", "feature_dashboards", "feature_integrations", "session_minutes"} {
		if !has[k] {
			return nil, fmt.Errorf("benchmark card: the demo has no metric %q", k)
		}
	}
	changeBands := []band{{-0.3, 0}, {-0.15, 30}, {-0.05, 70}, {inf, 100}}
	c := &benchCard{name: "scorebench", version: 1, minCoverage: 0.5, green: 70, yellow: 45}
	c.measures = []benchMeasure{
		{key: "active_users_per_seat", metric: "active_users", agg: "avg", window: 90, per: "account.seats",
			bands: []band{{0.1, 0}, {0.2, 40}, {0.3, 75}, {inf, 100}}},
		{key: "active_users_change", metric: "active_users", agg: "avg", window: 30, change: true, bands: changeBands},
		{key: "seats_used_per_seat", metric: "seats_used", agg: "avg", window: 90, per: "account.seats",
			bands: []band{{0.5, 0}, {0.65, 40}, {0.8, 75}, {inf, 100}}},
		{key: "api_calls_per_seat", metric: "api_calls", agg: "avg", window: 90, per: "account.seats",
			bands: []band{{1, 20}, {5, 50}, {15, 80}, {inf, 100}}},
		{key: "logins_per_user", metric: "logins", agg: "sum", window: 90, per: "active_users",
			bands: []band{{1.1, 0}, {1.4, 50}, {1.7, 80}, {inf, 100}}},
		{key: "logins_change", metric: "logins", agg: "sum", window: 30, change: true, bands: changeBands},
		{key: "minutes_per_user", metric: "session_minutes", agg: "sum", window: 90, per: "active_users",
			bands: []band{{15, 0}, {25, 50}, {35, 80}, {inf, 100}}},
		{key: "minutes_peak_per_seat", metric: "session_minutes", agg: "max", window: 90, per: "account.seats",
			bands: []band{{5, 0}, {10, 50}, {20, 80}, {inf, 100}}},
		{key: "reports_days", metric: "feature_reports", agg: "active_days", window: 90,
			bands: []band{{20, 0}, {40, 50}, {55, 80}, {inf, 100}}},
		{key: "dashboards_days", metric: "feature_dashboards", agg: "active_days", window: 90,
			bands: []band{{20, 0}, {40, 50}, {55, 80}, {inf, 100}}},
		{key: "integrations_days", metric: "feature_integrations", agg: "active_days", window: 90,
			bands: []band{{5, 0}, {20, 50}, {40, 80}, {inf, 100}}},
	}
	c.groups = []benchGroup{
		{key: "adoption", weight: 30, measures: []weighted{{"active_users_per_seat", 2}, {"active_users_change", 3},
			{"seats_used_per_seat", 1}, {"api_calls_per_seat", 1}}},
		{key: "engagement", weight: 20, measures: []weighted{{"logins_per_user", 1}, {"logins_change", 2},
			{"minutes_per_user", 1}, {"minutes_peak_per_seat", 1}}},
		{key: "features", weight: 20, measures: []weighted{{"reports_days", 1}, {"dashboards_days", 1}, {"integrations_days", 1}}},
	}
	// The extra metrics: odd ones follow health, even ones are noise (see
	// demo/usage.go). Each gets one measure, the kinds taking turns.
	usage := benchGroup{key: "extra_usage", weight: 15}
	trend := benchGroup{key: "extra_trends", weight: 15}
	for _, k := range metrics {
		if !strings.HasPrefix(k, "feature_") || len(k) != len("feature_00") {
			continue
		}
		n, err := strconv.Atoi(k[len("feature_"):])
		if err != nil {
			continue
		}
		m := benchMeasure{key: k + "_", metric: k, window: 90}
		g := &usage
		switch n % 4 {
		case 1:
			m.key, m.agg, m.per = k+"_per_seat", "avg", "account.seats"
			m.bands = []band{{0.02, 0}, {0.05, 40}, {0.1, 75}, {inf, 100}}
		case 2:
			m.key, m.agg, m.window, m.change, g = k+"_change", "avg", 30, true, &trend
			m.bands = changeBands
		case 3:
			m.key, m.agg = k+"_days", "active_days"
			m.bands = []band{{30, 0}, {50, 40}, {65, 75}, {inf, 100}}
		case 0:
			m.key, m.agg, m.window, m.change, g = k+"_sum_change", "sum", 30, true, &trend
			m.bands = changeBands
		}
		c.measures = append(c.measures, m)
		g.measures = append(g.measures, weighted{m.key, 1})
	}
	for _, g := range []benchGroup{usage, trend} {
		if len(g.measures) > 0 {
			c.groups = append(c.groups, g)
		}
	}
	return c, nil
}

// metrics lists the metric keys the card reads, in order of first use.
func (c *benchCard) metrics() []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range c.measures {
		for _, k := range []string{m.metric, m.per} {
			if k != "" && !strings.HasPrefix(k, "account.") && !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// yaml writes the card as a scorecard file.
func (c *benchCard) yaml() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# The scorebench card: %d measures over %d daily metrics, 90-day windows.\n", len(c.measures), len(c.metrics()))
	fmt.Fprintf(&b, "name: %s\nversion: %d\nmin_coverage: %s\n", c.name, c.version, num(c.minCoverage))
	fmt.Fprintf(&b, "thresholds:\n  green: %s\n  yellow: %s\n", num(c.green), num(c.yellow))
	b.WriteString("groups:\n")
	for _, g := range c.groups {
		fmt.Fprintf(&b, "  - key: %s\n    weight: %s\n    measures:\n", g.key, num(g.weight))
		for _, w := range g.measures {
			fmt.Fprintf(&b, "      %s: %s\n", w.key, num(w.weight))
		}
	}
	b.WriteString("measures:\n")
	for _, m := range c.measures {
		fmt.Fprintf(&b, "  - key: %s\n    kind: metric\n    metric: %s\n    agg: %s\n    window: %dd\n", m.key, m.metric, m.agg, m.window)
		if m.change {
			b.WriteString("    change: relative\n")
		}
		if m.per != "" {
			fmt.Fprintf(&b, "    per: %s\n", m.per)
		}
		b.WriteString("    bands:\n")
		for _, bd := range m.bands {
			if math.IsInf(bd.max, 1) {
				fmt.Fprintf(&b, "      - {points: %s}\n", num(bd.points))
			} else {
				fmt.Fprintf(&b, "      - {max: %s, points: %s}\n", num(bd.max), num(bd.points))
			}
		}
	}
	return b.String()
}

// parse compiles the card with gtg's own parser.
func (c *benchCard) parse() (*scorecard.Scorecard, error) {
	sc, err := scorecard.Parse("scorebench.yaml", []byte(c.yaml()))
	if err != nil {
		return nil, fmt.Errorf("benchmark card: %w", err)
	}
	return sc, nil
}

// lookback is the days before the as-of day the card reads.
func (c *benchCard) lookback() int {
	n := 0
	for _, m := range c.measures {
		w := m.window
		if m.change {
			w *= 2
		}
		n = max(n, w)
	}
	return n
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
