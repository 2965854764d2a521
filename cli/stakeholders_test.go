package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStakeholderCommands(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		if code, _, errOut := gtgRun(t, dsn, "", "demo", "--accounts", "8", "--seed", "3", "--days", "60"); code != 0 {
			t.Fatalf("demo: %d %q", code, errOut)
		}
		dir := t.TempDir()
		bad := filepath.Join(dir, "bad.yaml")
		os.WriteFile(bad, []byte("name: team\nversion: 1\ndefault:\n  engaged_days: 30\n  targets:\n    champoin: 2\n"), 0o644)
		code, _, errOut := gtgRun(t, dsn, "", "cadence", "validate", bad)
		if code != 2 || !strings.Contains(errOut, bad+`:6: default.targets.champoin: unknown field (did you mean "champion"?)`) {
			t.Fatalf("validate a bad policy: exit %d, %q", code, errOut)
		}
		if code, _, errOut := gtgRun(t, dsn, "", "cadence", "apply", bad); code != 2 {
			t.Fatalf("apply a bad policy: exit %d, %q", code, errOut)
		}
		good := filepath.Join(dir, "good.yaml")
		os.WriteFile(good, []byte("name: team\nversion: 1\ndefault:\n  engaged_days: 30\n  targets:\n    champion: 50\n"), 0o644)
		if code, out, errOut := gtgRun(t, dsn, "", "cadence", "apply", good); code != 0 || !strings.Contains(out, "applied cadence policy team version 1") {
			t.Fatalf("apply: %d %q %q", code, out, errOut)
		}
		if code, out, _ := gtgRun(t, dsn, "", "cadence", "show"); code != 0 || !strings.Contains(out, "champion: 50") {
			t.Fatalf("show: %d %q", code, out)
		}

		code, out, errOut := gtgRun(t, dsn, "", "coverage", "--json")
		if code != 0 {
			t.Fatalf("coverage: %d %q", code, errOut)
		}
		var cov struct {
			Policy   string           `json:"policy"`
			Owners   []map[string]any `json:"owners"`
			Accounts []map[string]any `json:"accounts"`
		}
		if err := json.Unmarshal([]byte(out), &cov); err != nil {
			t.Fatalf("coverage --json: %v\n%s", err, out)
		}
		if cov.Policy != "team@1" || len(cov.Accounts) != 8 || len(cov.Owners) == 0 {
			t.Fatalf("coverage = %s", out)
		}
		for _, k := range []string{"account_id", "roles", "engaged_contacts", "single_threaded", "no_persistent_technical_contact"} {
			if _, ok := cov.Accounts[0][k]; !ok {
				t.Errorf("coverage account JSON lacks %q", k)
			}
		}
		acct := cov.Accounts[0]["account_id"].(string)

		code, out, errOut = gtgRun(t, dsn, "", "stakeholders", acct, "--json")
		if code != 0 {
			t.Fatalf("stakeholders: %d %q", code, errOut)
		}
		var m struct {
			People []map[string]any `json:"stakeholders"`
			Gaps   []map[string]any `json:"cadence_gaps"`
		}
		if err := json.Unmarshal([]byte(out), &m); err != nil || len(m.People) == 0 {
			t.Fatalf("stakeholders --json: %v\n%s", err, out)
		}
		// last_touch and status_changed_on are left out when there is none.
		for _, k := range []string{"email", "role", "seniority", "influence", "sentiment", "days_since_touch", "touches_30d", "touches_90d", "status", "engaged"} {
			if _, ok := m.People[0][k]; !ok {
				t.Errorf("stakeholder JSON lacks %q: %v", k, m.People[0])
			}
		}
		// 50 champion touches a month: every account with a champion falls short.
		if len(m.Gaps) != 1 || m.Gaps[0]["role"] != "champion" || m.Gaps[0]["target"] != 50.0 {
			t.Errorf("gaps = %v", m.Gaps)
		}
		if code, out, _ := gtgRun(t, dsn, "", "cadence", "gaps", "--json"); code != 0 || !strings.Contains(out, `"touches_short"`) {
			t.Fatalf("gaps: %d %q", code, out)
		}
		if code, _, errOut := gtgRun(t, dsn, "", "stakeholders", "NOPE"); code != 4 {
			t.Fatalf("unknown account: exit %d %q", code, errOut)
		}
	})
}
