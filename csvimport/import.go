// Package csvimport loads CSV files into the store: accounts, contacts,
// daily metrics, timeline events and outcomes.
//
// An import is trustworthy: it runs in one transaction, so by default one bad
// row means nothing is written, and the error names the file, the line (as an
// editor numbers it), the column and what is wrong. With Options.Partial the
// good rows load and the bad ones go to a rejects file with their reasons.
// Rows are upserted by the ids the file gives, so importing a file twice
// changes nothing the second time. Files are streamed in batches, so a
// million-row metrics file needs little memory.
package csvimport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Options tune an import.
type Options struct {
	// Map reads a foreign export through a mapping; nil reads gtg's own layout.
	Map *Mapping
	// Partial loads the good rows and refuses the bad ones, instead of
	// refusing the whole file for one bad row.
	Partial bool
	// Rejects receives the refused rows (with Partial) as CSV: the file's own
	// columns, then "line" and "error". May be nil.
	Rejects io.Writer
	// Actor is who imports, for the audit log ("import" when empty).
	Actor string
	// Progress, when set, is called now and then with how many bytes of the
	// input have been read.
	Progress func(bytesRead int64)
}

// Result counts what an import did.
type Result struct {
	Rows   int // data rows read; the header is not counted
	Loaded int // rows that passed every check and were written, or found already stored
	// Changed counts the records created or changed: 0 when the file was
	// imported before. For metrics it counts month-long records, the store
	// keeping a month of one metric of one account in one record.
	Changed  int
	Rejected int // rows refused, with Options.Partial
}

// Kinds lists what Import can load, in the order the data builds up.
var Kinds = []string{"accounts", "contacts", "metrics", "events", "outcomes"}

// kindOf describes each kind of file and runs its loader.
var kindOf = map[string]struct {
	spec *spec
	run  func(j *job) error
}{
	"accounts": {accountSpec, runWith(newAccountLoader)},
	"contacts": {contactSpec, runWith(newContactLoader)},
	"metrics":  {metricSpec, runWith(newMetricLoader)},
	"events":   {eventSpec, runWith(newEventLoader)},
	"outcomes": {outcomeSpec, runWith(newOutcomeLoader)},
}

// loader reads one kind of file into batches of T and writes them. parse
// runs on the goroutine that reads the file, ahead of the others, so that
// reading and checking rows overlaps with the database's work: it must not
// use the transaction. add, full and flush run in file order on the
// import's goroutine.
type loader[T any] interface {
	// parse reads and checks a row, or returns a *rowError.
	parse(r *row) (T, error)
	// add puts a parsed row in the batch.
	add(item T)
	// full reports whether the batch should be written now.
	full() bool
	// flush writes the batch; final is set at the end of the file. Rows found
	// bad only now (an unknown account, a duplicate) go through job.refuse.
	flush(final bool) error
}

func runWith[T any](start func(j *job) (loader[T], error)) func(j *job) error {
	return func(j *job) error {
		ld, err := start(j)
		if err != nil {
			return err
		}
		return run(j, ld)
	}
}

// Import reads a CSV file of one kind (accounts, contacts, metrics, events,
// outcomes) from r and writes it in one transaction. file names the input in
// messages. Errors about the file's content are EINVALID and say where.
func Import(ctx context.Context, st *store.Store, kind string, r io.Reader, file string, opts Options) (Result, error) {
	k, ok := kindOf[kind]
	if !ok {
		return Result{}, gtg.Errorf(gtg.EINVALID, "import: unknown kind %q (want %s)", kind, strings.Join(Kinds, ", "))
	}
	rd, err := newReader(r, file)
	if err != nil {
		return Result{}, err
	}
	cols, err := bind(k.spec, kind, rd.header, opts.Map, file)
	if err != nil {
		return Result{}, err
	}
	if opts.Actor == "" {
		opts.Actor = "import"
	}
	j := &job{ctx: ctx, st: st, kind: kind, file: file, opts: opts, rd: rd, cols: cols}
	if opts.Partial && opts.Rejects != nil {
		if j.rejects, err = newRejects(opts.Rejects, rd.header); err != nil {
			return Result{}, err
		}
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		j.tx = tx
		j.ids = accountIDs{m: map[string]int64{}}
		return k.run(j)
	})
	if err != nil {
		return Result{}, err
	}
	return j.res, nil
}

// job is one import under way.
type job struct {
	ctx     context.Context
	st      *store.Store
	tx      *store.Tx
	kind    string
	file    string
	opts    Options
	rd      *reader
	cols    *columns
	res     Result
	rejects *rejects
	ids     accountIDs
}

// Rows travel from the reading goroutine in batches of parseBatch, at most
// parseAhead batches ahead of the writing.
const (
	parseBatch = 1024
	parseAhead = 16
)

