package csvimport

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// TestHostileCSV: files built to exhaust memory or confuse the reader get a
// clear error naming the file and line, within bounded memory, and write nothing.
func TestHostileCSV(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "gtg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	header := "id,name,arr\n"
	for _, tc := range []struct {
		name, data, want string
	}{
		{"MillionsOfColumns", header + "A1,Acme,1" + strings.Repeat(",x", 3_000_000) + "\n", "hostile.csv: the row after line 1 runs over 4 MiB"},
		{"ManyColumnsUnderTheRowLimit", header + "A1,Acme,1" + strings.Repeat(",", 1_000_000) + "\n", "hostile.csv line 2"},
		{"TenMegabyteField", header + "A1," + strings.Repeat("n", 10<<20) + ",1\n", "hostile.csv: the row after line 1 runs over 4 MiB"},
		{"OpenQuoteToTheEnd", header + "A1,\"Acme" + strings.Repeat("and more,\n", 1_000_000), "hostile.csv: the row after line 1 runs over 4 MiB"},
		{"NULBytes", header + "A1,Ac\x00me,1\n", `hostile.csv line 2, column "name": contains a NUL byte`},
		{"NULInHeader", "id,na\x00me,arr\nA1,Acme,1\n", "hostile.csv line 1: column 2: contains a NUL byte"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := Import(context.Background(), s, "accounts", strings.NewReader(tc.data), "hostile.csv", Options{})
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if gtg.ErrorCode(err) != gtg.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an EINVALID error at %q", err, tc.want)
			}
			if len(err.Error()) > 1000 {
				t.Errorf("the message is %d bytes: it should say what is wrong, not echo the input", len(err.Error()))
			}
			// The row limit (maxRecordBytes) bounds what one row can cost; a
			// row of millions of one-byte fields is the worst case: the CSV
			// reader's field slices, grown by doubling, allocate about 80
			// bytes a field in all (and hold far less at any moment).
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 100*maxRecordBytes {
				t.Errorf("allocated %d MB for a %d MB file", grew>>20, len(tc.data)>>20)
			}
			if n := count(t, s, "accounts"); n != 0 {
				t.Errorf("%d accounts written", n)
			}
			t.Logf("%s", err)
		})
	}
}
