package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
	msqlite "modernc.org/sqlite"
)

// sqliteBackuper is what modernc.org/sqlite's connection offers for the
// SQLite online backup API.
type sqliteBackuper interface {
	NewBackup(dstURI string) (*msqlite.Backup, error)
	NewRestore(srcURI string) (*msqlite.Backup, error)
}

// errPostgresBackup says where PostgreSQL backups come from.
var errPostgresBackup = gtg.Errorf(gtg.EINVALID, "backup: a PostgreSQL database is backed up with pg_dump and restored with pg_restore (see the README)")

// Backup writes a consistent copy of a SQLite database to path while others
// keep reading and writing it: the online backup API copies every page in
// one step under a read transaction, which WAL mode lets writers run beside.
// path must not exist. The copy is written beside path and renamed into
// place, so a failed backup leaves no half-written file.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.d.name() != "sqlite" {
		return errPostgresBackup
	}
	if _, err := os.Stat(path); err == nil {
		return gtg.Errorf(gtg.ECONFLICT, "backup: %s already exists", path)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".partial")
	os.Remove(tmp)
	defer os.Remove(tmp)
	if err := s.withBackuper(ctx, func(b sqliteBackuper) error {
		bk, err := b.NewBackup(tmp)
		if err != nil {
			return err
		}
		return runBackup(bk)
	}); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := checkSQLiteFile(ctx, tmp); err != nil {
		return fmt.Errorf("backup to %s: the copy does not check out: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Restore replaces every page of this SQLite database with those of the
// backup at path, after checking that path is a sound gtg database, then
// applies any migrations the backup predates. Other connections wait on the
// database's lock meanwhile and then see the restored data whole.
func (s *Store) Restore(ctx context.Context, path string) error {
	if s.d.name() != "sqlite" {
		return errPostgresBackup
	}
	if err := checkSQLiteFile(ctx, path); err != nil {
		return fmt.Errorf("restore from %s: %w", path, err)
	}
	if err := s.withBackuper(ctx, func(b sqliteBackuper) error {
		bk, err := b.NewRestore(path)
		if err != nil {
			return err
		}
		return runBackup(bk)
	}); err != nil {
		return fmt.Errorf("restore from %s: %w", path, err)
	}
	return s.Migrate(ctx)
}

func runBackup(bk *msqlite.Backup) error {
	for {
		more, err := bk.Step(-1)
		if err != nil {
			bk.Finish()
			return err
		}
		if !more {
			return bk.Finish()
		}
	}
}

func (s *Store) withBackuper(ctx context.Context, fn func(sqliteBackuper) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		b, ok := dc.(sqliteBackuper)
		if !ok {
			return fmt.Errorf("the SQLite driver %T has no backup API", dc)
		}
		return fn(b)
	})
}

// checkSQLiteFile opens path read-only and checks that it is an intact
// SQLite database holding a gtg schema no newer than this build's.
func checkSQLiteFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return gtg.Errorf(gtg.EINVALID, "%s: %v", path, errors.Unwrap(err))
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil {
		return gtg.Errorf(gtg.EINVALID, "%s is not a SQLite database: %v", path, err)
	}
	if ok != "ok" {
		return gtg.Errorf(gtg.EINVALID, "%s fails SQLite's integrity check: %s", path, ok)
	}
	var version int64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version_id) FROM goose_db_version WHERE is_applied`).Scan(&version); err != nil {
		return gtg.Errorf(gtg.EINVALID, "%s is not a gtg database (no migration history): %v", path, err)
	}
	latest, err := latestMigration("sqlite")
	if err != nil {
		return err
	}
	if version > latest {
		return gtg.Errorf(gtg.EINVALID, "%s is at schema version %d, newer than this gtg's %d: restore it with a newer gtg", path, version, latest)
	}
	return nil
}

// latestMigration is the highest migration number embedded for a dialect.
func latestMigration(dialect string) (int64, error) {
	entries, err := migrations.ReadDir("migrations/" + dialect)
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, e := range entries {
		var n int64
		if _, err := fmt.Sscanf(e.Name(), "%d_", &n); err == nil {
			latest = max(latest, n)
		}
	}
	return latest, nil
}

// TableChecksum is a table's row count and a digest of its rows (in no
// particular order), for comparing two copies of a database.
type TableChecksum struct {
	Rows   int
	Digest string
}

// Checksums returns every table's row count and digest, by table name.
func (s *Store) Checksums(ctx context.Context) (map[string]TableChecksum, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if s.d.name() == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]TableChecksum, len(tables))
	for _, t := range tables {
		c, err := s.tableChecksum(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("checksum %s: %w", t, err)
		}
		out[t] = c
	}
	return out, nil
}

func (s *Store) tableChecksum(ctx context.Context, table string) (TableChecksum, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT * FROM `+quoteIdent(table))
	if err != nil {
		return TableChecksum{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return TableChecksum{}, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var lines []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableChecksum{}, err
		}
		var b strings.Builder
		for _, v := range vals {
			if x, ok := v.([]byte); ok {
				v = hex.EncodeToString(x)
			}
			fmt.Fprintf(&b, "%v\x1f", v)
		}
		lines = append(lines, b.String())
	}
	if err := rows.Err(); err != nil {
		return TableChecksum{}, err
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return TableChecksum{Rows: len(lines), Digest: hex.EncodeToString(h.Sum(nil))}, nil
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
