package cli_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/scorecard"
)

// TestApplyChangedBuiltin is the regression test for `gtg rules apply`
// accepting a modified copy of the built-in rule file under the same name and
// version: alerts would then name default@1 for two different texts. A
// scorecard had the same hole.
func TestApplyChangedBuiltin(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		rules := string(scorecard.RulesYAML)
		changedRules := strings.Replace(rules, "per_owner_per_week: 12", "per_owner_per_week: 30", 1)
		card := string(scorecard.DefaultYAML)
		changedCard := strings.Replace(card, "green: 70", "green: 75", 1)
		if changedRules == rules || changedCard == card {
			t.Fatal("the test's edits no longer change the built-in files")
		}
		// The built-in rules' version moves as rules are added.
		rv, rnext := strconv.Itoa(scorecard.DefaultRules().Version), strconv.Itoa(scorecard.DefaultRules().Version+1)
		for _, tc := range []struct {
			what, file, text string
			code             int
			out              string
		}{
			{"rules", "rules1.yaml", changedRules, 5, "rule set default version " + rv + " is built in with different content: bump its version"},
			{"scorecard", "card1.yaml", changedCard, 5, "scorecard default version 1 is built in with different content: bump its version"},
			{"rules", "rules.yaml", rules, 0, "applied rule set default version " + rv},
			{"scorecard", "card.yaml", card, 0, "applied scorecard default version 1"},
			{"rules", "rules2.yaml", strings.Replace(changedRules, "version: "+rv, "version: "+rnext, 1), 0, "applied rule set default version " + rnext},
			{"scorecard", "card2.yaml", strings.Replace(changedCard, "version: 1", "version: 2", 1), 0, "applied scorecard default version 2"},
		} {
			code, out, errOut := gtgRun(t, dsn, "", tc.what, "apply", write(tc.file, tc.text))
			if code != tc.code || !strings.Contains(out+errOut, tc.out) {
				t.Errorf("%s apply %s: exit %d %q %q; want %d and %q", tc.what, tc.file, code, out, errOut, tc.code, tc.out)
			}
		}
	})
}
