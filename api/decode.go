package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gtg-dev/gtg"
)

// maxBody bounds every request body; a larger one is refused with 413.
const maxBody = 32 << 20

// readBody reads the whole (size-limited) body and leaves a fresh copy in
// r.Body, so idempotency can hash it and the endpoint still read it.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, fmt.Errorf("read request body: %w", err)
		}
		return nil, gtg.Errorf(gtg.EINVALID, "body: could not be read: %v", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// checkSyntax reports the first syntax error in b with its line, column and
// byte offset, so a client can find it in a large bulk request.
func checkSyntax(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return gtg.Errorf(gtg.EINVALID, "body: empty; want JSON")
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, n := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line, col := position(b, off)
		return gtg.Errorf(gtg.EINVALID, "bad JSON at line %d, column %d (byte %d): invalid UTF-8", line, col, off)
	}
	var raw json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset counts the bytes read, up to and including the bad one;
			// at the end of input there is no bad byte, so point past the end.
			off := int(se.Offset) - 1
			if off < 0 || strings.Contains(se.Error(), "unexpected end") {
				off = len(b)
			}
			line, col := position(b, off)
			return gtg.Errorf(gtg.EINVALID, "bad JSON at line %d, column %d (byte %d): %v", line, col, off, se)
		}
		return gtg.Errorf(gtg.EINVALID, "bad JSON: %v", err)
	}
	if bytes.Contains(b, []byte(`\u0000`)) {
		if where := nulString(b); where != "" {
			// SQLite would keep it and PostgreSQL refuse it: refuse it everywhere.
			return gtg.Errorf(gtg.EINVALID, "%s: contains a NUL character (\\u0000), which gtg does not store", where)
		}
	}
	return nil
}

// nulString returns the path (items[2].name, or "body") of the first string
// in the valid JSON b, key or value, that holds a NUL character, or "".
func nulString(b []byte) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	type level struct {
		array bool
		index int
		key   string
		isKey bool // the next string token of an object is a key
	}
	var stack []level
	path := func() string {
		var p strings.Builder
		for _, l := range stack {
			if l.array {
				fmt.Fprintf(&p, "[%d]", l.index)
			} else if l.key != "" {
				if p.Len() > 0 {
					p.WriteByte('.')
				}
				p.WriteString(l.key)
			}
		}
		if p.Len() == 0 {
			return "body"
		}
		if strings.HasPrefix(p.String(), "[") {
			return "items" + p.String()
		}
		return p.String()
	}
	// value is called after each complete value inside the top of the stack.
	value := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].index++
			} else {
				stack[n-1].isKey = true
			}
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '[':
				stack = append(stack, level{array: true})
			case '{':
				stack = append(stack, level{isKey: true})
			default:
				stack = stack[:len(stack)-1]
				value()
			}
		case string:
			top := len(stack) - 1
			if top >= 0 && !stack[top].array && stack[top].isKey {
				stack[top].key, stack[top].isKey = t, false
				if strings.IndexByte(t, 0) >= 0 {
					return path()
				}
				continue
			}
			if strings.IndexByte(t, 0) >= 0 {
				return path()
			}
			value()
		default:
			value()
		}
	}
}

// position returns the 1-based line and column of the byte at offset off in b.
func position(b []byte, off int) (line, col int) {
	off = min(max(off, 0), len(b))
	line = 1 + bytes.Count(b[:off], []byte("\n"))
	col = off - bytes.LastIndexByte(b[:off], '\n')
	return line, col
}

// decodeOne decodes a body holding one JSON object into v, refusing unknown fields.
func decodeOne(body []byte, v any) error {
	if err := checkSyntax(body); err != nil {
		return err
	}
	return decodeInto(body, v, "", true)
}

// decodeItems decodes a body holding a JSON array of at most max objects,
// naming the item (items[3].arr) in any error.
func decodeItems[T any](body []byte, max int) ([]*T, error) {
	if err := checkSyntax(body); err != nil {
		return nil, err
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, gtg.Errorf(gtg.EINVALID, "body: want a JSON array of items, like [{…}, {…}]")
	}
	if len(raw) > max {
		return nil, gtg.Errorf(gtg.EINVALID, "body: %d items; at most %d per request, so split them", len(raw), max)
	}
	out := make([]*T, len(raw))
	for i, item := range raw {
		var v T
		if err := decodeInto(item, &v, itemPath(i), true); err != nil {
			return nil, err
		}
		out[i] = &v
	}
	return out, nil
}

