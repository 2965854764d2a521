package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// bench runs the benchmark on one database after another.
type bench struct {
	c    config
	card *benchCard
	sc   *scorecard.Scorecard
	log  io.Writer
}

const (
	methodGTG = "gtg rescore (health.ScoreRange)"
	methodSQL = "one SQL statement (baseline)"
)

// onDatabase prepares the database (demo and points, reused when they
// match), then times both methods and checks that they agree.
func (b *bench) onDatabase(ctx context.Context, name, dsn string) ([]result, error) {
	pg := name == "PostgreSQL"
	if !pg && !b.c.reuse {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(dsn + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, err
			}
		}
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	db := st.DB()
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS scorebench_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		return nil, err
	}

	// The demo portfolio.
	asOf := b.c.today
	demoKey := fmt.Sprintf("accounts=%d extra=%d seed=%d today=%s days=%d", b.c.accounts, b.c.metrics-len(demo.Metrics),
		b.c.seed, b.c.today, demo.DefaultDays)
	if v, _ := meta(ctx, db, pg, "demo"); v == demoKey {
		fmt.Fprintf(b.log, "%s: reusing the demo portfolio (%s)\n", name, demoKey)
	} else {
		fmt.Fprintf(b.log, "%s: loading the demo portfolio (%s)\n", name, demoKey)
		if err := setMeta(ctx, db, pg, "demo", ""); err != nil {
			return nil, err
		}
		start, last := time.Now(), time.Now()
		stats, err := demo.Load(ctx, st, demo.Config{Accounts: b.c.accounts, Seed: b.c.seed, Today: b.c.today,
			ExtraMetrics: b.c.metrics - len(demo.Metrics)}, func(done int) {
			if time.Since(last) > 15*time.Second {
				fmt.Fprintf(b.log, "  demo: %d of %d accounts, %s\n", done, b.c.accounts, time.Since(start).Round(time.Second))
				last = time.Now()
			}
		})
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(b.log, "  demo: %d accounts, %d metric points, %d events in %s\n", stats.Accounts, stats.MetricPoints,
			stats.Events, time.Since(start).Round(time.Second))
		if err := setMeta(ctx, db, pg, "demo", demoKey); err != nil {
			return nil, err
		}
	}

	// The baseline's long-form points.
	from := asOf - gtg.Day(b.sc.Lookback())
	pointsKey := fmt.Sprintf("%s from=%s to=%s metrics=%s", demoKey, from, asOf, strings.Join(b.card.metrics(), ","))
	var nPoints int
	if v, _ := meta(ctx, db, pg, "points"); v == pointsKey {
		fmt.Fprintf(b.log, "%s: reusing bench_points\n", name)
	} else {
		fmt.Fprintf(b.log, "%s: filling bench_points for %s to %s (setup, not timed)\n", name, from, asOf)
		if err := setMeta(ctx, db, pg, "points", ""); err != nil {
			return nil, err
		}
		if _, err := fillPoints(ctx, st, b.card.metrics(), from, asOf, b.log); err != nil {
			return nil, err
		}
		if err := setMeta(ctx, db, pg, "points", pointsKey); err != nil {
			return nil, err
		}
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM bench_points`).Scan(&nPoints); err != nil {
		return nil, err
	}

	if pg { // the fill left shared buffers dirty: start both methods clean
		if _, err := db.ExecContext(ctx, `CHECKPOINT`); err != nil {
			fmt.Fprintf(b.log, "%s: CHECKPOINT failed (%v); timings may include writing out the setup's pages\n", name, err)
		}
	}
	gtgRes := result{db: name, method: methodGTG, note: "reads the metric chunks, writes health_scores (score, color, every measure)"}
	sqlRes := result{db: name, method: methodSQL, note: fmt.Sprintf("reads %d points, writes %s (score, color, coverage)", nPoints, baselineTable)}
	for run := 1; run <= b.c.runs; run++ {
		r, err := b.timeGTG(ctx, st, name, asOf, run)
		if err != nil {
			return nil, err
		}
		gtgRes.keepBest(r)
		if b.c.gtgOnly {
			continue
		}
		if r, err = b.timeSQL(ctx, st, name, asOf, run); err != nil {
			return nil, err
		}
		sqlRes.keepBest(r)
	}
	if b.c.gtgOnly {
		return []result{gtgRes}, nil
	}
	gtgRes.colors, sqlRes.ratio = nil, sqlRes.took.Seconds()/gtgRes.took.Seconds()
	mismatch, colors, err := compare(ctx, st, asOf, b.sc.Name)
	if err != nil {
		return nil, err
	}
	gtgRes.mismatch, gtgRes.colors = mismatch, colors
	if mismatch == "" {
		fmt.Fprintf(b.log, "%s: gtg and the baseline agree on all %d accounts (%s)\n", name, gtgRes.accounts, colorLine(colors))
	} else {
		fmt.Fprintf(b.log, "%s: DISAGREEMENT: %s\n", name, mismatch)
	}
	return []result{gtgRes, sqlRes}, nil
}

// timeGTG rescores the day with gtg, after deleting its snapshots so every
// run inserts the same rows.
func (b *bench) timeGTG(ctx context.Context, st *store.Store, name string, asOf gtg.Day, run int) (result, error) {
	pg := st.Dialect() == "postgres"
	if _, err := st.DB().ExecContext(ctx, rebind(pg, `DELETE FROM health_scores WHERE day = ?`), asOf.String()); err != nil {
		return result{}, err
	}
	if b.c.cpuProfile != "" && run == 1 {
		f, err := os.Create(b.c.cpuProfile + "." + st.Dialect() + ".pprof")
		if err != nil {
			return result{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return result{}, err
		}
		defer pprof.StopCPUProfile()
	}
	mw := watchMemory()
	cpu, proc := serverCPU(pg), procCPU()
	start := time.Now()
	stats, err := health.ScoreRange(ctx, st, []*scorecard.Scorecard{b.sc}, asOf, asOf, nil)
	took := time.Since(start)
	proc = procCPU() - proc
	heap, hwm := mw.stop()
	if err != nil {
		return result{}, err
	}
	if b.c.memProfile != "" && run == 1 {
		f, err := os.Create(b.c.memProfile + "." + st.Dialect() + ".pprof")
		if err != nil {
			return result{}, err
		}
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
		if err != nil {
			return result{}, err
		}
	}
	r := result{db: name, method: methodGTG, accounts: stats.Snapshots, took: took, heap: heap, rss: hwm, rssGrowth: mw.growth,
		serverRSS: -1, serverCPU: cpu(), procCPU: proc}
	fmt.Fprintf(b.log, "%s: gtg run %d: %d accounts in %s (%.0f/s), CPU %.1f s, heap peak %s, peak RSS %s (%s at start), %s allocated, %d GCs%s\n",
		name, run, stats.Accounts, took.Round(time.Millisecond), float64(stats.Accounts)/took.Seconds(), proc, mb(heap), mb(hwm),
		mb(mw.rss0), mb(mw.totalHeap), mw.numGC, r.serverCPUText())
	return r, nil
}

// timeSQL runs the baseline statement on one connection.
func (b *bench) timeSQL(ctx context.Context, st *store.Store, name string, asOf gtg.Day, run int) (result, error) {
	pg := st.Dialect() == "postgres"
	db := st.DB()
	if _, err := db.ExecContext(ctx, `DROP TABLE IF EXISTS `+baselineTable); err != nil {
		return result{}, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return result{}, err
	}
	defer conn.Close()
	var server *pgServerWatch
	if pg {
		var pid int
		if err := conn.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return result{}, err
		}
		server = watchPGServer(ctx, db, pid)
	}
	q := baselineSQL(b.card, asOf, pg)
	mw := watchMemory()
	cpu, proc := serverCPU(pg), procCPU()
	start := time.Now()
	_, err = conn.ExecContext(ctx, q)
	took := time.Since(start)
	proc = procCPU() - proc
	heap, hwm := mw.stop()
	r := result{db: name, method: methodSQL, took: took, heap: heap, rss: hwm, rssGrowth: mw.growth, serverRSS: -1,
		serverCPU: cpu(), procCPU: proc}
	if server != nil {
		if peak, ok := server.stop(); ok {
			r.serverRSS = int64(peak)
		}
	}
	if err != nil {
		return result{}, fmt.Errorf("baseline SQL: %w", err)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+baselineTable).Scan(&r.accounts); err != nil {
		return result{}, err
	}
	server0 := ""
	if r.serverRSS >= 0 {
		server0 = ", server backend peak RssAnon " + mb(uint64(r.serverRSS))
	}
	fmt.Fprintf(b.log, "%s: SQL run %d: %d accounts in %s (%.0f/s), CPU %.1f s, peak RSS %s (%s at start)%s%s\n", name, run, r.accounts,
		took.Round(time.Millisecond), float64(r.accounts)/took.Seconds(), proc, mb(hwm), mb(mw.rss0), server0, r.serverCPUText())
	return r, nil
}

// serverCPU starts measuring the PostgreSQL server's CPU time; the returned
// function gives the seconds used since, or -1 when not measurable.
func serverCPU(pg bool) func() float64 {
	c0, ok := pgServerCPU()
	if !pg || !ok {
		return func() float64 { return -1 }
	}
	return func() float64 {
		c1, _ := pgServerCPU()
		return c1 - c0
	}
}
