package scorecard

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
)

// asOf is the scoring day of the hand-built accounts.
var asOf = gtg.MustParseDay("2025-06-30")

// mustParse parses a card written inline in a test, with tabs for indentation
// turned into spaces so the YAML can be indented with the Go code.
func parse(t testing.TB, yml string) *Scorecard {
	t.Helper()
	sc, err := Parse("t.yaml", []byte(dedent(yml)))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return sc
}

// dedent drops the leading newline and the common tab indentation.
func dedent(s string) string {
	s = strings.TrimPrefix(s, "\n")
	lines := strings.Split(s, "\n")
	cut := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, "\t"))
		if cut < 0 || n < cut {
			cut = n
		}
	}
	for i, l := range lines {
		if len(l) >= cut && cut > 0 {
			lines[i] = l[cut:]
		}
		lines[i] = strings.ReplaceAll(lines[i], "\t", "  ")
	}
	return strings.Join(lines, "\n")
}

// days returns a series of values ending on asOf, oldest first.
func days(key string, vals ...float64) gtg.Series {
	return gtg.Series{Key: key, From: asOf.AddDays(1 - len(vals)), Values: vals}
}

// flat returns n days of the same value ending on asOf.
func flat(key string, n int, v float64) gtg.Series {
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = v
	}
	return days(key, vals...)
}

// ev builds an event on the day ago days before asOf, at noon UTC, with
// attributes given as name, value pairs.
func ev(typ string, ago int, contact string, attrs ...any) *gtg.Event {
	e := &gtg.Event{Type: typ, ContactEmail: contact, OccurredAt: asOf.AddDays(-ago).Time().Add(12 * time.Hour),
		Attrs: map[string]any{}}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Attrs[attrs[i].(string)] = attrs[i+1]
	}
	return e
}

func contact(email, role, status string, changed gtg.Day) *gtg.Contact {
	return &gtg.Contact{Email: email, Role: role, Status: status, StatusChangedOn: changed}
}

func account() *gtg.Account {
	return &gtg.Account{ExternalID: "A1", Name: "Acme", ARR: 50000, Seats: 20, Plan: "growth", Segment: "Mid-Market",
		Stage: gtg.StageMature, ContractStart: asOf.AddDays(-400), RenewalDate: asOf.AddDays(100), ICPFit: "B",
		Attrs: map[string]any{}}
}

// near reports whether two floats agree to 1e-9, NaN matching NaN.
func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) < 1e-9
}

func measureOf(t *testing.T, r Result, key string) MeasureResult {
	t.Helper()
	for _, m := range r.Measures {
		if m.Key == key {
			return m
		}
	}
	t.Fatalf("no measure %q in result", key)
	return MeasureResult{}
}
