package scorecard

import (
	"math"

	"github.com/expr-lang/expr/vm"

	"github.com/gtg-dev/gtg"
)

// Result is an account's health as of a day under one scorecard version.
type Result struct {
	Scorecard string  // the card's name
	Version   int     // the card's version
	AsOf      gtg.Day // the day scored
	Score     float64 // 0 to the card's scale; NaN when no measure had data
	Color     string  // green, yellow, red or insufficient_data
	Coverage  float64 // the share of the card's applicable weight that had data, 0 to 1
	Measures  []MeasureResult
	Groups    []GroupResult
}

// MeasureResult is one measure's part in a Result.
type MeasureResult struct {
	Key     string
	Label   string
	Group   string  // "" for helpers that only feed expressions
	Unit    string  // how the value reads, one of Units
	Window  int     // days, 0 when the measure has none
	Value   float64 // NaN when missing or when the value is text
	Text    string  // the value of text measures (a plan, a sentiment)
	Points  float64 // NaN when missing, skipped or not scored
	Weight  float64 // the measure's share of the overall score, after renormalising; 0 when it had no part
	Missing bool    // no data: the measure dropped out and the others' weights grew (unless Imputed)
	Imputed bool    // no data, and the card's `missing` points stood in for a value
	Skipped bool    // its condition (when) was false: it does not apply to this account
}

// counts reports whether the measure has a part in the score: it applies,
// and it has a value or the card's points for having none.
func (m *MeasureResult) counts() bool { return !m.Skipped && (!m.Missing || m.Imputed) }

// Contribution is the points the measure adds to the overall score.
func (m MeasureResult) Contribution() float64 {
	if m.Weight == 0 || math.IsNaN(m.Points) {
		return 0
	}
	return m.Weight * m.Points
}

// GroupResult is one group's part in a Result.
type GroupResult struct {
	Key      string
	Label    string
	Score    float64 // NaN when none of its measures had data
	Weight   float64 // the group's share of the overall score, after renormalising
	Coverage float64 // the share of the group's applicable measure weight that had data
}

// Measure states during scoring.
const (
	stOK uint8 = iota
	stMissing
	stSkipped
)

// scratch is one scoring's working memory, pooled so that scoring many
// accounts allocates almost nothing.
type scratch struct {
	vm     vm.VM
	env    map[string]any // measures read by expressions, and the account
	acct   accountEnv
	val    []float64
	text   []string
	state  []uint8
	gw     []float64 // present measure weight per group
	evDay  []int32   // each event's UTC day
	evType []int16   // each event's index in the card's event types; -1 when unused or after AsOf
}

func (sc *Scorecard) newScratch() *scratch {
	n := len(sc.Measures)
	s := &scratch{env: map[string]any{"account": nil}, val: make([]float64, n), text: make([]string, n),
		state: make([]uint8, n), gw: make([]float64, len(sc.Groups))}
	s.env["account"] = &s.acct
	return s
}

func (s *scratch) allOK(deps []int) bool {
	for _, i := range deps {
		if s.state[i] != stOK {
			return false
		}
	}
	return true
}

// Score computes the account's health as of d.AsOf. It never fails: what
// the data does not say is reported as missing.
func (sc *Scorecard) Score(d *AccountData) Result {
	var r Result
	sc.ScoreTo(&r, d)
	return r
}

// ScoreTo is Score writing into r, reusing r's slices: a job scoring many
// accounts one after another allocates nothing per account for the result.
func (sc *Scorecard) ScoreTo(r *Result, d *AccountData) {
	s := sc.pool.Get().(*scratch)
	s.prepare(sc, d)
	for _, i := range sc.order {
		m := sc.Measures[i]
		v, t, st := nan, "", stOK
		if m.when != nil {
			if !s.allOK(m.whenDeps) {
				st = stMissing
			} else if ok, good := s.run(m.when); !good {
				st = stMissing
			} else if ok == 0 {
				st = stSkipped
			}
		}
		if st == stOK {
			var ok bool
			if v, t, ok = m.eval(s, d); !ok {
				st = stMissing
			}
		}
		s.val[i], s.text[i], s.state[i] = v, t, st
		if m.inEnv {
			if m.text {
				s.env[m.Key] = t
			} else {
				s.env[m.Key] = v
			}
		}
	}
	sc.result(r, s, d.AsOf)
	sc.pool.Put(s)
}

