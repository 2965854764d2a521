package csvimport

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// series reads an account's metric values back, by day from from.
func series(t *testing.T, s *store.Store, ext string, keys []string, from, to string) map[string][]float64 {
	t.Helper()
	ss, err := s.Series(context.Background(), account(t, s, ext).ID, keys, gtg.MustParseDay(from), gtg.MustParseDay(to))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]float64{}
	for _, x := range ss {
		out[x.Key] = x.Values
	}
	return out
}

var nan = math.NaN()

func TestImportMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		res := loadFile(t, s, "metrics", "metrics.csv", Options{})
		if res.Rows != 5 || res.Loaded != 5 || res.Rejected != 0 || res.Changed == 0 {
			t.Errorf("result %+v, want 5 rows loaded and some changed", res)
		}
		got := series(t, s, "A1", []string{"active_users", "logins"}, "2024-01-01", "2024-01-03")
		if fmt.Sprint(got) != fmt.Sprint(map[string][]float64{"active_users": {10, 12, nan}, "logins": {3, nan, nan}}) {
			t.Errorf("A1 series: %v", got)
		}
		got = series(t, s, "A1", []string{"active_users"}, "2024-02-01", "2024-02-01")
		if got["active_users"][0] != 15.5 {
			t.Errorf("A1 active_users on 2024-02-01: %v", got)
		}
		got = series(t, s, "A2", []string{"logins"}, "2024-01-31", "2024-01-31")
		if got["logins"][0] != 0 {
			t.Errorf("A2 logins: %v", got)
		}
		audits := count(t, s, "audit_log")
		res = loadFile(t, s, "metrics", "metrics.csv", Options{})
		diff(t, "re-import result", Result{Rows: 5, Loaded: 5}, res)
		if n := count(t, s, "audit_log"); n != audits {
			t.Errorf("re-import wrote %d audit entries", n-audits)
		}
	})
}

