package scorecard

import (
	"math"
	"reflect"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"

	"github.com/gtg-dev/gtg"
)

// accountEnv is what expressions see as `account`: account.plan,
// account.seats, account.tenure_days and so on. Days are NaN when the date
// is unset, so comparisons with them are false.
type accountEnv struct {
	Plan          string  `expr:"plan"`
	Segment       string  `expr:"segment"`
	Stage         string  `expr:"stage"`
	ICPFit        string  `expr:"icp_fit"`
	Currency      string  `expr:"currency"`
	Owner         string  `expr:"owner"`
	ARR           float64 `expr:"arr"`
	Seats         float64 `expr:"seats"`
	TenureDays    float64 `expr:"tenure_days"`
	DaysToRenewal float64 `expr:"days_to_renewal"`
}

func (e *accountEnv) set(a *gtg.Account, asOf gtg.Day) {
	if a == nil {
		*e = accountEnv{ARR: nan, Seats: nan, TenureDays: nan, DaysToRenewal: nan}
		return
	}
	*e = accountEnv{Plan: a.Plan, Segment: a.Segment, Stage: a.Stage, ICPFit: a.ICPFit, Currency: a.Currency,
		Owner: a.Owner, ARR: a.ARR, Seats: float64(a.Seats), TenureDays: nan, DaysToRenewal: nan}
	if a.ContractStart != 0 {
		e.TenureDays = float64(asOf - a.ContractStart)
	}
	if a.RenewalDate != 0 {
		e.DaysToRenewal = float64(a.RenewalDate - asOf)
	}
}

// compileExpressions compiles every expr and when once, type-checked against
// an environment holding each measure (a number, or text for text measures)
// and the account, and returns the order to evaluate the measures in: each
// after every measure it reads. A cycle is refused.
func compileExpressions(p *problems, ms []*Measure) []int {
	env := map[string]any{"account": &accountEnv{}}
	index := map[string]int{}
	for i, m := range ms {
		index[m.Key] = i
		if m.text {
			env[m.Key] = ""
		} else {
			env[m.Key] = 0.0
		}
	}
	for _, m := range ms {
		field := "measures." + m.Key
		if m.exprSrc != "" {
			prog, err := expr.Compile(m.exprSrc, expr.Env(env))
			if err != nil {
				p.add(m.exprLine, field+".expr", "does not type-check: %s", firstLine(err))
			} else {
				switch t := prog.Node().Type(); {
				case isNumber(t):
					m.prog = prog
				case t != nil && t.Kind() == reflect.Bool:
					m.prog = prog
					if m.Unit == UnitNumber {
						m.Unit = UnitFlag
					}
				default:
					p.add(m.exprLine, field+".expr", "does not type-check: gives %v; want a number or true/false", t)
				}
				if m.prog != nil {
					m.deps = refs(prog, index)
				}
			}
		}
		if m.whenSrc != "" {
			prog, err := expr.Compile(m.whenSrc, expr.Env(env), expr.AsBool())
			if err != nil {
				p.add(m.whenLine, field+".when", "does not type-check: %s", firstLine(err))
			} else {
				m.when, m.whenDeps = prog, refs(prog, index)
			}
		}
		for _, d := range append(append([]int(nil), m.deps...), m.whenDeps...) {
			ms[d].inEnv = true
		}
	}
	return evalOrder(p, ms)
}

func isNumber(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int64, reflect.Int32:
		return true
	}
	return false
}

// refs returns the measures an expression reads.
func refs(prog *vm.Program, index map[string]int) []int {
	c := &collector{index: index}
	node := prog.Node()
	ast.Walk(&node, c)
	return c.deps
}

type collector struct {
	index map[string]int
	deps  []int
}

func (c *collector) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		if i, ok := c.index[id.Value]; ok && !containsInt(c.deps, i) {
			c.deps = append(c.deps, i)
		}
	}
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// evalOrder sorts the measures so each comes after those it reads (file
// order otherwise), refusing cycles with the path that closes them.
func evalOrder(p *problems, ms []*Measure) []int {
	const (
		unseen = iota
		visiting
		done
	)
	state := make([]int, len(ms))
	order := make([]int, 0, len(ms))
	var stack []int
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case done:
			return true
		case visiting:
			from := 0
			for j, s := range stack {
				if s == i {
					from = j
				}
			}
			var names []string
			for _, s := range stack[from:] {
				names = append(names, ms[s].Key)
			}
			names = append(names, ms[i].Key)
			// Name the field of the first measure in the cycle that leads on.
			m, next := ms[i], i
			if from+1 < len(stack) {
				next = stack[from+1]
			}
			field, line := "measures."+m.Key+".expr", m.exprLine
			if !containsInt(m.deps, next) {
				field, line = "measures."+m.Key+".when", m.whenLine
			}
			p.add(line, field, "refers to itself through a cycle: %s", strings.Join(names, " → "))
			return false
		}
		state[i] = visiting
		stack = append(stack, i)
		ok := true
		for _, d := range append(append([]int(nil), ms[i].deps...), ms[i].whenDeps...) {
			if !visit(d) {
				ok = false
				break
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = done
		order = append(order, i)
		return ok
	}
	for i := range ms {
		if !visit(i) {
			return nil
		}
	}
	return order
}

func firstLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// run evaluates a compiled expression; ok is false when it fails or gives
// no finite number.
func (s *scratch) run(prog *vm.Program) (float64, bool) {
	out, err := s.vm.Run(prog, s.env)
	if err != nil {
		return 0, false
	}
	var v float64
	switch x := out.(type) {
	case float64:
		v = x
	case int:
		v = float64(x)
	case int64:
		v = float64(x)
	case bool:
		if x {
			v = 1
		}
	default:
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}
