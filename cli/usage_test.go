package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestUsageErrors is the regression test for a command given the wrong
// arguments (`gtg rediscovery list` without an account) and an unknown
// command logging "internal error" and exiting 1: both are the user's
// mistake, told with the usage and exit code 2.
func TestUsageErrors(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "gtg.db")
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"ErrMissingArg", []string{"rediscovery", "list"}, "usage: gtg rediscovery list ACCOUNT_ID"},
		{"ErrExtraArg", []string{"score", "today"}, "usage: gtg score"},
		{"ErrTooManyArgs", []string{"plan", "show", "1", "2"}, "usage: gtg plan show"},
		{"ErrUnknownCommand", []string{"nosuchcommand"}, `unknown command "nosuchcommand" for "gtg"`},
		{"ErrUnknownSubcommand", []string{"plan", "nosuchcommand"}, `unknown command "nosuchcommand" for "gtg plan"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := gtgRun(t, dsn, "", tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.msg) || strings.Contains(errOut, "internal error") || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out, errOut, tc.msg)
			}
		})
	}
	// A group without a subcommand still prints its help.
	if code, out, _ := gtgRun(t, dsn, "", "plan"); code != 0 || !strings.Contains(out, "Available Commands") {
		t.Fatalf("gtg plan: exit %d %q", code, out)
	}
}
