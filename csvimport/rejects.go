package csvimport

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
)

// rejects writes the rows --partial refused, as CSV: the file's own columns,
// then "line" and "error". Once fixed (and those two columns deleted), the
// file imports like the original.
type rejects struct {
	w       *csv.Writer
	width   int
	pending []rejected
}

type rejected struct {
	line   int
	rec    []string
	reason string
}

func newRejects(w io.Writer, header []string) (*rejects, error) {
	r := &rejects{w: csv.NewWriter(w), width: len(header)}
	if err := r.w.Write(append(slices.Clone(header), "line", "error")); err != nil {
		return nil, fmt.Errorf("write rejects: %w", err)
	}
	return r, nil
}

// add queues a rejected row; rec must not be reused by the caller.
func (r *rejects) add(line int, rec []string, reason string) {
	r.pending = append(r.pending, rejected{line, rec, reason})
}

// write writes the queued rows in line order. Rows refused while reading and
// rows refused when their batch is written (an unknown account) arrive out of
// order; every batch is written before the next starts, so sorting each
// batch keeps the whole file in line order.
func (r *rejects) write() error {
	slices.SortStableFunc(r.pending, func(a, b rejected) int { return a.line - b.line })
	for _, p := range r.pending {
		rec := p.rec
		if len(rec) < r.width { // a short row: pad it so line and error stay in their columns
			rec = append(slices.Clone(rec), make([]string, r.width-len(rec))...)
		}
		if err := r.w.Write(append(slices.Clone(rec), fmt.Sprint(p.line), p.reason)); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	r.pending = r.pending[:0]
	r.w.Flush()
	if err := r.w.Error(); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}
