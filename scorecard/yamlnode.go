package scorecard

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// problems collects what is wrong with a file, each as "file:line: field: why",
// so one validate run shows every mistake rather than the first.
type problems struct {
	file string
	list []string
}

// maxProblems caps the report: past a few dozen, later errors are mostly echoes.
const maxProblems = 25

func (p *problems) add(line int, field, format string, args ...any) {
	if len(p.list) >= maxProblems {
		return
	}
	p.list = append(p.list, fmt.Sprintf("%s:%d: %s: %s", p.file, line, field, fmt.Sprintf(format, args...)))
}

func (p *problems) at(n *yaml.Node, field, format string, args ...any) {
	p.add(n.Line, field, format, args...)
}

// object is a YAML mapping whose keys have been checked against the fields
// allowed at that place, so a typo ("windw: 30d") is refused rather than
// silently ignored.
type object struct {
	p     *problems
	node  *yaml.Node
	path  string
	keys  map[string]*yaml.Node // key node of each field
	vals  map[string]*yaml.Node
	order []string
}

// asObject checks that n is a mapping with only the allowed fields.
func (p *problems) asObject(n *yaml.Node, path string, allowed ...string) *object {
	o := &object{p: p, node: n, path: path, keys: map[string]*yaml.Node{}, vals: map[string]*yaml.Node{}}
	if n == nil {
		return o
	}
	if n.Kind != yaml.MappingNode {
		p.at(n, path, "want a mapping of fields, got %s", describe(n))
		return o
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		switch {
		case !contains(allowed, name):
			msg := "unknown field"
			if s := suggest(name, allowed); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += fmt.Sprintf(" (want one of %s)", strings.Join(allowed, ", "))
			}
			p.at(k, join(path, name), "%s", msg)
		case o.keys[name] != nil:
			p.at(k, join(path, name), "duplicate field (first at line %d)", o.keys[name].Line)
		default:
			o.keys[name], o.vals[name] = k, v
			o.order = append(o.order, name)
		}
	}
	return o
}

func (o *object) has(name string) bool { return o.vals[name] != nil }

// line returns the line of a field's key, or of the mapping when absent.
func (o *object) line(name string) int {
	if k := o.keys[name]; k != nil {
		return k.Line
	}
	if o.node != nil {
		return o.node.Line
	}
	return 0
}

func (o *object) field(name string) string { return join(o.path, name) }

func (o *object) errf(name, format string, args ...any) {
	o.p.add(o.line(name), o.field(name), format, args...)
}

// str returns a scalar field as text ("" when absent).
func (o *object) str(name string, required bool) string {
	v := o.vals[name]
	if v == nil {
		if required {
			o.errf(name, "required")
		}
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		o.errf(name, "want a single value, got %s", describe(v))
		return ""
	}
	s := strings.TrimSpace(v.Value)
	if s == "" && required {
		o.errf(name, "required")
	}
	return s
}

// num returns a numeric field, def when absent; ok is false when it does not parse.
func (o *object) num(name string, def float64) (float64, bool) {
	if !o.has(name) {
		return def, true
	}
	s := o.str(name, true)
	if s == "" {
		return def, false
	}
	f, err := parseNumber(s)
	if err != nil {
		o.errf(name, "%v", err)
		return def, false
	}
	return f, true
}

// list returns a field that may be one value or a sequence of values.
func (o *object) list(name string) []string {
	v := o.vals[name]
	if v == nil {
		return nil
	}
	switch v.Kind {
	case yaml.ScalarNode:
		if s := strings.TrimSpace(v.Value); s != "" {
			return []string{s}
		}
	case yaml.SequenceNode:
		var out []string
		for _, it := range v.Content {
			if it.Kind != yaml.ScalarNode || strings.TrimSpace(it.Value) == "" {
				o.p.at(it, o.field(name), "want a list of values, got %s", describe(it))
				continue
			}
			out = append(out, strings.TrimSpace(it.Value))
		}
		return out
	}
	o.errf(name, "want a value or a list of values, got %s", describe(v))
	return nil
}

// parseNumber reads a number as people write them in YAML: 30, 0.5, -12, 1e3, 30%.
func parseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSuffix(t, "%")
	f, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if pct {
		f /= 100
	}
	return f, nil
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Value == "" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// suggest returns the allowed word closest to a typo, or "" when none is close.
func suggest(word string, allowed []string) string {
	best, bestD := "", math.MaxInt
	for _, a := range allowed {
		if d := editDistance(word, a); d < bestD {
			best, bestD = a, d
		}
	}
	if best != "" && bestD <= max(1, len(best)/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func sortedUnique(in []string) []string {
	sort.Strings(in)
	out := in[:0]
	for i, s := range in {
		if i == 0 || s != in[i-1] {
			out = append(out, s)
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
