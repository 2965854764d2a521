package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gtg-dev/gtg"
)

// The baseline: the benchmark card's health as one SQL statement over a
// long-form table of daily points, bench_points (account_id, metric_id, day,
// value), one row per account, metric and day with data. SQL cannot read
// gtg's metric chunks (a bitmap and zigzag varints in a blob), so the
// benchmark fills that table from the same data beforehand, untimed; days
// without data have no row, as days without data are NaN in gtg.
//
// The statement keeps gtg's rules to the letter: a window's aggregate is
// missing (NULL) when the window has no data, a per-seat or per-metric ratio
// is missing when the divisor is missing or not above zero, a relative
// change is missing when either window is, and is 0 against a zero window
// only when both are zero; bands take the first band whose max is above the
// value; missing measures drop out and group and card weights renormalise
// over what is present; coverage below min_coverage is insufficient_data.
// Arithmetic runs in the same order and in double precision, so the two
// agree to the last bits but for summation order in the aggregates.

// baselineTable is where the statement puts its result, created by it.
const baselineTable = "bench_sql_health"

// aggCol is one window aggregate of one metric: days (asOf-hi, asOf-lo].
type aggCol struct {
	agg    string
	lo, hi int
}

func (a aggCol) name() string { return fmt.Sprintf("%s_%d_%d", a.agg, a.lo, a.hi) }

// sqlWriter writes the statement for one dialect.
type sqlWriter struct {
	pg   bool
	asOf gtg.Day
}

