package demo

import (
	"math"
	"math/rand/v2"

	"github.com/gtg-dev/gtg"
)

// sim is one simulated account: its profile, its people, and the latent
// health that drives everything the data shows about it.
type sim struct {
	cfg  Config
	idx  int
	acct *gtg.Account // the account as of today, once finish has run

	segment, tier, domain string
	rate                  float64 // currency units per US dollar
	arr                   float64 // ARR at the start of history, in the account's currency
	seats                 int
	start                 gtg.Day // contract start
	onboardingDays        int

	first    gtg.Day   // first simulated day: the later of history start and contract start
	churnDay gtg.Day   // 0 unless the account churned in history
	health   []float64 // latent health in (0, 1) for each day from first on
	mu       float64   // the level health reverts to

	people    []*person
	owners    []ownerSpan
	shocks    []shock
	incidents []span
	pause     span // zero when the account never paused
	renewals  []*renewal
	contracts []contract // ARR and seat changes after renewals
	outcomes  []*gtg.Outcome
	events    []*gtg.Event
}

// span is the days [from, to); to is 0 while it lasts.
type span struct{ from, to gtg.Day }

func (w span) has(d gtg.Day) bool { return w.from != 0 && d >= w.from && (w.to == 0 || d < w.to) }

// ownerSpan says which CSM owns the account from a day on.
type ownerSpan struct {
	from gtg.Day
	csm  csm
}

// shock moves latent health by total, spread over days from day on, and the
// level it reverts to by level for good (a lost champion lowers both).
type shock struct {
	day   gtg.Day
	days  int
	total float64
	level float64
	why   string
}

// Latent health is z on the logit scale; health = sigmoid(z). It reverts to mu
// at theta a day with daily noise sigma: a stationary spread of about 0.5, a
// half-life of about three weeks.
const (
	theta = 0.03
	sigma = 0.12
)

// tierLevel is the health level of each ICP tier: poor fits struggle more.
var tierLevel = map[string]float64{"A": 1.3, "B": 0.7, "C": -0.1}

// simulate runs account idx of the portfolio.
func simulate(cfg Config, idx int) *sim {
	s := &sim{cfg: cfg, idx: idx}
	s.profile(newRand(cfg.Seed, idx, streamProfile))
	s.first = max(s.start, cfg.firstDay())
	s.contacts(newRand(cfg.Seed, idx, streamContacts))
	s.plan(newRand(cfg.Seed, idx, streamShocks))
	s.walk(newRand(cfg.Seed, idx, streamHealth))
	s.recordPause()
	s.finish()
	s.timeline(newRand(cfg.Seed, idx, streamEvents))
	return s
}

// plan schedules what will happen to the account: departures' aftermath, a
// CSM change, incidents, good news, a pause, and its renewals.
func (s *sim) plan(r *rand.Rand) {
	today, years := s.cfg.Today, float64(s.cfg.Days)/365
	for k := 1; ; k++ {
		d := s.anniversary(k)
		if d > today {
			break
		}
		if d >= s.first {
			s.renewals = append(s.renewals, &renewal{day: d, decideOn: d.AddDays(-between(r, 45, 90))})
		}
	}
	s.mu = tierLevel[s.tier] + s.owners[0].csm.skill + 0.4*r.NormFloat64()

	// A key person leaving hits a week or few later, and keeps the level down
	// until a successor takes over.
	for _, p := range s.people {
		if p.left != 0 && keyRole(p.c.Role) {
			hit, level := -uniform(r, 0.8, 1.4), -0.3
			if p.c.Role == gtg.RoleChampion {
				hit, level = -uniform(r, 1.0, 1.8), -0.5
			}
			s.shocks = append(s.shocks, shock{day: p.left.AddDays(between(r, 5, 25)), days: 14, total: hit, level: level, why: "left"})
		}
		if p.replaces != nil {
			s.shocks = append(s.shocks, shock{day: p.joined.AddDays(7), days: 14, total: 0.4, level: 0.5, why: "successor"})
		}
	}
	if from, to := s.first.AddDays(30), today.AddDays(-10); from < to && chance(r, 1-math.Pow(0.92, years)) {
		d := from.AddDays(r.IntN(int(to - from)))
		pool, cur := csmsOf(s.segment), s.owners[0].csm
		next := pool[r.IntN(len(pool))]
		for next == cur && len(pool) > 1 {
			next = pool[r.IntN(len(pool))]
		}
		s.owners = append(s.owners, ownerSpan{from: d, csm: next})
		s.shocks = append(s.shocks, shock{day: d, days: 10, total: -0.4, level: next.skill - cur.skill, why: "csm_change"})
	}
	days := int(today-s.first) + 1
	incidentRate := map[string]float64{"A": 0.7, "B": 0.9, "C": 1.3}[s.tier]
	for range poisson(r, incidentRate*float64(days)/365) {
		d, n := s.first.AddDays(r.IntN(days)), between(r, 10, 21)
		s.incidents = append(s.incidents, span{d, d.AddDays(n)})
		s.shocks = append(s.shocks, shock{day: d, days: n, total: -uniform(r, 0.6, 1.4), why: "incident"})
	}
	for range poisson(r, 0.5*float64(days)/365) {
		d := s.first.AddDays(r.IntN(days))
		s.shocks = append(s.shocks, shock{day: d, days: 10, total: uniform(r, 0.4, 0.9), why: "win"})
	}
	if from, to := s.first.AddDays(60), today.AddDays(-20); from < to && chance(r, 0.02*years) {
		d := from.AddDays(r.IntN(int(to - from)))
		p := span{d, d.AddDays(between(r, 30, 75))}
		if p.to > today {
			p.to = 0 // still paused
		}
		if !s.renewalNear(p) {
			s.pause = p
		}
	}
}

