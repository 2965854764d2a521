package scorecard

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gtg-dev/gtg"
)

var (
	nameRE      = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)
	yamlLineRE  = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	topFields   = []string{"name", "version", "description", "scale", "min_coverage", "applies", "thresholds", "groups", "measures"}
	groupFields = []string{"key", "label", "weight", "measures"}
)

// DefaultMinCoverage is the present weight share below which an account is
// "insufficient_data" when the card does not say otherwise.
const DefaultMinCoverage = 0.5

// Parse reads, validates and compiles a scorecard. Every problem is reported
// at once in an EINVALID error, one per line, as "file:line: field: why";
// nothing of a refused card is usable.
func Parse(filename string, data []byte) (*Scorecard, error) {
	p := &problems{file: filename}
	top, err := parseDoc(filename, "scorecard", data)
	if err != nil {
		return nil, err
	}
	sc := &Scorecard{File: filename, Source: bytes.Clone(data)}
	o := p.asObject(top, "", topFields...)
	sc.Name, sc.Version = nameVersion(o)
	sc.Description = o.str("description", false)
	sc.Scale, sc.MinCoverage = 100, DefaultMinCoverage // also what later checks use when these are wrong
	if s, ok := o.num("scale", 100); ok && s <= 0 {
		o.errf("scale", "must be above 0")
	} else if ok {
		sc.Scale = s
	}
	if c, ok := o.num("min_coverage", DefaultMinCoverage); ok && (c < 0 || c > 1) {
		o.errf("min_coverage", "%v is not from 0 to 1", c)
	} else if ok {
		sc.MinCoverage = c
	}
	if n := o.vals["applies"]; n != nil {
		sc.Applies = parseSelector(p, n)
	}

	if n := o.vals["measures"]; n == nil {
		o.errf("measures", "required")
	} else if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.at(n, "measures", "want a list of measures, got %s", describe(n))
	} else {
		sc.Measures = parseMeasures(p, n, sc.Scale)
	}
	if n := o.vals["groups"]; n == nil {
		o.errf("groups", "required")
	} else if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.at(n, "groups", "want a list of groups, got %s", describe(n))
	} else {
		sc.Groups = parseGroups(p, n, sc.Measures)
	}
	if n := o.vals["thresholds"]; n == nil {
		o.errf("thresholds", "required")
	} else {
		sc.Thresholds = parseThresholds(p, n, sc.Scale)
	}
	checkScored(p, sc)
	sc.order = compileExpressions(p, sc.Measures)

	if len(p.list) > 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s", strings.Join(p.list, "\n"))
	}
	sc.finish()
	return sc, nil
}

// parseGroups reads the groups and the measures each one weighs.
func parseGroups(p *problems, n *yaml.Node, measures []*Measure) []*Group {
	byKey := map[string]*Measure{}
	var keys []string
	for _, m := range measures {
		byKey[m.Key] = m
		keys = append(keys, m.Key)
	}
	var groups []*Group
	seen := map[string]int{}
	total := 0.0
	for i, gn := range n.Content {
		o := p.asObject(gn, "groups["+itoa(i)+"]", groupFields...)
		g := &Group{Line: gn.Line, Key: o.str("key", true)}
		if g.Key != "" {
			if !gtg.ValidKey(g.Key) {
				o.errf("key", "%q must be lowercase letters, digits and _", g.Key)
			} else if l, dup := seen[g.Key]; dup {
				o.errf("key", "duplicate group %q (first at line %d)", g.Key, l)
			}
			seen[g.Key] = gn.Line
			o.path = "groups." + g.Key
		}
		g.Label = o.str("label", false)
		if g.Label == "" {
			g.Label = humanize(g.Key)
		}
		g.Weight, _ = o.num("weight", 1)
		if g.Weight < 0 {
			o.errf("weight", "must not be negative")
		}
		total += g.Weight
		g.Measures = parseGroupMeasures(o, byKey, keys, g)
		groups = append(groups, g)
	}
	if total <= 0 && len(groups) > 0 {
		p.at(n, "groups", "the group weights add up to zero")
	}
	return groups
}

