package retention

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"

	"github.com/gtg-dev/gtg"
)

// Ratio is a fraction that may be undefined (NaN: nothing to divide by); JSON
// writes it as null rather than failing.
type Ratio float64

// MarshalJSON writes the fraction, or null when it is undefined.
func (r Ratio) MarshalJSON() ([]byte, error) {
	f := float64(r)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads what MarshalJSON writes, null as NaN.
func (r *Ratio) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = Ratio(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*r = Ratio(f)
	return nil
}

// Defined reports whether the fraction has a value.
func (r Ratio) Defined() bool { return !math.IsNaN(float64(r)) && !math.IsInf(float64(r), 0) }

func ratio(a, b float64) Ratio {
	if b == 0 {
		return Ratio(math.NaN())
	}
	return Ratio(a / b)
}

// Groupings of the metrics.
const (
	BySegment = "segment"
	ByOwner   = "owner"
	ByCohort  = "cohort" // the signing month, contract_start as YYYY-MM
)

// Groupings lists the valid --by values.
var Groupings = []string{BySegment, ByOwner, ByCohort}

// Figures are the retention metrics of one period for one set of accounts.
type Figures struct {
	// Accounts is the cohort: the accounts with ARR > 0 on the period's
	// first day; Retained those of them with ARR > 0 on its last.
	Accounts int     `json:"accounts"`
	Retained int     `json:"retained"`
	ARRFrom  float64 `json:"arr_from"`
	ARRTo    float64 `json:"arr_to"`
	// ARRKept is Σ min(ARR_to, ARR_from): what GRR counts.
	ARRKept       float64 `json:"arr_kept"`
	GRR           Ratio   `json:"grr"`
	NRR           Ratio   `json:"nrr"`
	LogoRetention Ratio   `json:"logo_retention"`
	// Plans closed in the period and those closed with the account retained.
	PlansClosed   int   `json:"plans_closed"`
	PlansRetained int   `json:"plans_retained"`
	SaveRate      Ratio `json:"save_rate"`
	// ARRAtRisk is the ARR on the last day of the accounts at risk on it
	// (red, or a CSM's high risk level).
	ARRAtRisk float64 `json:"arr_at_risk"`
}

func (f *Figures) finish() {
	f.GRR = ratio(f.ARRKept, f.ARRFrom)
	f.NRR = ratio(f.ARRTo, f.ARRFrom)
	f.LogoRetention = ratio(float64(f.Retained), float64(f.Accounts))
	f.SaveRate = ratio(float64(f.PlansRetained), float64(f.PlansClosed))
}

// Group is the figures of the accounts sharing one segment, owner or cohort.
type Group struct {
	Key string `json:"key"`
	Figures
}

// Metrics are the retention metrics of a period, overall and by group.
type Metrics struct {
	From gtg.Day `json:"from"`
	To   gtg.Day `json:"to"`
	By   string  `json:"by,omitempty"`
	Figures
	Groups []Group `json:"groups,omitempty"`
}

// Inputs are what the metrics read besides the ledger: the plans closed in
// the period and the accounts at risk on its last day.
type Inputs struct {
	Plans  []*gtg.Plan
	AtRisk map[int64]bool
}

// RetainedOutcome reports whether a plan closed with this outcome kept the
// customer: back to green, renewed or contracted. A pause and a churn did
// not (the article ranks a pause below a retained logo).
func RetainedOutcome(outcome string) bool {
	return outcome == gtg.OutcomeBackToGreen || outcome == gtg.OutcomeRenewed || outcome == gtg.OutcomeContracted
}

// CheckPeriod returns EINVALID unless from and to make a period.
func CheckPeriod(from, to gtg.Day) error {
	switch {
	case from == 0:
		return gtg.Errorf(gtg.EINVALID, "from: required")
	case to == 0:
		return gtg.Errorf(gtg.EINVALID, "to: required")
	case to < from:
		return gtg.Errorf(gtg.EINVALID, "to: %s is before from %s", to, from)
	}
	return nil
}

// CheckGrouping returns EINVALID unless by is "" or one of Groupings.
func CheckGrouping(by string) error {
	if by != "" && !slices.Contains(Groupings, by) {
		return gtg.Errorf(gtg.EINVALID, "by: %q is not one of segment, owner, cohort", by)
	}
	return nil
}

// GroupKey returns the group an account falls in for by: its segment or
// owner as they were on day, or its signing month.
func (l *Ledger) GroupKey(a *gtg.Account, by string, day gtg.Day) string {
	var k string
	switch by {
	case BySegment:
		k = l.AsOf(a, day).Segment
	case ByOwner:
		k = l.AsOf(a, day).Owner
	case ByCohort:
		if a.ContractStart != 0 {
			k = a.ContractStart.String()[:7]
		}
	default:
		return ""
	}
	if k == "" {
		return "(none)"
	}
	return k
}

// Compute returns the metrics of the period from..to (both days included)
// grouped by by ("" for none). The cohort is the accounts with ARR > 0 on
// from; each one's ARR_from and ARR_to are its ARR on from and on to.
func Compute(l *Ledger, from, to gtg.Day, by string, in Inputs) (*Metrics, error) {
	if err := CheckPeriod(from, to); err != nil {
		return nil, err
	}
	if err := CheckGrouping(by); err != nil {
		return nil, err
	}
	m := &Metrics{From: from, To: to, By: by}
	groups := map[string]*Figures{}
	group := func(a *gtg.Account) *Figures {
		if by == "" {
			return nil
		}
		k := l.GroupKey(a, by, from)
		g := groups[k]
		if g == nil {
			g = &Figures{}
			groups[k] = g
		}
		return g
	}
	byID := make(map[int64]*gtg.Account, len(l.Accounts))
	for _, a := range l.Accounts {
		byID[a.ID] = a
		f0 := l.ARROn(a, from)
		t := l.ARROn(a, to)
		var parts []*Figures
		parts = append(parts, &m.Figures)
		if in.AtRisk[a.ID] || f0 > 0 {
			if g := group(a); g != nil {
				parts = append(parts, g)
			}
		}
		for _, f := range parts {
			if in.AtRisk[a.ID] {
				f.ARRAtRisk += t
			}
			if f0 <= 0 {
				continue
			}
			f.Accounts++
			f.ARRFrom += f0
			f.ARRTo += t
			f.ARRKept += min(t, f0)
			if t > 0 {
				f.Retained++
			}
		}
	}
	for _, p := range in.Plans {
		if p.Status != gtg.PlanClosed || p.ClosedOn < from || p.ClosedOn > to {
			continue
		}
		parts := []*Figures{&m.Figures}
		if a := byID[p.AccountID]; a != nil {
			if g := group(a); g != nil {
				parts = append(parts, g)
			}
		}
		for _, f := range parts {
			f.PlansClosed++
			if RetainedOutcome(p.Outcome) {
				f.PlansRetained++
			}
		}
	}
	m.finish()
	for k, g := range groups {
		g.finish()
		m.Groups = append(m.Groups, Group{Key: k, Figures: *g})
	}
	slices.SortFunc(m.Groups, func(a, b Group) int { return cmp.Compare(a.Key, b.Key) })
	return m, nil
}

// Month is one calendar month's metrics: the period from its first day to
// its last.
type Month struct {
	Month string `json:"month"` // YYYY-MM
	Figures
}

// Monthly returns the metrics of every calendar month from the one holding
// from to the one holding to. A month's period runs from its first day to
// the first day of the next (the last one cut at to): an outcome on a
// period's first day is already in ARR_from, so periods that meet on a day
// count every outcome in exactly one month.
func Monthly(l *Ledger, from, to gtg.Day, in Inputs) ([]Month, error) {
	if err := CheckPeriod(from, to); err != nil {
		return nil, err
	}
	first, _ := from.Month()
	last, _ := to.Month()
	var out []Month
	for mo := first; mo <= last; mo++ {
		lo, hi := gtg.MonthStart(mo), min(gtg.MonthStart(mo+1), to)
		if hi <= lo {
			break // to is the month's first day: it ended the month before
		}
		// Plans closed on the shared day count in the later month.
		plans := make([]*gtg.Plan, 0, len(in.Plans))
		for _, p := range in.Plans {
			if p.ClosedOn < hi || hi == to {
				plans = append(plans, p)
			}
		}
		m, err := Compute(l, lo, hi, "", Inputs{Plans: plans})
		if err != nil {
			return nil, err
		}
		out = append(out, Month{Month: lo.String()[:7], Figures: m.Figures})
	}
	return out, nil
}
