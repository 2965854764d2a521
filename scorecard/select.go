package scorecard

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gtg-dev/gtg"
)

// Selector says which accounts a scorecard is for, from its `applies:`
// section. An empty field matches every account; text matches ignore case.
type Selector struct {
	Segments      []string
	Stages        []string
	Plans         []string
	ICPFits       []string
	TenureDays    Range // days since the contract start, as of the scoring day
	DaysToRenewal Range // days until the renewal date, as of the scoring day
}

// Range is a span of numbers from Min (inclusive) to Max (exclusive); an
// unset bound is open.
type Range struct {
	Min, Max       float64
	HasMin, HasMax bool
}

// IsZero reports whether the range is open on both sides.
func (r Range) IsZero() bool { return !r.HasMin && !r.HasMax }

// Contains reports whether v lies in the range.
func (r Range) Contains(v float64) bool {
	return (!r.HasMin || v >= r.Min) && (!r.HasMax || v < r.Max)
}

// String writes the range as people read it: "from 0 to under 90 days".
func (r Range) String() string {
	switch {
	case r.HasMin && r.HasMax:
		return fmtNum(r.Min) + " to under " + fmtNum(r.Max)
	case r.HasMin:
		return fmtNum(r.Min) + " or more"
	case r.HasMax:
		return "under " + fmtNum(r.Max)
	}
	return "any"
}

// Specificity counts the constrained fields: Select prefers the card that
// says the most about the account.
func (s Selector) Specificity() int {
	n := 0
	for _, set := range []bool{len(s.Segments) > 0, len(s.Stages) > 0, len(s.Plans) > 0, len(s.ICPFits) > 0,
		!s.TenureDays.IsZero(), !s.DaysToRenewal.IsZero()} {
		if set {
			n++
		}
	}
	return n
}

// Matches reports whether the selector applies to the account on day asOf.
// A range on tenure or renewal never matches an account without the date.
func (s Selector) Matches(a *gtg.Account, asOf gtg.Day) bool {
	if a == nil {
		return s.Specificity() == 0
	}
	if !anyFold(s.Segments, a.Segment) || !anyFold(s.Stages, a.Stage) || !anyFold(s.Plans, a.Plan) || !anyFold(s.ICPFits, a.ICPFit) {
		return false
	}
	if !s.TenureDays.IsZero() && (a.ContractStart == 0 || !s.TenureDays.Contains(float64(asOf-a.ContractStart))) {
		return false
	}
	if !s.DaysToRenewal.IsZero() && (a.RenewalDate == 0 || !s.DaysToRenewal.Contains(float64(a.RenewalDate-asOf))) {
		return false
	}
	return true
}

// anyFold reports whether v is one of list, ignoring case; an empty list matches anything.
func anyFold(list []string, v string) bool {
	if len(list) == 0 {
		return true
	}
	for _, s := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

// Select returns the most specific card that applies to the account on day
// asOf: the one whose selector constrains the most fields. Among equally
// specific cards the earlier in the list wins, so callers order them (by
// name, say) for a stable choice. It returns nil when no card applies.
func Select(cards []*Scorecard, a *gtg.Account, asOf gtg.Day) *Scorecard {
	var best *Scorecard
	bestN := -1
	for _, sc := range cards {
		if sc == nil || !sc.Applies.Matches(a, asOf) {
			continue
		}
		if n := sc.Applies.Specificity(); n > bestN {
			best, bestN = sc, n
		}
	}
	return best
}

func parseSelector(p *problems, n *yaml.Node) Selector {
	o := p.asObject(n, "applies", "segment", "stage", "plan", "icp_fit", "tenure_days", "days_to_renewal")
	s := Selector{
		Segments: o.list("segment"),
		Stages:   o.list("stage"),
		Plans:    o.list("plan"),
		ICPFits:  o.list("icp_fit"),
	}
	for _, st := range s.Stages {
		if !contains(gtg.Stages, strings.ToLower(st)) {
			o.errf("stage", "%q is not a lifecycle stage (want %s)", st, strings.Join(gtg.Stages, ", "))
		}
	}
	s.TenureDays = parseRange(p, o, "tenure_days")
	s.DaysToRenewal = parseRange(p, o, "days_to_renewal")
	return s
}

// parseRange reads {min: …, max: …} with either bound optional.
func parseRange(p *problems, parent *object, name string) Range {
	n := parent.vals[name]
	if n == nil {
		return Range{}
	}
	o := p.asObject(n, parent.field(name), "min", "max")
	var r Range
	r.HasMin, r.HasMax = o.has("min"), o.has("max")
	r.Min, _ = o.num("min", 0)
	r.Max, _ = o.num("max", 0)
	switch {
	case n.Kind == yaml.MappingNode && !r.HasMin && !r.HasMax:
		parent.errf(name, "want min, max or both")
	case r.HasMin && r.HasMax && r.Max <= r.Min:
		o.errf("max", "out of order: %v is not above min %v", r.Max, r.Min)
	}
	return r
}
