package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg/demo"
)

// TestAgree runs the whole benchmark on a small portfolio: it fails when
// gtg's rescore and the SQL baseline disagree on any account, so the SQL
// stays a faithful copy of the scorecard engine's rules.
func TestAgree(t *testing.T) {
	args := []string{"-accounts", "150", "-metrics", "14", "-db", filepath.Join(t.TempDir(), "bench.db")}
	pg := os.Getenv("GTG_TEST_POSTGRES")
	if pg == "" {
		t.Log("SKIPPING the PostgreSQL half: set GTG_TEST_POSTGRES=postgres://… to run it")
		args = append(args, "-only", "sqlite")
	} else {
		// A schema of its own: test runs sharing one server (several
		// checkouts, or packages in parallel) must not drop each other's.
		schema := fmt.Sprintf("scorebench_test_%d_%d", os.Getpid(), time.Now().UnixNano())
		args = append(args, "-postgres", pg, "-schema", schema)
		t.Cleanup(func() {
			db, err := sql.Open("pgx", pg)
			if err == nil {
				db.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`)
				db.Close()
			}
		})
	}
	var out, log bytes.Buffer
	if err := run(context.Background(), args, &out, &log); err != nil {
		t.Fatalf("%v\n%s%s", err, log.String(), out.String())
	}
	for _, want := range []string{"SQLite  ", "gtg rescore", "one SQL statement", "SQLite colors: green"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(log.String(), "agree on all") {
		t.Errorf("log does not say they agree:\n%s", log.String())
	}
}

// TestCard checks that the benchmark card has a measure per metric and
// reads all of them, with the 90-day look-back the benchmark promises.
func TestCard(t *testing.T) {
	metrics := demo.MetricKeys(12)
	c, err := newBenchCard(metrics)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := c.parse()
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.MetricKeys(); len(got) != 20 {
		t.Errorf("card reads %d metrics (%v), want 20", len(got), got)
	}
	if sc.Lookback() != 90 || c.lookback() != 90 {
		t.Errorf("lookback %d (card) %d (bench), want 90", sc.Lookback(), c.lookback())
	}
	if len(sc.EventTypes()) != 0 {
		t.Errorf("card reads events %v; the baseline has none", sc.EventTypes())
	}
}
