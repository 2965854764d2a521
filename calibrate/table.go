package calibrate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
)

// TableSpec says how to read a table of examples: one row per account, a
// column naming it, a column with the outcome, and every other column a
// candidate measure.
type TableSpec struct {
	ID       string   // the column of ids; every row needs a distinct one
	Label    string   // the column of outcomes
	Positive string   // the label value of a positive example (matched ignoring case and surrounding space)
	Ignore   []string // columns that are not measures

	// Like, when set, reads the table as another table was read: the same
	// measures with the same types (a test table scored by a model fitted on
	// the first). Other columns are left aside, the label column may be
	// missing, and its rows may all have the same outcome.
	Like *Table
}

// Table is a table read into a Dataset.
type Table struct {
	*Dataset
	File     string
	HasLabel bool     // false for a Like table without the label column
	Numeric  []string // the numeric measures, by column name
	Text     []string // the categorical ones
}

// numericShare is how much of a column must read as numbers for its other
// values to be taken as mistakes rather than categories.
const numericShare = 0.9

// missingWords are values that mean "no value" in a numeric column, as
// exports write them. A blank value (or only spaces) is missing in any column.
var missingWords = []string{"na", "n/a", "nan", "null", "none", "?"}

// ReadTable reads a CSV table of examples. Column names are matched ignoring
// case and surrounding space. A column is numeric when every value that is
// not blank (nor NA, N/A, NaN, null, None or ?) is a plain decimal number; it
// is refused when at least 90% of those values are numbers and some are
// not, since those are mistakes more likely than categories; otherwise it is
// categorical, every distinct value a category. Every error names the file,
// the line (the header is line 1) and the column.
func ReadTable(file string, r io.Reader, spec TableSpec) (*Table, error) {
	header, rows, lines, err := readCSV(file, r)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		k := fold(h)
		if k == "" {
			return nil, gtg.Errorf(gtg.EINVALID, "%s line 1: column %d has no name", file, i+1)
		}
		if j, dup := col[k]; dup {
			return nil, gtg.Errorf(gtg.EINVALID, "%s line 1: columns %d and %d are both named %q", file, j+1, i+1, h)
		}
		col[k] = i
	}
	find := func(flag, name string, required bool) (int, error) {
		if name == "" {
			return -1, gtg.Errorf(gtg.EINVALID, "%s: name the %s column", file, flag)
		}
		i, ok := col[fold(name)]
		if !ok && required {
			return -1, gtg.Errorf(gtg.EINVALID, "%s line 1: no %s column %q (the columns are %s)", file, flag, name, strings.Join(header, ", "))
		}
		if !ok {
			return -1, nil
		}
		return i, nil
	}
	idCol, err := find("id", spec.ID, true)
	if err != nil {
		return nil, err
	}
	labelCol, err := find("label", spec.Label, spec.Like == nil)
	if err != nil {
		return nil, err
	}
	if idCol == labelCol {
		return nil, gtg.Errorf(gtg.EINVALID, "%s: the id and label columns are the same column %q", file, header[idCol])
	}
	skip := map[int]bool{idCol: true, labelCol: true}
	for _, name := range spec.Ignore {
		if strings.TrimSpace(name) == "" {
			continue
		}
		i, err := find("ignored", name, spec.Like == nil)
		if err != nil {
			return nil, err
		}
		if i == idCol || i == labelCol {
			return nil, gtg.Errorf(gtg.EINVALID, "%s: cannot ignore %q, the id or label column", file, header[i])
		}
		skip[i] = true
	}

	t := &Table{File: file, Dataset: &Dataset{}, HasLabel: labelCol >= 0}
	if err := t.readIDs(rows, lines, idCol, header[idCol]); err != nil {
		return nil, err
	}
	if t.HasLabel {
		if err := t.readLabels(rows, lines, labelCol, header[labelCol], spec.Positive, spec.Like == nil); err != nil {
			return nil, err
		}
	}
	if spec.Like != nil {
		return t, t.readLike(spec.Like, header, col, rows, lines)
	}
	for i, h := range header {
		if skip[i] {
			continue
		}
		f, err := readFeature(file, h, rows, lines, i, nil)
		if err != nil {
			return nil, err
		}
		t.add(f)
	}
	if len(t.Features) == 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s: no columns left to learn from besides the id, the label and the ignored ones", file)
	}
	return t, nil
}

func (t *Table) add(f *Feature) {
	t.Features = append(t.Features, f)
	if f.Numeric() {
		t.Numeric = append(t.Numeric, f.Name)
	} else {
		t.Text = append(t.Text, f.Name)
	}
}

// readLike reads the measures of like, with its types, from this table.
func (t *Table) readLike(like *Table, header []string, col map[string]int, rows [][]string, lines []int) error {
	for _, lf := range like.Features {
		i, ok := col[fold(lf.Name)]
		if !ok {
			return gtg.Errorf(gtg.EINVALID, "%s line 1: no column %q, which %s has and the model scores", t.File, lf.Name, like.File)
		}
		numeric := lf.Numeric()
		f, err := readFeature(t.File, header[i], rows, lines, i, &numeric)
		if err != nil {
			return err
		}
		f.Name = lf.Name
		t.add(f)
	}
	return nil
}

