package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// meta reads what an earlier run recorded in scorebench_meta (the demo and
// points it loaded), so -reuse can skip loading them again.
func meta(ctx context.Context, db *sql.DB, pg bool, k string) (string, error) {
	var v string
	err := db.QueryRowContext(ctx, rebind(pg, `SELECT v FROM scorebench_meta WHERE k = ?`), k).Scan(&v)
	return v, err
}

// setMeta records k; "" marks a load in progress.
func setMeta(ctx context.Context, db *sql.DB, pg bool, k, v string) error {
	_, err := db.ExecContext(ctx, rebind(pg, `INSERT INTO scorebench_meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`), k, v)
	return err
}

// rebind turns ? into $1, $2, … for PostgreSQL.
func rebind(pg bool, q string) string {
	if !pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pgSchema returns a DSN using schema in the database base names, creating
// the database when it does not exist, and the schema afresh when fresh.
func pgSchema(ctx context.Context, base, schema string, fresh bool) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "3D000" { // invalid_catalog_name
			return "", err
		}
		name := strings.TrimPrefix(u.Path, "/")
		admin := *u
		admin.Path = "/postgres"
		adb, err := sql.Open("pgx", admin.String())
		if err != nil {
			return "", err
		}
		_, err = adb.ExecContext(ctx, `CREATE DATABASE "`+strings.ReplaceAll(name, `"`, `""`)+`"`)
		adb.Close()
		if err != nil {
			return "", fmt.Errorf("create database %s: %w", name, err)
		}
	}
	if fresh {
		if _, err := db.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`); err != nil {
			return "", err
		}
	}
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+schema); err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}
