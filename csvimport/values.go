package csvimport

import (
	"math"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
)

// parseNumber is gtg.ParseNumber.
func parseNumber(s string) (float64, bool) { return gtg.ParseNumber(s) }

// parseISODay reads YYYY-MM-DD without going through time.Parse, which is the
// slowest step of a metrics row otherwise. It accepts exactly what
// gtg.ParseDay accepts, except days on or before 1970-01-01: gtg.Day 0 means
// "unset", so no stored date can be that early.
func parseISODay(s string) (gtg.Day, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	day := daysFromCivil(y, m, d)
	if day <= 0 || day > math.MaxInt32 {
		return 0, false
	}
	return gtg.Day(day), true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar (Howard Hinnant's algorithm; y >= 1 here).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// monthOf returns what gtg.Day.Month returns, the month index (year*12 +
// month-1) and the day's offset in it, with integer arithmetic only: it runs
// once per metric row (Hinnant's civil_from_days).
func monthOf(day gtg.Day) (month, offset int) {
	z := int(day) + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y*12 + m - 1, d
}

// parseDay reads a date: with layout when the mapping gives one, else YYYY-MM-DD.
func parseDay(s, layout string) (gtg.Day, bool) {
	if layout == "" {
		return parseISODay(s)
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return 0, false
	}
	d := gtg.DayOf(t)
	return d, d > 0
}

// timeLayouts are the forms an event time may take without a mapping. Times
// without a zone are UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// parseTime reads an event time: with layout when the mapping gives one, else
// one of timeLayouts.
func parseTime(s, layout string) (time.Time, bool) {
	if layout != "" {
		t, err := time.Parse(layout, s)
		return t.UTC(), err == nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseBool reads true or false in any case.
func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// Attribute types, as the store records them.
const (
	typeNumber = "number"
	typeText   = "text"
	typeDate   = "date"
	typeBool   = "bool"
)

// typeOf names the attribute type of a parsed value.
func typeOf(v any) string {
	switch v.(type) {
	case float64:
		return typeNumber
	case gtg.Day:
		return typeDate
	case bool:
		return typeBool
	}
	return typeText
}

// guess reads an attribute value whose type is not known yet: a number, a
// date (when dates is set), true/false, or else text.
func guess(s string, dates bool, layout string) any {
	if v, ok := parseNumber(s); ok {
		return v
	}
	if dates {
		if d, ok := parseDay(s, layout); ok {
			return d
		}
	}
	if b, ok := parseBool(s); ok {
		return b
	}
	return s
}
