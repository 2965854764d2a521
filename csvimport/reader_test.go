package csvimport

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
)

// rows reads every row of a CSV and returns, for each, its line and error.
func rows(t *testing.T, data string) (header []string, lines []int, errs []string) {
	t.Helper()
	rd, err := newReader(strings.NewReader(data), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err := rd.next()
		if err == io.EOF {
			return rd.header, lines, errs
		}
		var re *rowError
		switch {
		case err == nil:
			lines = append(lines, rd.line)
			errs = append(errs, "")
		case errors.As(err, &re):
			lines = append(lines, re.line)
			errs = append(errs, re.in("f.csv").(*gtg.Error).Message)
		default:
			t.Fatalf("fatal error: %v", err)
		}
	}
}

func TestReaderLines(t *testing.T) {
	data := "\xef\xbb\xbf id , name ,note\n" + // line 1, with a byte-order mark
		"1,a,plain\n" + // 2
		"2,b,\"spans\nthree\nlines\"\n" + // 3-5
		"\n" + // 6: blank, skipped
		"3,c,\"x\"\r\n" + // 7
		"4,\"d\ne\",\"\"\n" // 8-9
	header, lines, errs := rows(t, data)
	diff(t, "header", []string{"id", "name", "note"}, header)
	diff(t, "lines", []int{2, 3, 7, 8}, lines)
	diff(t, "errors", []string{"", "", "", ""}, errs)
}

func TestReaderRowErrors(t *testing.T) {
	long := strings.Repeat("x", gtg.MaxFieldLen+1)
	data := "id,name,note\n" +
		"1,a\n" + // 2: too few fields
		"2,b,\"multi\nline\",extra\n" + // 3-4: too many
		"3,c,bad\xffbyte\n" + // 5
		"4,\"x\ny\",\"" + long + "\"\n" + // 6-7: the long field starts on line 7
		"5,e\"x,f\n" + // 8: a quote inside an unquoted field
		"6,f,ok\n" // 9: reading goes on after bad rows
	_, lines, errs := rows(t, data)
	diff(t, "errors", []string{
		`f.csv line 2: wrong number of fields: 2, want 3 as in the header`,
		`f.csv line 3: wrong number of fields: 4, want 3 as in the header`,
		`f.csv line 5, column "note": invalid UTF-8 (save the file as UTF-8)`,
		`f.csv line 7, column "note": value is 4097 bytes, over the limit of 4096`,
		`f.csv line 8: bare " in non-quoted-field`,
		``,
	}, errs)
	diff(t, "lines", []int{2, 3, 5, 7, 8, 9}, lines)
}

func TestReaderFileErrors(t *testing.T) {
	for _, tc := range []struct{ name, data, msg string }{
		{"Empty", "", `f.csv: the file is empty (want a header row on line 1)`},
		{"OnlyBOM", "\xef\xbb\xbf", `f.csv: the file is empty (want a header row on line 1)`},
		{"HeaderUTF8", "id,n\xffame\n", `f.csv line 1: column 2: invalid UTF-8 (save the file as UTF-8)`},
		{"HeaderQuote", "id,\"name\n", `f.csv line 1: extraneous or missing " in quoted-field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newReader(strings.NewReader(tc.data), "f.csv")
			wantInvalid(t, err, tc.msg)
		})
	}
}

func TestReaderUnclosedQuoteIsBounded(t *testing.T) {
	// A quote left open would make the CSV parser read the rest of the file
	// into one field; the reader stops at maxRecordBytes instead.
	data := io.MultiReader(strings.NewReader("id,note\n1,ok\n2,\"open\n"),
		strings.NewReader(strings.Repeat("more text\n", maxRecordBytes/5)))
	rd, err := newReader(data, "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.next(); err != nil {
		t.Fatalf("row 1: %v", err)
	}
	_, err = rd.next()
	wantInvalid(t, err, `f.csv: the row after line 2 runs over 4 MiB; is a quote left open?`)
	if rd.bytesRead() > 2*maxRecordBytes {
		t.Errorf("read %d bytes, want at most %d", rd.bytesRead(), 2*maxRecordBytes)
	}
}
