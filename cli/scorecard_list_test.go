package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/scorecard"
)

// TestScorecardListAfterApply is the regression test for `gtg scorecard
// list` showing only the newest card after a changed card was applied: the
// built-in card of another name went out of force without a word (its
// accounts were no longer scored), and the versions behind the latest
// snapshots were not listed.
func TestScorecardListAfterApply(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		if code, _, errOut := gtgRun(t, dsn, "", "demo", "--accounts", "15", "--seed", "2", "--days", "60"); code != 0 {
			t.Fatalf("demo: %s", errOut)
		}
		if code, _, errOut := gtgRun(t, dsn, "", "score", "--no-alerts"); code != 0 {
			t.Fatalf("score: %s", errOut)
		}
		dir := t.TempDir()
		v2 := filepath.Join(dir, "onboarding.yaml")
		os.WriteFile(v2, []byte(strings.Replace(string(scorecard.OnboardingYAML), "version: 1", "version: 2", 1)), 0o644)
		if code, out, errOut := gtgRun(t, dsn, "", "scorecard", "apply", v2); code != 0 {
			t.Fatalf("apply: %d %q %q", code, out, errOut)
		}
		code, out, _ := gtgRun(t, dsn, "", "scorecard", "list")
		if code != 0 {
			t.Fatalf("list: %d %q", code, out)
		}
		inForce := regexp.MustCompile(`(?m)^default\tversion 1\t.*\tbuilt-in\tscores (\d+) accounts`)
		if !inForce.MatchString(out) || !strings.Contains(out, "onboarding\tversion 2\t") {
			t.Fatalf("list after applying onboarding@2 lacks the built-in default card in force:\n%s", out)
		}
		if m := inForce.FindStringSubmatch(out); m[1] == "0" {
			t.Fatalf("list says the default card scores no account, though it scored the latest snapshots:\n%s", out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "onboarding\tversion 1\t") && !strings.Contains(line, "\tnot in force\t") {
				t.Errorf("onboarding@1 is listed as in force: %q", line)
			}
		}
		// Rescoring keeps scoring the established accounts with the default card.
		if code, _, errOut := gtgRun(t, dsn, "", "score", "--no-alerts"); code != 0 {
			t.Fatalf("rescore: %s", errOut)
		}
		_, out, _ = gtgRun(t, dsn, "", "scorecard", "list")
		if m := inForce.FindStringSubmatch(out); m == nil || m[1] == "0" {
			t.Fatalf("after rescoring the default card scores no account:\n%s", out)
		}
		if strings.Contains(out, "onboarding\tversion 1") {
			t.Errorf("onboarding@1 still listed after every account was rescored:\n%s", out)
		}
	})
}