func itemPath(i int) string { return fmt.Sprintf("items[%d]", i) }

// decodeInto decodes one syntactically valid JSON value into v and turns any
// failure into an EINVALID error naming the field under where.
func decodeInto(b []byte, v any, where string, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if strict {
		dec.DisallowUnknownFields()
	}
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return gtg.Errorf(gtg.EINVALID, "%s: want %s, got %s", orBody(join(where, te.Field)), kindName(te.Type), te.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return gtg.Errorf(gtg.EINVALID, "%s: unknown field %s (known: %s)", orBody(where), name, strings.Join(fieldNames(v), ", "))
	}
	// A field's own UnmarshalJSON (a date, a time) does not say which field
	// failed: find it by decoding the fields one at a time.
	field, ferr := locate(b, v)
	if ferr == nil {
		field, ferr = "", err
	}
	return gtg.Errorf(gtg.EINVALID, "%s: %s", orBody(join(where, field)), valueMessage(ferr))
}

// locate returns the first field of the JSON object b (in name order) that
// fails to decode into a fresh value of v's type, and its error.
func locate(b []byte, v any) (string, error) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(b, &fields) != nil {
		return "", nil
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	typ := reflect.TypeOf(v).Elem()
	for _, k := range names {
		one, _ := json.Marshal(map[string]json.RawMessage{k: fields[k]})
		if err := json.Unmarshal(one, reflect.New(typ).Interface()); err != nil {
			return k, err
		}
	}
	return "", nil
}

// valueMessage words a value error for people.
func valueMessage(err error) string {
	var ge *gtg.Error
	var pe *time.ParseError
	switch {
	case errors.As(err, &ge):
		return ge.Message
	case errors.As(err, &pe):
		return fmt.Sprintf(`bad time %q (want RFC 3339, like "2024-01-31T09:30:00Z")`, pe.Value)
	}
	return err.Error()
}

// kindName says in JSON terms what a Go type accepts.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return kindName(t.Elem())
	}
	return "an object"
}

// fieldNames lists the JSON names of a struct's fields, to help fix a typo.
func fieldNames(v any) []string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case f.Anonymous && name == "": // an embedded struct's fields are the outer one's
			out = append(out, fieldNames(reflect.Zero(f.Type).Interface())...)
		case name != "" && name != "-":
			out = append(out, name)
		}
	}
	return out
}

func join(where, field string) string {
	switch {
	case where == "":
		return field
	case field == "":
		return where
	}
	return where + "." + field
}

func orBody(where string) string {
	if where == "" {
		return "body"
	}
	return where
}

// fieldMsg matches messages that start with a field path ("arr: …", "attrs.tier: …").
var fieldMsg = regexp.MustCompile(`^[a-z_][a-z0-9_.]*: `)

// at puts an item's position in front of a validation error, so
// "arr: must not be negative" becomes "items[3].arr: must not be negative".
func at(where string, err error) error {
	code := gtg.ErrorCode(err)
	if code == gtg.EINTERNAL {
		return fmt.Errorf("%s: %w", where, err)
	}
	msg := gtg.ErrorMessage(err)
	if fieldMsg.MatchString(msg) {
		return &gtg.Error{Code: code, Message: where + "." + msg}
	}
	return &gtg.Error{Code: code, Message: where + ": " + msg}
}

// checkQuery refuses query parameters an endpoint does not know, so a typo
// (?ownr=) is not silently ignored.
func checkQuery(q url.Values, known ...string) error {
	for k := range q {
		if !slices.Contains(known, k) {
			return gtg.Errorf(gtg.EINVALID, "unknown query parameter %q (known: %s)", k, strings.Join(known, ", "))
		}
	}
	return nil
}

// intParam reads an integer query parameter within [lo, hi], def when absent.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, gtg.Errorf(gtg.EINVALID, "%s: want a whole number from %d to %d, got %q", name, lo, hi, s)
	}
	return n, nil
}

// dayParam reads a YYYY-MM-DD query parameter (0 when absent).
func dayParam(q url.Values, name string) (gtg.Day, error) {
	s := q.Get(name)
	if s == "" {
		return 0, nil
	}
	d, err := gtg.ParseDay(s)
	if err != nil {
		return 0, gtg.Errorf(gtg.EINVALID, "%s: %s", name, gtg.ErrorMessage(err))
	}
	return d, nil
}
