package backtest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// Candidates are the measures calibration may learn points for: a card of
// measures only, and each measure's definition for the card it writes.
type Candidates struct {
	Card *scorecard.Scorecard
	Defs map[string][]string // measure key → its YAML fields
}

// CandidatesFrom turns a scorecard's measures into candidates: each measure
// that computes a value on its own (expressions, which read other measures,
// are left out), with a `when` kept only if it reads nothing but the account.
func CandidatesFrom(sc *scorecard.Scorecard) (*Candidates, error) {
	keys := map[string]bool{}
	for _, m := range sc.Measures {
		keys[m.Key] = true
	}
	var b strings.Builder
	b.WriteString("name: " + sc.Name + "-measures\nmeasures:\n")
	for _, m := range sc.Measures {
		if m.Kind == scorecard.KindExpr {
			continue
		}
		var fields []string
		for _, f := range m.Definition() {
			if strings.HasPrefix(f, "when: ") && readsMeasure(f, keys) {
				continue
			}
			fields = append(fields, f)
		}
		writeMeasure(&b, m.Key, m.Label, fields)
	}
	return parseCandidates(sc.Name+" measures", b.String())
}

// readsMeasure reports whether an expression line names one of the keys.
func readsMeasure(line string, keys map[string]bool) bool {
	for _, w := range strings.FieldsFunc(line, func(r rune) bool {
		return !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if keys[w] {
			return true
		}
	}
	return false
}

// Windows candidate measures look back over.
var candidateWindows = []int{30, 90, 180}

// ProposeCandidates builds candidates from whatever the database holds, so a
// team with its own data gets a first card with no YAML written by hand: for
// every metric, its average and sum over 30, 90 and 180 days, the change of
// the 30- and 90-day averages against the windows before, and the days it
// was used in the last 30; for every timeline event type, counts over 30,
// 90 and 180 days and the days since the last one; for both, the
// recency-frequency-monetary measures of writeRFM; and every account field
// (tenure among them) and custom attribute.
func ProposeCandidates(ctx context.Context, st *store.Store) (*Candidates, error) {
	metrics, err := st.MetricKeys(ctx)
	if err != nil {
		return nil, err
	}
	events, err := st.EventTypes(ctx)
	if err != nil {
		return nil, err
	}
	attrs, err := st.AttributeTypes(ctx)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("name: proposed\nmeasures:\n")
	for _, k := range metrics {
		for _, w := range candidateWindows {
			writeMeasure(&b, fmt.Sprintf("%s_avg_%dd", k, w), "", []string{"kind: metric", "metric: " + k, "agg: avg", fmt.Sprintf("window: %dd", w)})
			writeMeasure(&b, fmt.Sprintf("%s_sum_%dd", k, w), "", []string{"kind: metric", "metric: " + k, "agg: sum", fmt.Sprintf("window: %dd", w)})
		}
		for _, w := range []int{30, 90} {
			writeMeasure(&b, fmt.Sprintf("%s_change_%dd", k, w), "", []string{"kind: metric", "metric: " + k, "agg: avg",
				fmt.Sprintf("window: %dd", w), "change: relative"})
		}
		writeMeasure(&b, k+"_active_days_30d", "", []string{"kind: metric", "metric: " + k, "agg: active_days", "window: 30d"})
		writeRFM(&b, k, "metric")
	}
	for _, e := range events {
		for _, w := range candidateWindows {
			writeMeasure(&b, fmt.Sprintf("%s_count_%dd", e, w), "", []string{"kind: event", "event: " + e, "agg: count", fmt.Sprintf("window: %dd", w)})
		}
		writeMeasure(&b, e+"_days_since", "", []string{"kind: event", "event: " + e, "agg: days_since", "window: 365d"})
		writeRFM(&b, e, "event")
	}
	for _, f := range []string{"plan", "segment", "icp_fit", "seats", "arr", "tenure_days", "days_to_renewal"} {
		writeMeasure(&b, "account_"+f, "", []string{"kind: account", "field: " + f})
	}
	names := make([]string, 0, len(attrs))
	for k := range attrs {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		writeMeasure(&b, "attr_"+k, "", []string{"kind: account", "attr: " + k})
	}
	return parseCandidates("proposed measures", b.String())
}

func writeMeasure(b *strings.Builder, key, label string, fields []string) {
	b.WriteString("  - key: " + key + "\n")
	if label != "" {
		b.WriteString("    label: " + yamlString(label) + "\n")
	}
	for _, f := range fields {
		b.WriteString("    " + f + "\n")
	}
}

func yamlString(s string) string { return fmt.Sprintf("%q", s) }

func parseCandidates(name, text string) (*Candidates, error) {
	card, err := scorecard.ParseMeasures(name, []byte(text))
	if err != nil {
		return nil, fmt.Errorf("candidate measures: %w", err)
	}
	c := &Candidates{Card: card, Defs: map[string][]string{}}
	for _, m := range card.Measures {
		c.Defs[m.Key] = m.Definition()
	}
	return c, nil
}

// Define is calibrate.CardInfo.Define for these candidates: a feature is
// the measure of the same key, written with its definition.
func (c *Candidates) Define(feature string, _ bool) (string, []string) {
	return feature, c.Defs[feature]
}

// historyWindow is the window of measures "over the whole history": the
// longest a measure may look back.
var historyWindow = fmt.Sprintf("window: %dd", scorecard.MaxWindow)

// writeRFM writes the recency-frequency-monetary candidates of a metric
// key or event type (kind "metric" or "event"): recency (days since the
// last non-zero value; events have theirs already), frequency (active days,
// or events, over the last year and the whole history), monetary value
// (a metric's average per active day, over both), the days since the first
// value or event, and the trend of the gap between active days.
func writeRFM(b *strings.Builder, key, kind string) {
	head := []string{"kind: " + kind, kind + ": " + key}
	m := func(name, agg, window string) {
		writeMeasure(b, key+"_"+name, "", append(slices.Clone(head), "agg: "+agg, window))
	}
	if kind == "metric" {
		m("days_since", "days_since", "window: 365d")
		m("active_days_365d", "active_days", "window: 365d")
		m("active_days_all", "active_days", historyWindow)
		m("avg_active_365d", "avg_active", "window: 365d")
		m("avg_active_all", "avg_active", historyWindow)
	} else {
		m("count_365d", "count", "window: 365d")
		m("count_all", "count", historyWindow)
	}
	m("days_since_first", "days_since_first", historyWindow)
	m("gap_trend", "gap_trend", historyWindow)
}
