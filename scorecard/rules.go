package scorecard

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"

	"github.com/gtg-dev/gtg"
)

// RuleSet is a parsed early-warning rule set: measures (the same kinds and
// syntax as a scorecard's, without bands) and rules whose conditions read
// them, the account, its health and its notes. Like a Scorecard it is
// immutable after ParseRules and safe for concurrent use.
type RuleSet struct {
	Name        string
	Version     int
	Description string
	File        string
	Source      []byte
	// Budget is how many new alerts each CSM is shown per week (Monday to
	// Sunday); past it the lowest-value alerts are held back and counted.
	// 0 means no limit.
	Budget int
	Rules  []*Rule

	card *Scorecard // the measures, scored as helpers
	pool sync.Pool  // of *ruleScratch
}

// Rule raises an alert when its condition holds.
type Rule struct {
	Key      string
	Label    string   // the alert's title
	Severity string   // high, medium or low
	Advice   string   // what to do about it, for the CSM
	Evidence []string // measures whose values explain the alert
	Applies  Selector // which accounts the rule is for
	// Playbook is the playbook a plan for the alert should start from ("": none).
	Playbook string
	// Successor is the contact role the alert asks the CSM to fill, such as
	// the champion who left ("": none).
	Successor string
	Line      int

	whenSrc  string
	whenLine int
	when     *vm.Program
	health   bool // the condition reads the account's health
}

// RuleInput is what a rule may read beyond the measures: the account's
// health today and earlier, and how complete its last handoff form was.
type RuleInput struct {
	Health, Week, Month *gtg.Health // today, 7 and 30 days ago; nil when not scored
	// HandoffCompleteness is the share (0-1) of the last handoff form that
	// was filled in; NaN when there is no form.
	HandoffCompleteness float64
}

// Firing is a rule whose condition held, with the evidence.
type Firing struct {
	Rule     *Rule
	Evidence []string
}

// healthEnv is what rule conditions see as `health`. Unknown numbers are
// NaN, so comparisons with them are false.
type healthEnv struct {
	Score     float64 `expr:"score"`
	Color     string  `expr:"color"`
	Change7   float64 `expr:"change_7d"`  // points since 7 days ago
	Change30  float64 `expr:"change_30d"` // points since 30 days ago
	WeekColor string  `expr:"color_7d_ago"`
}

// handoffEnv is what rule conditions see as `handoff`.
type handoffEnv struct {
	Completeness float64 `expr:"completeness"` // 0-1; NaN when no form exists
}

var (
	ruleTopFields = []string{"name", "version", "description", "budget", "measures", "rules"}
	ruleFields    = []string{"key", "label", "severity", "when", "evidence", "advice", "applies", "playbook", "successor"}
	budgetFields  = []string{"per_owner_per_week"}
)

// ParseRules reads, validates and compiles a rule set. Like Parse, every
// problem is reported at once as "file:line: field: why", and nothing of a
// refused file is usable.
func ParseRules(filename string, data []byte) (*RuleSet, error) {
	p := &problems{file: filename}
	top, err := parseDoc(filename, "rules", data)
	if err != nil {
		return nil, err
	}
	rs := &RuleSet{File: filename, Source: bytes.Clone(data)}
	o := p.asObject(top, "", ruleTopFields...)
	rs.Name, rs.Version = nameVersion(o)
	rs.Description = o.str("description", false)
	if n := o.vals["budget"]; n != nil {
		b := p.asObject(n, "budget", budgetFields...)
		if v, ok := b.num("per_owner_per_week", 0); ok {
			if v < 0 || v != math.Trunc(v) {
				b.errf("per_owner_per_week", "%v is not a whole number from 0 up", v)
			}
			rs.Budget = int(v)
		}
	}
	card := &Scorecard{Name: rs.Name, Version: rs.Version, File: filename, Scale: 100, MinCoverage: 0}
	if n := o.vals["measures"]; n != nil {
		if n.Kind != yaml.SequenceNode {
			p.at(n, "measures", "want a list of measures, got %s", describe(n))
		} else {
			card.Measures = parseMeasures(p, n, card.Scale)
		}
	}
	for _, m := range card.Measures {
		if m.Bands != nil || m.Points != nil {
			p.add(m.Line, "measures."+m.Key, "rules do not score measures: drop its bands or points")
		}
	}
	card.order = compileExpressions(p, card.Measures)
	if n := o.vals["rules"]; n == nil {
		o.errf("rules", "required")
	} else if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.at(n, "rules", "want a list of rules, got %s", describe(n))
	} else {
		rs.Rules = parseRules(p, n, card.Measures)
	}
	if len(p.list) > 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s", strings.Join(p.list, "\n"))
	}
	card.finish()
	rs.card = card
	rs.pool.New = func() any { return rs.scratch() }
	return rs, nil
}

