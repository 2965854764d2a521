package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/store"
)

func TestOffersCommands(t *testing.T) {
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
		os.WriteFile(csv, []byte("id,name,arr,owner,segment\nACME-1,Acme,100000,kim@x.io,smb\n"), 0o644)
		run(0, "import", "accounts", csv)
		for _, u := range [][2]string{{"mo@x.io", "manager"}, {"kim@x.io", "csm"}} {
			run(0, "users", "create", "--email", u[0], "--role", u[1])
		}
		list := func() []map[string]any {
			t.Helper()
			var os []map[string]any
			if err := json.Unmarshal([]byte(run(0, "offers", "list", "--json")), &os); err != nil {
				t.Fatal(err)
			}
			return os
		}

		// Skipping a rung without a reason is refused, naming the rung, and nothing is written.
		out := run(2, "offers", "propose", "ACME-1", "--rung", "discount", "--terms", "percent=25,until=2099-03-01",
			"--skip", "expand=no budget for more seats", "--as", "kim@x.io")
		if !strings.Contains(out, "skip.reduce: a discount offer skips the reduce rung") {
			t.Fatalf("missing reason: %s", out)
		}
		if os := list(); len(os) != 0 {
			t.Fatalf("a refused proposal wrote %v", os)
		}
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		es, err := st.AuditLog(context.Background(), "offer", "", 10)
		st.Close()
		if err != nil || len(es) != 0 {
			t.Fatalf("a refused proposal was audited: %v %v", es, err)
		}
		if out := run(2, "offers", "propose", "ACME-1", "--rung", "discount", "--terms", "percent=25", "--skip", "expand"); !strings.Contains(out, `--skip: "expand" is not RUNG=REASON`) {
			t.Fatalf("bad --skip: %s", out)
		}

		// With reasons: over the 20% guardrail, so it waits for approval.
		out = run(0, "offers", "propose", "ACME-1", "--rung", "discount", "--terms", "percent=25,until=2099-03-01",
			"--skip", "expand=no budget for more seats", "--skip", "reduce=every seat in use", "--as", "kim@x.io")
		if !strings.Contains(out, "offer 1 for ACME-1: discount") || !strings.Contains(out, "waits for approval: a 25% discount is over 20%") {
			t.Fatalf("propose: %s", out)
		}
		if out := run(5, "offers", "accept", "1", "--as", "kim@x.io"); !strings.Contains(out, "waits for approval") {
			t.Fatalf("accept before approval: %s", out)
		}
		if out := run(3, "offers", "approve", "1", "--as", "kim@x.io"); !strings.Contains(out, "needs the manager role") {
			t.Fatalf("csm approves: %s", out)
		}
		if out := run(0, "standup"); !strings.Contains(out, "offers waiting for approval (1)") || !strings.Contains(out, "offer 1 ACME-1 Acme  25% off until 2099-03-01") {
			t.Fatalf("standup: %s", out)
		}
		run(0, "offers", "approve", "1", "--note", "ok for this quarter", "--as", "mo@x.io")
		out = run(0, "offers", "accept", "1", "--as", "kim@x.io")
		if !strings.Contains(out, "outcome contracted recorded: ARR 100,000 → 75,000") || !strings.Contains(out, "due 2099-03-01 for kim@x.io: Reinstate full price") {
			t.Fatalf("accept: %s", out)
		}
		os := list()
		if len(os) != 1 || os[0]["status"] != "accepted" || os[0]["approver"] != "mo@x.io" || os[0]["proposer"] != "kim@x.io" ||
			os[0]["arr_before"] != 100000.0 || os[0]["arr_after"] != 75000.0 || os[0]["rung"] != "discount" {
			t.Fatalf("offers list --json = %v", os)
		}
		if out := run(0, "offers", "followups", "list", "--owner", "kim@x.io"); !strings.Contains(out, "2099-03-01") {
			t.Fatalf("follow-ups: %s", out)
		}
		if out := run(0, "offers", "report"); !strings.Contains(out, "defended 75,000 of 100,000 ARR") {
			t.Fatalf("report: %s", out)
		}

		// The policy: validated with file:line: field errors, applied by an admin.
		bad := filepath.Join(dir, "bad.yaml")
		os2 := "name: strict\nversion: 1\nguardrails:\n  discount:\n    max_percent: 120%\n"
		if err := writeFile(bad, os2); err != nil {
			t.Fatal(err)
		}
		if out := run(2, "offers", "policy", "validate", bad); !strings.Contains(out, bad+":5: guardrails.discount.max_percent:") {
			t.Fatalf("policy validate: %s", out)
		}
		good := filepath.Join(dir, "good.yaml")
		if err := writeFile(good, "name: strict\nversion: 1\nguardrails:\n  always_approve: [expand]\n"); err != nil {
			t.Fatal(err)
		}
		run(0, "offers", "policy", "validate", good)
		if out := run(3, "offers", "policy", "apply", good, "--as", "mo@x.io"); !strings.Contains(out, "needs the admin role") {
			t.Fatalf("manager applies: %s", out)
		}
		if out := run(0, "offers", "policy", "apply", good); !strings.Contains(out, "applied offer policy strict version 1") {
			t.Fatalf("apply: %s", out)
		}
		if out := run(0, "offers", "policy", "show"); !strings.Contains(out, "always_approve: [expand]") {
			t.Fatalf("show: %s", out)
		}
	})
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }
