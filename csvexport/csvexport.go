// Package csvexport writes CSV for people to open in a spreadsheet, with
// every cell that a spreadsheet would run as a formula made inert.
package csvexport

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// Cell makes s safe to open in a spreadsheet: a cell starting with =, +,
// -, @, a tab or a carriage return is a formula to Excel, LibreOffice and
// Google Sheets (CSV injection, OWASP), so it gets a leading apostrophe,
// which they show as text. Plain numbers, negative ones included, are left
// as they are so that they stay numbers.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// Writer is a csv.Writer that passes every cell through Cell.
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one row.
func (w *Writer) Write(record []string) error {
	w.row = w.row[:0]
	for _, c := range record {
		w.row = append(w.row, Cell(c))
	}
	return w.w.Write(w.row)
}

// Flush writes buffered rows out and returns any error so far.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}