// lit is a double-precision literal: SQLite reads 30.0 as REAL, PostgreSQL
// reads 30.0 as numeric, which would turn the arithmetic decimal.
func (w sqlWriter) lit(v float64) string {
	s := num(v)
	if w.pg {
		return s + "::float8"
	}
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// float casts an integer expression (a count) to double precision.
func (w sqlWriter) float(expr string) string { return "CAST(" + expr + " AS DOUBLE PRECISION)" }

// dayIn is the filter for days (asOf-hi, asOf-lo].
func (w sqlWriter) dayIn(a aggCol) string {
	s := fmt.Sprintf("day > %d", int(w.asOf)-a.hi)
	if a.lo > 0 {
		s += fmt.Sprintf(" AND day <= %d", int(w.asOf)-a.lo)
	}
	return s
}

func (w sqlWriter) aggExpr(a aggCol) string {
	f := "FILTER (WHERE " + w.dayIn(a) + ")"
	switch a.agg {
	case "avg":
		return "AVG(value) " + f
	case "sum":
		return "SUM(value) " + f
	case "max":
		return "MAX(value) " + f
	case "active_days": // missing when the window has no data at all
		return "CASE WHEN COUNT(*) " + f + " > 0 THEN " + w.float("COUNT(*) FILTER (WHERE "+w.dayIn(a)+" AND value > 0)") + " END"
	}
	panic("scorebench: no SQL for agg " + a.agg)
}

// baselineSQL writes the statement that creates baselineTable (account_id,
// score, color, coverage) for the card as of asOf.
func baselineSQL(c *benchCard, asOf gtg.Day, pg bool) string {
	w := sqlWriter{pg: pg, asOf: asOf}
	// The window aggregates each measure needs, per metric.
	need := map[string]map[aggCol]bool{}
	add := func(metric string, a aggCol) {
		if need[metric] == nil {
			need[metric] = map[aggCol]bool{}
		}
		need[metric][a] = true
	}
	var cols []aggCol // every distinct aggregate, computed for every metric
	seenCol := map[aggCol]bool{}
	for _, m := range c.measures {
		ranges := []aggCol{{m.agg, 0, m.window}}
		if m.change {
			ranges = append(ranges, aggCol{m.agg, m.window, 2 * m.window})
		}
		for _, a := range ranges {
			add(m.metric, a)
			if m.per != "" && !strings.HasPrefix(m.per, "account.") {
				add(m.per, a)
			}
			if !seenCol[a] {
				seenCol[a] = true
				cols = append(cols, a)
			}
		}
	}
	metrics := make([]string, 0, len(need))
	for k := range need {
		metrics = append(metrics, k)
	}
	sort.Strings(metrics)

	var b strings.Builder
	b.WriteString("CREATE TABLE " + baselineTable + " AS\n")
	b.WriteString("-- 1. Window aggregates per account and metric.\n")
	b.WriteString("WITH agg AS (\n  SELECT account_id, metric_id")
	for _, a := range cols {
		fmt.Fprintf(&b, ",\n    %s AS %s", w.aggExpr(a), a.name())
	}
	fmt.Fprintf(&b, "\n  FROM bench_points\n  WHERE day > %d AND day <= %d\n  GROUP BY account_id, metric_id\n),\n",
		int(asOf)-c.lookback(), int(asOf))

	b.WriteString("-- 2. One row per account: the aggregates each measure reads.\n")
	b.WriteString("wide AS (\n  SELECT g.account_id")
	for _, k := range metrics {
		for _, a := range cols {
			if need[k][a] {
				fmt.Fprintf(&b, ",\n    MAX(CASE WHEN k.key = '%s' THEN g.%s END) AS %s__%s", k, a.name(), k, a.name())
			}
		}
	}
	b.WriteString("\n  FROM agg g JOIN metric_keys k ON k.id = g.metric_id\n  GROUP BY g.account_id\n),\n")

	b.WriteString("-- 3. Measure values, NULL when missing, for the accounts that were customers on the day.\n")
	b.WriteString("measured AS MATERIALIZED (\n  SELECT a.id AS account_id")
	for _, m := range c.measures {
		fmt.Fprintf(&b, ",\n    %s AS %s", w.measureExpr(m), m.key)
	}
	fmt.Fprintf(&b, "\n  FROM accounts a LEFT JOIN wide w ON w.account_id = a.id\n  WHERE a.contract_start IS NULL OR a.contract_start <= '%s'\n),\n", asOf)

	b.WriteString("-- 4. Points from the bands, NULL when missing.\n")
	b.WriteString("pointed AS MATERIALIZED (\n  SELECT account_id")
	for _, m := range c.measures {
		fmt.Fprintf(&b, ",\n    CASE")
		for i, bd := range m.bands {
			if i == len(m.bands)-1 {
				fmt.Fprintf(&b, " WHEN %s IS NOT NULL THEN %s", m.key, w.lit(bd.points))
			} else {
				fmt.Fprintf(&b, " WHEN %s < %s THEN %s", m.key, w.lit(bd.max), w.lit(bd.points))
			}
		}
		fmt.Fprintf(&b, " END AS %s", m.key)
	}
	b.WriteString("\n  FROM measured\n),\n")

	b.WriteString("-- 5. Per group: the weight that has data, and the weighted points.\n")
	b.WriteString("grouped AS MATERIALIZED (\n  SELECT account_id")
	for _, g := range c.groups {
		var have, pts []string
		for _, gm := range g.measures {
			have = append(have, fmt.Sprintf("CASE WHEN %s IS NOT NULL THEN %s ELSE %s END", gm.key, w.lit(gm.weight), w.lit(0)))
			pts = append(pts, fmt.Sprintf("COALESCE(%s * %s, %s)", w.lit(gm.weight), gm.key, w.lit(0)))
		}
		fmt.Fprintf(&b, ",\n    %s AS %s_have", strings.Join(have, " + "), g.key)
		fmt.Fprintf(&b, ",\n    %s AS %s_pts", strings.Join(pts, " + "), g.key)
	}
	b.WriteString("\n  FROM pointed\n),\n")

	b.WriteString("-- 6. Group scores, the weight of the groups present, and coverage.\n")
	b.WriteString("scored AS MATERIALIZED (\n  SELECT account_id")
	total := 0.0
	for _, g := range c.groups {
		total += g.weight
	}
	var present, coverage []string
	for _, g := range c.groups {
		appl := 0.0
		for _, gm := range g.measures {
			appl += gm.weight
		}
		fmt.Fprintf(&b, ",\n    CASE WHEN %s_have > 0 THEN %s_pts / %s_have END AS %s", g.key, g.key, g.key, g.key)
		present = append(present, fmt.Sprintf("CASE WHEN %s_have > 0 THEN %s ELSE %s END", g.key, w.lit(g.weight), w.lit(0)))
		coverage = append(coverage, fmt.Sprintf("%s / %s * (%s_have / %s)", w.lit(g.weight), w.lit(total), g.key, w.lit(appl)))
	}
	fmt.Fprintf(&b, ",\n    %s AS present", strings.Join(present, " + "))
	fmt.Fprintf(&b, ",\n    %s + %s AS coverage", w.lit(0), strings.Join(coverage, " + "))
	b.WriteString("\n  FROM grouped\n),\n")

	b.WriteString("-- 7. The overall score: group scores weighted over the groups present.\n")
	b.WriteString("final AS (\n  SELECT account_id, coverage, CASE WHEN present > 0 THEN " + w.lit(0))
	for _, g := range c.groups {
		fmt.Fprintf(&b, "\n    + COALESCE(%s / present * %s, %s)", w.lit(g.weight), g.key, w.lit(0))
	}
	b.WriteString(" END AS score\n  FROM scored\n)\n")
	fmt.Fprintf(&b, "SELECT account_id, score, CASE WHEN score IS NULL OR coverage + 1e-9 < %s THEN 'insufficient_data'\n", w.lit(c.minCoverage))
	fmt.Fprintf(&b, "    WHEN score >= %s THEN 'green' WHEN score >= %s THEN 'yellow' ELSE 'red' END AS color, coverage\nFROM final",
		w.lit(c.green), w.lit(c.yellow))
	return b.String()
}

// measureExpr is a measure's value from the wide row, NULL when missing.
func (w sqlWriter) measureExpr(m benchMeasure) string {
	over := func(a aggCol) string {
		v := "w." + m.metric + "__" + a.name()
		switch {
		case m.per == "":
			return v
		case m.per == "account.seats":
			return "CASE WHEN a.seats > 0 THEN " + v + " / a.seats END"
		default:
			den := "w." + m.per + "__" + a.name()
			return "CASE WHEN " + den + " > 0 THEN " + v + " / " + den + " END"
		}
	}
	cur := over(aggCol{m.agg, 0, m.window})
	if !m.change {
		return cur
	}
	prev := over(aggCol{m.agg, m.window, 2 * m.window})
	// (cur - prev) / |prev|; against a zero window only 0 when both are zero.
	if m.per != "" {
		cur, prev = "("+cur+")", "("+prev+")"
	}
	return fmt.Sprintf("CASE WHEN %s = 0 THEN CASE WHEN %s = 0 THEN %s END ELSE (%s - %s) / ABS(%s) END",
		prev, cur, w.lit(0), cur, prev, prev)
}
