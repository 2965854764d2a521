package csvimport

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"gopkg.in/yaml.v3"
)

// Mapping tells an import how to read a foreign export (a CRM's, a billing
// system's) as it is: which column fills which field, which columns to skip,
// what to fill in when a value is missing, and how to read values. In YAML:
//
//	columns:
//	  Account ID: id
//	  Annual Revenue (cents): {to: arr, scale: 0.01}
//	  Renewal: {to: renewal_date, date_format: "%m/%d/%Y"}
//	  Lifecycle: {to: stage, values: {Onboarding: onboarding, Live: adoption}}
//	ignore: [Internal Notes]
//	defaults: {currency: EUR}
type Mapping struct {
	// Source names the mapping in messages, usually its file name.
	Source string
	// Columns says how to read columns, keyed by the column's name in the file
	// (matched ignoring case and surrounding space).
	Columns map[string]*Column
	// Ignore lists columns to skip (matched like Columns).
	Ignore []string
	// Defaults gives a field's value for blank cells and, when the file has no
	// such column, for every row: a default for a missing column is a constant.
	Defaults map[string]string

	// lines holds where the YAML defines each default, for messages.
	lines map[string]int
}

// Column says how to read one column of a foreign export.
type Column struct {
	// To is the field (or custom attribute) the column fills; "" keeps the column's name.
	To string
	// Scale multiplies numbers: 0.01 reads cents as dollars. 0 means 1.
	Scale float64
	// DateFormat is a Go layout ("01/02/2006") for dates and times in this
	// column. LoadMapping also accepts strftime ("%m/%d/%Y") and converts it.
	DateFormat string
	// Values replaces whole values before they are read ("Closed Won" →
	// "renewed"), matched exactly first, then ignoring case. Other values pass as they are.
	Values map[string]string
	// Strip lists characters to drop before reading a number ("$," reads "$1,200" as 1200).
	Strip string
	// Type fixes a custom attribute's type (number, text, date or bool)
	// instead of guessing it from the values: "text" keeps "00123" as written.
	Type string
	// Line is where the mapping defines the column, for messages (0: unknown).
	Line int
}

// where names a place in the mapping for messages: "map.yaml line 4".
func (m *Mapping) where(line int) string {
	src := m.Source
	if src == "" {
		src = "mapping"
	}
	if line > 0 {
		return fmt.Sprintf("%s line %d", src, line)
	}
	return src
}

// LoadMapping reads a mapping from a YAML file. Its errors are EINVALID and
// name the YAML line; unknown keys are refused, so a typo does not silently
// leave a column unmapped.
func LoadMapping(path string) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, gtg.Errorf(gtg.EINVALID, "mapping: %v", err)
	}
	return ParseMapping(path, b)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// ParseMapping reads a mapping from YAML; source names it in messages.
