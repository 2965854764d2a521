package scorecard

import (
	"sort"
	"strings"

	"github.com/gtg-dev/gtg"
)

// CheckMetrics refuses a card that reads metrics the database has never
// seen, a typo Parse cannot catch on its own since any key is a valid name.
// known is the store's list of metric keys; the error names each measure's
// file, line and field like Parse does. `gtg scorecard validate --db` and
// `apply` call it before saving.
func (sc *Scorecard) CheckMetrics(known []string) error {
	p := &problems{file: sc.File}
	for _, m := range sc.Measures {
		if m.metric != "" && !contains(known, m.metric) {
			p.add(m.metricLine, "measures."+m.Key+".metric", "unknown metric %q%s", m.metric, hint(m.metric, known))
		}
		if m.per != "" && !strings.HasPrefix(m.per, "account.") && !contains(known, m.per) {
			p.add(m.perLine, "measures."+m.Key+".per", "unknown metric %q%s", m.per, hint(m.per, known))
		}
	}
	if len(p.list) > 0 {
		return gtg.Errorf(gtg.EINVALID, "%s", strings.Join(p.list, "\n"))
	}
	return nil
}

func hint(key string, known []string) string {
	if s := suggest(key, known); s != "" {
		return " (did you mean " + `"` + s + `"?)`
	}
	if len(known) == 0 {
		return " (the database has no metrics yet)"
	}
	list := append([]string(nil), known...)
	sort.Strings(list)
	if len(list) > 12 {
		list = append(list[:12], "…")
	}
	return " (known: " + strings.Join(list, ", ") + ")"
}
