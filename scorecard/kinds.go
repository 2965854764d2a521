package scorecard

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gtg-dev/gtg"
)

// The fields of each measure kind, read and checked.

func parseMetric(o *object, m *Measure) {
	m.metric, m.metricLine, m.perLine = o.str("metric", true), o.line("metric"), o.line("per")
	if m.metric != "" && !gtg.ValidKey(m.metric) {
		o.errf("metric", "%q is not a metric key (lowercase letters, digits and _)", m.metric)
	}
	m.agg = o.str("agg", true)
	oneOf(o, "agg", m.agg, metricAggs)
	needWindow(o, m, true)
	slopey := m.agg == aggSlope || m.agg == aggRelativeSlope
	m.change = o.str("change", false)
	if oneOf(o, "change", m.change, []string{changeRelative, changeAbsolute}) && m.change != "" && slopey {
		o.errf("change", "a slope is already a change; drop change or use another agg")
	}
	m.per = o.str("per", false)
	switch {
	case m.per == "" || m.per == "account.seats" || m.per == "account.arr":
	case strings.HasPrefix(m.per, "account."):
		o.errf("per", "%q: want account.seats, account.arr or a metric key", m.per)
	case !gtg.ValidKey(m.per):
		o.errf("per", "%q is not a metric key (lowercase letters, digits and _)", m.per)
	case slopey:
		o.errf("per", "a slope cannot be divided by another metric's slope; use account.seats or drop per")
	}
	switch {
	case m.change == changeRelative:
		m.Unit = UnitChange
	case m.agg == aggSlope:
		m.Unit = UnitPerDay
	case m.agg == aggRelativeSlope:
		m.Unit = UnitPercentPerDay
	case m.agg == aggActiveDays && m.per == "", m.agg == aggDaysSinceFirst && m.per == "":
		m.Unit = UnitDays
	case m.agg == aggDaysSince && m.per == "":
		m.Unit = UnitDaysSince
	default:
		m.Unit = UnitNumber
	}
}

func parseEvent(o *object, m *Measure) {
	m.events = o.list("event")
	if !o.has("event") {
		o.errf("event", "required")
	}
	for _, t := range m.events {
		if !gtg.ValidKey(t) {
			o.errf("event", "%q is not an event type (lowercase letters, digits and _)", t)
		}
	}
	m.agg = o.str("agg", false)
	if m.agg == "" {
		m.agg = aggCount
	}
	oneOf(o, "agg", m.agg, eventAggs)
	needWindow(o, m, true)
	m.attr = o.str("attr", false)
	switch m.agg {
	case aggSum, aggAvg, aggMin, aggMax, aggLast:
		if !o.has("attr") {
			o.errf("attr", "required for event %s: the attribute to read, like nps or first_response_minutes", m.agg)
		}
	case aggNPS:
		if m.attr == "" {
			m.attr = "nps"
		}
	default:
		if o.has("attr") {
			o.errf("attr", "not used by event %s; remove it", m.agg)
		}
	}
	if m.attr != "" && !gtg.ValidKey(m.attr) {
		o.errf("attr", "%q is not an attribute name (lowercase letters, digits and _)", m.attr)
	}
	m.roles = parseRoles(o)
	if n := o.vals["where"]; n != nil {
		m.where = parseWhere(o, n)
	}
	if m.agg == aggShare && m.where == nil {
		o.errf("where", "required for event share: which events count, like {sentiment: negative}")
	}
	m.text = m.agg == aggLast && textual(o, false)
	switch {
	case m.agg == aggCount:
		m.Unit = UnitCount
	case m.agg == aggDaysSince:
		m.Unit = UnitDaysSince
	case m.agg == aggDaysSinceFirst:
		m.Unit = UnitDays
	case m.agg == aggShare:
		m.Unit = UnitPercent
	case m.text:
		m.Unit = UnitText
	default:
		m.Unit = UnitNumber
	}
}

func parseRoles(o *object) []string {
	roles := o.list("role")
	for _, r := range roles {
		if !gtg.ValidKey(r) {
			o.errf("role", "%q is not a role (like economic_buyer or champion)", r)
		}
	}
	return roles
}

func parseWhere(o *object, n *yaml.Node) []whereCond {
	field := o.field("where")
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		o.p.at(n, field, "want attribute: value pairs like {priority: [high, urgent]}, got %s", describe(n))
		return nil
	}
	w := o.p.asObject(n, field, keysOf(n)...)
	var conds []whereCond
	for _, attr := range w.order {
		if !gtg.ValidKey(attr) {
			w.errf(attr, "%q is not an attribute name", attr)
			continue
		}
		c := whereCond{attr: attr, vals: w.list(attr)}
		if len(c.vals) == 0 {
			w.errf(attr, "want a value or a list of values")
			continue
		}
		for _, v := range c.vals {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				f = nan
			}
			c.nums = append(c.nums, f)
		}
		conds = append(conds, c)
	}
	return conds
}

func keysOf(n *yaml.Node) []string {
	var ks []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		ks = append(ks, n.Content[i].Value)
	}
	return ks
}

func parseContacts(o *object, m *Measure) {
	m.agg = o.str("agg", false)
	if m.agg == "" {
		m.agg = aggCount
	}
	oneOf(o, "agg", m.agg, contactAggs)
	m.roles = parseRoles(o)
	if m.agg == aggPresent && len(m.roles) == 0 {
		o.errf("role", "required for contacts present: the role to look for, like champion")
	}
	needWindow(o, m, m.agg == aggLeft)
	m.Unit = UnitCount
	if m.agg == aggPresent {
		m.Unit = UnitFlag
	}
}

// textual says whether a measure that could be either reads as text: as its
// unit says, else text when scored by points, a number when scored by bands,
// and otherwise as the value naturally is.
func textual(o *object, natural bool) bool {
	switch u := o.str("unit", false); {
	case u != "":
		return u == UnitText || u == UnitSentiment
	case o.has("points"):
		return true
	case o.has("bands"):
		return false
	}
	return natural
}

func parseAccount(o *object, m *Measure) {
	m.field, m.attr = o.str("field", false), o.str("attr", false)
	switch {
	case m.field == "" && m.attr == "":
		o.errf("field", "required: a field (%s) or a custom attr", strings.Join(append(textFields, numberFields...), ", "))
	case m.field != "" && m.attr != "":
		o.errf("attr", "give either field or attr, not both")
	case m.field != "" && contains(textFields, m.field):
		m.text = textual(o, true)
	case m.field != "" && !contains(numberFields, m.field):
		o.errf("field", "unknown account field %q (want one of %s, or attr: for a custom attribute)",
			m.field, strings.Join(append(textFields, numberFields...), ", "))
	case m.attr != "" && !gtg.ValidKey(m.attr):
		o.errf("attr", "%q is not an attribute name (lowercase letters, digits and _)", m.attr)
	case m.attr != "":
		m.text = textual(o, false)
	}
	switch {
	case m.text:
		m.Unit = UnitText
	case m.field == "tenure_days" || m.field == "days_to_renewal":
		m.Unit = UnitDays
	default:
		m.Unit = UnitNumber
	}
}