// prepare indexes the events once per account: their day and which of the
// card's event types they are, so measures compare small integers.
func (s *scratch) prepare(sc *Scorecard, d *AccountData) {
	n := len(d.Events)
	if cap(s.evDay) < n {
		s.evDay, s.evType = make([]int32, n, n+n/2), make([]int16, n, n+n/2)
	}
	s.evDay, s.evType = s.evDay[:n], s.evType[:n]
	asOf := int32(d.AsOf)
	for i, e := range d.Events {
		t := int16(-1)
		day := int32(0)
		if e != nil {
			day = dayOf(e.OccurredAt)
			for j, typ := range sc.events {
				if e.Type == typ {
					t = int16(j)
					break
				}
			}
		}
		if day > asOf {
			t = -1
		}
		s.evDay[i], s.evType[i] = day, t
	}
	s.acct.set(d.Account, d.AsOf)
}

// result turns the measures' values into points, renormalises the weights
// over what is present and colors the score.
func (sc *Scorecard) result(r *Result, s *scratch, asOf gtg.Day) {
	r.Scorecard, r.Version, r.AsOf = sc.Name, sc.Version, asOf
	r.Measures = resize(r.Measures, len(sc.Measures))
	r.Groups = resize(r.Groups, len(sc.Groups))
	for i, m := range sc.Measures {
		mr := &r.Measures[i]
		*mr = MeasureResult{Key: m.Key, Label: m.Label, Group: m.Group, Unit: m.Unit, Window: m.Window,
			Value: s.val[i], Text: s.text[i], Points: nan, Missing: s.state[i] == stMissing, Skipped: s.state[i] == stSkipped}
		if s.state[i] == stMissing && m.HasMissing && m.Group != "" {
			mr.Points, mr.Imputed = m.MissingPoints, true
			continue
		}
		if s.state[i] != stOK || m.Group == "" {
			continue
		}
		if m.text {
			p, ok := m.categoryPoints(s.text[i])
			if !ok { // a value the card gives no points for: unknown, not zero
				mr.Missing = true
				if m.HasMissing {
					mr.Points, mr.Imputed = m.MissingPoints, true
				}
				continue
			}
			mr.Points = p
		} else {
			mr.Points = bandPoints(m.Bands, s.val[i])
		}
	}

	// Coverage counts only what applies: a measure whose condition is false
	// is as if the card did not have it for this account.
	applTotal := 0.0
	for gi, g := range sc.Groups {
		appl := 0.0
		for _, gm := range g.Measures {
			if !r.Measures[gm.index].Skipped {
				appl += gm.Weight
			}
		}
		if appl > 0 {
			applTotal += g.Weight
		}
		s.gw[gi] = appl
	}
	var covered, present float64
	for gi, g := range sc.Groups {
		appl, have, data, pts := s.gw[gi], 0.0, 0.0, 0.0
		for _, gm := range g.Measures {
			if mr := &r.Measures[gm.index]; mr.counts() {
				have += gm.Weight
				pts += gm.Weight * mr.Points
				if !mr.Missing {
					data += gm.Weight
				}
			}
		}
		gr := GroupResult{Key: g.Key, Label: g.Label, Score: nan}
		if appl > 0 {
			// Coverage is about data: imputed points score, but do not
			// make an account known.
			gr.Coverage = data / appl
			if applTotal > 0 {
				covered += g.Weight / applTotal * gr.Coverage
			}
		}
		if have > 0 {
			gr.Score = pts / have
			present += g.Weight
		}
		r.Groups[gi], s.gw[gi] = gr, have
	}

	score := nan
	if present > 0 {
		score = 0
		for gi, g := range sc.Groups {
			gr := &r.Groups[gi]
			if math.IsNaN(gr.Score) {
				continue
			}
			gr.Weight = g.Weight / present
			score += gr.Weight * gr.Score
			for _, gm := range g.Measures {
				if mr := &r.Measures[gm.index]; mr.counts() {
					mr.Weight = gr.Weight * gm.Weight / s.gw[gi]
				}
			}
		}
	}
	r.Score, r.Coverage = score, covered
	r.Color = sc.color(score, r.Coverage)
}

// color applies the thresholds, unless too little of the card had data.
func (sc *Scorecard) color(score, coverage float64) string {
	switch {
	case math.IsNaN(score) || coverage+1e-9 < sc.MinCoverage:
		return InsufficientData
	case score >= sc.Thresholds.Green:
		return Green
	case score >= sc.Thresholds.Yellow:
		return Yellow
	}
	return Red
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
