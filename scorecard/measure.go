package scorecard

import (
	"strings"

	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"

	"github.com/gtg-dev/gtg"
)

// Units say how a measure's value reads, for labels and explanations.
const (
	UnitNumber        = "number"
	UnitCount         = "count"
	UnitChange        = "change"  // relative change: -0.38 reads "fell 38%"
	UnitPercent       = "percent" // a share from 0 to 1
	UnitDays          = "days"
	UnitDaysSince     = "days_since"
	UnitPerDay        = "per_day"
	UnitPercentPerDay = "percent_per_day"
	UnitFlag          = "flag" // 1 yes, 0 no
	UnitText          = "text"
	UnitSentiment     = "sentiment"
)

// Units lists the units a measure may declare.
var Units = []string{UnitNumber, UnitCount, UnitChange, UnitPercent, UnitDays, UnitDaysSince, UnitPerDay,
	UnitPercentPerDay, UnitFlag, UnitText, UnitSentiment}

// Measure is one thing the card measures about an account, and how its value
// turns into points.
type Measure struct {
	Key      string     // unique in the card; expressions refer to the measure by it
	Label    string     // for people; defaults to the key made readable
	Kind     string     // one of Kinds
	Window   int        // days the measure looks back over, 0 when it has none
	Unit     string     // one of Units
	Group    string     // the group that scores it; "" for helpers that only feed expressions
	Bands    []Band     // numeric measures: value → points
	Points   []Category // text measures: value → points
	Other    float64    // points for text values Points does not list, when HasOther
	HasOther bool
	// MissingPoints, when HasMissing, are the points a measure with no data
	// earns instead of dropping out: for a learned card where having no
	// value is itself a sign (no survey answered, no tickets ever opened).
	MissingPoints float64
	HasMissing    bool
	Line          int

	def   []defField // the YAML fields as canonical text, for Diff
	index int
	text  bool // the value is text (a plan, a sentiment), scored by Points

	metric, agg, change, per string
	metricLine, perLine      int
	events                   []string
	wantType                 []bool // by index in the card's event types: does the measure read it
	attr                     string
	where                    []whereCond
	roles                    []string
	field                    string

	exprSrc, whenSrc   string
	exprLine, whenLine int
	prog, when         *vm.Program
	deps, whenDeps     []int // measures the expression and the condition read
	inEnv              bool  // some expression reads this measure
}

// defField is one YAML field of a measure, as Diff shows it.
type defField struct{ name, value string }

// whereCond keeps events whose attribute equals one of the values.
type whereCond struct {
	attr string
	vals []string
	nums []float64 // the values as numbers, NaN when not numeric
}

// Event, contacts and account measure options.
const (
	aggCount     = "count"
	aggDaysSince = "days_since"
	aggShare     = "share"
	aggNPS       = "nps"
	aggPresent   = "present"
	aggLeft      = "left"
)

var (
	commonFields = []string{"key", "label", "kind", "unit", "when", "bands", "points", "other", "missing"}
	kindFields   = map[string][]string{
		KindMetric:    {"metric", "agg", "window", "change", "per"},
		KindEvent:     {"event", "agg", "window", "attr", "where", "role"},
		KindContacts:  {"agg", "role", "window"},
		KindAccount:   {"field", "attr"},
		KindSentiment: {"window"},
		KindExpr:      {"expr"},
	}
	eventAggs    = []string{aggCount, aggDaysSince, aggSum, aggAvg, aggMin, aggMax, aggLast, aggShare, aggNPS, aggDaysSinceFirst, aggGapTrend}
	contactAggs  = []string{aggCount, aggPresent, aggLeft}
	textFields   = []string{"plan", "segment", "stage", "icp_fit", "currency", "owner"}
	numberFields = []string{"arr", "seats", "tenure_days", "days_to_renewal"}
	// exprWords are names an expression cannot use for a measure: its
	// keywords, builtins and the account.
	exprWords = append([]string{"account", "true", "false", "nil", "not", "and", "or", "in", "matches",
		"contains", "let", "if", "else", "env"}, builtin.Names...)
)

func parseMeasures(p *problems, n *yaml.Node, scale float64) []*Measure {
	var out []*Measure
	seen := map[string]int{}
	for i, mn := range n.Content {
		m := parseMeasure(p, mn, i, scale)
		if m == nil {
			continue
		}
		if l, dup := seen[m.Key]; dup {
			p.add(m.Line, "measures."+m.Key+".key", "duplicate measure key (first at line %d)", l)
			continue
		}
		seen[m.Key] = m.Line
		m.index = len(out)
		out = append(out, m)
	}
	return out
}

// peek returns a scalar field of a mapping before it is checked, to choose
// the fields allowed for the measure's kind.
func peek(n *yaml.Node, name string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == name && n.Content[i+1].Kind == yaml.ScalarNode {
			return strings.TrimSpace(n.Content[i+1].Value)
		}
	}
	return ""
}

