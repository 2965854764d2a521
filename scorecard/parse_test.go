package scorecard

import (
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
)

// base is a small valid card; each bad case below changes one thing in it.
// Its line numbers matter: the expected errors name them.
const base = `name: t
version: 1
thresholds: {green: 70, yellow: 40}
groups:
  - key: g
    weight: 1
    measures: {m: 1}
measures:
  - key: m
    kind: metric
    metric: logins
    agg: avg
    window: 30d
    bands:
      - {max: 5, points: 0}
      - {points: 100}
`

// extra is appended to base as further measures, from line 17.
func withExtra(extra string) string {
	lines := strings.Split(strings.TrimRight(dedent(extra), "\n "), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return base + strings.Join(lines, "\n") + "\n"
}

func TestParseBase(t *testing.T) {
	sc, err := Parse("t.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "t" || sc.Version != 1 || sc.Scale != 100 || sc.MinCoverage != DefaultMinCoverage {
		t.Errorf("got %+v", sc)
	}
	if got := sc.Lookback(); got != 30 {
		t.Errorf("Lookback = %d, want 30", got)
	}
	if got := sc.MetricKeys(); len(got) != 1 || got[0] != "logins" {
		t.Errorf("MetricKeys = %v", got)
	}
}

func TestParseRefuses(t *testing.T) {
	replace := func(old, new string) string {
		if !strings.Contains(base, old) {
			panic("base has no " + old)
		}
		return strings.Replace(base, old, new, 1)
	}
	tests := []struct {
		name, yaml string
		want       string // "line: field: " prefix of one reported problem, after "t.yaml:"
		why        string // a part of the reason
	}{
		{"UnknownKind", replace("kind: metric", "kind: metrc"), "10: measures.m.kind", `unknown measure kind "metrc"`},
		{"InvalidMetricKey", replace("metric: logins", "metric: Log-ins"), "11: measures.m.metric", "not a metric key"},
		{"UnknownAgg", replace("agg: avg", "agg: mean"), "12: measures.m.agg", `unknown agg "mean"`},
		{"BadWindow", replace("window: 30d", "window: 30x"), "13: measures.m.window", `"30x" is not a window`},
		{"ZeroWindow", replace("window: 30d", "window: 0d"), "13: measures.m.window", "not from 1 to 3650"},
		{"NegativeWindow", replace("window: 30d", "window: -5"), "13: measures.m.window", "not a window"},
		{"MissingWindow", replace("    window: 30d\n", ""), "9: measures.m.window", "required"},
		{"GroupWeightNotANumber", replace("weight: 1", "weight: lots"), "6: groups.g.weight", `"lots" is not a number`},
		{"MeasureWeightNotANumber", replace("{m: 1}", "{m: heavy}"), "7: groups.g.measures.m", `weight "heavy" is not a number`},
		{"NegativeWeight", replace("weight: 1", "weight: -2"), "6: groups.g.weight", "must not be negative"},
		{"OverlappingBands", replace("- {points: 100}", "- {min: 3, max: 9, points: 50}\n      - {points: 100}"),
			"16: measures.m.bands[1].min", "overlaps the band before, which runs to 5"},
		{"GapInBands", replace("- {points: 100}", "- {min: 6, points: 100}"), "16: measures.m.bands[1].min", "leaves a gap"},
		{"UnorderedBands", replace("- {points: 100}", "- {max: 3, points: 50}\n      - {points: 100}"),
			"16: measures.m.bands[1].max", "out of order"},
		{"OpenBandNotLast", replace("- {max: 5, points: 0}", "- {points: 0}"), "15: measures.m.bands[0].max", "only the last band"},
		{"PointsOffScale", replace("points: 100}", "points: 120}"), "16: measures.m.bands[1].points", "outside the scale"},
		{"BandWithoutPoints", replace("{points: 100}", "{max: 9}"), "16: measures.m.bands[1].points", "required"},
		{"DuplicateMeasure", withExtra(`
			- key: m
			  kind: contacts
			`), "17: measures.m.key", "duplicate measure key (first at line 9)"},
		{"GroupUnknownMeasure", replace("{m: 1}", "{m: 1, mm: 2}"), "7: groups.g.measures.mm", `unknown measure (did you mean "m"?)`},
		{"MeasureInTwoGroups", replace("measures: {m: 1}", "measures: {m: 1}\n  - key: h\n    measures: [m]"),
			"9: groups.h.measures.m", `already scored in group "g"`},
		{"DuplicateGroup", replace("measures: {m: 1}", "measures: {m: 1}\n  - key: g\n    measures: [m]"),
			"8: groups[1].key", `duplicate group "g" (first at line 5)`},
		{"ThresholdsOutOfOrder", replace("{green: 70, yellow: 40}", "{green: 40, yellow: 70}"), "3: thresholds.yellow", "out of order"},
		{"ThresholdsOffScale", replace("{green: 70, yellow: 40}", "{green: 170, yellow: 40}"), "3: thresholds.green", "out of range"},
		{"ThresholdMissing", replace("{green: 70, yellow: 40}", "{green: 70}"), "3: thresholds.yellow", "required"},
		{"UnknownFieldTypo", replace("window: 30d", "window: 30d\n    windw: 60d"), "14: measures.m.windw", `unknown field (did you mean "window"?)`},
		{"UnknownTopField", replace("version: 1", "version: 1\nversoin: 2"), "3: versoin", `did you mean "version"?`},
		{"FieldOfOtherKind", replace("agg: avg", "agg: avg\n    event: meeting"), "13: measures.m.event", "unknown field"},
		{"BadVersion", replace("version: 1", "version: one"), "2: version", "not a whole number"},
		{"BadName", replace("name: t", "name: My Card"), "1: name", "must be lowercase"},
		{"NotYAML", replace("name: t", "name: [t"), "", "not valid YAML"},
		{"ScoredWithoutBands", replace("    bands:\n      - {max: 5, points: 0}\n      - {points: 100}\n", ""),
			"9: measures.m", `scored in group "g" but has no bands`},
		{"BandsButNoGroup", withExtra(`
			- key: h
			  kind: contacts
			  bands: [{points: 1}]
			`), "17: measures.h", "no group scores it"},
		{"ExprDoesNotTypeCheck", withExtra(`
			- key: e
			  kind: expr
			  expr: m + "x"
			`), "19: measures.e.expr", "does not type-check"},
		{"ExprUnknownMeasure", withExtra(`
			- key: e
			  kind: expr
			  expr: m * nope
			`), "19: measures.e.expr", "unknown name nope"},
		{"ExprGivesText", withExtra(`
			- key: e
			  kind: expr
			  expr: account.plan
			`), "19: measures.e.expr", "want a number or true/false"},
		{"ExprCycle", withExtra(`
			- key: a
			  kind: expr
			  expr: b + 1
			- key: b
			  kind: expr
			  expr: a * 2
			`), "19: measures.a.expr", "cycle: a → b → a"},
		{"ExprSelfReference", withExtra(`
			- key: a
			  kind: expr
			  expr: a + 1
			`), "19: measures.a.expr", "cycle: a → a"},
		{"WhenNotBool", replace("window: 30d", "window: 30d\n    when: m + 1"), "14: measures.m.when", "does not type-check"},
		{"ReservedKey", withExtra(`
			- key: len
			  kind: contacts
			`), "17: measures.len.key", "reserved word"},
		{"ChangeOfSlope", replace("agg: avg", "agg: slope\n    change: relative"), "13: measures.m.change", "already a change"},
		{"PointsOnNumber", replace("    bands:\n      - {max: 5, points: 0}\n      - {points: 100}\n", "    points: {a: 1}\n"),
			"14: measures.m.points", "give bands instead"},
		{"BandsOnText", withExtra(`
			- key: s
			  kind: sentiment
			  window: 30d
			  bands: [{points: 1}]
			`), "20: measures.s.bands", "give points per value"},
		{"SentimentWithoutWindow", withExtra(`
			- key: s
			  kind: sentiment
			`), "17: measures.s.window", "required"},
		{"ShareWithoutWhere", withExtra(`
			- key: s
			  kind: event
			  event: note
			  agg: share
			  window: 30d
			`), "17: measures.s.where", "required for event share"},
		{"WindowNotUsed", withExtra(`
			- key: c
			  kind: contacts
			  window: 30d
			`), "19: measures.c.window", "not used by contacts count"},
		{"UnknownAccountField", withExtra(`
			- key: a
			  kind: account
			  field: mood
			`), "19: measures.a.field", `unknown account field "mood"`},
		{"PresentWithoutRole", withExtra(`
			- key: c
			  kind: contacts
			  agg: present
			`), "17: measures.c.role", "required for contacts present"},
		{"BadStage", replace("version: 1", "version: 1\napplies: {stage: trial}"), "3: applies.stage", "not a lifecycle stage"},
		{"BadRange", replace("version: 1", "version: 1\napplies: {tenure_days: {min: 90, max: 30}}"), "3: applies.tenure_days.max", "out of order"},
		{"MinCoverageOffScale", replace("version: 1", "version: 1\nmin_coverage: 2"), "3: min_coverage", "not from 0 to 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse("t.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("Parse accepted the card:\n%s", tt.yaml)
			}
			if sc != nil {
				t.Errorf("Parse returned a card with the error")
			}
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("code = %q, want %q", gtg.ErrorCode(err), gtg.EINVALID)
			}
			msg := gtg.ErrorMessage(err)
			found := false
			for _, line := range strings.Split(msg, "\n") {
				if strings.HasPrefix(line, "t.yaml:"+tt.want) && strings.Contains(line, tt.why) {
					found = true
				}
			}
			if !found {
				t.Errorf("want a problem %q containing %q; got:\n%s", "t.yaml:"+tt.want, tt.why, msg)
			}
		})
	}
}

