package csvimport

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
)

// spec describes one kind of file: the fields it may have and must have.
type spec struct {
	fields   []string
	required []string
	attrs    bool // other columns become custom attributes; without it they are refused
}

// field is one value a row gives: which column holds it and how to read it.
type field struct {
	name   string // the field or attribute it fills
	col    int    // index in the row; -1 when only a default gives it
	header string // the column as the file names it; "" for a default-only field
	attr   bool   // a custom attribute

	div, mul float64 // scaling: divide (exact for 0.01) or multiply; 0 = none
	layout   string  // date layout from the mapping; "" = YYYY-MM-DD
	values   map[string]string
	folded   map[string]string // values keyed by lowercase, for the second try
	strip    string
	typ      string // attribute type fixed by the mapping
	def      string
	hasDef   bool
}

// columns is a file's header bound to the fields of its kind.
type columns struct {
	byName map[string]*field
	attrs  []*field // custom attributes, in column order
}

// get returns the field, or nil when the file does not give it.
func (c *columns) get(name string) *field { return c.byName[name] }

// has reports whether the file gives the field, from a column or a default.
func (c *columns) has(name string) bool { return c.byName[name] != nil }

// bind matches a header to a kind's fields through the mapping. Its errors
// are about line 1 or the mapping and stop the import, --partial or not.
func bind(sp *spec, kind string, header []string, m *Mapping, file string) (*columns, error) {
	if m == nil {
		m = &Mapping{}
	}
	known := map[string]bool{}
	for _, f := range sp.fields {
		known[f] = true
	}
	ignored := map[string]bool{}
	for _, s := range m.Ignore {
		ignored[fold(s)] = true
	}
	cols := &columns{byName: map[string]*field{}}
	used := map[string]bool{} // mapping columns found in the file
	line1 := func(format string, args ...any) error {
		return gtg.Errorf(gtg.EINVALID, "%s line 1, %s", file, fmt.Sprintf(format, args...))
	}
	for i, h := range header {
		key := fold(h)
		if key == "" {
			return nil, gtg.Errorf(gtg.EINVALID, "%s line 1: column %d has no name (name it, or delete the column)", file, i+1)
		}
		if ignored[key] {
			continue
		}
		f := &field{name: fieldName(h), col: i, header: h}
		if c := m.Columns[key]; c != nil {
			used[key] = true
			if c.To != "" {
				f.name = c.To
			}
			f.configure(c)
		}
		if !known[f.name] {
			if !sp.attrs {
				return nil, line1("column %q: %s files have no field %q (want %s); rename or ignore the column with --map",
					h, kind, f.name, strings.Join(sp.fields, ", "))
			}
			if !gtg.ValidKey(f.name) {
				return nil, line1("column %q: %q cannot name an attribute (lowercase letters, digits and _, starting with a letter); rename or ignore the column with --map",
					h, f.name)
			}
			f.attr = true
		}
		if f.typ != "" && !f.attr {
			return nil, gtg.Errorf(gtg.EINVALID, "%s: column %q: type applies to custom attributes only, and %s is a field", m.where(m.Columns[key].Line), h, f.name)
		}
		if prev := cols.byName[f.name]; prev != nil {
			return nil, line1("column %q: gives %s, as column %q does already", h, f.name, prev.header)
		}
		cols.byName[f.name] = f
		if f.attr {
			cols.attrs = append(cols.attrs, f)
		}
	}
	for key, c := range m.Columns {
		if !used[key] && !ignored[key] {
			return nil, gtg.Errorf(gtg.EINVALID, "%s: the mapping names column %q, which %s does not have", m.where(c.Line), key, file)
		}
	}
	defaults := make([]string, 0, len(m.Defaults))
	for name := range m.Defaults {
		defaults = append(defaults, name)
	}
	slices.Sort(defaults)
	for _, name := range defaults {
		f := cols.byName[name]
		if f == nil {
			if !known[name] && !sp.attrs {
				return nil, gtg.Errorf(gtg.EINVALID, "%s: defaults: %s files have no field %q (want %s)",
					m.where(m.lines[name]), kind, name, strings.Join(sp.fields, ", "))
			}
			f = &field{name: name, col: -1, attr: !known[name]}
			cols.byName[name] = f
			if f.attr {
				cols.attrs = append(cols.attrs, f)
			}
		}
		f.def, f.hasDef = m.Defaults[name], true
	}
	for _, name := range sp.required {
		if cols.byName[name] == nil {
			return nil, gtg.Errorf(gtg.EINVALID, "%s line 1: missing required column %q", file, name)
		}
	}
	return cols, nil
}

// configure applies a mapping's conversions to a field.
func (f *field) configure(c *Column) {
	if c.Scale != 0 && c.Scale != 1 {
		// Dividing by 100 gives 19.99 for 1999 where multiplying by 0.01
		// gives 19.990000000000002: divide when the scale is 1/n.
		if inv := 1 / c.Scale; inv == math.Trunc(inv) && math.Abs(inv) > 1 {
			f.div = inv
		} else {
			f.mul = c.Scale
		}
	}
	f.layout, f.strip, f.typ = c.DateFormat, c.Strip, c.Type
	if len(c.Values) > 0 {
		f.values = c.Values
		f.folded = make(map[string]string, len(c.Values))
		for k, v := range c.Values {
			f.folded[strings.ToLower(strings.TrimSpace(k))] = v
		}
	}
}

