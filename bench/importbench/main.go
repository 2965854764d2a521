// Command importbench times gtg's metrics import against the databases' own
// bulk loaders on the same file: a long-form metrics CSV imported with full
// validation by csvimport, next to `sqlite3 .import` and `psql \copy` into a
// plain table.
//
//	go run ./bench/importbench -rows 1000000 [-postgres postgres://…]
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/csvimport"
	"github.com/gtg-dev/gtg/store"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create the bench schema
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "importbench:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	rows, accounts, metrics int
	order                   string
	postgres                string
	cpuProfile              string
	keep                    bool
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var c config
	fs := flag.NewFlagSet("importbench", flag.ContinueOnError)
	fs.IntVar(&c.rows, "rows", 1_000_000, "metric rows to generate (accounts × metrics × days)")
	fs.IntVar(&c.accounts, "accounts", 2000, "accounts")
	fs.IntVar(&c.metrics, "metrics", 5, "metrics per account")
	fs.StringVar(&c.order, "order", "day", "row order of the file: day (as daily exports come) or account")
	fs.StringVar(&c.postgres, "postgres", "", "PostgreSQL DSN; a fresh schema is created in it and dropped after")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the gtg imports to this file")
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary directory and PostgreSQL schema")
	if err := fs.Parse(args); err != nil {
		return err
	}
	days := c.rows / (c.accounts * c.metrics)
	if days < 1 || c.order != "day" && c.order != "account" {
		return fmt.Errorf("want -rows at least -accounts × -metrics and -order day or account")
	}
	c.rows = days * c.accounts * c.metrics

	dir, err := os.MkdirTemp("", "importbench")
	if err != nil {
		return err
	}
	if !c.keep {
		defer os.RemoveAll(dir)
	}
	acctFile, metricFile := filepath.Join(dir, "accounts.csv"), filepath.Join(dir, "metrics.csv")
	if err := writeAccounts(acctFile, c.accounts); err != nil {
		return err
	}
	size, err := writeMetrics(metricFile, c, days)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d metric rows (%d accounts × %d metrics × %d days, ordered by %s), %.1f MB, in %s\n",
		c.rows, c.accounts, c.metrics, days, c.order, float64(size)/1e6, dir)
	fmt.Fprintf(out, "%d CPUs, %s\n\n", runtime.NumCPU(), runtime.Version())

	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	var results []result
	r, err := benchGTG(ctx, "SQLite", filepath.Join(dir, "gtg.db"), acctFile, metricFile, c.rows)
	if err != nil {
		return err
	}
	results = append(results, r)
	rawDB := filepath.Join(dir, "raw.db")
	results = append(results, benchRaw("SQLite", "sqlite3 .import (raw table)", c.rows, "sqlite3",
		[]string{rawDB, "CREATE TABLE raw (account_id TEXT, date TEXT, metric TEXT, value REAL)"},
		[]string{"-bail", rawDB, ".import --csv --skip 1 " + metricFile + " raw"}))

	if c.postgres != "" {
		dsn, schema, drop, err := pgSchema(ctx, c.postgres, c.keep)
		if err != nil {
			return err
		}
		defer drop()
		r, err := benchGTG(ctx, "PostgreSQL", dsn, acctFile, metricFile, c.rows)
		if err != nil {
			return err
		}
		results = append(results, r)
		results = append(results, benchRaw("PostgreSQL", `psql \copy (raw table)`, c.rows, "psql",
			[]string{c.postgres, "-v", "ON_ERROR_STOP=1", "-q", "-c",
				"CREATE TABLE " + schema + ".raw (account_id TEXT, date TEXT, metric TEXT, value DOUBLE PRECISION)"},
			[]string{c.postgres, "-v", "ON_ERROR_STOP=1", "-q", "-c", `\copy ` + schema + `.raw FROM '` + metricFile + `' CSV HEADER`}))
	} else {
		results = append(results, result{db: "PostgreSQL", loader: "gtg csvimport (validated)", skipped: "no -postgres DSN given"})
	}
	printResults(out, results)
	return nil
}

// result is one timed load.
type result struct {
	db, loader string
	rows       int
	took       time.Duration
	peakHeap   uint64
	skipped    string
	raw        bool
}

func (r result) rate() float64 { return float64(r.rows) / r.took.Seconds() }

func printResults(out io.Writer, results []result) {
	const row = "%-11s %-28s %8s %11s %10s %8s\n"
	fmt.Fprintf(out, row, "database", "loader", "seconds", "rows/s", "peak heap", "gtg/raw")
	gtgRate := map[string]float64{}
	for _, r := range results {
		if r.skipped != "" {
			fmt.Fprintf(out, "%-11s %-28s skipped: %s\n", r.db, r.loader, r.skipped)
			continue
		}
		ratio, heap := "", ""
		if r.raw {
			if g, ok := gtgRate[r.db]; ok {
				ratio = fmt.Sprintf("%.0f%%", 100*g/r.rate())
			}
		} else {
			gtgRate[r.db] = r.rate()
			heap = fmt.Sprintf("%.0f MB", float64(r.peakHeap)/1e6)
		}
		fmt.Fprintf(out, row, r.db, r.loader, fmt.Sprintf("%.2f", r.took.Seconds()), thousands(int64(r.rate())), heap, ratio)
	}
}

