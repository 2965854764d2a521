package csvimport

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestImportAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		res := loadFile(t, s, "accounts", "accounts.csv", Options{Actor: "ann@example.com"})
		diff(t, "result", Result{Rows: 3, Loaded: 3, Changed: 3}, res)

		want := &gtg.Account{ExternalID: "A1", Name: "Acme Corp", ARR: 120000, Currency: "USD", Plan: "enterprise",
			Seats: 250, Segment: "enterprise", Stage: "mature", ContractStart: gtg.MustParseDay("2023-02-01"),
			RenewalDate: gtg.MustParseDay("2025-02-01"), Owner: "dana@example.com", AccountExecutive: "eve@example.com",
			ICPFit: "A", Attrs: map[string]any{"tier": 1.0, "health_note": "Quarterly review went well,\nrenewal looks safe",
				"beta": true, "signed_on": gtg.MustParseDay("2023-01-15")}}
		ignore := cmpopts.IgnoreFields(gtg.Account{}, "ID", "CreatedAt", "UpdatedAt")
		diff(t, "A1", want, account(t, s, "A1"), ignore)
		diff(t, "A2", &gtg.Account{ExternalID: "A2", Name: "Globex", ARR: 48000.5, Currency: "EUR", Plan: "growth",
			Seats: 40, Segment: "mid-market", Stage: "adoption", ContractStart: gtg.MustParseDay("2024-03-01"),
			RenewalDate: gtg.MustParseDay("2025-03-01"), Owner: "sam@example.com", ICPFit: "B",
			Attrs: map[string]any{"tier": 2.0, "beta": false}}, account(t, s, "A2"), ignore)
		diff(t, "A3", &gtg.Account{ExternalID: "A3", Name: "Initech", Currency: "USD", Plan: "starter", Segment: "smb",
			Stage: "adoption", Owner: "sam@example.com", ICPFit: "C", Attrs: map[string]any{}}, account(t, s, "A3"), ignore)
		audits := count(t, s, "audit_log")
		if audits == 0 {
			t.Error("no audit entries for the created accounts")
		}

		res = loadFile(t, s, "accounts", "accounts.csv", Options{})
		diff(t, "re-import result", Result{Rows: 3, Loaded: 3}, res)
		if n := count(t, s, "audit_log"); n != audits {
			t.Errorf("re-import wrote %d audit entries", n-audits)
		}
	})
}