// parseMeasure reads one measure; nil when it has no usable key.
func parseMeasure(p *problems, n *yaml.Node, i int, scale float64) *Measure {
	key, kind := peek(n, "key"), peek(n, "kind")
	path := "measures[" + itoa(i) + "]"
	if gtg.ValidKey(key) {
		path = "measures." + key
	}
	allowed := append([]string(nil), commonFields...)
	if f, ok := kindFields[kind]; ok {
		allowed = append(allowed, f...)
	} else {
		for _, k := range Kinds { // unknown kind: accept every field so only the kind is reported
			allowed = append(allowed, kindFields[k]...)
		}
	}
	o := p.asObject(n, path, allowed...)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	m := &Measure{Key: o.str("key", true), Kind: o.str("kind", true), Line: n.Line}
	switch {
	case m.Key == "":
		return nil
	case !gtg.ValidKey(m.Key):
		o.errf("key", "%q must be lowercase letters, digits and _, starting with a letter", m.Key)
		return nil
	case contains(exprWords, m.Key):
		o.errf("key", "%q is a reserved word in expressions; pick another key", m.Key)
	}
	m.Label = o.str("label", false)
	if m.Label == "" {
		m.Label = humanize(m.Key)
	}
	if o.has("window") {
		w, err := parseWindow(o.str("window", true))
		if err != nil {
			o.errf("window", "%v", err)
			w = 1 // keep checking the rest without echoing "window required"
		}
		m.Window = w
	}
	switch m.Kind {
	case "":
	case KindMetric:
		parseMetric(o, m)
	case KindEvent:
		parseEvent(o, m)
	case KindContacts:
		parseContacts(o, m)
	case KindAccount:
		parseAccount(o, m)
	case KindSentiment:
		m.events, m.agg, m.attr, m.text, m.Unit = []string{gtg.EventNote}, aggLast, "sentiment", true, UnitSentiment
		needWindow(o, m, true)
	case KindExpr:
		m.exprSrc, m.exprLine, m.Unit = o.str("expr", true), o.line("expr"), UnitNumber
	default:
		o.errf("kind", "unknown measure kind %q (want one of %s)", m.Kind, strings.Join(Kinds, ", "))
	}
	if o.has("when") {
		m.whenSrc, m.whenLine = o.str("when", true), o.line("when")
	}
	if u := o.str("unit", false); u != "" {
		if !contains(Units, u) {
			o.errf("unit", "unknown unit %q (want one of %s)", u, strings.Join(Units, ", "))
		}
		m.Unit = u
		if isText := u == UnitText || u == UnitSentiment; contains(Units, u) && isText != m.text && m.Kind != "" {
			o.errf("unit", "%q does not fit this measure, whose value is %s", u, map[bool]string{true: "text", false: "a number"}[m.text])
		}
	}
	parseScale(o, m, scale)
	m.def = canonFields(o, m)
	return m
}

// needWindow refuses a missing window where the measure needs one, and a
// window where it has no meaning (a reviewer would think it does something).
func needWindow(o *object, m *Measure, need bool) {
	what := m.Kind
	if m.Kind != KindSentiment {
		what += " " + m.agg
	}
	switch {
	case need && !o.has("window"):
		o.errf("window", "required for %s", what)
	case !need && o.has("window"):
		o.errf("window", "not used by %s; remove it", what)
	}
}

func oneOf(o *object, name, v string, allowed []string) bool {
	if v != "" && !contains(allowed, v) {
		o.errf(name, "unknown %s %q (want one of %s)", name, v, strings.Join(allowed, ", "))
		return false
	}
	return true
}

// parseScale reads the bands (numeric measures) or points (text measures).
func parseScale(o *object, m *Measure, scale float64) {
	if n := o.vals["bands"]; n != nil {
		if m.text {
			o.errf("bands", "this measure's value is text; give points per value instead")
		} else {
			m.Bands = parseBands(o.p, n, o.field("bands"), scale)
		}
	}
	if n := o.vals["points"]; n != nil {
		if !m.text {
			o.errf("points", "this measure's value is a number; give bands instead")
		} else {
			m.Points = parsePoints(o.p, n, o.field("points"), scale)
		}
	}
	if o.has("other") {
		if !o.has("points") {
			o.errf("other", "only goes with points")
		}
		v, ok := o.num("other", 0)
		if ok && (v < 0 || v > scale) {
			o.errf("other", "%v is outside the scale 0 to %v", v, scale)
		}
		m.Other, m.HasOther = v, ok
	}
	if o.has("missing") {
		if !o.has("bands") && !o.has("points") {
			o.errf("missing", "only goes with bands or points")
		}
		v, ok := o.num("missing", 0)
		if ok && (v < 0 || v > scale) {
			o.errf("missing", "%v is outside the scale 0 to %v", v, scale)
		}
		m.MissingPoints, m.HasMissing = v, ok
	}
}

// canonFields records each YAML field as text for Diff, in file order.
func canonFields(o *object, m *Measure) []defField {
	var out []defField
	for _, name := range o.order {
		if name == "key" {
			continue
		}
		v := canon(o.vals[name])
		switch name {
		case "bands":
			if m.Bands != nil {
				v = bandsText(m.Bands)
			}
		case "points":
			if m.Points != nil {
				v = pointsText(m.Points, 0, false)
			}
		case "window":
			v = itoa(m.Window) + "d"
		}
		out = append(out, defField{name, v})
	}
	return out
}

// canon writes a YAML value on one line, whatever its original layout.
func canon(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		parts := make([]string, len(n.Content))
		for i, c := range n.Content {
			parts[i] = canon(c)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, n.Content[i].Value+": "+canon(n.Content[i+1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case yaml.AliasNode:
		return canon(n.Alias)
	}
	return strings.TrimSpace(n.Value)
}