// parsed is a batch of rows read and parsed, in file order.
type parsed[T any] struct {
	items []T
	bad   []badRow
	bytes int64 // how far into the input the batch ends
	err   error // a fatal error after the rows
}

// badRow is a row that failed to read or parse: it comes before items[at].
type badRow struct {
	at  int
	err *rowError
	rec []string
}

// run imports the file: one goroutine reads and parses rows, this one adds
// them to the loader in file order, writes full batches and refuses bad rows.
func run[T any](j *job, ld loader[T]) error {
	batches := make(chan *parsed[T], parseAhead)
	stop := make(chan struct{})
	go readAll(j, ld, batches, stop)
	defer func() {
		close(stop)
		for range batches { // let the reader see stop and finish
		}
	}()
	for b := range batches {
		j.res.Rows += len(b.items) + len(b.bad)
		bad := b.bad
		for i := 0; i <= len(b.items); i++ {
			for len(bad) > 0 && bad[0].at == i {
				if err := j.badRow(ld, bad[0]); err != nil {
					return err
				}
				bad = bad[1:]
			}
			if i == len(b.items) {
				break
			}
			ld.add(b.items[i])
			if ld.full() {
				if err := j.flush(ld, false); err != nil {
					return err
				}
			}
		}
		if b.err != nil {
			return b.err
		}
		if err := j.ctx.Err(); err != nil {
			return err
		}
		if j.opts.Progress != nil {
			j.opts.Progress(b.bytes)
		}
	}
	if err := j.flush(ld, true); err != nil {
		return err
	}
	if j.res.Changed == 0 {
		return nil // nothing changed, nothing to audit: a re-import leaves no trace
	}
	after, _ := json.Marshal(map[string]any{"file": j.file, "rows": j.res.Rows, "loaded": j.res.Loaded,
		"changed": j.res.Changed, "rejected": j.res.Rejected})
	return j.tx.Audit(j.ctx, gtg.AuditEntry{Actor: j.opts.Actor, Action: "import", Entity: j.kind,
		EntityID: j.file, After: string(after)})
}

// readAll reads and parses the file into batches until the end, a fatal
// error, or stop.
func readAll[T any](j *job, ld loader[T], out chan<- *parsed[T], stop <-chan struct{}) {
	defer close(out)
	b := &parsed[T]{items: make([]T, 0, parseBatch)}
	send := func() bool {
		b.bytes = j.rd.bytesRead()
		select {
		case out <- b:
			b = &parsed[T]{items: make([]T, 0, parseBatch)}
			return true
		case <-stop:
			return false
		}
	}
	for {
		rec, err := j.rd.next()
		if err == io.EOF {
			send()
			return
		}
		var item T
		if err == nil {
			item, err = ld.parse(&row{rec: rec, rd: j.rd, line: j.rd.line})
		}
		var bad *rowError
		switch {
		case err == nil:
			b.items = append(b.items, item)
		case errors.As(err, &bad):
			b.bad = append(b.bad, badRow{at: len(b.items), err: bad, rec: slices.Clone(rec)})
		default:
			b.err = err
			send()
			return
		}
		if len(b.items)+len(b.bad) >= parseBatch && !send() {
			return
		}
	}
}

// badRow refuses a row that failed to read or parse. Without Partial it
// stops the import; but a row before it may be bad in a way only writing its
// batch shows (an unknown account), so the batch is written first, to report
// the first bad row.
func (j *job) badRow(ld interface{ flush(bool) error }, b badRow) error {
	if !j.opts.Partial {
		if err := ld.flush(false); err != nil {
			return err
		}
		return b.err.in(j.file)
	}
	return j.refuse(b.rec, b.err)
}

func (j *job) flush(ld interface{ flush(bool) error }, final bool) error {
	if err := ld.flush(final); err != nil {
		return err
	}
	if j.rejects != nil {
		return j.rejects.write()
	}
	return nil
}

// refuse handles a bad row. In the default all-or-nothing mode the row's
// error becomes the import's error; with Partial the row is counted and
// queued for the rejects file. rec must be the caller's own copy.
func (j *job) refuse(rec []string, bad *rowError) error {
	if !j.opts.Partial {
		return bad.in(j.file)
	}
	j.res.Rejected++
	if j.rejects != nil {
		j.rejects.add(bad.line, rec, bad.reason())
	}
	return nil
}

// keep copies a row for a batch when it may still be refused (Partial only:
// otherwise the error alone is needed).
func (j *job) keep(rec []string) []string {
	if !j.opts.Partial {
		return nil
	}
	return slices.Clone(rec)
}

// storeErr wraps an error from the store with the file being imported.
func (j *job) storeErr(err error) error {
	return fmt.Errorf("import %s %s: %w", j.kind, j.file, err)
}
