package cli_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg/store"
)

func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "gtg.db")
	if code, _, errOut := gtgRun(t, db, "", "demo", "--accounts", "20", "--seed", "3", "--days", "40"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	sums := func() map[string]store.TableChecksum {
		t.Helper()
		s, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		c, err := s.Checksums(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	want := sums()
	out := filepath.Join(dir, "backup.db")
	if code, stdout, errOut := gtgRun(t, db, "", "backup", "--out", out); code != 0 || !strings.Contains(stdout, "20 accounts") {
		t.Fatalf("backup: %d %s %s", code, stdout, errOut)
	}
	if code, _, errOut := gtgRun(t, db, "", "backup"); code != 2 || !strings.Contains(errOut, "--out") {
		t.Errorf("backup without --out: %d %s", code, errOut)
	}
	// Change the database (more demo accounts), then restore.
	if code, _, errOut := gtgRun(t, db, "", "demo", "--accounts", "25", "--seed", "4", "--days", "40"); code != 0 {
		t.Fatalf("demo again: %d %s", code, errOut)
	}
	if cmp.Equal(want, sums()) {
		t.Fatal("the second demo changed nothing: the restore would prove nothing")
	}
	if code, _, errOut := gtgRun(t, db, "", "restore", out); code != 5 || !strings.Contains(errOut, "--yes") {
		t.Errorf("restore over data without --yes: %d %s", code, errOut)
	}
	if code, stdout, errOut := gtgRun(t, db, "", "restore", out, "--yes"); code != 0 || !strings.Contains(stdout, "20 accounts") {
		t.Fatalf("restore: %d %s %s", code, stdout, errOut)
	}
	if diff := cmp.Diff(want, sums()); diff != "" {
		t.Errorf("every table's rows after backup, change and restore (-before +after):\n%s", diff)
	}
}
