package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/cli"
	"github.com/gtg-dev/gtg/store/storetest"
)

// gtgRun runs the gtg command line in-process and returns its exit code and output.
func gtgRun(t *testing.T, dsn, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "GTG_DB" {
			return dsn
		}
		return ""
	}
	code := cli.Main(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// eachDB runs fn with a SQLite DSN and, when configured, a PostgreSQL one.
func eachDB(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "gtg.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.PostgresDSN(t)) })
}

func TestCommands(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		if code, out, errOut := gtgRun(t, dsn, "", "migrate"); code != 0 || !strings.Contains(out, "up to date") {
			t.Fatalf("migrate: %d %q %q", code, out, errOut)
		}
		code, _, errOut := gtgRun(t, dsn, "", "demo", "--accounts", "12", "--seed", "7", "--days", "60")
		if code != 0 || !strings.Contains(errOut, "12 accounts") {
			t.Fatalf("demo: %d %q", code, errOut)
		}
		code, out, errOut := gtgRun(t, dsn, "", "accounts", "list", "--json")
		if code != 0 {
			t.Fatalf("accounts list: %d %q", code, errOut)
		}
		var list []map[string]any
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatalf("accounts list --json is not a JSON array: %v\n%s", err, out)
		}
		if len(list) != 12 {
			t.Fatalf("%d accounts, want 12", len(list))
		}
		for _, k := range []string{"id", "name", "arr", "owner", "renewal_date", "segment", "stage"} {
			if _, ok := list[0][k]; !ok {
				t.Errorf("account JSON lacks %q: %v", k, list[0])
			}
		}

		// Import a file of our own, then list it back.
		csv := filepath.Join(t.TempDir(), "accounts.csv")
		os.WriteFile(csv, []byte("id,name,arr,owner\nX-1,Example One,1200,kim@x.io\n"), 0o644)
		if code, out, errOut := gtgRun(t, dsn, "", "import", "accounts", csv); code != 0 || !strings.Contains(out, "1 records created or changed") {
			t.Fatalf("import: %d %q %q", code, out, errOut)
		}
		if code, out, _ := gtgRun(t, dsn, "", "import", "accounts", csv); code != 0 || !strings.Contains(out, "0 records created or changed") {
			t.Fatalf("re-import: %d %q", code, out)
		}
		code, out, _ = gtgRun(t, dsn, "", "accounts", "list", "--json", "--owner", "kim@x.io")
		if code != 0 || !strings.Contains(out, `"id": "X-1"`) || !strings.Contains(out, `"arr": 1200`) {
			t.Fatalf("filtered list: %d %s", code, out)
		}

		// Users: password from stdin; errors exit non-zero with a clear message.
		if code, out, errOut := gtgRun(t, dsn, "correct horse battery\n", "users", "create", "--email", "Ann@x.io", "--role", "manager"); code != 0 || !strings.Contains(out, "manager user ann@x.io") {
			t.Fatalf("users create: %d %q %q", code, out, errOut)
		}
		if code, _, errOut := gtgRun(t, dsn, "correct horse battery\n", "users", "create", "--email", "ann@x.io", "--role", "csm"); code != gtg.ExitCode(gtg.Errorf(gtg.ECONFLICT, "")) || !strings.Contains(errOut, "already exists") {
			t.Fatalf("duplicate user: %d %q", code, errOut)
		}
		if code, _, errOut := gtgRun(t, dsn, "short\n", "users", "create", "--email", "bo@x.io", "--role", "csm"); code != 2 || !strings.Contains(errOut, "at least 10") {
			t.Fatalf("short password: %d %q", code, errOut)
		}
		if code, out, errOut := gtgRun(t, dsn, "", "tokens", "create", "--email", "ann@x.io"); code != 0 || !strings.HasPrefix(out, "gtg_") {
			t.Fatalf("tokens create: %d %q %q", code, out, errOut)
		}
		if code, _, errOut := gtgRun(t, dsn, "", "tokens", "create", "--email", "ann@x.io", "--scope", "root"); code != 2 || !strings.Contains(errOut, "scope") {
			t.Errorf("tokens create --scope root: %d %q", code, errOut)
		}
		code, out, errOut = gtgRun(t, dsn, "", "tokens", "list", "--json")
		var toks []gtg.APIToken
		if err := json.Unmarshal([]byte(out), &toks); code != 0 || err != nil || len(toks) != 1 || toks[0].Scope != "write" || toks[0].ExpiresAt.IsZero() || toks[0].UserEmail != "ann@x.io" {
			t.Fatalf("tokens list --json: %d %v %s %s", code, err, out, errOut)
		}
		if code, out, errOut := gtgRun(t, dsn, "", "tokens", "revoke", strconv.FormatInt(toks[0].ID, 10)); code != 0 || !strings.Contains(out, "revoked") {
			t.Fatalf("tokens revoke: %d %q %q", code, out, errOut)
		}
		if code, out, _ := gtgRun(t, dsn, "", "tokens", "list"); code != 0 || !strings.Contains(out, "revoked") {
			t.Errorf("tokens list after revoke: %d\n%s", code, out)
		}
	})
}

func TestCommandErrors(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "gtg.db")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"ErrUnknownKind", []string{"import", "widgets", "x.csv"}, 2, `unknown kind "widgets"`},
		{"ErrMissingFile", []string{"import", "accounts", "/nonexistent/a.csv"}, 2, "cannot open /nonexistent/a.csv"},
		{"ErrPartialNeedsRejects", []string{"import", "accounts", "a.csv", "--partial"}, 2, "--partial needs --rejects"},
		{"ErrBadRole", []string{"users", "create", "--email", "a@x.io", "--role", "boss"}, 2, `role: "boss"`},
		{"ErrDemoTooBig", []string{"demo", "--accounts", "200000"}, 2, "--accounts must be from 1 to 100000"},
		{"ErrUnknownFlag", []string{"accounts", "list", "--jsn"}, 2, "unknown flag: --jsn"},
		{"ErrBadSort", []string{"accounts", "list", "--sort", "mood"}, 2, `sort: "mood"`},
		{"ErrUnknownUser", []string{"tokens", "create", "--email", "ghost@x.io"}, 4, "no user with email ghost@x.io"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := gtgRun(t, dsn, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.msg) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errOut, tc.code, tc.msg)
			}
		})
	}
}

func TestServe(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "gtg.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int)
	go func() {
		done <- cli.Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--demo"}, func(k string) string {
			if k == "GTG_DB" {
				return dsn
			}
			return ""
		}, strings.NewReader(""), &out, &errOut)
	}()
	deadline := time.Now().Add(60 * time.Second)
	var addr string
	for time.Now().Before(deadline) && addr == "" {
		if s := errOut.String(); strings.Contains(s, "serving http://") {
			addr = strings.Fields(s[strings.Index(s, "http://"):])[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("serve did not start: %s", errOut.String())
	}
	resp, err := httpGet(addr + "/healthz")
	if err != nil || resp != 200 {
		t.Fatalf("healthz: %d %v", resp, err)
	}
	if !strings.Contains(errOut.String(), "demo portfolio: 500 accounts") {
		t.Fatalf("serve --demo did not load the demo: %s", errOut.String())
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, errOut.String())
	}
}
