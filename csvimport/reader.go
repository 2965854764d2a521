package csvimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gtg-dev/gtg"
)

// maxRecordBytes bounds one row. A real row is far smaller (a few dozen
// fields of at most gtg.MaxFieldLen bytes); the bound exists so that a quote
// left open does not make the CSV parser read the rest of a 1 GB file into
// one field.
const maxRecordBytes = 4 << 20

var errRecordTooLong = errors.New("row too long")

// rowError is what is wrong with one row: where, and why. Importers return
// it for bad rows; every other error stops the import.
type rowError struct {
	line   int    // as an editor numbers it: the header is line 1
	column string // the column as the file's header names it; "" for the row as a whole
	msg    string
}

func (e *rowError) Error() string { return e.reason() }

// reason is the message without the file and line, as the rejects file gives it.
func (e *rowError) reason() string {
	if e.column == "" {
		return e.msg
	}
	return fmt.Sprintf("column %q: %s", e.column, e.msg)
}

// in returns the error a user sees when the row stops an import.
func (e *rowError) in(file string) error {
	if e.column == "" {
		return gtg.Errorf(gtg.EINVALID, "%s line %d: %s", file, e.line, e.msg)
	}
	return gtg.Errorf(gtg.EINVALID, "%s line %d, column %q: %s", file, e.line, e.column, e.msg)
}

// countingReader counts the bytes read, for progress, and refuses to read far
// past the start of the current row (see maxRecordBytes).
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n >= c.limit {
		return 0, errRecordTooLong
	}
	if int64(len(p)) > c.limit-c.n {
		p = p[:c.limit-c.n]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// reader reads a CSV file row by row and knows on which line each field
// starts, so that a quoted field spanning lines does not shift the line
// numbers in messages. It checks what every importer needs: valid UTF-8, no
// field over gtg.MaxFieldLen, as many fields as the header.
type reader struct {
	file   string
	cr     *csv.Reader
	in     *countingReader
	header []string // column names as written, trimmed, without a byte-order mark
	line   int      // first line of the last row read
}

var bom = []byte("\xef\xbb\xbf")

// newReader reads the header of a CSV file.
func newReader(r io.Reader, file string) (*reader, error) {
	in := &countingReader{r: r, limit: maxRecordBytes}
	br := bufio.NewReaderSize(in, 64<<10)
	if b, _ := br.Peek(len(bom)); bytes.Equal(b, bom) {
		br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	rd := &reader{file: file, cr: cr, in: in, line: 1}
	rec, err := cr.Read()
	switch {
	case err == io.EOF:
		return nil, gtg.Errorf(gtg.EINVALID, "%s: the file is empty (want a header row on line 1)", file)
	case errors.Is(err, errRecordTooLong):
		return nil, gtg.Errorf(gtg.EINVALID, "%s line 1: the header runs over %d MiB; is this a CSV file?", file, maxRecordBytes>>20)
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, gtg.Errorf(gtg.EINVALID, "%s line %d: %v", file, pe.Line, pe.Err)
		}
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	rd.header = make([]string, len(rec))
	for i, h := range rec {
		if !utf8.ValidString(h) {
			return nil, gtg.Errorf(gtg.EINVALID, "%s line 1: column %d: invalid UTF-8 (save the file as UTF-8)", file, i+1)
		}
		if strings.IndexByte(h, 0) >= 0 {
			return nil, gtg.Errorf(gtg.EINVALID, "%s line 1: column %d: contains a NUL byte (\\x00)", file, i+1)
		}
		rd.header[i] = strings.TrimSpace(h)
	}
	return rd, nil
}

// next returns the next row. The error is io.EOF at the end, a *rowError
// when this row is bad (the row is returned too, for the rejects file), and
// anything else when the file cannot be read further. The returned slice is
// reused by the next call.
func (rd *reader) next() ([]string, error) {
	rd.in.limit = rd.in.n + maxRecordBytes
	prev := rd.line
	rec, err := rd.cr.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe) && pe.Err == csv.ErrFieldCount:
			rd.line = pe.StartLine
			return rec, &rowError{line: pe.StartLine, msg: fmt.Sprintf("wrong number of fields: %d, want %d as in the header", len(rec), len(rd.header))}
		case errors.As(err, &pe) && (pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote):
			rd.line = pe.StartLine
			return rec, &rowError{line: pe.Line, msg: pe.Err.Error()}
		case errors.Is(err, errRecordTooLong):
			return nil, gtg.Errorf(gtg.EINVALID, "%s: the row after line %d runs over %d MiB; is a quote left open?", rd.file, prev, maxRecordBytes>>20)
		}
		return nil, fmt.Errorf("read %s after line %d: %w", rd.file, prev, err)
	}
	rd.line, _ = rd.cr.FieldPos(0)
	for i, v := range rec {
		if len(v) > gtg.MaxFieldLen {
			return rec, &rowError{line: rd.fieldLine(i), column: rd.header[i],
				msg: fmt.Sprintf("value is %d bytes, over the limit of %d", len(v), gtg.MaxFieldLen)}
		}
		if !utf8.ValidString(v) {
			return rec, &rowError{line: rd.fieldLine(i), column: rd.header[i], msg: "invalid UTF-8 (save the file as UTF-8)"}
		}
		if strings.IndexByte(v, 0) >= 0 {
			// SQLite would keep it and PostgreSQL refuse it: refuse it everywhere.
			return rec, &rowError{line: rd.fieldLine(i), column: rd.header[i], msg: "contains a NUL byte (\\x00), which gtg does not store"}
		}
	}
	return rec, nil
}

// fieldLine returns the line on which field i of the last row starts.
func (rd *reader) fieldLine(i int) int {
	if i < 0 {
		return rd.line
	}
	line, _ := rd.cr.FieldPos(i)
	return line
}

// bytesRead is how far into the input the reader is, for progress.
func (rd *reader) bytesRead() int64 { return rd.in.n }
