package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gtg-dev/gtg"
)

// Segments, plans and ICP tiers of the simulated customers.
const (
	segSMB        = "SMB"
	segMid        = "Mid-Market"
	segEnterprise = "Enterprise"

	planStarter    = "starter"
	planGrowth     = "growth"
	planEnterprise = "enterprise"
)

var (
	// arrRange is each segment's median and bounds of ARR in US dollars.
	arrRange = map[string][3]float64{
		segSMB:        {11000, 5000, 25000},
		segMid:        {55000, 25000, 120000},
		segEnterprise: {240000, 120000, 600000},
	}
	// seatPrice is the yearly list price of a seat in US dollars.
	seatPrice = map[string]float64{planStarter: 300, planGrowth: 550, planEnterprise: 900}
	// regions and the currency their accounts pay in, with legal forms.
	regions = []struct {
		name, currency string
		rate           float64 // units of the currency per US dollar
		weight         float64
		legal          []string
	}{
		{"North America", "USD", 1, 0.62, []string{"Inc", "LLC", "", "Corp"}},
		{"EMEA", "EUR", 0.92, 0.15, []string{"GmbH", "SA", "BV", ""}},
		{"EMEA", "GBP", 0.79, 0.10, []string{"Ltd", "plc", ""}},
		{"APAC", "USD", 1, 0.08, []string{"Pte Ltd", "Pty Ltd", ""}},
		{"LATAM", "USD", 1, 0.05, []string{"SA", "Ltda", ""}},
	}
)

// profile draws who the customer is: name, segment, ICP fit, contract and owner.
func (s *sim) profile(r *rand.Rand) {
	cfg := s.cfg
	s.segment = []string{segSMB, segMid, segEnterprise}[weighted(r, 0.55, 0.33, 0.12)]
	s.tier = []string{"A", "B", "C"}[weighted(r, 0.3, 0.45, 0.25)]
	ri := weighted(r, regions[0].weight, regions[1].weight, regions[2].weight, regions[3].weight, regions[4].weight)
	reg := regions[ri]
	name, industry, domain := companyName(cfg.Seed, s.idx, pick(r, reg.legal))
	s.domain = domain

	var plan string
	switch s.segment {
	case segSMB:
		plan = []string{planStarter, planGrowth}[weighted(r, 0.7, 0.3)]
	case segMid:
		plan = []string{planStarter, planGrowth, planEnterprise}[weighted(r, 0.1, 0.7, 0.2)]
	default:
		plan = []string{planGrowth, planEnterprise}[weighted(r, 0.15, 0.85)]
	}
	ar := arrRange[s.segment]
	usd := lognormal(r, ar[0], 0.45)
	for try := 0; (usd < ar[1] || usd > ar[2]) && try < 20; try++ {
		usd = lognormal(r, ar[0], 0.45) // truncate, rather than pile up on the bounds
	}
	usd = clamp(usd, ar[1], ar[2])
	s.rate = reg.rate
	s.arr = roundTo(usd*reg.rate, 100)
	s.seats = max(3, int(math.Round(usd/seatPrice[plan])))

	// About a fifth of the book signed during the history window; the rest
	// signed up to three years before it.
	if chance(r, 0.22) {
		s.start = cfg.Today.AddDays(-between(r, 5, cfg.Days-1))
	} else {
		s.start = cfg.Today.AddDays(-between(r, cfg.Days, cfg.Days+3*365))
	}
	pool := csmsOf(s.segment)
	s.owners = []ownerSpan{{from: s.start, csm: pool[r.IntN(len(pool))]}}
	s.onboardingDays = between(r, 55, 110)

	s.acct = &gtg.Account{
		ExternalID:       externalID(cfg.Accounts, s.idx),
		Name:             name,
		Currency:         reg.currency,
		Plan:             plan,
		Segment:          s.segment,
		ContractStart:    s.start,
		AccountExecutive: pick(r, accountExecutives),
		ICPFit:           s.tier,
		Attrs: map[string]any{
			"industry":     industry,
			"region":       reg.name,
			"nps_target":   float64(pick(r, []int{30, 40, 50})),
			"kickoff_date": s.start.AddDays(between(r, 3, 14)),
		},
	}
}

// externalID numbers accounts A00001, A00002, … with enough digits for n.
func externalID(n, idx int) string {
	return fmt.Sprintf("A%0*d", max(5, len(fmt.Sprint(n))), idx+1)
}

