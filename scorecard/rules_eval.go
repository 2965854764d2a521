package scorecard

import (
	"math"
	"regexp"
	"strings"
	"sync"

	"github.com/expr-lang/expr/vm"

	"github.com/gtg-dev/gtg"
)

// ruleScratch is one evaluation's working memory, pooled like scoring's.
type ruleScratch struct {
	vm      vm.VM
	env     map[string]any
	acct    accountEnv
	health  healthEnv
	handoff handoffEnv
	res     Result
	d       *AccountData
	mention string // the note text the last successful mentions() call matched
}

var patterns sync.Map // pattern → *regexp.Regexp, or error

// mentions reports whether a note in the last days days matches the regular
// expression (case-insensitive), remembering the note for the evidence.
func (s *ruleScratch) mentions(days int, pattern string) bool {
	re, ok := patterns.Load(pattern)
	if !ok {
		c, err := regexp.Compile("(?i)" + pattern)
		if err != nil {
			patterns.Store(pattern, err)
			return false
		}
		re, _ = patterns.LoadOrStore(pattern, c)
	}
	rx, ok := re.(*regexp.Regexp)
	if !ok {
		return false
	}
	from := s.d.AsOf - gtg.Day(days) + 1
	for _, e := range s.d.Events {
		if e.Type != gtg.EventNote {
			continue
		}
		if d := gtg.DayOf(e.OccurredAt); d < from || d > s.d.AsOf {
			continue
		}
		text, _ := e.Attrs["text"].(string)
		if rx.MatchString(text) {
			s.mention = text
			return true
		}
	}
	return false
}

func (rs *RuleSet) scratch() *ruleScratch {
	s := &ruleScratch{env: ruleEnv(rs.card.Measures)}
	s.env["account"], s.env["health"], s.env["handoff"] = &s.acct, &s.health, &s.handoff
	s.env["mentions"] = s.mentions
	return s
}

// Evaluate runs every rule that applies to the account as of d.AsOf and
// returns those whose condition held, each with its evidence. A condition
// that cannot be decided (an error, a missing value) does not fire: missing
// data is not a warning sign by itself.
func (rs *RuleSet) Evaluate(d *AccountData, in RuleInput) []Firing {
	s := rs.pool.Get().(*ruleScratch)
	defer rs.pool.Put(s)
	s.d = d
	rs.card.ScoreTo(&s.res, d)
	for i, m := range rs.card.Measures {
		r := &s.res.Measures[i]
		if m.text {
			s.env[m.Key] = r.Text
		} else {
			s.env[m.Key] = r.Value // NaN when missing or skipped
		}
	}
	s.acct.set(d.Account, d.AsOf)
	s.health = healthEnv{Score: nan, Change7: nan, Change30: nan}
	if h := in.Health; h != nil && h.Color != gtg.InsufficientData {
		s.health.Score, s.health.Color = h.Score, h.Color
		if w := in.Week; w != nil && w.Color != gtg.InsufficientData {
			s.health.Change7, s.health.WeekColor = h.Score-w.Score, w.Color
		}
		if m := in.Month; m != nil && m.Color != gtg.InsufficientData {
			s.health.Change30 = h.Score - m.Score
		}
	} else if h != nil {
		s.health.Color = h.Color
	}
	s.handoff.Completeness = in.HandoffCompleteness
	var out []Firing
	for _, r := range rs.Rules {
		if d.Account != nil && !r.Applies.Matches(d.Account, d.AsOf) {
			continue
		}
		s.mention = ""
		v, err := s.vm.Run(r.when, s.env)
		if err != nil {
			continue
		}
		if fired, _ := v.(bool); fired {
			out = append(out, Firing{Rule: r, Evidence: rs.evidence(r, s)})
		}
	}
	return out
}

// evidence explains a firing in a CSM's words: each evidence measure's label
// and value, the health when the rule reads it, and the note it matched.
func (rs *RuleSet) evidence(r *Rule, s *ruleScratch) []string {
	var ev []string
	for _, k := range r.Evidence {
		m := find(s.res.Measures, k)
		if m == nil {
			continue
		}
		line := m.Label + ": " + m.Display()
		if m.Window > 0 && !m.Missing && !m.Skipped && m.Unit != UnitDaysSince {
			line += " (" + windowText(m.Window) + ")"
		}
		ev = append(ev, line)
	}
	if r.health && !math.IsNaN(s.health.Score) {
		line := "Health " + round(s.health.Score) + " (" + s.health.Color + ")"
		if !math.IsNaN(s.health.Change30) {
			line += ", " + signed(round(s.health.Change30), s.health.Change30) + " in 30 days"
		}
		ev = append(ev, line)
	}
	if s.mention != "" {
		ev = append(ev, "Note: “"+clip(s.mention, 160)+"”")
	}
	if r.Advice != "" {
		ev = append(ev, "Next step: "+strings.TrimSpace(r.Advice))
	}
	return ev
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
