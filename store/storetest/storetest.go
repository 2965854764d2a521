// Package storetest runs tests against every database gtg supports: a fresh
// SQLite file always, and a fresh PostgreSQL schema when GTG_TEST_POSTGRES
// names a server (for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable).
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gtg-dev/gtg/store"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create schemas
)

// Each runs fn as a subtest once per database: "sqlite", then "postgres".
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t)) })
}

// OpenSQLite returns a migrated store on a new SQLite file, closed at cleanup.
func OpenSQLite(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "gtg.db"))
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

var schemaSeq atomic.Int64

// PostgresDSN returns the DSN of a fresh, empty schema on the server named by
// GTG_TEST_POSTGRES, dropped at cleanup. It skips the test, saying SKIPPING,
// when the variable is unset.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("GTG_TEST_POSTGRES")
	if base == "" {
		tb.Skip("SKIPPING PostgreSQL test: set GTG_TEST_POSTGRES=postgres://… to run it")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("GTG_TEST_POSTGRES: %v", err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("gtg_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("GTG_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgres returns a migrated store on a fresh PostgreSQL schema.
func OpenPostgres(tb testing.TB) *store.Store {
	tb.Helper()
	dsn := PostgresDSN(tb)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open postgres %s: %v", strings.Split(dsn, "?")[0], err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
