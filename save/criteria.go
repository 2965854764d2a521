package save

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"

	"github.com/gtg-dev/gtg"
)

// CriteriaWindow is how many days, ending on the evaluation day, the usage
// variables of an exit criterion look at.
const CriteriaWindow = 7

// CriteriaHelp lists the variables an exit criterion may use, for pages and
// error messages.
const CriteriaHelp = `An exit criterion is an expression (https://expr-lang.org) that is true when the objective is met, e.g.
  health >= 70 && weekly_active_users >= 40
Variables, as of the evaluation day:
  health           the newest health score on or before the day (no data when not scored or insufficient data)
  color            that snapshot's color: "green", "yellow", "red" or "insufficient_data" ("" when not scored)
  days_in_plan     days since the plan started
  days_to_renewal  days until the renewal date (no data when there is none)
  seats, arr       the account's seats and ARR
  M                for each stored metric M (e.g. active_users): its newest daily value in the 7 days ending on the day
  M_7d             the mean of M's daily values in those 7 days (days without data are skipped)
  weekly_M         the highest daily value of M in those 7 days. gtg keeps daily counts, not user ids, so
                   weekly_active_users is the busiest day's active users: the best floor on weekly active users.
A metric stored under a name of its own (say weekly_active_users) is used as is. Any comparison with a variable
that has no data is false, so an objective over missing data is not met.`

// varKind says how a criterion variable is computed.
type varKind int

const (
	varHealth varKind = iota
	varColor
	varDaysInPlan
	varDaysToRenewal
	varSeats
	varARR
	varLatest // a metric's newest value in the window
	varMean   // its mean over the window
	varMax    // its highest value over the window
)

type varDef struct {
	kind   varKind
	metric string
}

// variables resolves every name a criterion may use, given the stored metric keys.
func variables(metricKeys []string) map[string]varDef {
	vs := map[string]varDef{
		"health": {kind: varHealth}, "color": {kind: varColor}, "days_in_plan": {kind: varDaysInPlan},
		"days_to_renewal": {kind: varDaysToRenewal}, "seats": {kind: varSeats}, "arr": {kind: varARR},
	}
	add := func(name string, d varDef) {
		if _, taken := vs[name]; !taken {
			vs[name] = d
		}
	}
	for _, k := range metricKeys { // stored names first, so they win over derived ones
		add(k, varDef{varLatest, k})
	}
	for _, k := range metricKeys {
		add(k+"_7d", varDef{varMean, k})
		add("weekly_"+k, varDef{varMax, k})
	}
	return vs
}

// Criterion is a compiled exit criterion.
type Criterion struct {
	Source string
	prog   *vm.Program
	names  []string // the variables it reads, in order of first use
	defs   map[string]varDef
}

// CompileCriterion compiles an exit criterion against the stored metric
// keys. It is EINVALID, with expr's own explanation, when it does not parse,
// names an unknown variable or does not give true or false.
func CompileCriterion(src string, metricKeys []string) (*Criterion, error) {
	src = strings.TrimSpace(src)
	if src == "" {
		return nil, gtg.Errorf(gtg.EINVALID, "criterion: required (for example: health >= 70)")
	}
	defs := variables(metricKeys)
	env := make(map[string]any, len(defs))
	for n, d := range defs {
		if d.kind == varColor {
			env[n] = ""
		} else {
			env[n] = 0.0
		}
	}
	prog, err := expr.Compile(src, expr.Env(env), expr.AsBool())
	if err != nil {
		msg := err.Error()
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return nil, gtg.Errorf(gtg.EINVALID, "criterion: %q does not compile: %s (see the variables with gtg plan criteria)", src, strings.TrimSpace(msg))
	}
	c := &Criterion{Source: src, prog: prog, defs: defs}
	node := prog.Node()
	ast.Walk(&node, c)
	return c, nil
}

// Visit collects the variables the criterion reads (ast.Visitor).
func (c *Criterion) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		if _, known := c.defs[id.Value]; known && !slices.Contains(c.names, id.Value) {
			c.names = append(c.names, id.Value)
		}
	}
}

// Metrics returns the stored metric keys the criterion reads.
func (c *Criterion) Metrics() []string {
	var out []string
	for _, n := range c.names {
		if d := c.defs[n]; d.metric != "" && !slices.Contains(out, d.metric) {
			out = append(out, d.metric)
		}
	}
	sort.Strings(out)
	return out
}

// Facts is what a criterion is evaluated on.
type Facts struct {
	Day       gtg.Day
	StartedOn gtg.Day
	Account   *gtg.Account
	Health    *gtg.Health           // newest snapshot on or before Day; nil when none
	Series    map[string]gtg.Series // metric series covering the window ending on Day
}

// Eval reports whether the criterion holds for the facts, and the values it saw.
func (c *Criterion) Eval(f Facts) (bool, string, error) {
	env := make(map[string]any, len(c.names))
	var seen []string
	for _, n := range c.names {
		v := c.value(c.defs[n], f)
		env[n] = v
		switch x := v.(type) {
		case string:
			seen = append(seen, fmt.Sprintf("%s=%q", n, x))
		case float64:
			seen = append(seen, n+"="+formatValue(x))
		}
	}
	out, err := expr.Run(c.prog, env)
	if err != nil {
		return false, "", gtg.Errorf(gtg.EINVALID, "criterion %q: %v", c.Source, err)
	}
	ok, _ := out.(bool)
	return ok, strings.Join(seen, ", "), nil
}

func (c *Criterion) value(d varDef, f Facts) any {
	nan := math.NaN()
	switch d.kind {
	case varHealth:
		if f.Health == nil || f.Health.Color == gtg.InsufficientData {
			return nan
		}
		return f.Health.Score
	case varColor:
		if f.Health == nil {
			return ""
		}
		return f.Health.Color
	case varDaysInPlan:
		return float64(f.Day - f.StartedOn)
	case varDaysToRenewal:
		if f.Account == nil || f.Account.RenewalDate == 0 {
			return nan
		}
		return float64(f.Account.RenewalDate - f.Day)
	case varSeats:
		if f.Account == nil {
			return nan
		}
		return float64(f.Account.Seats)
	case varARR:
		if f.Account == nil {
			return nan
		}
		return f.Account.ARR
	}
	s, ok := f.Series[d.metric]
	if !ok {
		return nan
	}
	latest, sum, top, n := nan, 0.0, math.Inf(-1), 0
	for day := f.Day - CriteriaWindow + 1; day <= f.Day; day++ {
		v := s.At(day)
		if math.IsNaN(v) {
			continue
		}
		latest, sum, top, n = v, sum+v, math.Max(top, v), n+1
	}
	if n == 0 {
		return nan
	}
	switch d.kind {
	case varMean:
		return sum / float64(n)
	case varMax:
		return top
	}
	return latest
}

func formatValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "no data"
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
