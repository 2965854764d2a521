// Package store keeps gtg's data in SQLite (embedded, the default) or
// PostgreSQL (production) behind one API. Queries are written once with ?
// placeholders; what differs between the two lives in dialect.go.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/gtg-dev/gtg"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations
var migrations embed.FS

// Store is a handle on one gtg database.
type Store struct {
	db *sql.DB
	d  dialect
	// Now is the clock; tests and replays set it.
	Now func() time.Time

	mu      sync.Mutex
	metrics map[string]int64 // metric key -> id, filled lazily
}

// DefaultDSN is where gtg keeps its data when no DSN is given.
const DefaultDSN = "./gtg.db"

// Open opens the database named by dsn and applies pending migrations.
// A path or "sqlite:PATH" is SQLite; "postgres://…" or "postgresql://…" is PostgreSQL.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := OpenNoMigrate(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenNoMigrate opens the database without touching its schema.
func OpenNoMigrate(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		dsn = DefaultDSN
	}
	var (
		db  *sql.DB
		d   dialect
		err error
	)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d = postgres{}
		db, err = sql.Open("pgx", dsn)
		if err == nil {
			db.SetMaxOpenConns(8)
		}
	default:
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, gtg.Errorf(gtg.EINVALID, "database: empty SQLite path in %q", dsn)
		}
		d = sqlite{}
		// _txlock=immediate takes the write lock at BEGIN so two writers queue
		// on busy_timeout instead of failing on lock upgrade.
		db, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"+
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_txlock=immediate&_time_format=sqlite")
		if err == nil {
			db.SetMaxOpenConns(4)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, gtg.Errorf(gtg.EINVALID, "database %s does not answer: %v", redact(dsn), err)
	}
	return &Store{db: db, d: d, Now: time.Now, metrics: map[string]int64{}}, nil
}

// redact hides a password in a DSN for messages.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if j := strings.Index(dsn[i+3:], "@"); j >= 0 {
			return dsn[:i+3] + "…" + dsn[i+3+j:]
		}
	}
	return dsn
}

// Migrate applies the embedded migrations for this dialect, each in its own transaction.
func (s *Store) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+s.d.name())
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(s.d.goose(), s.db, sub)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB returns the underlying database for benchmarks and tools.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Tx is a transaction. Every write goes through one, so an import either
// lands whole or not at all.
type Tx struct {
	tx *sql.Tx
	s  *Store
	// newMetrics holds metric keys created in this transaction, published to
	// the store's cache only on commit.
	newMetrics map[string]int64
}

// InTx runs fn in a transaction, committing if it returns nil and rolling back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, s: s, newMetrics: map[string]int64{}}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", s.d.mapErr(err))
	}
	s.mu.Lock()
	for k, v := range tx.newMetrics {
		s.metrics[k] = v
	}
	s.mu.Unlock()
	return nil
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func (s *Store) exec(ctx context.Context, q querier, query string, args ...any) (sql.Result, error) {
	r, err := q.ExecContext(ctx, s.d.rebind(query), args...)
	return r, s.d.mapErr(err)
}

func (s *Store) query(ctx context.Context, q querier, query string, args ...any) (*sql.Rows, error) {
	r, err := q.QueryContext(ctx, s.d.rebind(query), args...)
	return r, s.d.mapErr(err)
}

func (s *Store) queryRow(ctx context.Context, q querier, query string, args ...any) *sql.Row {
	return q.QueryRowContext(ctx, s.d.rebind(query), args...)
}

// notFound turns sql.ErrNoRows into an ENOTFOUND error.
func notFound(err error, what string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return gtg.Errorf(gtg.ENOTFOUND, what, args...)
	}
	return err
}

// now is the clock in UTC at microsecond precision, the finest both databases keep.
func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
