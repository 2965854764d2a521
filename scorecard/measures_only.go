package scorecard

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gtg-dev/gtg"
)

// ParseMeasures reads a list of measures alone (the YAML `measures:` list
// of a scorecard, without bands) as a card with no groups: every measure is
// computed and none is scored. Calibration uses it for candidate measures.
// Errors read like Parse's.
func ParseMeasures(filename string, data []byte) (*Scorecard, error) {
	p := &problems{file: filename}
	top, err := parseDoc(filename, "measures", data)
	if err != nil {
		return nil, err
	}
	o := p.asObject(top, "", "name", "version", "measures")
	sc := &Scorecard{Name: o.str("name", false), Version: 1, File: filename, Scale: 100}
	if sc.Name == "" {
		sc.Name = "measures"
	}
	if n := o.vals["measures"]; n == nil || n.Kind != yaml.SequenceNode {
		o.errf("measures", "want a list of measures")
	} else {
		sc.Measures = parseMeasures(p, n, sc.Scale)
	}
	for _, m := range sc.Measures {
		if m.Bands != nil || m.Points != nil {
			p.add(m.Line, "measures."+m.Key, "a list of measures carries no bands or points")
		}
	}
	sc.order = compileExpressions(p, sc.Measures)
	if len(p.list) > 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s", strings.Join(p.list, "\n"))
	}
	sc.finish()
	return sc, nil
}

// Text reports whether the measure's value is text (a plan, a sentiment)
// rather than a number.
func (m *Measure) Text() bool { return m.text }

// Definition returns the YAML fields that define what the measure computes,
// one "name: value" line each, without its key, label, bands or points:
// what a generated card needs to compute the same measure.
func (m *Measure) Definition() []string {
	var out []string
	for _, f := range m.def {
		switch f.name {
		case "key", "label", "bands", "points", "other":
			continue
		}
		v := f.value
		if !strings.HasPrefix(v, "[") && !strings.HasPrefix(v, "{") && needsQuote(v) {
			v = strconv.Quote(v)
		}
		out = append(out, f.name+": "+v)
	}
	return out
}

// needsQuote reports whether a scalar would not read back as the same
// string in YAML.
func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	if strings.ContainsAny(s, ":#\"'{}[],&*!|>%@`") {
		return true
	}
	return s != strings.TrimSpace(s)
}
