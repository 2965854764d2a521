package demo

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gtg-dev/gtg"
)

// renewal is a renewal date in history and what the customer decided for it.
// Customers decide weeks before the date; once they have, their health drifts
// (a churning customer disengages), which is the sag backtests should catch.
type renewal struct {
	day, decideOn gtg.Day
	decided       bool
	outcome       string
	surprise      bool    // churned though it looked healthy: acquired, budget cut
	drift         float64 // daily change of latent health until the renewal
	seen          float64 // mean health over the month before the decision
}

// contract is the ARR and seats from a day on.
type contract struct {
	from  gtg.Day
	arr   float64
	seats int
}

// decide draws the outcome of a renewal from the account's health over the
// month before day d. Churn odds rise steeply as health falls and are higher
// for poor ICP fits; a small share of healthy accounts churn anyway.
func (s *sim) decide(r *rand.Rand, rn *renewal, d gtg.Day) {
	rn.decided = true
	h := s.meanHealth(d.AddDays(-30), d)
	rn.seen = h
	tierOdds := map[string]float64{"A": -0.4, "B": 0, "C": 0.6}[s.tier]
	pChurn := sigmoid(-1.8 + 8*(0.45-h) + tierOdds)
	pSurprise := map[string]float64{"A": 0.01, "B": 0.015, "C": 0.03}[s.tier]
	pExpand := sigmoid(-1.2 + 8*(h-0.7))
	pContract := sigmoid(-1.8 + 8*(0.5-h))
	switch u := r.Float64(); {
	case u < pSurprise:
		rn.outcome, rn.surprise, rn.drift = gtg.OutcomeChurned, true, -0.003
	case u < pSurprise+pChurn:
		rn.outcome, rn.drift = gtg.OutcomeChurned, -uniform(r, 0.02, 0.035)
	case u < pSurprise+pChurn+pContract*(1-pChurn):
		rn.outcome, rn.drift = gtg.OutcomeContracted, -0.008
	case r.Float64() < pExpand:
		rn.outcome, rn.drift = gtg.OutcomeExpanded, 0.004
	default:
		rn.outcome = gtg.OutcomeRenewed
	}
}

// renew applies a renewal's outcome on its day and reports whether the
// account churned, which ends its simulation.
func (s *sim) renew(r *rand.Rand, rn *renewal) (churned bool) {
	before, seats := s.arrAt(rn.day), s.seatsAt(rn.day)
	o := &gtg.Outcome{AccountExternalID: s.acct.ExternalID, Day: rn.day, Type: rn.outcome, ARRBefore: before, ARRAfter: before}
	switch rn.outcome {
	case gtg.OutcomeChurned:
		o.ARRAfter = 0
		s.churnDay = rn.day
		if s.pause.from > rn.day {
			s.pause = span{} // planned, but the customer left first
		}
		s.outcomes = append(s.outcomes, o)
		return true
	case gtg.OutcomeExpanded:
		f := uniform(r, 1.1, 1.6)
		o.ARRAfter = roundTo(before*f, 100)
		seats = int(math.Ceil(float64(seats) * f))
		s.mu += 0.15
	case gtg.OutcomeContracted:
		f := uniform(r, 0.6, 0.9)
		o.ARRAfter = roundTo(before*f, 100)
		seats = max(1, int(math.Floor(float64(seats)*f)))
	}
	s.contracts = append(s.contracts, contract{rn.day, o.ARRAfter, seats})
	s.outcomes = append(s.outcomes, o)
	return false
}

// arrAt returns the contracted ARR on day d.
func (s *sim) arrAt(d gtg.Day) float64 {
	arr := s.arr
	for _, c := range s.contracts {
		if c.from <= d {
			arr = c.arr
		}
	}
	return arr
}

// seatsAt returns the contracted seats on day d.
func (s *sim) seatsAt(d gtg.Day) int {
	n := s.seats
	for _, c := range s.contracts {
		if c.from <= d {
			n = c.seats
		}
	}
	return n
}

// sortOutcomes orders outcomes by day; pauses are added after the walk.
func (s *sim) sortOutcomes() {
	slices.SortStableFunc(s.outcomes, func(a, b *gtg.Outcome) int { return int(a.Day - b.Day) })
}