func ParseMapping(source string, data []byte) (*Mapping, error) {
	m := &Mapping{Source: source, Columns: map[string]*Column{}, Defaults: map[string]string{}, lines: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		if s := yamlLineRE.FindStringSubmatch(msg); s != nil {
			n, _ := strconv.Atoi(s[1])
			return nil, gtg.Errorf(gtg.EINVALID, "%s: %s", m.where(n), msg[len(s[0]):])
		}
		return nil, gtg.Errorf(gtg.EINVALID, "%s: %s", source, strings.TrimPrefix(msg, "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s: the mapping is empty", source)
	}
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, m.errorf(root, "want a mapping with columns, ignore and defaults")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		if seen[k.Value] {
			return nil, m.errorf(k, "%s is given twice", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "columns":
			err = m.parseColumns(v)
		case "ignore":
			err = m.parseIgnore(v)
		case "defaults":
			err = m.parseDefaults(v)
		default:
			err = m.errorf(k, "unknown key %q (want columns, ignore or defaults)", k.Value)
		}
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *Mapping) errorf(n *yaml.Node, format string, args ...any) error {
	return gtg.Errorf(gtg.EINVALID, "%s: %s", m.where(n.Line), fmt.Sprintf(format, args...))
}

// deref follows YAML aliases (*name) to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// scalar returns a scalar node's text; null is "".
func (m *Mapping) scalar(n *yaml.Node, what string) (string, error) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode {
		return "", m.errorf(n, "%s: want a single value", what)
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return n.Value, nil
}

func (m *Mapping) parseColumns(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return m.errorf(n, "columns: want a mapping of column name to field")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		name, err := m.scalar(k, "column name")
		if err != nil {
			return err
		}
		key := fold(name)
		if key == "" {
			return m.errorf(k, "columns: empty column name")
		}
		if _, dup := m.Columns[key]; dup {
			return m.errorf(k, "column %q is mapped twice", name)
		}
		c := &Column{Line: k.Line}
		switch v.Kind {
		case yaml.ScalarNode:
			if c.To, err = m.scalar(v, "column "+strconv.Quote(name)); err != nil {
				return err
			}
			if c.To == "" {
				return m.errorf(v, "column %q: want the field it fills, or list it under ignore", name)
			}
		case yaml.MappingNode:
			if err := m.parseColumn(c, name, v); err != nil {
				return err
			}
		default:
			return m.errorf(v, "column %q: want a field name or {to: field, …}", name)
		}
		if c.To != "" && !gtg.ValidKey(c.To) {
			return m.errorf(v, "column %q: %q is not a field name (lowercase letters, digits and _)", name, c.To)
		}
		m.Columns[key] = c
	}
	return nil
}

func (m *Mapping) parseColumn(c *Column, name string, n *yaml.Node) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		what := fmt.Sprintf("column %q: %s", name, k.Value)
		var err error
		switch k.Value {
		case "to":
			c.To, err = m.scalar(v, what)
		case "scale":
			var s string
			if s, err = m.scalar(v, what); err == nil {
				c.Scale, err = strconv.ParseFloat(s, 64)
				if err != nil || c.Scale == 0 || math.IsInf(c.Scale, 0) || math.IsNaN(c.Scale) {
					return m.errorf(v, "%s: want a number other than 0, got %q", what, s)
				}
			}
		case "date_format":
			var s string
			if s, err = m.scalar(v, what); err == nil {
				if c.DateFormat, err = dateLayout(s); err != nil {
					return m.errorf(v, "%s: %v", what, err)
				}
			}
		case "values":
			c.Values, err = m.stringMap(v, what)
		case "strip":
			c.Strip, err = m.scalar(v, what)
		case "type":
			if c.Type, err = m.scalar(v, what); err == nil {
				switch c.Type {
				case typeNumber, typeText, typeDate, typeBool:
				default:
					return m.errorf(v, "%s: %q is not number, text, date or bool", what, c.Type)
				}
			}
		default:
			return m.errorf(k, "column %q: unknown key %q (want to, scale, date_format, values, strip or type)", name, k.Value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (m *Mapping) stringMap(n *yaml.Node, what string) (map[string]string, error) {
	if n.Kind != yaml.MappingNode {
		return nil, m.errorf(n, "%s: want a mapping of value to value", what)
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, err := m.scalar(n.Content[i], what)
		if err != nil {
			return nil, err
		}
		v, err := m.scalar(n.Content[i+1], what)
		if err != nil {
			return nil, err
		}
		if _, dup := out[k]; dup {
			return nil, m.errorf(n.Content[i], "%s: %q is given twice", what, k)
		}
		out[k] = v
	}
	return out, nil
}

func (m *Mapping) parseIgnore(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		s, _ := m.scalar(n, "ignore")
		m.Ignore = append(m.Ignore, s)
	case yaml.SequenceNode:
		for _, c := range n.Content {
			s, err := m.scalar(c, "ignore")
			if err != nil {
				return err
			}
			m.Ignore = append(m.Ignore, s)
		}
	default:
		return m.errorf(n, "ignore: want a list of column names")
	}
	return nil
}

func (m *Mapping) parseDefaults(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return m.errorf(n, "defaults: want a mapping of field to value")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field, err := m.scalar(k, "defaults")
		if err != nil {
			return err
		}
		if !gtg.ValidKey(field) {
			return m.errorf(k, "defaults: %q is not a field name (lowercase letters, digits and _)", field)
		}
		if _, dup := m.Defaults[field]; dup {
			return m.errorf(k, "defaults: %s is given twice", field)
		}
		val, err := m.scalar(v, "defaults: "+field)
		if err != nil {
			return err
		}
		m.Defaults[field] = val
		m.lines[field] = k.Line
	}
	return nil
}

// strftime maps the strftime directives gtg understands to Go layout parts.
var strftime = map[byte]string{
	'Y': "2006", 'y': "06", 'm': "01", 'd': "02", 'e': "_2", 'b': "Jan", 'h': "Jan", 'B': "January",
	'a': "Mon", 'A': "Monday", 'H': "15", 'I': "03", 'M': "04", 'S': "05", 'p': "PM",
	'z': "-0700", 'Z': "MST", 'j': "002", 'F': "2006-01-02", 'T': "15:04:05", '%': "%",
}

// dateLayout turns a date_format into a Go layout: strftime when it has a %,
// else a Go layout as is. It refuses a layout that cannot read back a date
// it writes, which catches "DD/MM/YYYY" and other layouts Go does not know.
func dateLayout(f string) (string, error) {
	layout := f
	if strings.Contains(f, "%") {
		var b strings.Builder
		for i := 0; i < len(f); i++ {
			if f[i] != '%' {
				b.WriteByte(f[i])
				continue
			}
			if i+1 == len(f) {
				return "", fmt.Errorf("%q ends with a lone %%", f)
			}
			i++
			g, ok := strftime[f[i]]
			if !ok {
				return "", fmt.Errorf("%%%c in %q is not supported (use %%Y %%y %%m %%d %%e %%b %%B %%H %%I %%M %%S %%p %%z %%Z %%j %%F %%T)", f[i], f)
			}
			b.WriteString(g)
		}
		layout = b.String()
	}
	probe := time.Date(2031, 11, 28, 0, 0, 0, 0, time.UTC)
	t, err := time.Parse(layout, probe.Format(layout))
	if err != nil || t.Year() != 2031 || t.Month() != 11 || t.Day() != 28 {
		return "", fmt.Errorf("%q does not read a date: want year, month and day, as in \"01/02/2006\" or \"%%m/%%d/%%Y\"", f)
	}
	return layout, nil
}

// fold is how column names are matched: case and surrounding space ignored.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// fieldName turns a column name into a field or attribute name: "Contract
// Start" → "contract_start".
func fieldName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, fold(s))
}
