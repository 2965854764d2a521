package calibrate

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMeasureKeys(t *testing.T) {
	refs := []featureRef{
		{"Plan", false},           // the account's plan field
		{"Seats", true},           // the seats field
		{"seats", false},          // text seats: not the field (and the key is taken)
		{"Monthly-Charges", true}, // imported as monthly_charges
		{"Total ($)", true},       // not an attribute name: the card says how to import it
		{"len", true},             // a builtin of expressions
		{"2nd phone", false},      // keys start with a letter
	}
	got := measureKeys(refs, nil, map[string]bool{})
	want := []measureKey{
		{"plan", []string{"kind: account", "field: plan"}},
		{"seats", []string{"kind: account", "field: seats"}},
		{"seats_2", []string{"kind: account", "attr: seats"}},
		{"monthly_charges", []string{"kind: account", "attr: monthly_charges"}},
		{"total", []string{"kind: account", `attr: total # import the column "Total ($)" as this attribute (gtg import accounts --map)`}},
		{"len_value", []string{"kind: account", "attr: len"}},
		{"m_2nd_phone", []string{"kind: account", `attr: m_2nd_phone # import the column "2nd phone" as this attribute (gtg import accounts --map)`}},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(measureKey{})); diff != "" {
		t.Errorf("measureKeys (-want +got):\n%s", diff)
	}
	// A caller's own definitions, for measures that are not attributes.
	define := func(name string, numeric bool) (string, []string) {
		if name == "logins_30d" {
			return "logins_30d", []string{"kind: metric", "metric: logins", "agg: sum", "window: 30d"}
		}
		return "", nil
	}
	got = measureKeys([]featureRef{{"logins_30d", true}, {"Plan", false}}, define, map[string]bool{})
	if got[0].fields[1] != "metric: logins" || got[1].fields[1] != "field: plan" {
		t.Errorf("with define: %+v", got)
	}
}

func TestCardName(t *testing.T) {
	for in, want := range map[string]string{
		"Telco-Customer-Churn.csv": "telco-customer-churn",
		"dir/My Export (2).csv":    "my-export-2",
		"2024 churn.csv":           "calibrated-2024-churn",
	} {
		if got := CardName(in); got != want {
			t.Errorf("CardName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScorecardHeader(t *testing.T) {
	ds, _ := gen(2000, 4)
	cv, err := CrossValidate(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Fit(ds, fast)
	if err != nil {
		t.Fatal(err)
	}
	yml, err := m.Scorecard(CardInfo{Name: "gen", Version: 2, Source: "gen.csv", CV: cv, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# Calibrated by gtg calibrate from gen.csv on ",
		"# 2000 accounts, ",
		"# Held out in 3-fold cross-validation",
		"churn probability = 1 / (1 + e^(",
		"version: 2\n",
		"  - key: plan_tier\n    label: \"Plan Tier\"\n    kind: account\n    attr: plan_tier\n    points:\n",
	} {
		if !strings.Contains(string(yml), want) {
			t.Errorf("the card lacks %q:\n%s", want, yml)
		}
	}
	if _, err := m.Scorecard(CardInfo{Name: "Bad Name", Version: 1}); err == nil {
		t.Error("a bad card name was accepted")
	}
}