// readCSV reads the whole file, with the line each row starts on.
func readCSV(file string, r io.Reader) (header []string, rows [][]string, lines []int, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	header, err = cr.Read()
	if err == io.EOF {
		return nil, nil, nil, gtg.Errorf(gtg.EINVALID, "%s: the file is empty (want a header row on line 1)", file)
	}
	if err != nil {
		return nil, nil, nil, csvErr(file, err)
	}
	header = slices.Clone(header)
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.Err == csv.ErrFieldCount {
				return nil, nil, nil, gtg.Errorf(gtg.EINVALID, "%s line %d: %d fields, want %d as in the header", file, pe.StartLine, len(rec), len(header))
			}
			return nil, nil, nil, csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	if len(rows) == 0 {
		return nil, nil, nil, gtg.Errorf(gtg.EINVALID, "%s: no rows after the header", file)
	}
	return header, rows, lines, nil
}

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return gtg.Errorf(gtg.EINVALID, "%s line %d: %v", file, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("read %s: %w", file, err)
}

func (t *Table) readIDs(rows [][]string, lines []int, c int, name string) error {
	seen := make(map[string]int, len(rows))
	t.IDs = make([]string, len(rows))
	for r, rec := range rows {
		id := strings.TrimSpace(rec[c])
		if id == "" {
			return gtg.Errorf(gtg.EINVALID, "%s line %d, column %q: the id is blank", t.File, lines[r], name)
		}
		if first, dup := seen[id]; dup {
			return gtg.Errorf(gtg.EINVALID, "%s line %d, column %q: id %q is also on line %d; ids must be distinct", t.File, lines[r], name, id, first)
		}
		seen[id] = lines[r]
		t.IDs[r] = id
	}
	return nil
}

// readLabels reads the outcomes; bothClasses refuses a table whose rows
// are all positive or all negative, which a model cannot learn from.
func (t *Table) readLabels(rows [][]string, lines []int, c int, name, positive string, bothClasses bool) error {
	if strings.TrimSpace(positive) == "" {
		return gtg.Errorf(gtg.EINVALID, "%s: name the label value of a positive example (--positive)", t.File)
	}
	t.Labels = make([]bool, len(rows))
	values := map[string]bool{}
	for r, rec := range rows {
		v := strings.TrimSpace(rec[c])
		if v == "" {
			return gtg.Errorf(gtg.EINVALID, "%s line %d, column %q: the label is blank", t.File, lines[r], name)
		}
		t.Labels[r] = strings.EqualFold(v, strings.TrimSpace(positive))
		values[v] = true
	}
	pos := t.Positives()
	if bothClasses && (pos == 0 || pos == len(rows)) {
		seen := make([]string, 0, len(values))
		for v := range values {
			seen = append(seen, strconv.Quote(v))
		}
		slices.Sort(seen)
		if len(seen) > 10 {
			seen = append(seen[:10], "…")
		}
		which := "no row has"
		if pos > 0 {
			which = "every row has"
		}
		return gtg.Errorf(gtg.EINVALID, "%s, column %q: %s the positive value %q, so there is one class only (values: %s); a model needs both outcomes",
			t.File, name, which, positive, strings.Join(seen, ", "))
	}
	return nil
}

// readFeature reads column c. numeric, when given, fixes the type.
func readFeature(file, name string, rows [][]string, lines []int, c int, numeric *bool) (*Feature, error) {
	var nums, texts, blanks int
	firstText := -1
	for r, rec := range rows {
		v := strings.TrimSpace(rec[c])
		switch _, ok := parseNumber(v); {
		case v == "" || slices.Contains(missingWords, strings.ToLower(v)):
			blanks++
		case ok:
			nums++
		default:
			texts++
			if firstText < 0 {
				firstText = r
			}
		}
	}
	isNum := texts == 0 && nums > 0
	switch {
	case numeric != nil && *numeric && texts > 0:
		return nil, gtg.Errorf(gtg.EINVALID, "%s line %d, column %q: %q is not a number, and the column holds numbers (blank it to mark a missing value)",
			file, lines[firstText], name, strings.TrimSpace(rows[firstText][c]))
	case numeric != nil:
		isNum = *numeric
	case nums == 0 && texts == 0:
		return nil, gtg.Errorf(gtg.EINVALID, "%s, column %q: every value is blank; drop the column or --ignore it", file, name)
	case texts > 0 && float64(nums) >= numericShare*float64(nums+texts):
		return nil, gtg.Errorf(gtg.EINVALID, "%s line %d, column %q: %q is not a number, but %.0f%% of the column's values are; fix it, blank it to mark a missing value, or --ignore the column",
			file, lines[firstText], name, strings.TrimSpace(rows[firstText][c]), math.Floor(100*float64(nums)/float64(nums+texts)))
	}
	f := &Feature{Name: name}
	if isNum {
		f.Num = make([]float64, len(rows))
		for r, rec := range rows {
			x, ok := parseNumber(strings.TrimSpace(rec[c]))
			if !ok {
				x = math.NaN()
			}
			f.Num[r] = x
		}
	} else {
		f.Cat = make([]string, len(rows))
		for r, rec := range rows {
			f.Cat[r] = strings.TrimSpace(rec[c])
		}
	}
	return f, nil
}

// parseNumber is gtg.ParseNumber.
func parseNumber(s string) (float64, bool) { return gtg.ParseNumber(s) }
