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

func contactsOf(t *testing.T, s *store.Store, ext string) []*gtg.Contact {
	t.Helper()
	cs, err := s.Contacts(context.Background(), account(t, s, ext).ID)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

var ignoreContactMeta = cmpopts.IgnoreFields(gtg.Contact{}, "ID", "AccountID", "CreatedAt", "UpdatedAt")

func TestImportContacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		res := loadFile(t, s, "contacts", "contacts.csv", Options{})
		diff(t, "result", Result{Rows: 3, Loaded: 3, Changed: 3}, res)
		diff(t, "A1 contacts", []*gtg.Contact{
			{AccountExternalID: "A1", Email: "ann@acme.example", Name: "Ann Lee", Title: "VP Ops", Role: "economic_buyer", Status: "active"},
			{AccountExternalID: "A1", Email: "bob@acme.example", Name: "Bob Ray", Title: "Engineer", Role: "champion", Status: "left",
				StatusChangedOn: gtg.MustParseDay("2024-05-01")},
		}, contactsOf(t, s, "A1"), ignoreContactMeta)
		diff(t, "A2 contacts", []*gtg.Contact{
			{AccountExternalID: "A2", Email: "cy@globex.example", Name: "Cy Tan", Title: "CTO", Role: "technical_owner", Status: "active"},
		}, contactsOf(t, s, "A2"), ignoreContactMeta)

		res = loadFile(t, s, "contacts", "contacts.csv", Options{})
		diff(t, "re-import result", Result{Rows: 3, Loaded: 3}, res)

		// A file without name, title and role marks who left and keeps the rest.
		res = mustLoad(t, s, "contacts", "left.csv", "account_id,email,status,status_changed_on\nA1,ann@acme.example,left,2024-06-30\n", Options{})
		diff(t, "status-only result", Result{Rows: 1, Loaded: 1, Changed: 1}, res)
		diff(t, "Ann after leaving", &gtg.Contact{AccountExternalID: "A1", Email: "ann@acme.example", Name: "Ann Lee",
			Title: "VP Ops", Role: "economic_buyer", Status: "left", StatusChangedOn: gtg.MustParseDay("2024-06-30")},
			contactsOf(t, s, "A1")[0], ignoreContactMeta) // both left now: by name

		// Influence comes in when the file has it; a later file without it keeps it.
		mustLoad(t, s, "contacts", "infl.csv", "account_id,email,influence\nA2,cy@globex.example,High\n", Options{})
		mustLoad(t, s, "contacts", "title.csv", "account_id,email,title\nA2,cy@globex.example,Chief Technology Officer\n", Options{})
		if c := contactsOf(t, s, "A2")[0]; c.Influence != gtg.InfluenceHigh || c.Title != "Chief Technology Officer" {
			t.Errorf("Cy after two imports: influence %q, title %q", c.Influence, c.Title)
		}
	})
}

