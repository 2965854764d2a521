package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// result is one method's best run on one database.
type result struct {
	db, method string
	accounts   int
	took       time.Duration
	heap, rss  uint64
	rssGrowth  uint64  // peak RSS less the RSS when the run started
	serverRSS  int64   // PostgreSQL backend and workers, -1 when not measured
	serverCPU  float64 // PostgreSQL server CPU seconds, -1 when not measured
	procCPU    float64 // this process's CPU seconds
	ratio      float64
	note       string
	skipped    string
	mismatch   string
	colors     map[string]int
}

// keepBest keeps the fastest run, and the largest memory of any run.
func (r *result) keepBest(o result) {
	if r.took == 0 || o.took < r.took {
		r.took, r.accounts = o.took, o.accounts
		r.serverCPU, r.procCPU = o.serverCPU, o.procCPU
	}
	r.heap, r.rss, r.serverRSS = max(r.heap, o.heap), max(r.rss, o.rss), max(r.serverRSS, o.serverRSS)
	r.rssGrowth = max(r.rssGrowth, o.rssGrowth)
}

func (r result) serverCPUText() string {
	if r.serverCPU < 0 {
		return ""
	}
	return fmt.Sprintf(", server CPU %.1f s", r.serverCPU)
}

func (r result) rate() float64 { return float64(r.accounts) / r.took.Seconds() }

func printResults(out io.Writer, results []result) {
	const row = "%-10s  %-32s  %8s  %8s  %10s  %8s  %8s  %16s  %10s  %10s  %7s\n"
	fmt.Fprintf(out, row, "database", "method", "accounts", "seconds", "accounts/s", "CPU", "Go heap", "peak RSS (growth)",
		"server RSS", "server CPU", "SQL/gtg")
	for _, r := range results {
		if r.skipped != "" {
			fmt.Fprintf(out, "%-10s  %-32s  skipped: %s\n", r.db, r.method, r.skipped)
			continue
		}
		heap, server, ratio, cpu := mb(r.heap), "-", "", "-"
		if r.serverCPU >= 0 {
			cpu = fmt.Sprintf("%.1f s", r.serverCPU)
		}
		if r.method == methodSQL {
			heap = "-" // SQLite allocates outside the Go heap; see peak RSS
			switch {
			case r.db == "PostgreSQL" && r.serverRSS >= 0:
				server = mb(uint64(r.serverRSS))
			case r.db == "PostgreSQL":
				server = "not measured"
			}
			ratio = fmt.Sprintf("%.1f×", r.ratio)
		}
		fmt.Fprintf(out, row, r.db, r.method, fmt.Sprint(r.accounts), fmt.Sprintf("%.2f", r.took.Seconds()),
			fmt.Sprintf("%.0f", r.rate()), fmt.Sprintf("%.1f s", r.procCPU), heap, fmt.Sprintf("%s (+%.0f)", mb(r.rss), float64(r.rssGrowth)/1e6), server, cpu, ratio)
	}
	fmt.Fprintln(out, "\nseconds: the fastest of -runs; memory: the largest of any run. CPU: this process's user and system time")
	fmt.Fprintln(out, "in that run (SQLite's work included, PostgreSQL's not: see server CPU). Go heap: peak live heap sampled every")
	fmt.Fprintln(out, "20 ms. peak RSS: this process's VmHWM, reset before each run, and how far it rose above the RSS the")
	fmt.Fprintln(out, "run started with (SQLite runs in this process: its page caches and sorter count here). server RSS: PostgreSQL")
	fmt.Fprintln(out, "backend plus parallel workers, private memory (RssAnon) sampled every 50 ms; shared buffers excluded.")
	fmt.Fprintln(out, "server CPU: CPU time of every postgres process on this machine during the run (other clients add noise).")
	fmt.Fprintln(out, "SQL/gtg: the baseline's time over gtg's. The baseline's points table is filled beforehand (untimed):")
	fmt.Fprintln(out, "SQL cannot read gtg's metric chunks.")
	for _, r := range results {
		if r.note != "" {
			fmt.Fprintf(out, "%s, %s: %s\n", r.db, r.method, r.note)
		}
		if r.method == methodGTG && r.colors != nil {
			fmt.Fprintf(out, "%s colors: %s\n", r.db, colorLine(r.colors))
		}
	}
}

func colorLine(colors map[string]int) string {
	keys := make([]string, 0, len(colors))
	for k := range colors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, colors[k])
	}
	return strings.Join(parts, ", ")
}
