package scorecard

import (
	"math"
	"strings"

	"gopkg.in/yaml.v3"
)

// Band gives Points to the values from Min (inclusive) to Max (exclusive).
// Bands run from low values to high with no gaps; the first band's Min and
// the last band's Max may be open (±Inf). Values outside every band take the
// nearest band's points.
type Band struct {
	Min, Max float64
	Points   float64
	Line     int
}

// Category gives Points to one text value (a plan, a tier, a sentiment).
type Category struct {
	Value  string
	Points float64
}

// bandPoints returns the points of the band holding v.
func bandPoints(bands []Band, v float64) float64 {
	for _, b := range bands {
		if v < b.Max {
			return b.Points
		}
	}
	return bands[len(bands)-1].Points
}

// categoryPoints returns the points for a text value, ignoring case; ok is
// false when the value is not listed and the measure has no `other`.
func (m *Measure) categoryPoints(v string) (float64, bool) {
	for _, c := range m.Points {
		if strings.EqualFold(c.Value, v) {
			return c.Points, true
		}
	}
	return m.Other, m.HasOther
}

// parseBands reads a list of {min, max, points}. A band's min defaults to
// the previous band's max; an explicit min must equal it, since anything
// else leaves a gap or overlaps.
func parseBands(p *problems, n *yaml.Node, path string, scale float64) []Band {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.at(n, path, "want a list of bands like {max: 5, points: 0}, got %s", describe(n))
		return []Band{} // refused already; not nil, so nobody also says "no bands"
	}
	bands := make([]Band, 0, len(n.Content))
	for i, bn := range n.Content {
		field := path + "[" + itoa(i) + "]"
		o := p.asObject(bn, field, "min", "max", "points")
		b := Band{Min: math.Inf(-1), Max: math.Inf(1), Line: bn.Line}
		if !o.has("points") {
			o.errf("points", "required")
		}
		pts, okP := o.num("points", 0)
		lo, okMin := o.num("min", math.Inf(-1))
		hi, okMax := o.num("max", math.Inf(1))
		if !okP || !okMin || !okMax {
			bands = append(bands, b)
			continue
		}
		b.Points = pts
		if pts < 0 || pts > scale {
			o.errf("points", "%v is outside the scale 0 to %v", pts, scale)
		}
		if i > 0 && math.IsInf(bands[i-1].Max, 1) {
			o.p.add(bands[i-1].Line, path+"["+itoa(i-1)+"].max", "required: only the last band may be open-ended")
			bands = append(bands, b)
			continue
		}
		if i > 0 {
			prev := bands[i-1]
			switch {
			case !o.has("min"):
				lo = prev.Max
			case lo < prev.Max:
				o.errf("min", "overlaps the band before, which runs to %s", fmtNum(prev.Max))
			case lo > prev.Max:
				o.errf("min", "leaves a gap after the band before, which ends at %s", fmtNum(prev.Max))
			}
		}
		b.Min, b.Max = lo, hi
		if hi <= lo {
			what := "max"
			if !o.has("max") {
				what = "min"
			}
			if i > 0 && !o.has("min") {
				o.errf(what, "out of order: %s is not above the previous band's max %s (list bands from low values to high)", fmtNum(hi), fmtNum(lo))
			} else {
				o.errf(what, "out of order: max %s is not above min %s", fmtNum(hi), fmtNum(lo))
			}
		}
		bands = append(bands, b)
	}
	// On errors the card is refused and never scored; what was read is
	// returned anyway so nobody also reports "no bands".
	return bands
}

// parsePoints reads a value → points mapping for text measures.
func parsePoints(p *problems, n *yaml.Node, path string, scale float64) []Category {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		p.at(n, path, "want value: points pairs like {A: 100, B: 60}, got %s", describe(n))
		return []Category{}
	}
	out := []Category{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := path + "." + k.Value
		pts, err := parseNumber(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil {
			p.at(v, field, "points %s is not a number", describe(v))
			continue
		}
		if pts < 0 || pts > scale {
			p.at(v, field, "%v is outside the scale 0 to %v", pts, scale)
			continue
		}
		dup := false
		for _, c := range out {
			if strings.EqualFold(c.Value, k.Value) {
				p.at(k, field, "listed twice")
				dup = true
			}
		}
		if !dup {
			out = append(out, Category{Value: k.Value, Points: pts})
		}
	}
	return out
}

// bandsText writes bands for diffs and docs: "<5: 0 | 5–20: 50 | ≥20: 100".
func bandsText(bands []Band) string {
	parts := make([]string, len(bands))
	for i, b := range bands {
		var r string
		switch {
		case math.IsInf(b.Min, -1) && math.IsInf(b.Max, 1):
			r = "any"
		case math.IsInf(b.Min, -1):
			r = "<" + fmtNum(b.Max)
		case math.IsInf(b.Max, 1):
			r = "≥" + fmtNum(b.Min)
		default:
			r = fmtNum(b.Min) + "–" + fmtNum(b.Max)
		}
		parts[i] = r + ": " + fmtNum(b.Points)
	}
	return strings.Join(parts, " | ")
}

func pointsText(cs []Category, other float64, hasOther bool) string {
	parts := make([]string, 0, len(cs)+1)
	for _, c := range cs {
		parts = append(parts, c.Value+": "+fmtNum(c.Points))
	}
	if hasOther {
		parts = append(parts, "other: "+fmtNum(other))
	}
	return strings.Join(parts, " | ")
}
