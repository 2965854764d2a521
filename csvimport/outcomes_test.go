package csvimport

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestImportOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		res := loadFile(t, s, "outcomes", "outcomes.csv", Options{})
		diff(t, "result", Result{Rows: 3, Loaded: 3, Changed: 3}, res)
		got, err := s.Outcomes(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		diff(t, "outcomes", []*gtg.Outcome{
			{AccountExternalID: "A1", Day: gtg.MustParseDay("2024-02-01"), Type: "renewed", ARRBefore: 120000, ARRAfter: 120000},
			{AccountExternalID: "A2", Day: gtg.MustParseDay("2024-03-01"), Type: "expanded", ARRBefore: 40000, ARRAfter: 48000.5},
			{AccountExternalID: "A3", Day: gtg.MustParseDay("2024-04-01"), Type: "churned", ARRBefore: 5000},
		}, got, cmpopts.IgnoreFields(gtg.Outcome{}, "ID", "AccountID", "CreatedAt"))

		res = loadFile(t, s, "outcomes", "outcomes.csv", Options{})
		diff(t, "re-import result", Result{Rows: 3, Loaded: 3}, res)
		res = mustLoad(t, s, "outcomes", "fix.csv", "account_id,date,type,arr_before,arr_after\nA1,2024-02-01,renewed,120000,125000\n", Options{})
		diff(t, "correction result", Result{Rows: 1, Loaded: 1, Changed: 1}, res)
	})
}

func TestImportOutcomesErrors(t *testing.T) {
	const head = "account_id,date,type,arr_before,arr_after\nA1,2024-02-01,renewed,100,100\n"
	for _, tc := range []struct{ name, data, msg string }{
		{"BadType", head + "A2,2024-02-01,won,100,100\n", `outcomes.csv line 3, column "type": "won" is not one of renewed, expanded, contracted, churned, paused, resumed`},
		{"ExpansionMustRaise", head + "A2,2024-02-01,expanded,100,90\n", `outcomes.csv line 3, column "arr_after": an expansion must raise ARR (100 -> 90)`},
		{"BadNumber", head + "A2,2024-02-01,renewed,1e,100\n", `outcomes.csv line 3, column "arr_before": bad number "1e"`},
		{"BlankAfter", head + "A2,2024-02-01,renewed,100,\n", `outcomes.csv line 3, column "arr_after": required`},
		{"BadDate", head + "A2,2024-13-01,renewed,100,100\n", `outcomes.csv line 3, column "date": bad date "2024-13-01" (want YYYY-MM-DD)`},
		{"UnknownAccount", head + "A9,2024-02-01,renewed,100,100\n", `outcomes.csv line 3, column "account_id": unknown account "A9"`},
		{"Duplicate", head + "A1,2024-02-01,Renewed,100,110\n", `outcomes.csv line 3: duplicate: account "A1" already has a renewed outcome on 2024-02-01 on line 2`},
		{"MissingColumn", "account_id,date,type,arr_before\nA1,2024-02-01,churned,100\n", `outcomes.csv line 1: missing required column "arr_after"`},
		{"WrongFieldCount", head + "A2,2024-02-01\n", `outcomes.csv line 3: wrong number of fields: 2, want 5 as in the header`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				seedAccounts(t, s)
				_, err := load(t, s, "outcomes", "outcomes.csv", tc.data, Options{})
				wantInvalid(t, err, tc.msg)
				if n := count(t, s, "outcomes"); n != 0 {
					t.Errorf("%d outcomes written, want none", n)
				}
			})
		})
	}
}

func TestImportOutcomesPartialWithMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		m, err := ParseMapping("billing.yaml", []byte(`columns:
  Customer: account_id
  Closed: {to: date, date_format: "01/02/2006"}
  Result: {to: type, values: {Closed Won: renewed, Closed Lost: churned, Upsell: expanded}}
  Old MRR: {to: arr_before, scale: 12}
  New MRR: {to: arr_after, scale: 12}
`))
		if err != nil {
			t.Fatal(err)
		}
		data := "Customer,Closed,Result,Old MRR,New MRR\n" +
			"A1,02/01/2024,Closed Won,1000,1000\n" +
			"A2,03/01/2024,Upsell,1000,900\n" +
			"A3,04/01/2024,closed lost,50,0\n"
		var rej bytes.Buffer
		res := mustLoad(t, s, "outcomes", "deals.csv", data, Options{Map: m, Partial: true, Rejects: &rej})
		diff(t, "result", Result{Rows: 3, Loaded: 2, Changed: 2, Rejected: 1}, res)
		diff(t, "rejects", [][]string{
			{"Customer", "Closed", "Result", "Old MRR", "New MRR", "line", "error"},
			{"A2", "03/01/2024", "Upsell", "1000", "900", "3", `column "New MRR": an expansion must raise ARR (12000 -> 10800)`},
		}, readCSV(t, rej.Bytes()))
		got, err := s.Outcomes(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		diff(t, "outcomes", []*gtg.Outcome{
			{AccountExternalID: "A1", Day: gtg.MustParseDay("2024-02-01"), Type: "renewed", ARRBefore: 12000, ARRAfter: 12000},
			{AccountExternalID: "A3", Day: gtg.MustParseDay("2024-04-01"), Type: "churned", ARRBefore: 600},
		}, got, cmpopts.IgnoreFields(gtg.Outcome{}, "ID", "AccountID", "CreatedAt"))
	})
}
