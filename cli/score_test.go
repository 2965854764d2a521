package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/scorecard"
)

func TestScoreAndScorecards(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		if code, _, errOut := gtgRun(t, dsn, "", "demo", "--accounts", "15", "--seed", "2", "--days", "120"); code != 0 {
			t.Fatalf("demo: %s", errOut)
		}
		code, out, errOut := gtgRun(t, dsn, "", "score")
		if code != 0 || !strings.Contains(out, "scored 15 accounts") {
			t.Fatalf("score: %d %q %q", code, out, errOut)
		}
		code, out, _ = gtgRun(t, dsn, "", "accounts", "list", "--json")
		var list []map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 15 {
			t.Fatalf("accounts list: %d %s", code, out)
		}
		scored := 0
		for _, a := range list {
			for _, k := range []string{"score", "color", "trend"} {
				if _, ok := a[k]; !ok {
					t.Fatalf("account JSON lacks %q: %v", k, a)
				}
			}
			if a["score"] != nil {
				scored++
				if c := a["color"]; c != "green" && c != "yellow" && c != "red" {
					t.Fatalf("color %v", c)
				}
			}
		}
		if scored == 0 {
			t.Fatal("no account carries a score")
		}

		dir := t.TempDir()
		v1 := filepath.Join(dir, "v1.yaml")
		os.WriteFile(v1, scorecard.DefaultYAML, 0o644)
		v2 := filepath.Join(dir, "v2.yaml")
		os.WriteFile(v2, []byte(strings.Replace(strings.Replace(string(scorecard.DefaultYAML), "version: 1", "version: 2", 1), "green: 70", "green: 75", 1)), 0o644)
		if code, out, _ := gtgRun(t, dsn, "", "scorecard", "validate", v1); code != 0 || !strings.Contains(out, "is valid") {
			t.Fatalf("validate: %d %q", code, out)
		}
		if code, out, _ := gtgRun(t, dsn, "", "scorecard", "diff", v1, v2); code != 0 || !strings.Contains(out, "70") || !strings.Contains(out, "75") {
			t.Fatalf("diff: %d %q", code, out)
		}
		if code, out, _ := gtgRun(t, dsn, "", "scorecard", "apply", v2); code != 0 || !strings.Contains(out, "applied scorecard default version 2") {
			t.Fatalf("apply: %d %q", code, out)
		}
		if code, out, _ := gtgRun(t, dsn, "", "scorecard", "apply", v1); code != 5 || out != "" {
			t.Fatalf("applying an older version: %d %q", code, out)
		}
		if code, out, _ := gtgRun(t, dsn, "", "scorecard", "list"); code != 0 || !strings.Contains(out, "default\tversion 2") {
			t.Fatalf("list: %d %q", code, out)
		}
		bad := filepath.Join(dir, "bad.yaml")
		os.WriteFile(bad, []byte("name: x\nversion: 1\nthresholds: {green: 70, yellow: 45}\nmeasures:\n  - key: a\n    kind: metric\n    metric: logins\n    window: 30x\n"), 0o644)
		if code, _, errOut := gtgRun(t, dsn, "", "scorecard", "apply", bad); code != 2 || !strings.Contains(errOut, "bad.yaml:8") {
			t.Fatalf("bad scorecard: %d %q", code, errOut)
		}
	})
}
