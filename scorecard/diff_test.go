package scorecard

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func TestDiff(t *testing.T) {
	// A reviewer's version 2 of the default card: stricter thresholds, a
	// longer window, new bands, the ICP measure dropped, a new measure, and
	// weights moved around.
	v2 := string(DefaultYAML)
	for _, r := range [][2]string{
		{"version: 1", "version: 2"},
		{"green: 70", "green: 75"},
		{"    window: 30d\n    change: relative", "    window: 60d\n    change: relative"},
		{"      - {max: 0.1, points: 0}   # under 10% of seats in use on an average day\n      - {max: 0.2, points: 40}",
			"      - {max: 0.15, points: 0}\n      - {max: 0.2, points: 30}"},
		{"      icp_fit: 1\n", "      days_to_renewal: 1\n"},
		{"    weight: 25 # usage", "    weight: 30 # usage"},
		{"      csat: 1\n", ""},
		{"      negative_notes: 1\n", "      negative_notes: 1\n      csat: 1\n"},
	} {
		if !strings.Contains(v2, r[0]) {
			t.Fatalf("default.yaml has no %q: update the test", r[0])
		}
		v2 = strings.Replace(v2, r[0], r[1], 1)
	}
	i := strings.Index(v2, "  # How well the customer fits")
	v2 = v2[:i] + `  # Renewals close: less room to recover.
  - key: days_to_renewal
    label: Days to renewal
    kind: account
    field: days_to_renewal
    bands: [{max: 60, points: 0}, {points: 100}]
`
	b, err := Parse("default-v2.yaml", []byte(v2))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range Diff(Default(), b) {
		lines = append(lines, c.String())
	}
	golden(t, "diff.golden", strings.Join(lines, "\n")+"\n")

	if d := Diff(Default(), Default()); len(d) != 0 {
		t.Errorf("a card differs from itself: %v", d)
	}
	// Layout and comments are not changes.
	re := strings.ReplaceAll(string(DefaultYAML), "{max: 1, points: 0}", "{ points: 0,  max: 1 }")
	if re == string(DefaultYAML) {
		t.Fatal("default.yaml has no {max: 1, points: 0}: update the test")
	}
	reflowed, err := Parse("x.yaml", []byte(re+"\n# the end\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(Default(), reflowed); len(d) != 0 {
		t.Errorf("reflowed card differs: %v", d)
	}
}
