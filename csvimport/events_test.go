package csvimport

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func events(t *testing.T, s *store.Store) []*gtg.Event {
	t.Helper()
	evs, err := s.Events(context.Background(), gtg.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestImportEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		loadFile(t, s, "contacts", "contacts.csv", Options{})
		res := loadFile(t, s, "events", "events.csv", Options{})
		diff(t, "result", Result{Rows: 3, Loaded: 3, Changed: 3}, res)
		diff(t, "events", []*gtg.Event{
			{AccountExternalID: "A2", Type: "note", OccurredAt: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC),
				Attrs: map[string]any{"comment": "two\nlines", "escalated": false}},
			{AccountExternalID: "A1", ContactEmail: "bob@acme.example", Type: "survey",
				OccurredAt: time.Date(2024, 3, 2, 9, 30, 0, 0, time.UTC),
				Attrs:      map[string]any{"nps": 9.0, "comment": `Great, "really" great`}},
			{AccountExternalID: "A1", ContactEmail: "ann@acme.example", ExternalID: "T-1", Type: "ticket_opened",
				OccurredAt: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC),
				Attrs:      map[string]any{"priority": "high", "escalated": true}},
		}, events(t, s), cmpopts.IgnoreFields(gtg.Event{}, "ID", "AccountID", "ContactID"),
			cmpopts.IgnoreFields(gtg.Event{}, "ExternalID")) // digests for events without an id
		if evs := events(t, s); evs[2].ExternalID != "T-1" || evs[2].ContactID == 0 {
			t.Errorf("ticket: id %q, contact %d; want T-1 and Ann's contact", evs[2].ExternalID, evs[2].ContactID)
		}

		res = loadFile(t, s, "events", "events.csv", Options{})
		diff(t, "re-import result", Result{Rows: 3, Loaded: 3}, res)
		if n := count(t, s, "events"); n != 3 {
			t.Errorf("%d events after re-import, want 3", n)
		}
	})
}

func TestImportEventsErrors(t *testing.T) {
	const head = "account_id,occurred_at,type,event_id,nps\nA1,2024-03-01T10:00:00Z,meeting,E1,\n"
	for _, tc := range []struct{ name, data, msg string }{
		{"BadTime", head + "A1,03/02/2024,meeting,E2,\n",
			`events.csv line 3, column "occurred_at": bad time "03/02/2024" (want an RFC 3339 time, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD)`},
		{"UnknownAccount", head + "A9,2024-03-02,meeting,E2,\n", `events.csv line 3, column "account_id": unknown account "A9"`},
		{"DuplicateID", head + "A1,2024-03-02,call,E1,\n", `events.csv line 3, column "event_id": duplicate event_id "E1" for account "A1" (also on line 2)`},
		{"DuplicateContent", "account_id,occurred_at,type\nA1,2024-03-02,call\nA1,2024-03-02 00:00:00,Call\n",
			`events.csv line 3: duplicate event: line 2 has the same account, time, type, contact and attributes (give each an event_id if both happened)`},
		{"NPSOutOfRange", head + "A1,2024-03-02,survey,E2,11\n", `events.csv line 3, column "nps": 11 is not a whole number from 0 to 10`},
		{"BadType", head + "A1,2024-03-02,Ticket Opened,E2,\n", `events.csv line 3, column "type": "ticket opened" must be lowercase letters, digits and _`},
		{"MissingColumn", "account_id,type\nA1,call\n", `events.csv line 1: missing required column "occurred_at"`},
		{"BlankTime", head + "A1,,call,E2,\n", `events.csv line 3, column "occurred_at": required`},
		{"WrongFieldCount", head + "A1,2024-03-02,call\n", `events.csv line 3: wrong number of fields: 3, want 5 as in the header`},
		{"FieldTooLong", "account_id,occurred_at,type,text\nA1,2024-03-02,note,\"" + string(bytes.Repeat([]byte("é"), 2049)) + "\"\n",
			`events.csv line 2, column "text": value is 4098 bytes, over the limit of 4096`},
		{"InvalidUTF8", head + "A1,2024-03-02,call,E\xc3,\n", `events.csv line 3, column "event_id": invalid UTF-8 (save the file as UTF-8)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				seedAccounts(t, s)
				_, err := load(t, s, "events", "events.csv", tc.data, Options{})
				wantInvalid(t, err, tc.msg)
				if n := count(t, s, "events"); n != 0 {
					t.Errorf("%d events written, want none", n)
				}
			})
		})
	}
}

func TestImportEventsPartial(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		data := "account_id,occurred_at,type,csat\n" +
			"A1,2024-03-01,survey,5\n" +
			"A1,2024-03-01,survey,9\n" +
			"A9,2024-03-01,survey,4\n" +
			"A2,2024-03-01,survey,4\n" +
			"A1,2024-03-01,survey,5\n"
		var rej bytes.Buffer
		res := mustLoad(t, s, "events", "events.csv", data, Options{Partial: true, Rejects: &rej})
		diff(t, "result", Result{Rows: 5, Loaded: 2, Changed: 2, Rejected: 3}, res)
		diff(t, "rejects", [][]string{
			{"account_id", "occurred_at", "type", "csat", "line", "error"},
			{"A1", "2024-03-01", "survey", "9", "3", `column "csat": 9 is not from 1 to 5`},
			{"A9", "2024-03-01", "survey", "4", "4", `column "account_id": unknown account "A9"`},
			{"A1", "2024-03-01", "survey", "5", "6", `duplicate event: line 2 has the same account, time, type, contact and attributes (give each an event_id if both happened)`},
		}, readCSV(t, rej.Bytes()))
	})
}

func TestImportEventsWithMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedAccounts(t, s)
		m, err := ParseMapping("zendesk.yaml", []byte(`columns:
  Organization: account_id
  Created: {to: occurred_at, date_format: "%m/%d/%Y %H:%M"}
  Ticket: {to: event_id}
  Ticket Number: {to: ticket_id, type: text}
defaults: {type: ticket_opened}
`))
		if err != nil {
			t.Fatal(err)
		}
		mustLoad(t, s, "events", "tickets.csv", "Organization,Created,Ticket,Ticket Number\nA1,03/01/2024 14:05,Z-7,00123\n", Options{Map: m})
		evs := events(t, s)
		if len(evs) != 1 || evs[0].Type != "ticket_opened" || evs[0].ExternalID != "Z-7" ||
			!evs[0].OccurredAt.Equal(time.Date(2024, 3, 1, 14, 5, 0, 0, time.UTC)) || evs[0].Attrs["ticket_id"] != "00123" {
			t.Errorf("events: %+v", evs[0])
		}
	})
}
