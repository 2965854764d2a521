package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
)

// dayArg is how a gtg.Day is bound: ISO text, which SQLite stores as is and
// PostgreSQL casts to DATE; NULL when unset.
func dayArg(d gtg.Day) any {
	if d == 0 {
		return nil
	}
	return d.String()
}

// timeArg binds a time in UTC; NULL when zero.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// dayDest scans a DATE column, whichever form the driver returns it in.
type dayDest struct{ d *gtg.Day }

func (s dayDest) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.d = 0
	case time.Time:
		*s.d = gtg.DayOf(x)
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	default:
		return fmt.Errorf("scan date: unexpected %T", v)
	}
	return nil
}

func (s dayDest) parse(v string) error {
	if len(v) > 10 {
		v = v[:10]
	}
	d, err := gtg.ParseDay(v)
	*s.d = d
	return err
}

// timeDest scans a TIMESTAMP column, whichever form the driver returns it in.
type timeDest struct{ t *time.Time }

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02 15:04:05", "2006-01-02"}

func (s timeDest) Scan(v any) error {
	var str string
	switch x := v.(type) {
	case nil:
		*s.t = time.Time{}
		return nil
	case time.Time:
		*s.t = x.UTC()
		return nil
	case string:
		str = x
	case []byte:
		str = string(x)
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, str); err == nil {
			*s.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("scan time: cannot parse %q", str)
}

// encodeAttrs writes attributes as canonical JSON (sorted keys), dates as ISO text.
func encodeAttrs(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if d, ok := v.(gtg.Day); ok {
			out[k] = d.String()
			continue
		}
		if v == nil {
			continue
		}
		out[k] = v
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// decodeAttrs reads attributes back; names typed "date" in types become gtg.Day.
func decodeAttrs(s string, types map[string]string) (map[string]any, error) {
	m := map[string]any{}
	if s == "" || s == "{}" {
		return m, nil
	}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("decode attributes: %w", err)
	}
	for k, v := range m {
		if types[k] == "date" {
			if str, ok := v.(string); ok {
				if d, err := gtg.ParseDay(str); err == nil {
					m[k] = d
				}
			}
		}
	}
	return m, nil
}

// values returns "(?,?),(?,?)…" for n rows of the given column types. Each
// placeholder carries its type where the dialect needs one (PostgreSQL cannot
// infer the types of bare parameters inside VALUES).
func (s *Store) values(n int, types ...string) string {
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = s.d.param(t)
	}
	row := "(" + strings.Join(parts, ",") + ")"
	return strings.TrimSuffix(strings.Repeat(row+",", n), ",")
}
