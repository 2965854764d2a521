package csvimport

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// FuzzImport feeds any bytes to every importer over one SQLite database:
// each either imports or refuses with EINVALID (a message for the user,
// naming the file), and a refused import writes nothing.
func FuzzImport(f *testing.F) {
	for _, name := range []string{"accounts.csv", "contacts.csv", "metrics.csv", "events.csv", "outcomes.csv", "crm_accounts.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		for k := range Kinds {
			f.Add(b, uint8(k), false)
		}
	}
	f.Add([]byte("id,name,arr\nA1,\"open quote,1\n"), uint8(0), false)
	f.Add([]byte("\xef\xbb\xbfid,name\nA1,Acme\x00\n"), uint8(0), true)
	f.Add([]byte("account_id,email,role\nA1,a@x.io,champion\nA1,A@X.IO,champion\n"), uint8(1), true)
	f.Add([]byte("account_id,day,metric,value\nA1,2025-02-30,logins,1e309\n"), uint8(2), false)

	s, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	seed, _ := os.ReadFile(filepath.Join("testdata", "accounts.csv"))
	if _, err := Import(context.Background(), s, "accounts", bytes.NewReader(seed), "accounts.csv", Options{}); err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, data []byte, kind uint8, partial bool) {
		k := Kinds[int(kind)%len(Kinds)]
		before := tableCounts(t, s)
		opts := Options{Partial: partial}
		var rejects bytes.Buffer
		if partial {
			opts.Rejects = &rejects
		}
		_, err := Import(context.Background(), s, k, bytes.NewReader(data), "fuzz.csv", opts)
		if err == nil {
			return
		}
		if gtg.ErrorCode(err) != gtg.EINVALID {
			t.Fatalf("import %s: %v (code %s), want an EINVALID message", k, err, gtg.ErrorCode(err))
		}
		if !strings.Contains(err.Error(), "fuzz.csv") {
			t.Errorf("import %s: %q does not name the file", k, err)
		}
		if after := tableCounts(t, s); after != before {
			t.Errorf("a refused %s import wrote: %v, then %v", k, before, after)
		}
	})
}

func tableCounts(t *testing.T, s *store.Store) [5]int {
	t.Helper()
	var out [5]int
	for i, table := range []string{"accounts", "contacts", "metric_chunks", "events", "outcomes"} {
		out[i] = count(t, s, table)
	}
	return out
}

// FuzzParseMapping: a --map file either parses or gets an EINVALID error naming it.
func FuzzParseMapping(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "crm.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("columns:\n  id: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := ParseMapping("map.yaml", data); err != nil {
			if gtg.ErrorCode(err) != gtg.EINVALID || !strings.Contains(err.Error(), "map.yaml") {
				t.Fatalf("ParseMapping: %v (code %s), want EINVALID naming map.yaml", err, gtg.ErrorCode(err))
			}
		}
	})
}
