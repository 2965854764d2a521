package calibrate

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
)

var spec = TableSpec{ID: "id", Label: "churned", Positive: "Yes"}

func read(t *testing.T, csv string, s TableSpec) (*Table, error) {
	t.Helper()
	return ReadTable("t.csv", strings.NewReader(csv), s)
}

func TestReadTable(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// A BOM, spaces around values, a blank and an NA in a numeric column,
		// mixed case in the label, an ignored column.
		csv := "\xef\xbb\xbfID , Churned,seats,plan,notes\n" +
			"a, yes ,10,Pro,x\n" +
			"b,No, ,basic,y\n" +
			"c,no,NA,pro,z\n" +
			"d,YES,2.5,,w\n"
		tb, err := read(t, csv, TableSpec{ID: "id", Label: "churned", Positive: "Yes", Ignore: []string{"Notes"}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"a", "b", "c", "d"}, tb.IDs); diff != "" {
			t.Errorf("ids (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]bool{true, false, false, true}, tb.Labels); diff != "" {
			t.Errorf("labels (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"seats"}, tb.Numeric); diff != "" {
			t.Errorf("numeric (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"plan"}, tb.Text); diff != "" {
			t.Errorf("text (-want +got):\n%s", diff)
		}
		seats := tb.Features[0].Num
		if seats[0] != 10 || !math.IsNaN(seats[1]) || !math.IsNaN(seats[2]) || seats[3] != 2.5 {
			t.Errorf("seats = %v, want 10 NaN NaN 2.5", seats)
		}
		if diff := cmp.Diff([]string{"Pro", "basic", "pro", ""}, tb.Features[1].Cat); diff != "" {
			t.Errorf("plan (-want +got):\n%s", diff)
		}
	})
	t.Run("ManyCategoriesMostlyText", func(t *testing.T) {
		// Under 90% numbers: the column is categorical, numbers and all.
		csv := "id,churned,size\na,yes,small\nb,no,large\nc,no,1\nd,yes,small\n"
		tb, err := read(t, csv, spec)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"small", "large", "1", "small"}, tb.Features[0].Cat); diff != "" {
			t.Errorf("size (-want +got):\n%s", diff)
		}
	})
}

func TestReadTableErrors(t *testing.T) {
	numericWithText := "id,churned,seats\n" + strings.Repeat("x,no,1\n", 0)
	for i := range 20 {
		v := "5"
		if i == 13 {
			v = "five"
		}
		numericWithText += "a" + strings.Repeat("x", i) + "," + map[bool]string{true: "yes", false: "no"}[i%3 == 0] + "," + v + "\n"
	}
	tests := []struct {
		name string
		csv  string
		spec TableSpec
		want string
	}{
		{"ErrLabelColumnMissing", "id,outcome,x\na,yes,1\n", spec, `t.csv line 1: no label column "churned" (the columns are id, outcome, x)`},
		{"ErrIDColumnMissing", "key,churned,x\na,yes,1\n", spec, `t.csv line 1: no id column "id"`},
		{"ErrOneClass", "id,churned,x\na,no,1\nb,No,2\n", spec, `t.csv, column "churned": no row has the positive value "Yes", so there is one class only (values: "No", "no")`},
		{"ErrAllPositive", "id,churned,x\na,yes,1\nb,Yes,2\n", spec, `every row has the positive value "Yes"`},
		{"ErrAllBlankColumn", "id,churned,x,empty\na,yes,1,\nb,no,2, \n", spec, `t.csv, column "empty": every value is blank; drop the column or --ignore it`},
		{"ErrNotANumber", numericWithText, spec, `t.csv line 15, column "seats": "five" is not a number, but 95% of the column's values are`},
		{"ErrDuplicateID", "id,churned,x\na,yes,1\nb,no,2\na,no,3\n", spec, `t.csv line 4, column "id": id "a" is also on line 2; ids must be distinct`},
		{"ErrBlankID", "id,churned,x\na,yes,1\n ,no,2\n", spec, `t.csv line 3, column "id": the id is blank`},
		{"ErrBlankLabel", "id,churned,x\na,yes,1\nb,,2\n", spec, `t.csv line 3, column "churned": the label is blank`},
		{"ErrRagged", "id,churned,x\na,yes,1\nb,no\n", spec, `t.csv line 3: 2 fields, want 3 as in the header`},
		{"ErrQuote", "id,churned,x\na,yes,\"1\nb,no,2\n", spec, `t.csv line 2: extraneous or missing " in quoted-field`},
		{"ErrEmpty", "", spec, `t.csv: the file is empty (want a header row on line 1)`},
		{"ErrNoRows", "id,churned,x\n", spec, `t.csv: no rows after the header`},
		{"ErrNoMeasures", "id,churned,x\na,yes,1\nb,no,2\n", TableSpec{ID: "id", Label: "churned", Positive: "yes", Ignore: []string{"x"}}, `t.csv: no columns left to learn from`},
		{"ErrDuplicateColumn", "id,churned,x,X\na,yes,1,2\n", spec, `t.csv line 1: columns 3 and 4 are both named "X"`},
		{"ErrIgnoreUnknown", "id,churned,x\na,yes,1\n", TableSpec{ID: "id", Label: "churned", Positive: "yes", Ignore: []string{"y"}}, `t.csv line 1: no ignored column "y"`},
		{"ErrNoPositive", "id,churned,x\na,yes,1\n", TableSpec{ID: "id", Label: "churned"}, `t.csv: name the label value of a positive example (--positive)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(t, tt.csv, tt.spec)
			if gtg.ErrorCode(err) != gtg.EINVALID || !strings.Contains(gtg.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v, want an invalid error containing %q", err, tt.want)
			}
		})
	}
}

func TestReadTableLike(t *testing.T) {
	train, err := read(t, "id,churned,seats,plan\na,yes,1,pro\nb,no,2,basic\n", spec)
	if err != nil {
		t.Fatal(err)
	}
	like := TableSpec{ID: "id", Label: "churned", Positive: "yes", Like: train}
	t.Run("OK", func(t *testing.T) {
		// No label, an extra column, the columns in another order, a plan
		// that looks like a number but stays a category.
		tb, err := read(t, "plan,extra,id,seats\n3,q,x,5\n", like)
		if err != nil {
			t.Fatal(err)
		}
		if tb.HasLabel || tb.Features[0].Num[0] != 5 || tb.Features[1].Cat[0] != "3" {
			t.Errorf("got label %v, features %+v %+v", tb.HasLabel, tb.Features[0], tb.Features[1])
		}
	})
	t.Run("ErrMissingColumn", func(t *testing.T) {
		_, err := read(t, "id,seats\nx,5\n", like)
		if want := `t.csv line 1: no column "plan", which t.csv has and the model scores`; gtg.ErrorMessage(err) != want {
			t.Errorf("got %v, want %q", err, want)
		}
	})
	t.Run("ErrNotANumber", func(t *testing.T) {
		// In a test table, one bad number is enough.
		_, err := read(t, "id,seats,plan\nx,5,pro\ny,many,pro\n", like)
		if want := `t.csv line 3, column "seats": "many" is not a number, and the column holds numbers`; !strings.Contains(gtg.ErrorMessage(err), want) {
			t.Errorf("got %v, want %q", err, want)
		}
	})
}
