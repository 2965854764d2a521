package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveCommands(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		run := func(wantCode int, args ...string) string {
			t.Helper()
			code, out, errOut := gtgRun(t, dsn, "correct horse battery\n", args...)
			if code != wantCode {
				t.Fatalf("gtg %s: exit %d (want %d)\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, wantCode, out, errOut)
			}
			return out + errOut
		}
		dir := t.TempDir()
		csv := filepath.Join(dir, "accounts.csv")
		os.WriteFile(csv, []byte("id,name,arr,owner,renewal_date\nACME-1,Acme,48000,kim@x.io,2099-01-01\nBETA-2,Beta,12000,lee@x.io,\n"), 0o644)
		run(0, "import", "accounts", csv)
		for _, u := range [][2]string{{"mo@x.io", "manager"}, {"kim@x.io", "csm"}, {"vi@x.io", "viewer"}} {
			run(0, "users", "create", "--email", u[0], "--role", u[1])
		}

		// The taxonomy: objects with key, stage and label.
		var reasons []map[string]any
		if err := json.Unmarshal([]byte(run(0, "risk", "reasons", "--json")), &reasons); err != nil {
			t.Fatal(err)
		}
		if len(reasons) != 19 || reasons[0]["key"] != "onboarding_speed" || reasons[0]["stage"] != "early" || reasons[0]["label"] == "" {
			t.Fatalf("reasons = %v", reasons[:1])
		}

		if out := run(0, "risk", "set", "ACME-1", "--level", "high", "--reason", "budget_cut", "--reason", "training", "--note", "CFO froze spend", "--as", "kim@x.io"); !strings.Contains(out, "ACME-1 is now high risk (budget_cut, training)") {
			t.Fatalf("risk set: %s", out)
		}
		if out := run(2, "risk", "set", "ACME-1", "--level", "high", "--reason", "nope"); !strings.Contains(out, `reason: "nope" is not in the risk taxonomy`) {
			t.Fatalf("bad reason: %s", out)
		}
		if out := run(2, "risk", "set", "ACME-1", "--level", "severe", "--reason", "training"); !strings.Contains(out, `level: "severe"`) {
			t.Fatalf("bad level: %s", out)
		}
		if out := run(3, "risk", "set", "ACME-1", "--level", "low", "--reason", "training", "--as", "vi@x.io"); !strings.Contains(out, "vi@x.io is a viewer") {
			t.Fatalf("viewer: %s", out)
		}
		run(4, "risk", "set", "NOPE-9", "--level", "low", "--reason", "training")
		if out := run(0, "risk", "show", "ACME-1"); !strings.Contains(out, "high") || !strings.Contains(out, "by kim@x.io") {
			t.Fatalf("risk show: %s", out)
		}

		if out := run(0, "plan", "new", "ACME-1", "--playbook", "crisis_rediscovery", "--target", "2099-06-30"); !strings.Contains(out, "plan 1 for ACME-1 from playbook crisis_rediscovery: 6 tasks") {
			t.Fatalf("plan new: %s", out)
		}
		run(5, "plan", "new", "ACME-1", "--playbook", "crisis_rediscovery")
		run(4, "plan", "new", "ACME-1", "--playbook", "nope")
		if out := run(2, "plan", "new", "BETA-2", "--playbook", "handoff_audit", "--target", "June"); !strings.Contains(out, `--target: bad date "June"`) {
			t.Fatalf("bad target: %s", out)
		}
		var plans []struct {
			ID        int64            `json:"id"`
			AccountID string           `json:"account_id"`
			Playbook  string           `json:"playbook"`
			Status    string           `json:"status"`
			Tasks     []map[string]any `json:"tasks"`
		}
		if err := json.Unmarshal([]byte(run(0, "plan", "list", "--json")), &plans); err != nil {
			t.Fatal(err)
		}
		if len(plans) != 1 || plans[0].AccountID != "ACME-1" || plans[0].Playbook != "crisis_rediscovery" || plans[0].Status != "open" || len(plans[0].Tasks) != 6 {
			t.Fatalf("plan list = %+v", plans)
		}
		taskID := int64(plans[0].Tasks[0]["id"].(float64))
		run(0, "plan", "task", "done", "1", jsonNum(taskID))
		run(3, "plan", "task", "done", "1", jsonNum(taskID), "--as", "vi@x.io")
		if out := run(2, "plan", "show", "first"); !strings.Contains(out, `PLAN_ID: "first" is not a number`) {
			t.Fatalf("bad plan id: %s", out)
		}
		if out := run(0, "plan", "show", "1"); !strings.Contains(out, "tasks (1 done") {
			t.Fatalf("plan show: %s", out)
		}
		run(0, "plan", "objectives", "1", "--set", "Back to green: health >= 70")
		if out := run(2, "plan", "objectives", "1", "--set", "Usage: weekly_active_users >= 40"); !strings.Contains(out, "unknown name weekly_active_users") {
			t.Fatalf("objective on a metric never stored: %s", out)
		}
		run(0, "plan", "evaluate")

		var pbs []map[string]any
		if err := json.Unmarshal([]byte(run(0, "playbooks", "list", "--json")), &pbs); err != nil {
			t.Fatal(err)
		}
		if len(pbs) != 6 {
			t.Fatalf("%d playbooks", len(pbs))
		}
		for _, p := range pbs {
			stats, ok := p["stats"].(map[string]any)
			if p["key"] == "" || p["name"] == "" || !ok {
				t.Fatalf("playbook JSON = %v", p)
			}
			if p["key"] == "crisis_rediscovery" && stats["plans_started"] != 1.0 {
				t.Fatalf("crisis_rediscovery stats = %v", stats)
			}
		}
		yamlOut := run(0, "playbooks", "show", "handoff_audit")
		edited := filepath.Join(dir, "pb.yaml")
		os.WriteFile(edited, []byte(strings.Replace(yamlOut, "name: Handoff audit", "name: Handoff audit v2", 1)), 0o644)
		run(3, "playbooks", "apply", edited, "--as", "kim@x.io")
		run(0, "playbooks", "apply", edited, "--as", "mo@x.io")
		if out := run(0, "playbooks", "list"); !strings.Contains(out, "Handoff audit v2") {
			t.Fatalf("edited playbook not listed: %s", out)
		}

		standup := func(args ...string) map[string]any {
			var su map[string]any
			if err := json.Unmarshal([]byte(run(0, append([]string{"standup", "--json"}, args...)...)), &su); err != nil {
				t.Fatal(err)
			}
			return su
		}
		su := standup()
		if high := su["became_high_risk"].([]any); len(high) != 1 || high[0].(map[string]any)["account_id"] != "ACME-1" {
			t.Fatalf("standup became high risk = %v", su["became_high_risk"])
		}
		if arr := su["arr_by_risk"].(map[string]any); arr["high"] != 48000.0 || arr["none"] != 12000.0 {
			t.Fatalf("ARR by risk = %v", arr)
		}
		run(2, "standup", "--since", "yesterday")
		run(3, "standup", "review", "--as", "kim@x.io")
		run(0, "standup", "review", "--as", "mo@x.io")
		if su := standup(); len(su["became_high_risk"].([]any)) != 0 || su["last_review"] == nil {
			t.Fatalf("standup after review = %v", su)
		}

		var q struct {
			Formula string           `json:"formula"`
			Items   []map[string]any `json:"items"`
		}
		if err := json.Unmarshal([]byte(run(0, "queue", "--json")), &q); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(q.Formula, "priority = ARR at risk") || len(q.Items) != 1 || q.Items[0]["account_id"] != "ACME-1" {
			t.Fatalf("queue = %+v", q)
		}
		run(3, "queue", "let-churn", "ACME-1", "--reason", "not ICP", "--as", "kim@x.io")
		run(0, "queue", "let-churn", "ACME-1", "--reason", "not ICP", "--as", "mo@x.io")
		q.Items = nil
		if err := json.Unmarshal([]byte(run(0, "queue", "--json")), &q); err != nil || len(q.Items) != 0 {
			t.Fatalf("queue after let it churn: %+v %v", q.Items, err)
		}
		if out := run(0, "queue", "churn-report"); !strings.Contains(out, "ACME-1") || !strings.Contains(out, "not ICP") {
			t.Fatalf("churn report: %s", out)
		}

		if out := run(0, "handoff", "add", "BETA-2", "--kind", "ae_to_am", "--bought", "Growth", "--risks", "champion leaving"); !strings.Contains(out, "25% complete") {
			t.Fatalf("handoff add: %s", out)
		}
		run(2, "handoff", "add", "BETA-2", "--kind", "lunch")
		if out := run(0, "rediscovery", "add", "BETA-2", "--decision-maker", "Pat", "--answer", "business_goals=Survive", "--changed", "business_goals",
			"--level", "medium", "--reason", "goals_changed"); !strings.Contains(out, "(decision maker present: true, changed: business_goals); risk set to medium") {
			t.Fatalf("rediscovery add: %s", out)
		}
		if out := run(0, "plan", "close", "1", "--outcome", "renewed", "--lesson", "exec call"); !strings.Contains(out, "closed: renewed") {
			t.Fatalf("plan close: %s", out)
		}
		run(5, "plan", "task", "done", "1", jsonNum(taskID))
	})
}

func jsonNum(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