func TestImportMetricsErrors(t *testing.T) {
	const head = "account_id,date,metric,value\nA1,2024-01-01,logins,1\n"
	for _, tc := range []struct{ name, data, msg string }{
		{"BadNumber", head + "A1,2024-01-02,logins,1.2.3\n", `metrics.csv line 3, column "value": bad number "1.2.3"`},
		{"BlankValue", head + "A1,2024-01-02,logins,\n", `metrics.csv line 3, column "value": required`},
		{"BadDate", head + "A1,2024-02-30,logins,1\n", `metrics.csv line 3, column "date": bad date "2024-02-30" (want YYYY-MM-DD)`},
		{"UnknownAccount", head + "A9,2024-01-02,logins,1\n", `metrics.csv line 3, column "account_id": unknown account "A9"`},
		{"Duplicate", head + "A2,2024-01-01,logins,1\nA1,2024-01-01,Logins,2\n",
			`metrics.csv line 4: duplicate: account "A1" has a logins value for 2024-01-01 on an earlier line`},
		{"BadMetric", head + "A1,2024-01-02,daily logins,1\n",
			`metrics.csv line 3, column "metric": "daily logins" is not a metric key (letters, digits and _, starting with a letter)`},
		{"MissingColumn", "account_id,date,value\nA1,2024-01-01,1\n", `metrics.csv line 1: missing required column "metric"`},
		{"WrongFieldCount", head + "A1,2024-01-02,logins\n", `metrics.csv line 3: wrong number of fields: 3, want 4 as in the header`},
		{"InvalidUTF8", head + "A1,2024-01-02,l\xf6gins,1\n", `metrics.csv line 3, column "metric": invalid UTF-8 (save the file as UTF-8)`},
		{"FieldTooLong", head + "A1,2024-01-02,logins," + strings.Repeat("1", gtg.MaxFieldLen+1) + "\n",
			`metrics.csv line 3, column "value": value is 4097 bytes, over the limit of 4096`},
		{"NotFinite", head + "A1,2024-01-02,logins,NaN\n", `metrics.csv line 3, column "value": bad number "NaN"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				seedAccounts(t, s)
				_, err := load(t, s, "metrics", "metrics.csv", tc.data, Options{})
				wantInvalid(t, err, tc.msg)
				if n := count(t, s, "metric_chunks"); n != 0 {
					t.Errorf("%d metric chunks written, want none", n)
				}
			})
		})
	}
}

func TestImportMetricsPartial(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		data := "account_id,date,metric,value\n" +
			"A1,2024-01-01,logins,1\n" +
			"A9,2024-01-01,logins,1\n" +
			"A1,2024-01-02,logins,x\n" +
			"A1,2024-01-01,logins,5\n" +
			"A2,2024-01-01,logins,2\n"
		var rej bytes.Buffer
		res := mustLoad(t, s, "metrics", "metrics.csv", data, Options{Partial: true, Rejects: &rej})
		if res.Rows != 5 || res.Loaded != 2 || res.Rejected != 3 {
			t.Errorf("result %+v, want 5 rows, 2 loaded, 3 rejected", res)
		}
		diff(t, "rejects", [][]string{
			{"account_id", "date", "metric", "value", "line", "error"},
			{"A9", "2024-01-01", "logins", "1", "3", `column "account_id": unknown account "A9"`},
			{"A1", "2024-01-02", "logins", "x", "4", `column "value": bad number "x"`},
			{"A1", "2024-01-01", "logins", "5", "5", `duplicate: account "A1" has a logins value for 2024-01-01 on an earlier line`},
		}, readCSV(t, rej.Bytes()))
		if got := series(t, s, "A1", []string{"logins"}, "2024-01-01", "2024-01-01"); got["logins"][0] != 1 {
			t.Errorf("A1 logins: %v, want the first value, 1", got)
		}
	})
}

func TestImportMetricsWithMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		m, err := ParseMapping("m.yaml", []byte(`columns:
  Customer: account_id
  Day: {to: date, date_format: "%d.%m.%Y"}
  Event: {to: metric, values: {"Login": logins, "API Call": api_calls}}
  Count: {to: value, strip: ","}
ignore: [Source]
`))
		if err != nil {
			t.Fatal(err)
		}
		data := "Customer,Day,Event,Count,Source\nA1,01.01.2024,Login,\"1,200\",web\nA1,02.01.2024,API Call,7,api\n"
		res := mustLoad(t, s, "metrics", "events.csv", data, Options{Map: m})
		if res.Loaded != 2 {
			t.Fatalf("result %+v", res)
		}
		got := series(t, s, "A1", []string{"api_calls", "logins"}, "2024-01-01", "2024-01-02")
		if fmt.Sprint(got) != fmt.Sprint(map[string][]float64{"api_calls": {nan, 7}, "logins": {1200, nan}}) {
			t.Errorf("series: %v", got)
		}
	})
}

// largeMetrics writes accounts × metrics × days rows ordered by day (as
// daily exports are, the worst order for the store's month-long records).
func largeMetrics(accounts, metrics, days int) string {
	var b strings.Builder
	b.WriteString("account_id,date,metric,value\n")
	start := gtg.MustParseDay("2024-01-01")
	for d := 0; d < days; d++ {
		day := start.AddDays(d).String()
		for a := 0; a < accounts; a++ {
			for m := 0; m < metrics; m++ {
				fmt.Fprintf(&b, "L%04d,%s,m%d,%s\n", a, day, m, largeValue(a, m, d))
			}
		}
	}
	return b.String()
}

func largeValue(a, m, d int) string {
	if m == 0 {
		return fmt.Sprintf("%d.25", (a*7+d)%50) // a float metric
	}
	return fmt.Sprint((a*31 + m*7 + d*3) % 1000)
}

func TestImportMetricsLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large import")
	}
	const accounts, metrics, days = 400, 5, 100 // 200,000 rows, more than one buffer
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var accts strings.Builder
		accts.WriteString("id,name\n")
		for a := 0; a < accounts; a++ {
			fmt.Fprintf(&accts, "L%04d,Large %d\n", a, a)
		}
		mustLoad(t, s, "accounts", "accounts.csv", accts.String(), Options{})

		data := largeMetrics(accounts, metrics, days)
		// A duplicate of the first row, far past the first buffer, must be caught too.
		data += "L0000,2024-01-01,m1,5\n"
		var last int64
		var rej bytes.Buffer
		res := mustLoad(t, s, "metrics", "large.csv", data, Options{Partial: true, Rejects: &rej,
			Progress: func(n int64) {
				if n < last {
					t.Errorf("progress went back from %d to %d", last, n)
				}
				last = n
			}})
		if res.Rows != accounts*metrics*days+1 || res.Loaded != accounts*metrics*days || res.Rejected != 1 {
			t.Errorf("result %+v", res)
		}
		if last != int64(len(data)) {
			t.Errorf("last progress %d, want %d", last, len(data))
		}
		if recs := readCSV(t, rej.Bytes()); len(recs) != 2 || recs[1][4] != fmt.Sprint(accounts*metrics*days+2) {
			t.Errorf("rejects: %v", recs)
		}
		for _, a := range []int{0, 199, 399} {
			got := series(t, s, fmt.Sprintf("L%04d", a), nil, "2023-12-31", "2024-04-10")
			for m := 0; m < metrics; m++ {
				vals := got[fmt.Sprintf("m%d", m)]
				for i, v := range vals {
					d := i - 1
					want := nan
					if d >= 0 && d < days {
						fmt.Sscan(largeValue(a, m, d), &want)
					}
					if fmt.Sprint(v) != fmt.Sprint(want) {
						t.Fatalf("L%04d m%d day %d: %v, want %v", a, m, d, v, want)
					}
				}
			}
		}
		res = mustLoad(t, s, "metrics", "large.csv", data, Options{Partial: true})
		if res.Changed != 0 || res.Loaded != accounts*metrics*days {
			t.Errorf("re-import result %+v, want nothing changed", res)
		}
	})
}
