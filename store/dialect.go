package store

import (
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/gtg-dev/gtg"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is everything that differs between SQLite and PostgreSQL.
type dialect interface {
	name() string
	goose() goose.Dialect
	rebind(q string) string
	mapErr(err error) error
	// maxParams is how many bind parameters one statement may carry.
	maxParams() int
	// param is a placeholder for a value of the given SQL type (bigint, text, double, bytea, date, timestamp).
	param(sqlType string) string
}

type sqlite struct{}

func (sqlite) name() string           { return "sqlite" }
func (sqlite) goose() goose.Dialect   { return goose.DialectSQLite3 }
func (sqlite) rebind(q string) string { return q }
func (sqlite) maxParams() int         { return 32000 }
func (sqlite) param(string) string    { return "?" }
func (sqlite) mapErr(err error) error {
	var e *msqlite.Error
	if errors.As(err, &e) {
		switch e.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return gtg.Errorf(gtg.ECONFLICT, "already exists (%s)", e.Error())
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return gtg.Errorf(gtg.EINVALID, "refers to a record that does not exist")
		}
	}
	return err
}

type postgres struct{}

func (postgres) name() string         { return "postgres" }
func (postgres) goose() goose.Dialect { return goose.DialectPostgres }
func (postgres) maxParams() int       { return 65000 }

var pgTypes = map[string]string{"double": "double precision", "timestamp": "timestamptz"}

func (postgres) param(t string) string {
	if v, ok := pgTypes[t]; ok {
		t = v
	}
	return "?::" + t
}

var rebound sync.Map // query with ? -> query with $n

// rebind turns ? placeholders into $1, $2, … (none of gtg's queries has a ? in a literal).
func (postgres) rebind(q string) string {
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	out := b.String()
	if len(q) < 4096 {
		rebound.Store(q, out)
	}
	return out
}

func (postgres) mapErr(err error) error {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		switch e.Code {
		case "23505":
			return gtg.Errorf(gtg.ECONFLICT, "already exists (%s)", e.Detail)
		case "23503":
			return gtg.Errorf(gtg.EINVALID, "refers to a record that does not exist")
		}
	}
	return err
}
