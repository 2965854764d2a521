package gtg

import (
	"encoding/json"
	"time"
)

// Day is a calendar date, counted in days since 1970-01-01. The zero Day means
// "not set": no account, contract or metric in gtg is dated on 1970-01-01.
type Day int32

// DayLayout is the only date format gtg reads and writes.
const DayLayout = "2006-01-02"

// DayOf returns the UTC calendar day of t. Every day in gtg is a UTC date,
// so the server, the command line and the daily job agree on "today"
// wherever they run.
func DayOf(t time.Time) Day {
	y, m, d := t.UTC().Date()
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDay parses a YYYY-MM-DD date.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(DayLayout, s)
	if err != nil {
		return 0, Errorf(EINVALID, "bad date %q (want YYYY-MM-DD)", s)
	}
	return DayOf(t), nil
}

// MustParseDay is ParseDay for constants in tests and the demo; it panics on a bad date.
func MustParseDay(s string) Day {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Time returns midnight UTC of the day.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// IsZero reports whether the day is unset.
func (d Day) IsZero() bool { return d == 0 }

// String formats the day as YYYY-MM-DD, or "" when unset.
func (d Day) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format(DayLayout)
}

// Month returns the month index (year*12 + month-1) the day falls in and the
// day's offset (0-30) within that month.
func (d Day) Month() (month int, offset int) {
	y, m, dd := d.Time().Date()
	return y*12 + int(m) - 1, dd - 1
}

// MonthStart returns the first day of a month index from Month.
func MonthStart(month int) Day {
	return DayOf(time.Date(month/12, time.Month(month%12+1), 1, 0, 0, 0, 0, time.UTC))
}

// AddDays returns the day n days later (earlier when n < 0).
func (d Day) AddDays(n int) Day { return d + Day(n) }

// MarshalJSON writes the day as "YYYY-MM-DD", or null when unset.
func (d Day) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Day) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "bad date %s (want \"YYYY-MM-DD\")", b)
	}
	if s == "" {
		*d = 0
		return nil
	}
	v, err := ParseDay(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