func TestImportAccountsErrors(t *testing.T) {
	long := strings.Repeat("n", gtg.MaxFieldLen+1)
	for _, tc := range []struct{ name, data, msg string }{
		{"BadNumber", "id,name,arr\nA1,Acme,100\nA2,Globex,12k\n",
			`accounts.csv line 3, column "arr": bad number "12k"`},
		{"BadDate", "id,name,contract_start\nA1,Acme,2024-01-01\nA2,Globex,2024-02-30\n",
			`accounts.csv line 3, column "contract_start": bad date "2024-02-30" (want YYYY-MM-DD)`},
		{"DuplicateID", "id,name\nA1,Acme\nA2,Globex\n A1 ,Acme again\n",
			`accounts.csv line 4, column "id": duplicate id "A1" (also on line 2)`},
		{"MissingColumn", "id,arr\nA1,100\n", `accounts.csv line 1: missing required column "name"`},
		{"InvalidUTF8", "id,name\nA1,Acme\nA2,Glo\xffbex\n",
			`accounts.csv line 3, column "name": invalid UTF-8 (save the file as UTF-8)`},
		{"FieldTooLong", "id,name\nA1,Acme\nA2," + long + "\n",
			`accounts.csv line 3, column "name": value is 4097 bytes, over the limit of 4096`},
		{"WrongFieldCount", "id,name,arr\nA1,Acme,1\nA2,Globex\n",
			`accounts.csv line 3: wrong number of fields: 2, want 3 as in the header`},
		{"BadStage", "id,name,stage\nA1,Acme,mature\nA2,Globex,churning\n",
			`accounts.csv line 3, column "stage": "churning" is not one of onboarding, adoption, mature, renewal`},
		{"NegativeARR", "id,name,arr\nA1,Acme,-5\n", `accounts.csv line 2, column "arr": must not be negative`},
		{"RenewalBeforeStart", "id,name,contract_start,renewal_date\nA1,Acme,2024-06-01,2024-01-01\n",
			`accounts.csv line 2, column "renewal_date": 2024-01-01 is before contract_start 2024-06-01`},
		{"FractionalSeats", "id,name,seats\nA1,Acme,2.5\n", `accounts.csv line 2, column "seats": 2.5 is not a whole number`},
		{"BlankID", "id,name\nA1,Acme\n,Nobody\n", `accounts.csv line 3, column "id": required`},
		{"BlankName", "Id,Name\nA1,\n", `accounts.csv line 2, column "Name": required`},
		{"BadCurrency", "id,name,currency\nA1,Acme,euro\n", `accounts.csv line 2, column "currency": want a 3-letter ISO code, got "EURO"`},
		{"BadAttributeName", "id,name,Tier %\nA1,Acme,1\n",
			`accounts.csv line 1, column "Tier %": "tier_%" cannot name an attribute (lowercase letters, digits and _, starting with a letter); rename or ignore the column with --map`},
		{"AttributeTypeInFile", "id,name,tier\nA1,Acme,1\nA2,Globex,gold\n",
			`accounts.csv line 3, column "tier": bad number "gold" (tier holds numbers)`},
		{"UnnamedColumn", "id,name,\nA1,Acme,x\n", `accounts.csv line 1: column 3 has no name (name it, or delete the column)`},
		{"TwoColumnsOneField", "id,name,ID\nA1,Acme,A1\n", `accounts.csv line 1, column "ID": gives id, as column "id" does already`},
		{"MultiLineField", "id,name,note,arr\nA1,Acme,\"a note\non three\nlines\",100\nA2,Globex,,1O0\n",
			`accounts.csv line 5, column "arr": bad number "1O0"`},
		{"BadValueInsideMultiLineRow", "id,name,note,arr\nA1,Acme,\"a note\non two\",1x\n",
			`accounts.csv line 3, column "arr": bad number "1x"`},
		{"BareQuote", "id,name\nA1,Acme\nA2,The \"Best\" Co\n", `accounts.csv line 3: bare " in non-quoted-field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				_, err := load(t, s, "accounts", "accounts.csv", tc.data, Options{})
				wantInvalid(t, err, tc.msg)
				if n := count(t, s, "accounts"); n != 0 {
					t.Errorf("%d accounts written, want none", n)
				}
				if n := count(t, s, "audit_log"); n != 0 {
					t.Errorf("%d audit entries written, want none", n)
				}
			})
		})
	}
}

func TestImportAccountsAttributeTypeInDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		mustLoad(t, s, "accounts", "a.csv", "id,name,tier,zip\nA1,Acme,1,02139\n", Options{})
		_, err := load(t, s, "accounts", "b.csv", "id,name,tier\nA2,Globex,2\nA3,Initech,gold\n", Options{})
		wantInvalid(t, err, `b.csv line 3, column "tier": bad number "gold" (tier holds numbers)`)
		if n := count(t, s, "accounts"); n != 1 {
			t.Errorf("%d accounts, want 1", n)
		}
		// A mapping may not retype a stored attribute.
		m, err := ParseMapping("m.yaml", []byte("columns:\n  tier: {type: text}\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = load(t, s, "accounts", "c.csv", "id,name,tier\nA2,Globex,gold\n", Options{Map: m})
		wantInvalid(t, err, `m.yaml line 2: column "tier": attribute tier is stored as number, not text`)
	})
}

func TestImportAccountsPartial(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		data := "id,name,arr\n" +
			"A1,Acme,100\n" +
			"A2,Globex,12k\n" +
			"A3,\"Initech\nLLC\",300\n" + // lines 4-5
			"A1,Acme again,150\n" + // the second A1 is the reject
			"A4,Hooli\n" +
			"A5,Umbrella,-1\n" +
			"A6,Stark,600\n"
		var rej bytes.Buffer
		res := mustLoad(t, s, "accounts", "accounts.csv", data, Options{Partial: true, Rejects: &rej})
		diff(t, "result", Result{Rows: 7, Loaded: 3, Changed: 3, Rejected: 4}, res)
		diff(t, "rejects", [][]string{
			{"id", "name", "arr", "line", "error"},
			{"A2", "Globex", "12k", "3", `column "arr": bad number "12k"`},
			{"A1", "Acme again", "150", "6", `column "id": duplicate id "A1" (also on line 2)`},
			{"A4", "Hooli", "", "7", "wrong number of fields: 2, want 3 as in the header"},
			{"A5", "Umbrella", "-1", "8", `column "arr": must not be negative`},
		}, readCSV(t, rej.Bytes()))
		accts, total, err := s.Accounts(context.Background(), gtg.AccountFilter{Sort: "name"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range accts {
			got = append(got, a.ExternalID+"="+a.Name)
		}
		diff(t, "accounts", []string{"A1=Acme", "A3=Initech\nLLC", "A6=Stark"}, got)
		if total != 3 {
			t.Errorf("total %d, want 3", total)
		}
	})
}

func TestImportAccountsWithMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		m, err := LoadMapping(filepath.Join("testdata", "crm.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		res := loadFile(t, s, "accounts", "crm_accounts.csv", Options{Map: m})
		diff(t, "result", Result{Rows: 2, Loaded: 2, Changed: 2}, res)
		ignore := cmpopts.IgnoreFields(gtg.Account{}, "ID", "CreatedAt", "UpdatedAt")
		diff(t, "C-1", &gtg.Account{ExternalID: "C-1", Name: "Umbrella", ARR: 19.99, Currency: "EUR", Stage: "adoption",
			RenewalDate: gtg.MustParseDay("2025-03-31"), Owner: "team@example.com",
			Attrs: map[string]any{"zip": "02139"}}, account(t, s, "C-1"), ignore)
		diff(t, "C-2", &gtg.Account{ExternalID: "C-2", Name: "Hooli", ARR: 2500000, Currency: "EUR", Stage: "onboarding",
			RenewalDate: gtg.MustParseDay("2025-12-01"), Owner: "team@example.com",
			Attrs: map[string]any{"zip": "SW1"}}, account(t, s, "C-2"), ignore)
		res = loadFile(t, s, "accounts", "crm_accounts.csv", Options{Map: m})
		diff(t, "re-import result", Result{Rows: 2, Loaded: 2}, res)
	})
}

func TestImportMappingErrors(t *testing.T) {
	for _, tc := range []struct{ name, kind, yaml, data, msg string }{
		{"ColumnNotInFile", "accounts", "columns:\n  Account ID: id\n  Company: name\n", "Account ID,Name\nA1,Acme\n",
			`m.yaml line 3: the mapping names column "company", which f.csv does not have`},
		{"BadDateInFile", "accounts", "columns:\n  Renewal: {to: renewal_date, date_format: \"%m/%d/%Y\"}\n",
			"id,name,Renewal\nA1,Acme,2025-03-31\n",
			`f.csv line 2, column "Renewal": bad date "2025-03-31" (want "01/02/2006")`},
		{"UnmappedValue", "accounts", "columns:\n  Lifecycle: {to: stage, values: {Live: adoption}}\n",
			"id,name,Lifecycle\nA1,Acme,Live\nA2,Globex,Dormant\n",
			`f.csv line 3, column "Lifecycle": "dormant" is not one of onboarding, adoption, mature, renewal`},
		{"UnknownFieldForKind", "contacts", "columns:\n  Mail: email\n  Phone: phone\n", "account_id,Mail,Phone\nA1,a@b.example,555\n",
			`f.csv line 1, column "Phone": contacts files have no field "phone" (want account_id, email, name, title, role, status, status_changed_on, influence, opted_out); rename or ignore the column with --map`},
		{"DefaultForUnknownField", "contacts", "defaults:\n  phone: \"555\"\n", "account_id,email\nA1,a@b.example\n",
			`m.yaml line 2: defaults: contacts files have no field "phone" (want account_id, email, name, title, role, status, status_changed_on, influence, opted_out)`},
		{"TypeOnField", "accounts", "columns:\n  ARR: {to: arr, type: text}\n", "id,name,ARR\nA1,Acme,1\n",
			`m.yaml line 2: column "ARR": type applies to custom attributes only, and arr is a field`},
		{"BadDefault", "accounts", "defaults:\n  arr: lots\n", "id,name\nA1,Acme\n",
			`f.csv line 2: default arr: bad number "lots"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				m, err := ParseMapping("m.yaml", []byte(tc.yaml))
				if err != nil {
					t.Fatal(err)
				}
				_, err = load(t, s, tc.kind, "f.csv", tc.data, Options{Map: m})
				wantInvalid(t, err, tc.msg)
				if n := count(t, s, tc.kind); n != 0 {
					t.Errorf("%d %s written, want none", n, tc.kind)
				}
			})
		})
	}
}

