package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// memWatch samples the Go heap while a phase runs; the process's peak
// resident set (VmHWM) is reset at the start so it covers the phase alone.
type memWatch struct {
	peakHeap  atomic.Uint64
	done      chan struct{}
	wg        sync.WaitGroup
	hwmReset  bool
	rss0      uint64 // resident set when the phase started
	growth    uint64 // VmHWM less rss0
	allocs0   uint64
	numGC0    uint32
	totalHeap uint64 // bytes allocated during the phase
	numGC     uint32
}

// watchMemory returns memory to the OS, resets VmHWM and starts sampling.
func watchMemory() *memWatch {
	runtime.GC()
	debug.FreeOSMemory()
	w := &memWatch{done: make(chan struct{})}
	// Writing 5 to clear_refs resets the peak RSS to the current RSS (Linux 4.0+).
	w.hwmReset = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	w.rss0 = procStatus(os.Getpid(), "VmRSS")
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	w.allocs0, w.numGC0 = m.TotalAlloc, m.NumGC
	w.peakHeap.Store(m.HeapAlloc)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > w.peakHeap.Load() {
					w.peakHeap.Store(m.HeapAlloc)
				}
			}
		}
	}()
	return w
}

// stop ends sampling and returns the Go heap peak and the process's VmHWM
// (0 when it could not be reset or read).
func (w *memWatch) stop() (heap, hwm uint64) {
	defer func() {
		if hwm > w.rss0 {
			w.growth = hwm - w.rss0
		}
	}()
	close(w.done)
	w.wg.Wait()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	w.totalHeap, w.numGC = m.TotalAlloc-w.allocs0, m.NumGC-w.numGC0
	if w.hwmReset {
		hwm = procStatus(os.Getpid(), "VmHWM")
	}
	return w.peakHeap.Load(), hwm
}

// procStatus reads a kB field of /proc/PID/status in bytes; 0 when absent.
func procStatus(pid int, field string) uint64 {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// pgServerWatch samples the private memory (RssAnon) of a PostgreSQL backend
// and its parallel workers while a query runs, reading /proc: it works when
// the server runs on this machine and this process may read its /proc
// entries. Shared buffers are left out: they are the server's cache, sized by
// shared_buffers, not the query's memory.
type pgServerWatch struct {
	pid  int
	peak atomic.Uint64
	done chan struct{}
	wg   sync.WaitGroup
	ok   atomic.Bool
}

func watchPGServer(ctx context.Context, admin *sql.DB, pid int) *pgServerWatch {
	w := &pgServerWatch{pid: pid, done: make(chan struct{})}
	if procStatus(pid, "RssAnon") == 0 {
		return w // not local, or not readable
	}
	w.ok.Store(true)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
			}
			pids := []int{w.pid}
			rows, err := admin.QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE leader_pid = $1 AND pid <> $1`, w.pid)
			if err == nil {
				for rows.Next() {
					var p int
					if rows.Scan(&p) == nil {
						pids = append(pids, p)
					}
				}
				rows.Close()
			}
			var sum uint64
			for _, p := range pids {
				sum += procStatus(p, "RssAnon")
			}
			if sum > w.peak.Load() {
				w.peak.Store(sum)
			}
		}
	}()
	return w
}

// stop returns the peak, and false when the server could not be observed.
func (w *pgServerWatch) stop() (uint64, bool) {
	close(w.done)
	w.wg.Wait()
	return w.peak.Load(), w.ok.Load()
}

func mb(b uint64) string { return fmt.Sprintf("%.0f MB", float64(b)/1e6) }

// pgServerCPU is the CPU time, in seconds, that the PostgreSQL server on
// this machine has used so far: every live postgres process, plus what the
// postmaster has collected from children that exited (parallel workers,
// closed connections). Its difference over a run is the server's share of
// the work; other clients of the same server add noise. ok is false when no
// server process is visible.
func pgServerCPU() (secs float64, ok bool) {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, false
	}
	const hz = 100 // USER_HZ, 100 on Linux everywhere that matters
	var ticks uint64
	for _, d := range dirs {
		if _, err := strconv.Atoi(d.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid … utime stime cutime cstime: fields 14-17.
		s := string(b)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < open || s[open+1:close] != "postgres" {
			continue
		}
		f := strings.Fields(s[close+1:]) // f[0] is the state, field 3
		if len(f) < 15 {
			continue
		}
		ok = true
		n := func(i int) uint64 { v, _ := strconv.ParseUint(f[i-3], 10, 64); return v }
		ticks += n(14) + n(15)
		if ppid := int(n(4)); !isPostgres(ppid) { // the postmaster: add its reaped children
			ticks += n(16) + n(17)
		}
	}
	return float64(ticks) / hz, ok
}

func isPostgres(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "comm"))
	return err == nil && strings.TrimSpace(string(b)) == "postgres"
}

// procCPU is the CPU time this process has used so far, user and system, in
// seconds.
func procCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
