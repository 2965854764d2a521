package scorecard

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
)

// parseOK checks a parser's contract on any input: it returns a value or an
// EINVALID error that names the file, never panics.
func parseOK(t *testing.T, what string, err error) bool {
	t.Helper()
	if err == nil {
		return true
	}
	if gtg.ErrorCode(err) != gtg.EINVALID || !strings.Contains(err.Error(), "fuzz.yaml") {
		t.Fatalf("%s: %v (code %s), want EINVALID naming fuzz.yaml", what, err, gtg.ErrorCode(err))
	}
	return false
}

// FuzzParse: any scorecard text parses or is refused with file:line
// messages; one that parses scores an account to a number in its scale.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"default.yaml", "onboarding.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("a: &a [*a, *a, *a, *a]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"))
	f.Add([]byte("name: x\nversion: 1\nmeasures:\n  - key: e\n    kind: expr\n    expr: 1/0\n"))
	ss := series(days("logins", 10, 30), days("active_users", 4, 6))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.yaml", data)
		if !parseOK(t, "Parse", err) {
			return
		}
		r := sc.Score(&AccountData{Account: account(), Series: ss, AsOf: asOf})
		if !math.IsNaN(r.Score) && (r.Score < 0 || r.Score > sc.Scale+1e-9) {
			t.Errorf("score %v outside 0..%v", r.Score, sc.Scale)
		}
	})
}

// FuzzExpr: any expression in an expr measure is refused at parse time or
// evaluates (to a number or missing) without panicking.
func FuzzExpr(f *testing.F) {
	for _, e := range []string{"l / u", "u / account.seats * 100", `l > 10 && account.plan == "growth"`,
		"l / (u - 5)", "account.tenure_days > 365 ? l : -l", "let x = l; x * x", "[1,2,3][l]", "repeat(\"a\", 1000000)",
		"1e308 * 1e308", "int(l) % 0"} {
		f.Add(e)
	}
	ss := series(days("logins", 10, 30), days("active_users", 4, 6))
	f.Fuzz(func(t *testing.T, src string) {
		card := "name: t\nversion: 1\nthresholds: {green: 70, yellow: 40}\ngroups:\n  - key: g\n    measures: [x]\nmeasures:\n" +
			"  - key: l\n    kind: metric\n    metric: logins\n    agg: avg\n    window: 2d\n" +
			"  - key: u\n    kind: metric\n    metric: active_users\n    agg: avg\n    window: 2d\n" +
			"  - key: x\n    kind: expr\n    expr: " + strconv.Quote(src) + "\n    bands: [{points: 50}]\n"
		sc, err := Parse("fuzz.yaml", []byte(card))
		if !parseOK(t, "Parse", err) {
			return
		}
		sc.Score(&AccountData{Account: account(), Series: ss, AsOf: asOf})
	})
}

// FuzzParseRules: any rules file parses or is refused with file:line messages.
func FuzzParseRules(f *testing.F) {
	b, err := os.ReadFile("rules.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("version: 1\nrules:\n  - key: x\n    when: health.score <\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseRules("fuzz.yaml", data)
		parseOK(t, "ParseRules", err)
	})
}

// FuzzParseMeasures: the measures-only files calibrate reads.
func FuzzParseMeasures(f *testing.F) {
	f.Add([]byte("measures:\n  - key: l\n    kind: metric\n    metric: logins\n    agg: avg\n    window: 30d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseMeasures("fuzz.yaml", data)
		parseOK(t, "ParseMeasures", err)
	})
}