// benchGTG creates the accounts (untimed), then times csvimport of the metrics.
func benchGTG(ctx context.Context, db, dsn, acctFile, metricFile string, rows int) (result, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return result{}, err
	}
	defer st.Close()
	if _, err := importFile(ctx, st, "accounts", acctFile); err != nil {
		return result{}, err
	}
	runtime.GC()
	stopHeap := watchHeap()
	start := time.Now()
	res, err := importFile(ctx, st, "metrics", metricFile)
	took := time.Since(start)
	peak := stopHeap()
	if err != nil {
		return result{}, err
	}
	if res.Loaded != rows {
		return result{}, fmt.Errorf("%s: loaded %d rows, want %d", db, res.Loaded, rows)
	}
	return result{db: db, loader: "gtg csvimport (validated)", rows: rows, took: took, peakHeap: peak}, nil
}

func importFile(ctx context.Context, st *store.Store, kind, path string) (csvimport.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return csvimport.Result{}, err
	}
	defer f.Close()
	return csvimport.Import(ctx, st, kind, f, filepath.Base(path), csvimport.Options{Actor: "importbench"})
}

// watchHeap samples the live heap until the returned function is called,
// which returns the largest sample: evidence that memory stays bounded.
func watchHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// benchRaw times a database's own command-line loader: setup (creating the
// raw table) runs first, untimed; then the load is timed.
func benchRaw(db, loader string, rows int, bin string, setup, load []string) result {
	r := result{db: db, loader: loader, rows: rows, raw: true}
	path, err := exec.LookPath(bin)
	if err != nil {
		r.skipped = bin + " is not installed"
		return r
	}
	if out, err := exec.Command(path, setup...).CombinedOutput(); err != nil {
		r.skipped = fmt.Sprintf("%s failed: %v %s", bin, err, out)
		return r
	}
	start := time.Now()
	out, err := exec.Command(path, load...).CombinedOutput()
	r.took = time.Since(start)
	if err != nil {
		r.skipped = fmt.Sprintf("%s failed: %v %s", bin, err, out)
	}
	return r
}

// pgSchema creates a fresh schema and returns a DSN that uses it.
func pgSchema(ctx context.Context, base string, keep bool) (dsn, schema string, drop func(), err error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", "", nil, err
	}
	schema = fmt.Sprintf("gtg_importbench_%d", os.Getpid())
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		return "", "", nil, fmt.Errorf("create schema: %w", err)
	}
	drop = func() {
		if !keep {
			db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		}
		db.Close()
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema, drop, nil
}

func writeAccounts(path string, n int) error {
	return writeFile(path, func(w *bufio.Writer) {
		w.WriteString("id,name,arr,owner\n")
		for a := 0; a < n; a++ {
			fmt.Fprintf(w, "B%05d,Bench account %d,%d,csm%d@example.com\n", a, a, 1000*(a%97+1), a%10)
		}
	})
}

// writeMetrics writes the long-form file. Values are whole numbers except one
// fractional metric, as product usage data is.
func writeMetrics(path string, c config, days int) (int64, error) {
	start := gtg.MustParseDay("2024-01-01")
	dates := make([]string, days)
	for d := range dates {
		dates[d] = start.AddDays(d).String()
	}
	var buf []byte
	row := func(w *bufio.Writer, a, m, d int) {
		buf = buf[:0]
		buf = append(buf, 'B')
		buf = append(buf, fmt.Sprintf("%05d", a)...)
		buf = append(buf, ',')
		buf = append(buf, dates[d]...)
		buf = append(buf, ",metric_"...)
		buf = strconv.AppendInt(buf, int64(m), 10)
		buf = append(buf, ',')
		if m == 0 {
			buf = strconv.AppendFloat(buf, float64((a*7+d)%500)/4, 'f', -1, 64)
		} else {
			buf = strconv.AppendInt(buf, int64((a*31+m*7+d*3)%1000), 10)
		}
		buf = append(buf, '\n')
		w.Write(buf)
	}
	err := writeFile(path, func(w *bufio.Writer) {
		w.WriteString("account_id,date,metric,value\n")
		if c.order == "day" {
			for d := 0; d < days; d++ {
				for a := 0; a < c.accounts; a++ {
					for m := 0; m < c.metrics; m++ {
						row(w, a, m, d)
					}
				}
			}
			return
		}
		for a := 0; a < c.accounts; a++ {
			for m := 0; m < c.metrics; m++ {
				for d := 0; d < days; d++ {
					row(w, a, m, d)
				}
			}
		}
	})
	if err != nil {
		return 0, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

func writeFile(path string, fill func(w *bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// thousands formats 1234567 as 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
