package scorecard

import (
	"strings"
)

// Change is one difference between two scorecards, for `gtg scorecard diff`
// and for reviewing what a new version changes.
type Change struct {
	Path   string // where: "thresholds.green", "measures.active_users_change.window", "groups.adoption"
	Before string // the old value; "" when the thing was added
	After  string // the new value; "" when it was removed
}

// String writes the change as one line: "~ path: before → after",
// "+ path: after" or "- path: before".
func (c Change) String() string {
	switch {
	case c.Before == "":
		return "+ " + c.Path + ": " + c.After
	case c.After == "":
		return "- " + c.Path + ": " + c.Before
	}
	return "~ " + c.Path + ": " + c.Before + " → " + c.After
}

// entity is a part of a card compared as a whole when added or removed
// (a group, a measure) and field by field otherwise.
type entity struct {
	path   string
	whole  bool // reported as one change when only one card has it
	fields []defField
}

// Diff lists what changed from a to b: the card's settings, then groups,
// then measures, each in a's order followed by what only b has. A group or
// measure that only one card has is one change with a one-line summary.
func Diff(a, b *Scorecard) []Change {
	ea, eb := entities(a), entities(b)
	var out []Change
	for _, x := range ea {
		y := findEntity(eb, x.path)
		switch {
		case y == nil && x.whole:
			out = append(out, Change{Path: x.path, Before: summary(x.fields)})
		case y == nil:
			y = &entity{}
			fallthrough
		default:
			out = append(out, diffFields(x.path, x.fields, y.fields)...)
		}
	}
	for _, y := range eb {
		if findEntity(ea, y.path) != nil {
			continue
		}
		if y.whole {
			out = append(out, Change{Path: y.path, After: summary(y.fields)})
		} else {
			out = append(out, diffFields(y.path, nil, y.fields)...)
		}
	}
	return out
}

func diffFields(path string, a, b []defField) []Change {
	var out []Change
	for _, f := range a {
		g := findField(b, f.name)
		switch {
		case g == nil:
			out = append(out, Change{Path: join(path, f.name), Before: f.value})
		case g.value != f.value:
			out = append(out, Change{Path: join(path, f.name), Before: f.value, After: g.value})
		}
	}
	for _, g := range b {
		if findField(a, g.name) == nil {
			out = append(out, Change{Path: join(path, g.name), After: g.value})
		}
	}
	return out
}

func findEntity(list []entity, path string) *entity {
	for i := range list {
		if list[i].path == path {
			return &list[i]
		}
	}
	return nil
}

func findField(list []defField, name string) *defField {
	for i := range list {
		if list[i].name == name {
			return &list[i]
		}
	}
	return nil
}

func summary(fs []defField) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.name + ": " + f.value
	}
	return strings.Join(parts, "; ")
}

// entities flattens a card into comparable parts.
func entities(sc *Scorecard) []entity {
	top := entity{fields: []defField{{"name", sc.Name}, {"version", itoa(sc.Version)}}}
	add := func(e *entity, name, v string) {
		if v != "" {
			e.fields = append(e.fields, defField{name, v})
		}
	}
	add(&top, "description", sc.Description)
	add(&top, "scale", fmtNum(sc.Scale))
	add(&top, "min_coverage", fmtNum(sc.MinCoverage))
	applies := entity{path: "applies"}
	s := sc.Applies
	add(&applies, "segment", strings.Join(s.Segments, ", "))
	add(&applies, "stage", strings.Join(s.Stages, ", "))
	add(&applies, "plan", strings.Join(s.Plans, ", "))
	add(&applies, "icp_fit", strings.Join(s.ICPFits, ", "))
	if !s.TenureDays.IsZero() {
		add(&applies, "tenure_days", s.TenureDays.String())
	}
	if !s.DaysToRenewal.IsZero() {
		add(&applies, "days_to_renewal", s.DaysToRenewal.String())
	}
	th := entity{path: "thresholds", fields: []defField{{"green", fmtNum(sc.Thresholds.Green)}, {"yellow", fmtNum(sc.Thresholds.Yellow)}}}
	out := []entity{top, applies, th}
	for _, g := range sc.Groups {
		e := entity{path: "groups." + g.Key, whole: true}
		add(&e, "label", g.Label)
		add(&e, "weight", fmtNum(g.Weight))
		for _, gm := range g.Measures {
			add(&e, "measures."+gm.Key, fmtNum(gm.Weight))
		}
		out = append(out, e)
	}
	for _, m := range sc.Measures {
		out = append(out, entity{path: "measures." + m.Key, whole: true, fields: m.def})
	}
	return out
}
