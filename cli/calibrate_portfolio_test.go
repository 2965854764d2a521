package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/scorecard"
)

func TestCalibratePortfolio(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		if code, _, errOut := gtgRun(t, dsn, "", "calibrate", "--json"); code != 2 || !strings.Contains(errOut, "no account existed on the dates") {
			t.Fatalf("calibrate on an empty database: %d %q", code, errOut)
		}
		if code, _, errOut := gtgRun(t, dsn, "", "demo", "--accounts", "120", "--seed", "4", "--days", "500"); code != 0 {
			t.Fatalf("demo: %s", errOut)
		}
		dir := t.TempDir()
		out, scores := filepath.Join(dir, "calibrated.yaml"), filepath.Join(dir, "scores.csv")
		def := filepath.Join(dir, "default.yaml")
		os.WriteFile(def, scorecard.DefaultYAML, 0o644)
		code, stdout, errOut := gtgRun(t, dsn, "", "calibrate", "--scorecard", def, "--every", "60d", "--folds", "3", "--json", "--out", out, "--scores-out", scores)
		if code != 0 {
			t.Fatalf("calibrate: %d %q", code, errOut)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("JSON: %v\n%s", err, stdout)
		}
		for _, k := range []string{"auc", "pr_auc", "folds", "rows", "positives", "logreg_auc", "measures"} {
			if _, ok := got[k]; !ok {
				t.Errorf("JSON lacks %q: %v", k, got)
			}
		}
		if got["folds"] != 3.0 || got["rows"].(float64) < 120 {
			t.Errorf("folds %v rows %v", got["folds"], got["rows"])
		}
		yml, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scorecard.Parse(out, yml)
		if err != nil {
			t.Fatalf("the calibrated card does not parse: %v", err)
		}
		// The learned card keeps the default card's measure definitions.
		stored := 0
		for _, m := range sc.Measures {
			if m.Kind == "metric" || m.Kind == "event" || m.Kind == "contacts" {
				stored++
			}
		}
		if stored == 0 {
			t.Errorf("no stored-data measure in the calibrated card:\n%s", yml)
		}
		lines, _ := os.ReadFile(scores)
		if !strings.HasPrefix(string(lines), "id,score,probability,label\n") || strings.Count(string(lines), "\n") < 50 {
			t.Errorf("scores-out:\n%s", lines)
		}
		// The card it wrote can be replayed and applied.
		if code, stdout, errOut := gtgRun(t, dsn, "", "backtest", "--scorecard", out, "--every", "60d", "--json"); code != 0 || !strings.Contains(stdout, `"surprise_churn"`) {
			t.Fatalf("backtest of the calibrated card: %d %q %q", code, stdout, errOut)
		}
		if code, stdout, _ := gtgRun(t, dsn, "", "scorecard", "apply", out); code != 0 || !strings.Contains(stdout, "applied scorecard calibrated version 1") {
			t.Fatalf("apply: %d %q", code, stdout)
		}
	})
}