// row is one row of a file, read through its columns.
type row struct {
	rec  []string
	rd   *reader
	line int // the row's first line
}

// text returns a field's value: trimmed, replaced per the mapping's values,
// or the default when blank. A field the file does not give is "".
func (r *row) text(f *field) string {
	if f == nil {
		return ""
	}
	s := ""
	if f.col >= 0 {
		s = strings.TrimSpace(r.rec[f.col])
	}
	if f.values != nil && s != "" {
		if v, ok := f.values[s]; ok {
			s = v
		} else if v, ok := f.folded[strings.ToLower(s)]; ok {
			s = v
		}
	}
	if s == "" && f.hasDef {
		s = f.def
	}
	return s
}

// errf reports a bad value of a field.
func (r *row) errf(f *field, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if f.col < 0 {
		return &rowError{line: r.line, msg: fmt.Sprintf("default %s: %s", f.name, msg)}
	}
	return &rowError{line: r.rd.fieldLine(f.col), column: f.header, msg: msg}
}

// lineOf returns the line on which the field's value starts.
func (r *row) lineOf(f *field) int {
	if f == nil {
		return r.line
	}
	return r.rd.fieldLine(f.col)
}

// number reads a number; ok is false when the value is blank.
func (r *row) number(f *field) (v float64, ok bool, err error) {
	s := r.text(f)
	if s == "" {
		return 0, false, nil
	}
	raw := s
	if f.strip != "" {
		s = strings.Map(func(c rune) rune {
			if strings.ContainsRune(f.strip, c) {
				return -1
			}
			return c
		}, s)
	}
	v, ok = parseNumber(s)
	if !ok {
		return 0, false, r.errf(f, "bad number %q", raw)
	}
	switch {
	case f.div != 0:
		v /= f.div
	case f.mul != 0:
		v *= f.mul
	}
	return v, true, nil
}

// whole reads a whole number, such as a count of seats; blank is 0.
func (r *row) whole(f *field) (int, error) {
	v, _, err := r.number(f)
	if err != nil {
		return 0, err
	}
	if v != math.Trunc(v) || math.Abs(v) > 1<<31 {
		return 0, r.errf(f, "%s is not a whole number", r.text(f))
	}
	return int(v), nil
}

// day reads a date; blank is 0.
func (r *row) day(f *field) (gtg.Day, error) {
	s := r.text(f)
	if s == "" {
		return 0, nil
	}
	d, ok := parseDay(s, f.layout)
	if !ok {
		return 0, r.errf(f, "bad date %q (want %s)", s, layoutName(f.layout))
	}
	return d, nil
}

// when reads a time; blank is the zero time.
func (r *row) when(f *field) (time.Time, error) {
	s := r.text(f)
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := parseTime(s, f.layout)
	if !ok {
		want := "an RFC 3339 time, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD"
		if f.layout != "" {
			want = strconv.Quote(f.layout)
		}
		return time.Time{}, r.errf(f, "bad time %q (want %s)", s, want)
	}
	return t, nil
}

func layoutName(layout string) string {
	if layout == "" {
		return "YYYY-MM-DD"
	}
	return strconv.Quote(layout)
}

// required reports a blank value in a field every row must have.
func (r *row) required(f *field) error {
	return r.errf(f, "required")
}

// invalid turns a domain Validate error ("stage: …") into an error on the
// column that holds the field, when the file has one.
func (r *row) invalid(cols *columns, err error) error {
	var ge *gtg.Error
	if !errors.As(err, &ge) {
		return &rowError{line: r.line, msg: err.Error()}
	}
	name, rest, ok := strings.Cut(ge.Message, ": ")
	if ok {
		if a, found := strings.CutPrefix(name, "attribute "); found {
			if uq, err := strconv.Unquote(a); err == nil {
				name = uq
			}
		}
		if f := cols.get(name); f != nil && f.col >= 0 {
			return &rowError{line: r.rd.fieldLine(f.col), column: f.header, msg: rest}
		}
	}
	return &rowError{line: r.line, msg: ge.Message}
}

// attrValue reads a custom attribute. typ is the attribute's type when known
// (from the mapping, the database or an earlier row); otherwise the type is
// guessed from the value. Blank is nil: the attribute is absent.
func (r *row) attrValue(f *field, typ string, dates bool) (any, error) {
	if f.typ != "" {
		typ = f.typ
	}
	s := r.text(f)
	if s == "" {
		return nil, nil
	}
	switch typ {
	case "":
		if f.strip != "" || f.div != 0 || f.mul != 0 {
			v, _, err := r.number(f)
			return v, err
		}
		return guess(s, dates, f.layout), nil
	case typeNumber:
		v, _, err := r.number(f)
		if err != nil {
			return nil, r.errf(f, "bad number %q (%s holds numbers)", s, f.name)
		}
		return v, nil
	case typeDate:
		d, ok := parseDay(s, f.layout)
		if !ok {
			return nil, r.errf(f, "bad date %q (%s holds dates, %s)", s, f.name, layoutName(f.layout))
		}
		return d, nil
	case typeBool:
		b, ok := parseBool(s)
		if !ok {
			return nil, r.errf(f, "want true or false, got %q (%s holds true/false)", s, f.name)
		}
		return b, nil
	}
	// Text takes any value as written: a text column with a number-like
	// value ("02139") is still text.
	return s, nil
}
