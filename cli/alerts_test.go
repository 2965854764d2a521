package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"

	"github.com/gtg-dev/gtg/scorecard"
)

func TestAlertsRulesAndExplain(t *testing.T) {
	today := gtg.DayOf(time.Now())
	from, to := (today - 54).String(), today.String()
	eachDB(t, func(t *testing.T, dsn string) {
		if code, _, errOut := gtgRun(t, dsn, "", "demo", "--accounts", "40", "--seed", "3", "--days", "200"); code != 0 {
			t.Fatalf("demo: %s", errOut)
		}
		code, out, errOut := gtgRun(t, dsn, "", "score", "--from", from, "--to", to)
		if code != 0 || !strings.Contains(out, "alerts on "+to+": 40 accounts checked") {
			t.Fatalf("score: %d %q %q", code, out, errOut)
		}
		code, out, _ = gtgRun(t, dsn, "", "alerts", "list", "--all", "--json")
		var all []map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &all) != nil || len(all) == 0 {
			t.Fatalf("alerts list --all: %d %s", code, out)
		}
		for _, k := range []string{"id", "account_id", "rule", "severity", "title", "evidence", "status", "held", "owner", "opened_on"} {
			if _, ok := all[0][k]; !ok {
				t.Fatalf("alert JSON lacks %q: %v", k, all[0])
			}
		}
		// Scoring the same day again opens nothing new.
		if code, out, _ := gtgRun(t, dsn, "", "alerts", "run", "--as-of", to); code != 0 || !strings.Contains(out, " 0 new") {
			t.Fatalf("alerts run: %d %q", code, out)
		}
		code, out, _ = gtgRun(t, dsn, "", "alerts", "list", "--all", "--json")
		var again []map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &again) != nil || len(again) != len(all) {
			t.Fatalf("rerun changed the alert count: %d → %d", len(all), len(again))
		}
		id := strconv.Itoa(int(all[0]["id"].(float64)))
		if code, out, _ := gtgRun(t, dsn, "", "alerts", "snooze", id, "--until", "2099-01-01"); code != 0 || !strings.Contains(out, "is now snoozed") {
			t.Fatalf("snooze: %d %q", code, out)
		}
		if code, _, errOut := gtgRun(t, dsn, "", "alerts", "snooze", id); code != 2 || !strings.Contains(errOut, "until: a snooze needs the date it ends") {
			t.Fatalf("snooze without --until: %d %q", code, errOut)
		}
		if code, _, errOut := gtgRun(t, dsn, "", "alerts", "resolve", id, "--as", "nobody@x.test"); code != 2 || !strings.Contains(errOut, `no user "nobody@x.test"`) {
			t.Fatalf("unknown --as: %d %q", code, errOut)
		}

		if code, out, _ := gtgRun(t, dsn, "", "webhooks", "add", "slack", "https://hooks.example.com/T1", "--min-severity", "high"); code != 0 || !strings.Contains(out, "high alerts and above") {
			t.Fatalf("webhooks add: %d %q", code, out)
		}
		if code, _, errOut := gtgRun(t, dsn, "", "webhooks", "add", "bad", "not a url"); code != 2 || !strings.Contains(errOut, "is not an http(s) URL") {
			t.Fatalf("webhooks add bad url: %d %q", code, errOut)
		}
		if code, out, _ := gtgRun(t, dsn, "", "webhooks", "list"); code != 0 || !strings.Contains(out, "https://hooks.example.com/T1") {
			t.Fatalf("webhooks list: %d %q", code, out)
		}

		// A bad rule file is refused with its line; nothing is applied.
		dir := t.TempDir()
		bad := filepath.Join(dir, "bad.yaml")
		os.WriteFile(bad, []byte("name: mine\nversion: 1\nrules:\n  - key: r\n    severity: high\n    when: tickets > 1\n"), 0o644)
		if code, _, errOut := gtgRun(t, dsn, "", "rules", "apply", bad); code != 2 || !strings.Contains(errOut, "bad.yaml:6: rules.r.when: does not type-check") {
			t.Fatalf("bad rules: %d %q", code, errOut)
		}
		good := filepath.Join(dir, "good.yaml")
		os.WriteFile(good, []byte(strings.Replace(string(scorecard.RulesYAML), "name: default", "name: mine", 1)), 0o644)
		ver := strconv.Itoa(scorecard.DefaultRules().Version) // the copy keeps the built-in version
		if code, out, _ := gtgRun(t, dsn, "", "rules", "apply", good); code != 0 || !strings.Contains(out, "applied rule set mine version "+ver) {
			t.Fatalf("apply rules: %d %q", code, out)
		}
		if code, out, _ := gtgRun(t, dsn, "", "rules", "list"); code != 0 || !strings.Contains(out, "mine@"+ver) || strings.Contains(out, "default@") {
			t.Fatalf("rules list: %d %q", code, out)
		}

		// Why did the health change? One line per measure, with points.
		acct := all[0]["account_id"].(string)
		code, out, errOut = gtgRun(t, dsn, "", "explain", acct, "--since", from, "--as-of", to, "--json")
		var ex struct {
			From, To string
			Reasons  []struct {
				Points float64
				Text   string
			}
		}
		if code != 0 || json.Unmarshal([]byte(out), &ex) != nil || ex.From != from || ex.To != to {
			t.Fatalf("explain: %d %q %q", code, out, errOut)
		}
		for _, r := range ex.Reasons {
			if !strings.Contains(r.Text, "point") {
				t.Errorf("reason without points: %q", r.Text)
			}
		}
		if code, _, errOut := gtgRun(t, dsn, "", "explain", acct, "--since", "2020-01-01", "--as-of", "2020-02-01"); code != 4 || !strings.Contains(errOut, "0 health snapshots") {
			t.Fatalf("explain without history: %d %q", code, errOut)
		}
	})
}