func TestImportAccountsKeepsWhatTheFileLacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		res := mustLoad(t, s, "accounts", "arr.csv", "id,name,arr\nA1,Acme Corp,130000\nA2,Globex,48000.5\n", Options{})
		diff(t, "result", Result{Rows: 2, Loaded: 2, Changed: 1}, res)
		a := account(t, s, "A1")
		if a.ARR != 130000 || a.Owner != "dana@example.com" || a.Stage != "mature" || a.Attrs["tier"] != 1.0 {
			t.Errorf("A1 after an ARR-only import: %+v", a)
		}
		// A blank cell in a column the file has removes the attribute.
		mustLoad(t, s, "accounts", "tier.csv", "id,name,tier\nA1,Acme Corp,\n", Options{})
		a = account(t, s, "A1")
		if _, ok := a.Attrs["tier"]; ok || a.Attrs["beta"] != true || a.ARR != 130000 {
			t.Errorf("A1 after blanking tier: %+v", a)
		}
	})
}

func TestImportUnknownKind(t *testing.T) {
	s := storetest.OpenSQLite(t)
	_, err := load(t, s, "invoices", "f.csv", "id\n1\n", Options{})
	wantInvalid(t, err, `import: unknown kind "invoices" (want accounts, contacts, metrics, events, outcomes)`)
}