// finish sets the account's fields that depend on its history: ARR and seats
// after the latest outcome, renewal date, stage and owner as of today.
func (s *sim) finish() {
	a, today := s.acct, s.cfg.Today
	if s.churnDay != 0 {
		// What was planned after the churn never happened, or nobody heard of it.
		s.owners = slices.DeleteFunc(s.owners, func(o ownerSpan) bool { return o.from >= s.churnDay })
		s.people = slices.DeleteFunc(s.people, func(p *person) bool { return p.joined > s.churnDay })
		for _, p := range s.people {
			if p.left > s.churnDay {
				p.left, p.c.Status, p.c.StatusChangedOn = 0, gtg.ContactActive, 0
				if p.joined > s.start {
					p.c.StatusChangedOn = p.joined
				}
			}
		}
	}
	st := s.stateAt(today)
	a.ARR, a.Seats, a.Owner, a.RenewalDate, a.Stage = st.ARR, st.Seats, st.Owner, st.RenewalDate, st.Stage
	a.Attrs["onboarding_complete"] = st.Attrs["onboarding_complete"]
}

// stateAt is what the account's fields were on day d.
func (s *sim) stateAt(d gtg.Day) gtg.AccountState {
	a := s.acct
	st := gtg.AccountState{From: d, ARR: s.arrAt(d), Seats: s.seatsAt(d), Plan: a.Plan, Segment: a.Segment,
		Owner: s.ownerAt(d).email, ICPFit: a.ICPFit, Attrs: map[string]any{}}
	for k, v := range a.Attrs {
		st.Attrs[k] = v
	}
	age := int(d - s.start)
	st.Attrs["onboarding_complete"] = age >= s.onboardingDays
	if s.churnDay != 0 && d >= s.churnDay {
		st.ARR, st.Seats = 0, 0
		st.RenewalDate = s.churnDay
		st.Stage = gtg.StageRenewal // where it was when it left
		return st
	}
	st.RenewalDate = s.nextRenewal(d)
	switch {
	case age < 90:
		st.Stage = gtg.StageOnboarding
	case int(st.RenewalDate-d) <= 120:
		st.Stage = gtg.StageRenewal
	case age < 365:
		st.Stage = gtg.StageAdoption
	default:
		st.Stage = gtg.StageMature
	}
	return st
}

// history is the account's states from the contract start to today: one
// on every day something changed (a contract, an owner, the stage, the
// onboarding flag), so backtests see each past day as it was.
func (s *sim) history() []gtg.AccountState {
	today := s.cfg.Today
	days := []gtg.Day{s.start, s.start + 90, s.start + gtg.Day(s.onboardingDays), s.start + 365}
	for _, c := range s.contracts {
		days = append(days, c.from)
	}
	for _, o := range s.owners {
		days = append(days, o.from)
	}
	for k := 1; s.anniversary(k-1) <= today; k++ {
		r := s.anniversary(k)
		days = append(days, r-120, r)
	}
	if s.churnDay != 0 {
		days = append(days, s.churnDay)
	}
	slices.Sort(days)
	var out []gtg.AccountState
	for _, d := range slices.Compact(days) {
		if d < s.start || d > today {
			continue
		}
		st := s.stateAt(d)
		if n := len(out); n > 0 && sameState(out[n-1], st) {
			continue
		}
		out = append(out, st)
	}
	return out
}

func sameState(a, b gtg.AccountState) bool {
	return a.ARR == b.ARR && a.Seats == b.Seats && a.Stage == b.Stage && a.RenewalDate == b.RenewalDate &&
		a.Owner == b.Owner && a.Attrs["onboarding_complete"] == b.Attrs["onboarding_complete"]
}

// anniversary returns the k-th yearly anniversary of the contract start.
func (s *sim) anniversary(k int) gtg.Day {
	return gtg.DayOf(s.start.Time().AddDate(k, 0, 0))
}

// nextRenewal returns the first anniversary after day d.
func (s *sim) nextRenewal(d gtg.Day) gtg.Day {
	for k := 1; ; k++ {
		if r := s.anniversary(k); r > d {
			return r
		}
	}
}

// at returns a moment of day d between the hours lo and hi (UTC).
func at(r *rand.Rand, d gtg.Day, lo, hi int) time.Time {
	return d.Time().Add(time.Duration(lo*60+r.IntN((hi-lo)*60)) * time.Minute)
}

// weekday returns 0 for Sunday … 6 for Saturday (1970-01-01 was a Thursday).
func weekday(d gtg.Day) int { return (int(d) + 4) % 7 }

func roundTo(x, unit float64) float64 { return math.Round(x/unit) * unit }