// renewalNear reports whether a renewal or its run-up overlaps the span: a
// customer does not pause while deciding whether to renew.
func (s *sim) renewalNear(w span) bool {
	for _, rn := range s.renewals {
		if rn.day.AddDays(-100) <= w.to || w.to == 0 {
			if rn.day.AddDays(10) >= w.from {
				return true
			}
		}
	}
	return false
}

// walk simulates latent health day by day to today or to the churn, deciding
// each renewal as it comes.
func (s *sim) walk(r *rand.Rand) {
	z := s.mu + 0.45*r.NormFloat64()
	if s.start >= s.first {
		z -= 0.3 * r.Float64() // new customers start a little unsure
	}
	next := 0 // the renewal to come
	for d := s.first; d <= s.cfg.Today; d++ {
		for _, sh := range s.shocks {
			if d >= sh.day && d < sh.day.AddDays(sh.days) {
				z += sh.total / float64(sh.days)
			}
			if d == sh.day {
				s.mu += sh.level
			}
		}
		drift := 0.0
		if next < len(s.renewals) && s.renewals[next].decided {
			drift = s.renewals[next].drift
		}
		z += theta*(s.mu-z) + sigma*r.NormFloat64() + drift
		s.health = append(s.health, sigmoid(z))
		if next == len(s.renewals) {
			continue
		}
		rn := s.renewals[next]
		if !rn.decided && d >= rn.decideOn {
			s.decide(r, rn, d)
		}
		if d == rn.day {
			next++
			if s.renew(r, rn) {
				return
			}
		}
	}
}

// recordPause adds the outcomes of the account's pause, if it had one. A
// pause keeps the contract and its ARR (a seasonal freeze of use, not of the
// subscription), so ARR before and after are equal.
func (s *sim) recordPause() {
	if s.pause.from == 0 {
		return
	}
	arr := s.arrAt(s.pause.from)
	s.outcomes = append(s.outcomes, &gtg.Outcome{AccountExternalID: s.acct.ExternalID, Day: s.pause.from,
		Type: gtg.OutcomePaused, ARRBefore: arr, ARRAfter: arr})
	if s.pause.to != 0 {
		s.outcomes = append(s.outcomes, &gtg.Outcome{AccountExternalID: s.acct.ExternalID, Day: s.pause.to,
			Type: gtg.OutcomeResumed, ARRBefore: arr, ARRAfter: arr})
	}
	s.sortOutcomes()
}

// healthOn returns latent health on day d (NaN outside the simulated days).
func (s *sim) healthOn(d gtg.Day) float64 {
	i := int(d - s.first)
	if i < 0 || i >= len(s.health) {
		return math.NaN()
	}
	return s.health[i]
}

// meanHealth averages health over the days [from, to], clipped to the simulation.
func (s *sim) meanHealth(from, to gtg.Day) float64 {
	sum, n := 0.0, 0
	for d := max(from, s.first); d <= to; d++ {
		if h := s.healthOn(d); !math.IsNaN(h) {
			sum += h
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// last returns the last day with activity: today, or the churn day.
func (s *sim) last() gtg.Day {
	if s.churnDay != 0 {
		return s.churnDay
	}
	return s.cfg.Today
}

func (s *sim) ownerAt(d gtg.Day) csm {
	o := s.owners[0].csm
	for _, sp := range s.owners {
		if sp.from <= d {
			o = sp.csm
		}
	}
	return o
}

func (s *sim) incidentOn(d gtg.Day) bool {
	for _, w := range s.incidents {
		if w.has(d) {
			return true
		}
	}
	return false
}