func TestImportContactsErrors(t *testing.T) {
	const head = "account_id,email,name,role,status\nA1,ann@acme.example,Ann,champion,active\n"
	for _, tc := range []struct{ name, data, msg string }{
		{"UnknownAccount", head + "A9,bob@acme.example,Bob,,\n", `contacts.csv line 3, column "account_id": unknown account "A9"`},
		{"BadEmail", head + "A1,bob at acme,Bob,,\n", `contacts.csv line 3, column "email": "bob at acme" is not an email address`},
		{"BadInfluence", "account_id,email,influence\nA1,bob@acme.example,vast\n", `contacts.csv line 2, column "influence": "vast" is not high, medium or low`},
		{"BadStatus", head + "A1,bob@acme.example,Bob,,gone\n", `contacts.csv line 3, column "status": "gone" is not active or left`},
		{"BadRole", head + "A1,bob@acme.example,Bob,chief-of-staff,\n", `contacts.csv line 3, column "role": "chief-of-staff" must be lowercase letters, digits and _`},
		{"Duplicate", head + "A1,ANN@acme.example,Ann L,,\n", `contacts.csv line 3, column "email": duplicate contact ann@acme.example of account "A1" (also on line 2)`},
		{"MissingEmailColumn", "account_id,name\nA1,Ann\n", `contacts.csv line 1: missing required column "email"`},
		{"UnknownColumn", "account_id,email,phone\nA1,a@b.example,555\n",
			`contacts.csv line 1, column "phone": contacts files have no field "phone" (want account_id, email, name, title, role, status, status_changed_on, influence, opted_out); rename or ignore the column with --map`},
		{"BadDate", "account_id,email,status,status_changed_on\nA1,a@b.example,left,31/12/2024\n",
			`contacts.csv line 2, column "status_changed_on": bad date "31/12/2024" (want YYYY-MM-DD)`},
		{"WrongFieldCount", head + "A1,bob@acme.example\n", `contacts.csv line 3: wrong number of fields: 2, want 5 as in the header`},
		{"InvalidUTF8", head + "A1,bob@acme.example,B\xe9b,,\n", `contacts.csv line 3, column "name": invalid UTF-8 (save the file as UTF-8)`},
		// The unknown account on line 2 is found only when its batch is
		// written, after line 3's bad email is read: the first bad line is reported.
		{"FirstBadLineWins", "account_id,email\nA9,x@y.example\nA1,nope\n", `contacts.csv line 2, column "account_id": unknown account "A9"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				seedAccounts(t, s)
				_, err := load(t, s, "contacts", "contacts.csv", tc.data, Options{})
				wantInvalid(t, err, tc.msg)
				if n := count(t, s, "contacts"); n != 0 {
					t.Errorf("%d contacts written, want none", n)
				}
			})
		})
	}
}

func TestImportContactsPartial(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		data := "account_id,email,name\n" +
			"A9,x@y.example,Nobody\n" +
			"A1,ann@acme.example,Ann\n" +
			"A1,bad email,Bad\n" +
			"A2,cy@globex.example,Cy\n" +
			"A1,Ann@Acme.example,Ann again\n"
		var rej bytes.Buffer
		res := mustLoad(t, s, "contacts", "contacts.csv", data, Options{Partial: true, Rejects: &rej})
		diff(t, "result", Result{Rows: 5, Loaded: 2, Changed: 2, Rejected: 3}, res)
		diff(t, "rejects", [][]string{
			{"account_id", "email", "name", "line", "error"},
			{"A9", "x@y.example", "Nobody", "2", `column "account_id": unknown account "A9"`},
			{"A1", "bad email", "Bad", "4", `column "email": "bad email" is not an email address`},
			{"A1", "Ann@Acme.example", "Ann again", "6", `column "email": duplicate contact ann@acme.example of account "A1" (also on line 3)`},
		}, readCSV(t, rej.Bytes()))
		if n := count(t, s, "contacts"); n != 2 {
			t.Errorf("%d contacts, want 2", n)
		}
	})
}

// TestImportContactsOptOut: an opted_out column records opt-outs and
// opt-ins, an empty cell keeps what is stored, opting out again keeps the
// first date, and a value that is not yes or no is refused with nothing written.
func TestImportContactsOptOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seedAccounts(t, s)
		a1 := account(t, s, "A1").ID
		outs := func() map[string]bool {
			t.Helper()
			o, err := s.OptOuts(ctx, a1)
			if err != nil {
				t.Fatal(err)
			}
			byEmail := map[string]bool{}
			for _, c := range contactsOf(t, s, "A1") {
				if _, ok := o[c.ID]; ok {
					byEmail[c.Email] = true
				}
			}
			return byEmail
		}
		mustLoad(t, s, "contacts", "c1.csv", "account_id,email,name,opted_out\nA1,ann@a1.example,Ann,yes\nA1,bob@a1.example,Bob,\n", Options{})
		diff(t, "after yes", map[string]bool{"ann@a1.example": true}, outs())
		first, _ := s.OptOuts(ctx, a1)
		mustLoad(t, s, "contacts", "c2.csv", "account_id,email,opted_out\nA1,ann@a1.example,\nA1,bob@a1.example,TRUE\n", Options{})
		diff(t, "after empty and TRUE", map[string]bool{"ann@a1.example": true, "bob@a1.example": true}, outs())
		mustLoad(t, s, "contacts", "c3.csv", "account_id,email,opted_out\nA1,ann@a1.example,yes\n", Options{})
		again, _ := s.OptOuts(ctx, a1)
		for id, at := range first {
			if !again[id].Equal(at) {
				t.Errorf("opting out again moved the date from %v to %v", at, again[id])
			}
		}
		mustLoad(t, s, "contacts", "c4.csv", "account_id,email,opted_out\nA1,bob@a1.example,no\n", Options{})
		diff(t, "after no", map[string]bool{"ann@a1.example": true}, outs())
		_, err := load(t, s, "contacts", "bad.csv", "account_id,email,opted_out\nA1,bob@a1.example,yes\nA1,ann@a1.example,maybe\n", Options{})
		wantInvalid(t, err, `bad.csv line 3, column "opted_out": "maybe" is not yes or no`)
		diff(t, "after a refused file", map[string]bool{"ann@a1.example": true}, outs())
	})
}