// ruleEnv is the environment rule conditions are type-checked against.
func ruleEnv(ms []*Measure) map[string]any {
	env := map[string]any{"account": &accountEnv{}, "health": &healthEnv{}, "handoff": &handoffEnv{},
		"mentions": func(days int, pattern string) bool { return false }}
	for _, m := range ms {
		if m.text {
			env[m.Key] = ""
		} else {
			env[m.Key] = 0.0
		}
	}
	return env
}

func parseRules(p *problems, n *yaml.Node, ms []*Measure) []*Rule {
	env := ruleEnv(ms)
	byKey := map[string]bool{}
	for _, m := range ms {
		byKey[m.Key] = true
	}
	seen := map[string]int{}
	var rules []*Rule
	for i, rn := range n.Content {
		o := p.asObject(rn, "rules["+itoa(i)+"]", ruleFields...)
		r := &Rule{Line: rn.Line, Key: o.str("key", true)}
		if r.Key != "" {
			o.path = "rules." + r.Key
			if !gtg.ValidKey(r.Key) {
				o.errf("key", "%q must be lowercase letters, digits and _", r.Key)
			} else if l, dup := seen[r.Key]; dup {
				o.errf("key", "duplicate rule %q (first at line %d)", r.Key, l)
			}
			seen[r.Key] = rn.Line
		}
		r.Label = o.str("label", false)
		if r.Label == "" {
			r.Label = humanize(r.Key)
		}
		r.Advice = o.str("advice", false)
		r.Severity = strings.ToLower(o.str("severity", true))
		if r.Severity != "" {
			oneOf(o, "severity", r.Severity, gtg.Severities)
		}
		for _, k := range o.list("evidence") {
			if !byKey[k] {
				o.errf("evidence", "unknown measure %q%s", k, suggestKey(k, byKey))
			}
			r.Evidence = append(r.Evidence, k)
		}
		if r.Playbook = o.str("playbook", false); r.Playbook != "" && !gtg.ValidKey(r.Playbook) {
			o.errf("playbook", "%q is not a playbook key", r.Playbook)
		}
		if r.Successor = o.str("successor", false); r.Successor != "" && !gtg.ValidKey(r.Successor) {
			o.errf("successor", "%q is not a contact role", r.Successor)
		}
		if an := o.vals["applies"]; an != nil {
			r.Applies = parseSelector(p, an)
		}
		r.whenSrc, r.whenLine = o.str("when", true), o.line("when")
		if r.whenSrc != "" {
			prog, err := expr.Compile(r.whenSrc, expr.Env(env), expr.AsBool())
			if err != nil {
				p.add(r.whenLine, o.field("when"), "does not type-check: %s", firstLine(err))
			} else {
				r.when = prog
				r.health = strings.Contains(r.whenSrc, "health")
			}
		}
		rules = append(rules, r)
	}
	return rules
}

// suggestKey is " (did you mean …?)" for a near miss, or "".
func suggestKey(k string, keys map[string]bool) string {
	var list []string
	for key := range keys {
		list = append(list, key)
	}
	if s := suggest(k, sortedUnique(list)); s != "" {
		return " (did you mean " + strconv.Quote(s) + "?)"
	}
	return ""
}

// MetricKeys returns the metrics the rules' measures read.
func (rs *RuleSet) MetricKeys() []string { return rs.card.MetricKeys() }

// EventTypes returns the event types the rules' measures read.
func (rs *RuleSet) EventTypes() []string { return rs.card.EventTypes() }

// Lookback is how many days of data before the day the measures read.
func (rs *RuleSet) Lookback() int { return rs.card.Lookback() }

// Card returns the rule set's measures as a scorecard with no groups, for
// CheckMetrics and the loader.
func (rs *RuleSet) Card() *Scorecard { return rs.card }

// Rule returns the rule with the key, or nil.
func (rs *RuleSet) Rule(key string) *Rule {
	for _, r := range rs.Rules {
		if r.Key == key {
			return r
		}
	}
	return nil
}