// A file with several mistakes reports them all, each on its line.
func TestParseReportsEveryProblem(t *testing.T) {
	bad := strings.NewReplacer("window: 30d", "window: 30x", "{m: 1}", "{m: x}", "yellow: 40", "yellow: 90").Replace(base)
	_, err := Parse("t.yaml", []byte(bad))
	got := gtg.ErrorMessage(err)
	want := "t.yaml:13: measures.m.window: \"30x\" is not a window (want days like 30d, weeks like 12w, or a number of days)\n" +
		"t.yaml:7: groups.g.measures.m: weight \"x\" is not a number\n" +
		"t.yaml:3: thresholds.yellow: out of order: yellow (90) must be below green (70)"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]int{"30d": 30, "12w": 84, "90": 90, "1d": 1, " 7D ": 7} {
		if got, err := parseWindow(in); err != nil || got != want {
			t.Errorf("parseWindow(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"30x", "", "d", "3m", "-1d", "+3d", "0", "5000d", "1.5d"} {
		if _, err := parseWindow(in); err == nil {
			t.Errorf("parseWindow(%q) accepted", in)
		}
	}
}

func TestBuiltinCardsParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{{"default.yaml", DefaultYAML}, {"onboarding.yaml", OnboardingYAML}} {
		sc, err := Parse(tc.name, tc.data)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if sc.Version < 1 || len(sc.Groups) == 0 {
			t.Errorf("%s: %+v", tc.name, sc)
		}
	}
	if Default().Name != "default" || Onboarding().Name != "onboarding" {
		t.Errorf("names: %q, %q", Default().Name, Onboarding().Name)
	}
	want := []string{"active_users", "feature_dashboards", "feature_integrations", "feature_reports", "logins"}
	if got := Default().MetricKeys(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("default MetricKeys = %v, want %v", got, want)
	}
	if got := Default().Lookback(); got != 180 {
		t.Errorf("default Lookback = %d, want 180 (the longest window)", got)
	}
}

func TestCheckMetrics(t *testing.T) {
	sc := parse(t, withExtra(`
		- key: ratio
		  kind: metric
		  metric: api_calls
		  agg: sum
		  window: 7d
		  per: loggins
		`))
	if err := sc.CheckMetrics([]string{"logins", "api_calls", "active_users"}); gtg.ErrorMessage(err) !=
		`t.yaml:22: measures.ratio.per: unknown metric "loggins" (did you mean "logins"?)` {
		t.Errorf("got %v", err)
	}
	if err := sc.CheckMetrics([]string{"api_calls", "loggins", "logins"}); err != nil {
		t.Errorf("all known: %v", err)
	}
	if err := sc.CheckMetrics(nil); gtg.ErrorCode(err) != gtg.EINVALID || !strings.Contains(err.Error(), "t.yaml:11: measures.m.metric") {
		t.Errorf("no metrics: %v", err)
	}
}
