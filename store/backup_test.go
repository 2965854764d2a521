package store_test

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func backupAccounts(from, n int) []*gtg.Account {
	var out []*gtg.Account
	for i := from; i < from+n; i++ {
		out = append(out, &gtg.Account{ExternalID: fmt.Sprintf("B-%05d", i), Name: fmt.Sprintf("Backup %d", i),
			ARR: float64(1000 * i), Owner: "dana@x.io", ContractStart: day("2025-01-01")})
	}
	return out
}

func checksums(t *testing.T, s *store.Store) map[string]store.TableChecksum {
	t.Helper()
	c, err := s.Checksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBackupRestoreSQLite(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(ctx, filepath.Join(dir, "gtg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seedAccounts(t, s, backupAccounts(0, 500)...)

	// A writer keeps adding accounts while the backup runs: the copy is
	// consistent (whole transactions only) whatever it caught.
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1000; !stop.Load(); i += 10 {
			s.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.UpsertAccounts(ctx, "writer", backupAccounts(i, 10))
				return err
			})
		}
	}()
	out := filepath.Join(dir, "backup.db")
	err = s.Backup(ctx, out)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}

	b, err := store.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	want := checksums(t, b)
	b.Close()
	if n := want["accounts"].Rows; n < 500 || n%10 != 0 {
		t.Fatalf("the backup holds %d accounts: want 500 and whole batches of 10", n)
	}

	t.Run("ErrExists", func(t *testing.T) {
		if err := s.Backup(ctx, out); gtg.ErrorCode(err) != gtg.ECONFLICT {
			t.Errorf("backup over an existing file: %v, want a conflict", err)
		}
	})

	// Change the data, then restore: every table is as it was in the backup.
	seedAccounts(t, s, backupAccounts(5000, 7)...)
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM accounts WHERE external_id = 'B-00003'`); err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(checksums(t, s), want) {
		t.Fatal("the changes did not change the checksums")
	}

	t.Run("ErrNotADatabase", func(t *testing.T) {
		bad := filepath.Join(dir, "notes.txt")
		os.WriteFile(bad, []byte("not a database"), 0o644)
		before := checksums(t, s)
		if err := s.Restore(ctx, bad); gtg.ErrorCode(err) != gtg.EINVALID {
			t.Errorf("restore from a text file: %v, want invalid", err)
		}
		if err := s.Restore(ctx, filepath.Join(dir, "missing.db")); gtg.ErrorCode(err) != gtg.EINVALID {
			t.Errorf("restore from a missing file: %v, want invalid", err)
		}
		if diff := cmp.Diff(before, checksums(t, s)); diff != "" {
			t.Errorf("a refused restore changed the database:\n%s", diff)
		}
	})

	if err := s.Restore(ctx, out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, checksums(t, s)); diff != "" {
		t.Errorf("after restore (-backup +restored):\n%s", diff)
	}
	// The restored database works: a write goes through.
	seedAccounts(t, s, backupAccounts(9000, 1)...)
}

func TestBackupPostgres(t *testing.T) {
	s := storetest.OpenPostgres(t)
	if err := s.Backup(ctx, filepath.Join(t.TempDir(), "x.db")); gtg.ErrorCode(err) != gtg.EINVALID {
		t.Errorf("Backup on PostgreSQL: %v, want a pointer to pg_dump", err)
	}
}

// TestPostgresDumpRestore checks the README's PostgreSQL recipe: pg_dump -Fc,
// change data, pg_restore --clean, and every table is back.
func TestPostgresDumpRestore(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("SKIPPING: %s not on PATH", tool)
		}
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seedAccounts(t, s, backupAccounts(0, 200)...)
	want := checksums(t, s)

	// libpq takes no search_path in a URI: pass the schema with -n.
	u, _ := url.Parse(dsn)
	q := u.Query()
	schema := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	dump := filepath.Join(t.TempDir(), "gtg.dump")
	run := func(name string, args ...string) {
		t.Helper()
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	run("pg_dump", "--format=custom", "--schema="+schema, "--file="+dump, u.String())

	seedAccounts(t, s, backupAccounts(500, 5)...)
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM accounts WHERE external_id = 'B-00001'`); err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(checksums(t, s), want) {
		t.Fatal("the changes did not change the checksums")
	}
	run("pg_restore", "--clean", "--if-exists", "--single-transaction", "--schema="+schema, "--dbname="+u.String(), dump)
	if diff := cmp.Diff(want, checksums(t, s)); diff != "" {
		t.Errorf("after pg_restore (-dumped +restored):\n%s", diff)
	}
}