func parseGroupMeasures(o *object, byKey map[string]*Measure, keys []string, g *Group) []GroupMeasure {
	n := o.vals["measures"]
	field := o.field("measures")
	if n == nil {
		o.errf("measures", "required")
		return nil
	}
	var out []GroupMeasure
	add := func(kn *yaml.Node, weight float64) {
		key := strings.TrimSpace(kn.Value)
		m := byKey[key]
		switch {
		case m == nil:
			msg := "unknown measure"
			if s := suggest(key, keys); s != "" {
				msg += " (did you mean " + strconv.Quote(s) + "?)"
			}
			o.p.at(kn, join(field, key), "%s", msg)
			return
		case m.Group != "" && m.Group != g.Key:
			o.p.at(kn, join(field, key), "already scored in group %q; a measure belongs to one group", m.Group)
			return
		case m.Group == g.Key:
			o.p.at(kn, join(field, key), "listed twice")
			return
		}
		m.Group = g.Key
		out = append(out, GroupMeasure{Key: key, Weight: weight})
	}
	switch n.Kind {
	case yaml.SequenceNode: // equal weights
		for _, kn := range n.Content {
			add(kn, 1)
		}
	case yaml.MappingNode: // key: weight
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			w, err := parseNumber(vn.Value)
			if vn.Kind != yaml.ScalarNode || err != nil || w < 0 {
				if err != nil || vn.Kind != yaml.ScalarNode {
					o.p.at(vn, join(field, kn.Value), "weight %s is not a number", describe(vn))
				} else {
					o.p.at(vn, join(field, kn.Value), "weight must not be negative")
				}
				if m := byKey[kn.Value]; m != nil && m.Group == "" {
					m.Group = g.Key // scored here, whatever the weight: no "scored nowhere" echo
				}
				continue
			}
			add(kn, w)
		}
	default:
		o.p.at(n, field, "want measure: weight pairs or a list of measures, got %s", describe(n))
		return nil
	}
	if len(n.Content) == 0 {
		o.p.at(n, field, "the group scores no measures")
	}
	sum := 0.0
	for _, gm := range out {
		sum += gm.Weight
	}
	if len(out) > 0 && sum <= 0 {
		o.p.at(n, field, "the measure weights add up to zero")
	}
	return out
}

// parseThresholds reads the colors' lower bounds on the overall score.
func parseThresholds(p *problems, n *yaml.Node, scale float64) Thresholds {
	o := p.asObject(n, "thresholds", "green", "yellow")
	var t Thresholds
	var okG, okY bool
	if !o.has("green") {
		o.errf("green", "required")
	}
	if !o.has("yellow") {
		o.errf("yellow", "required")
	}
	t.Green, okG = o.num("green", 0)
	t.Yellow, okY = o.num("yellow", 0)
	if okG && okY && o.has("green") && o.has("yellow") {
		switch {
		case t.Yellow < 0 || t.Green > scale:
			o.errf("green", "out of range: thresholds must lie within 0 to %v", scale)
		case t.Yellow >= t.Green:
			o.errf("yellow", "out of order: yellow (%v) must be below green (%v)", t.Yellow, t.Green)
		}
	}
	return t
}

// checkScored checks that every scored measure can turn its value into
// points, and that every measure with bands is scored somewhere.
func checkScored(p *problems, sc *Scorecard) {
	for _, m := range sc.Measures {
		hasScale := m.Bands != nil || m.Points != nil
		switch {
		case m.Group != "" && !hasScale && m.text:
			p.add(m.Line, "measures."+m.Key, "scored in group %q but has no points for its values", m.Group)
		case m.Group != "" && !hasScale:
			p.add(m.Line, "measures."+m.Key, "scored in group %q but has no bands", m.Group)
		case m.Group == "" && hasScale:
			p.add(m.Line, "measures."+m.Key, "has bands or points but no group scores it (add it to a group, or drop them to keep it as a helper)")
		}
	}
}

// finish computes what the loader needs and readies the scratch pool.
func (sc *Scorecard) finish() {
	var metrics, events []string
	for _, m := range sc.Measures {
		days := m.Window
		if m.change != "" {
			days *= 2
		}
		sc.lookback = max(sc.lookback, days)
		if m.metric != "" {
			metrics = append(metrics, m.metric)
		}
		if m.per != "" && !strings.HasPrefix(m.per, "account.") {
			metrics = append(metrics, m.per)
		}
		events = append(events, m.events...)
	}
	sc.metrics = sortedUnique(metrics)
	sc.events = sortedUnique(events)
	for _, m := range sc.Measures {
		m.wantType = make([]bool, len(sc.events))
		for i, e := range sc.events {
			m.wantType[i] = contains(m.events, e)
		}
	}
	for _, g := range sc.Groups {
		for i := range g.Measures {
			g.Measures[i].index = sc.Measure(g.Measures[i].Key).index
		}
	}
	sc.pool.New = func() any { return sc.newScratch() }
}

// humanize turns a key into a label: "active_users" → "Active users".
func humanize(key string) string { return gtg.Humanize(key) }
