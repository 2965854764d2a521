package csvimport

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// load imports a CSV given as a string.
func load(t *testing.T, s *store.Store, kind, file, data string, opts Options) (Result, error) {
	t.Helper()
	return Import(context.Background(), s, kind, strings.NewReader(data), file, opts)
}

// mustLoad imports a CSV given as a string and fails the test on error.
func mustLoad(t *testing.T, s *store.Store, kind, file, data string, opts Options) Result {
	t.Helper()
	res, err := load(t, s, kind, file, data, opts)
	if err != nil {
		t.Fatalf("import %s: %v", file, err)
	}
	return res
}

// loadFile imports a file from testdata.
func loadFile(t *testing.T, s *store.Store, kind, name string, opts Options) Result {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return mustLoad(t, s, kind, name, string(b), opts)
}

// seedAccounts loads accounts A1, A2 and A3 from testdata/accounts.csv.
func seedAccounts(t *testing.T, s *store.Store) {
	t.Helper()
	loadFile(t, s, "accounts", "accounts.csv", Options{})
}

// count returns the number of rows in a table: the proof that a refused
// import wrote nothing.
func count(t *testing.T, s *store.Store, table string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// wantInvalid checks that err is EINVALID with exactly this message.
func wantInvalid(t *testing.T, err error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("import succeeded, want error %q", msg)
	}
	if gtg.ErrorCode(err) != gtg.EINVALID {
		t.Fatalf("error code %q (%v), want invalid", gtg.ErrorCode(err), err)
	}
	if got := gtg.ErrorMessage(err); got != msg {
		t.Fatalf("error message:\n got %s\nwant %s", got, msg)
	}
}

// readCSV parses CSV output, such as a rejects file.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v\n%s", err, b)
	}
	return recs
}

// account reads an account back by its external id.
func account(t *testing.T, s *store.Store, id string) *gtg.Account {
	t.Helper()
	a, err := s.Account(context.Background(), id)
	if err != nil {
		t.Fatalf("account %s: %v", id, err)
	}
	return a
}

func diff(t *testing.T, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}
