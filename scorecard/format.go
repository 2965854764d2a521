package scorecard

import (
	"math"
	"strconv"
	"strings"
)

// minus is the typographic minus sign, which reads better than a hyphen in
// "−12 points".
const minus = "−"

// fmtNum writes a number exactly as a card author wrote it: 0.5, 20, -3.
func fmtNum(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "-∞"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// round writes x with at most the decimals it needs for a person: 1234,
// 56.7, 0.62.
func round(x float64) string {
	digits := 2
	switch a := math.Abs(x); {
	case a >= 100:
		digits = 0
	case a >= 10:
		digits = 1
	}
	s := strconv.FormatFloat(x, 'f', digits, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, "-", minus, 1)
}

func signed(s string, x float64) string {
	if x > 0 {
		return "+" + s
	}
	return s
}

// percent writes a fraction as a whole percent (one decimal under 1%).
func percent(x float64) string {
	p := x * 100
	if math.Abs(p) < 1 && p != 0 {
		return strings.Replace(strconv.FormatFloat(p, 'f', 1, 64), "-", minus, 1) + "%"
	}
	return strings.Replace(strconv.FormatFloat(math.Round(p), 'f', 0, 64), "-", minus, 1) + "%"
}

func plural(n float64, one, many string) string {
	if n == 1 {
		return round(n) + " " + one
	}
	return round(n) + " " + many
}

// Display writes the measure's value as a person reads it: "−38%",
// "0.62", "75 days", "yes", "negative"; "no data" when missing and "n/a"
// when its condition made it not apply.
func (m MeasureResult) Display() string {
	switch {
	case m.Skipped:
		return "n/a"
	case m.Missing && m.Text == "" && math.IsNaN(m.Value):
		return "no data"
	}
	switch m.Unit {
	case UnitText, UnitSentiment:
		return m.Text
	case UnitChange:
		return signed(percent(m.Value), m.Value)
	case UnitPercent:
		return percent(m.Value)
	case UnitDays, UnitDaysSince:
		return plural(m.Value, "day", "days")
	case UnitPerDay:
		return signed(round(m.Value), m.Value) + "/day"
	case UnitPercentPerDay:
		return signed(percent(m.Value), m.Value) + "/day"
	case UnitFlag:
		if m.Value != 0 {
			return "yes"
		}
		return "no"
	}
	if m.Text != "" {
		return m.Text
	}
	return round(m.Value)
}

// windowText writes a window for a sentence: "30 days", "12 weeks".
func windowText(days int) string {
	if days >= 14 && days%7 == 0 && days%30 != 0 {
		return itoa(days/7) + " weeks"
	}
	if days == 1 {
		return "1 day"
	}
	return itoa(days) + " days"
}

// points writes a contribution: "−12 points", "+3.5 points", "+1 point".
func points(x float64) string {
	r := math.Round(x*10) / 10
	s := strconv.FormatFloat(math.Abs(r), 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	sign := "+"
	if r < 0 {
		sign = minus
	}
	unit := " points"
	if s == "1" {
		unit = " point"
	}
	return sign + s + unit
}

// lowerFirst lowercases a label's first letter for the middle of a
// sentence, leaving acronyms (NPS, CSAT) alone.
func lowerFirst(s string) string {
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
