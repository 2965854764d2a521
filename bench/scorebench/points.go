package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// point is one row of the baseline's long-form table.
type point struct {
	account, metric int64
	day             int32
	value           float64
}

// fillPoints writes every metric value the card reads in [from, to] into
// bench_points, read back through gtg's own store API: the baseline sees
// exactly the data gtg scores. This is setup, not timed.
func fillPoints(ctx context.Context, st *store.Store, metrics []string, from, to gtg.Day, log io.Writer) (int, error) {
	db := st.DB()
	pg := st.Dialect() == "postgres"
	for _, q := range []string{`DROP TABLE IF EXISTS bench_points`, pointsDDL(pg)} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("create bench_points: %w", err)
		}
	}
	ids := map[string]int64{}
	rows, err := db.QueryContext(ctx, `SELECT id, key FROM metric_keys`)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return 0, err
		}
		ids[k] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	total, err := st.CountAccounts(ctx)
	if err != nil {
		return 0, err
	}

	var w pointWriter
	if pg {
		w = &pgPoints{db: db}
	} else {
		w = &sqlitePoints{db: db}
	}
	start := time.Now()
	var buf []point
	n, accts, lastLog := 0, 0, time.Now()
	err = st.ScanScoringInputs(ctx, store.ScanQuery{Metrics: metrics, From: from, To: to}, func(in *store.ScoringInput) error {
		for _, k := range metrics {
			ser := in.Series[k]
			for i, v := range ser.Values {
				if !math.IsNaN(v) {
					buf = append(buf, point{in.Account.ID, ids[k], int32(ser.From) + int32(i), v})
				}
			}
		}
		accts++
		if len(buf) >= 1_000_000 {
			n += len(buf)
			if err := w.write(ctx, buf); err != nil {
				return err
			}
			buf = buf[:0]
			if time.Since(lastLog) > 10*time.Second {
				fmt.Fprintf(log, "  bench_points: %d of %d accounts, %d rows, %s\n", accts, total, n, time.Since(start).Round(time.Second))
				lastLog = time.Now()
			}
		}
		return nil
	})
	if err == nil && len(buf) > 0 {
		n += len(buf)
		err = w.write(ctx, buf)
	}
	if err != nil {
		return n, fmt.Errorf("fill bench_points: %w", err)
	}
	fmt.Fprintf(log, "  bench_points: %d rows in %s; indexing and analysing\n", n, time.Since(start).Round(time.Second))
	if pg {
		for _, q := range []string{`ALTER TABLE bench_points ADD PRIMARY KEY (account_id, metric_id, day)`, `VACUUM ANALYZE bench_points`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return n, fmt.Errorf("%s: %w", q, err)
			}
		}
	} else if _, err := db.ExecContext(ctx, `ANALYZE bench_points`); err != nil {
		return n, err
	}
	return n, nil
}

// pointsDDL is the long-form table: the primary key clusters each account's
// rows by metric and day, which lets SQLite aggregate without sorting.
func pointsDDL(pg bool) string {
	if pg { // the key is added after the load, which is faster
		return `CREATE TABLE bench_points (account_id BIGINT NOT NULL, metric_id INTEGER NOT NULL,
			day INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL)`
	}
	return `CREATE TABLE bench_points (account_id INTEGER NOT NULL, metric_id INTEGER NOT NULL,
		day INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (account_id, metric_id, day)) WITHOUT ROWID`
}

type pointWriter interface {
	write(ctx context.Context, pts []point) error
}

// sqlitePoints inserts in multi-row statements, one transaction per call.
type sqlitePoints struct{ db *sql.DB }

func (w *sqlitePoints) write(ctx context.Context, pts []point) error {
	const per = 500
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	full := `INSERT INTO bench_points (account_id, metric_id, day, value) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?,?,?,?),", per), ",")
	stmt, err := tx.PrepareContext(ctx, full)
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, 0, 4*per)
	for i := 0; i < len(pts); i += per {
		part := pts[i:min(i+per, len(pts))]
		args = args[:0]
		for _, p := range part {
			args = append(args, p.account, p.metric, p.day, p.value)
		}
		if len(part) == per {
			_, err = stmt.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO bench_points (account_id, metric_id, day, value) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?,?,?,?),", len(part)), ","), args...)
		}
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

// pgPoints loads with COPY.
type pgPoints struct{ db *sql.DB }

func (w *pgPoints) write(ctx context.Context, pts []point) error {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		i := 0
		_, err := c.CopyFrom(ctx, pgx.Identifier{"bench_points"}, []string{"account_id", "metric_id", "day", "value"},
			pgx.CopyFromFunc(func() ([]any, error) {
				if i == len(pts) {
					return nil, nil
				}
				p := pts[i]
				i++
				return []any{p.account, int32(p.metric), p.day, p.value}, nil
			}))
		return err
	})
}
