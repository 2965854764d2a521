// Command scorebench times gtg's full health rescore against the same health
// computed by one SQL statement in the same database.
//
//	go run ./bench/scorebench -accounts 100000 -metrics 20 [-db PATH] [-postgres DSN] [-reuse]
//
// It loads a demo portfolio with the given number of daily metrics (8
// built-in, the rest extra; or reuses one loaded before), builds a scorecard
// over every metric with 90-day windows, then on each database:
//
//  1. times gtg's rescore of one as-of day (health.ScoreRange, writing
//     health_scores), with the Go heap peak and the process's peak RSS;
//  2. times the baseline: one SQL statement computing the same health from a
//     long-form table of points (account_id, metric_id, day, value), filled
//     beforehand from the same data, untimed, since SQL cannot read gtg's
//     metric chunks; SQLite runs in this process, so its memory is this
//     process's peak RSS; for PostgreSQL the server backend's is sampled;
//  3. checks that both give every account the same score and color, and
//     fails loudly if not.
//
// The ratio reported is the baseline's time over gtg's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "scorebench:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	accounts, metrics int
	seed              int64
	today             gtg.Day
	db, postgres      string
	schema            string // PostgreSQL schema; "" for scorebench_ACCOUNTSxMETRICS
	only              string
	reuse             bool
	gtgOnly           bool
	printSQL          bool
	cpuProfile        string
	memProfile        string
	runs              int
}

func run(ctx context.Context, args []string, out, log io.Writer) error {
	var c config
	var today string
	fs := flag.NewFlagSet("scorebench", flag.ContinueOnError)
	fs.SetOutput(log)
	fs.IntVar(&c.accounts, "accounts", 10000, "demo accounts (up to 100000)")
	fs.IntVar(&c.metrics, "metrics", 20, "daily metrics: the demo's 8 plus extras")
	fs.Int64Var(&c.seed, "seed", 1, "demo seed")
	fs.StringVar(&today, "today", "2025-06-30", "the demo's last day of history, and the day rescored")
	fs.StringVar(&c.db, "db", "", "SQLite file (default /tmp/scorebench-ACCOUNTSxMETRICS.db)")
	fs.StringVar(&c.postgres, "postgres", "", "PostgreSQL DSN; the benchmark works in schema scorebench_ACCOUNTSxMETRICS, creating the database if needed")
	fs.StringVar(&c.schema, "schema", "", "PostgreSQL schema to work in (default scorebench_ACCOUNTSxMETRICS)")
	fs.StringVar(&c.only, "only", "", "run only on sqlite or postgres")
	fs.BoolVar(&c.reuse, "reuse", false, "reuse the demo and points loaded by an earlier run, when they match")
	fs.BoolVar(&c.gtgOnly, "gtgonly", false, "time only gtg's rescore: no baseline, no check (for profiling)")
	fs.BoolVar(&c.printSQL, "printsql", false, "print the baseline SQL (SQLite dialect) and exit")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write CPU profiles of gtg's rescore to PREFIX.sqlite.pprof and PREFIX.postgres.pprof")
	fs.StringVar(&c.memProfile, "memprofile", "", "write allocation profiles (since start) after gtg's first rescore to PREFIX.sqlite.pprof and PREFIX.postgres.pprof")
	fs.IntVar(&c.runs, "runs", 1, "timed runs of each method; the fastest is reported")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if c.today, err = gtg.ParseDay(today); err != nil {
		return fmt.Errorf("-today: %w", err)
	}
	switch {
	case c.accounts < 1 || c.accounts > demo.MaxAccounts:
		return fmt.Errorf("-accounts: want 1 to %d", demo.MaxAccounts)
	case c.metrics < len(demo.Metrics) || c.metrics > len(demo.Metrics)+demo.MaxExtraMetrics:
		return fmt.Errorf("-metrics: want %d to %d", len(demo.Metrics), len(demo.Metrics)+demo.MaxExtraMetrics)
	case c.only != "" && c.only != "sqlite" && c.only != "postgres":
		return fmt.Errorf("-only: want sqlite or postgres")
	case c.runs < 1:
		return fmt.Errorf("-runs: want 1 or more")
	}
	if c.db == "" {
		c.db = fmt.Sprintf("/tmp/scorebench-%dx%d.db", c.accounts, c.metrics)
	}

	card, err := newBenchCard(demo.MetricKeys(c.metrics - len(demo.Metrics)))
	if err != nil {
		return err
	}
	sc, err := card.parse()
	if err != nil {
		return err
	}
	if c.printSQL {
		fmt.Fprintln(out, baselineSQL(card, c.today, false)+";")
		return nil
	}
	fmt.Fprintf(out, "scorebench: %d demo accounts, %d daily metrics, card %q: %d measures in %d groups, lookback %d days, as of %s\n",
		c.accounts, c.metrics, sc.Name, len(sc.Measures), len(sc.Groups), sc.Lookback(), c.today)
	fmt.Fprintf(out, "%d CPUs (GOMAXPROCS %d), %s\n\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())

	b := &bench{c: c, card: card, sc: sc, log: log}
	var results []result
	if c.only != "postgres" {
		rs, err := b.onDatabase(ctx, "SQLite", c.db)
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		results = append(results, rs...)
	}
	if c.only != "sqlite" {
		if c.postgres == "" {
			results = append(results, result{db: "PostgreSQL", method: methodGTG, skipped: "no -postgres DSN given"})
		} else {
			schema := c.schema
			if schema == "" {
				schema = fmt.Sprintf("scorebench_%dx%d", c.accounts, c.metrics)
			}
			dsn, err := pgSchema(ctx, c.postgres, schema, !c.reuse)
			if err != nil {
				return fmt.Errorf("postgres: %w", err)
			}
			rs, err := b.onDatabase(ctx, "PostgreSQL", dsn)
			if err != nil {
				return fmt.Errorf("postgres: %w", err)
			}
			results = append(results, rs...)
		}
	}
	printResults(out, results)
	var failed []string
	for _, r := range results {
		if r.mismatch != "" {
			failed = append(failed, r.db+": "+r.mismatch)
		}
	}
	if len(failed) > 0 {
		return errors.New("gtg and the SQL baseline disagree:\n" + strings.Join(failed, "\n"))
	}
	return nil
}
