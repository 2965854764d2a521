package api

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

type accountList struct {
	Data          []*gtg.Account `json:"data"`
	Total         int            `json:"total"`
	Limit, Offset int
}

func ids(list []*gtg.Account) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.ExternalID)
	}
	return out
}

func TestAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		ctx := context.Background()

		t.Run("PutCreates", func(t *testing.T) {
			var got putAccountResult
			a.must("PUT", "/api/v1/accounts/acme", `{"name":"Acme","arr":1200.5,"owner":"olga","segment":"smb",
				"renewal_date":"2025-03-31","attrs":{"tier":"gold","signed_on":"2023-03-31","beta":true}}`, &got)
			want := &gtg.Account{ExternalID: "acme", Name: "Acme", ARR: 1200.5, Currency: "USD", Stage: gtg.StageAdoption,
				Owner: "olga", Segment: "smb", RenewalDate: gtg.MustParseDay("2025-03-31"),
				Attrs:     map[string]any{"tier": "gold", "signed_on": "2023-03-31", "beta": true},
				CreatedAt: testNow, UpdatedAt: testNow}
			if got.Changed != 1 || !cmp.Equal(got.Data, want) {
				t.Errorf("changed %d, diff (-got +want):\n%s", got.Changed, cmp.Diff(got.Data, want))
			}
			stored, err := st.Account(ctx, "acme")
			if err != nil {
				t.Fatal(err)
			}
			if d, ok := stored.Attrs["signed_on"].(gtg.Day); !ok || d != gtg.MustParseDay("2023-03-31") {
				t.Errorf("signed_on stored as %#v, want a date", stored.Attrs["signed_on"])
			}
			audit, err := st.AuditLog(ctx, "account", "acme", 10)
			if err != nil || len(audit) != 1 || audit[0].Actor != "csm@example.com" || audit[0].Action != "create" {
				t.Errorf("audit log %+v, %v: want one create by csm@example.com", audit, err)
			}
		})
		t.Run("PutSameChangesNothing", func(t *testing.T) {
			var got putAccountResult
			a.must("PUT", "/api/v1/accounts/acme", `{"id":"acme","name":"Acme","arr":1200.5,"owner":"olga","segment":"smb",
				"renewal_date":"2025-03-31","attrs":{"tier":"gold","signed_on":"2023-03-31","beta":true}}`, &got)
			if got.Changed != 0 {
				t.Errorf("changed %d, want 0", got.Changed)
			}
		})
		t.Run("Get", func(t *testing.T) {
			var got struct{ Data *gtg.Account }
			a.must("GET", "/api/v1/accounts/acme", "", &got)
			if got.Data.Name != "Acme" || got.Data.Attrs["tier"] != "gold" {
				t.Errorf("got %+v", got.Data)
			}
		})
		t.Run("Bulk", func(t *testing.T) {
			var got bulkResult
			body := `[{"id":"b1","name":"Beta","arr":300,"owner":"olga","stage":"Mature"},
				{"id":"c1","name":"Gamma","arr":900,"owner":"ivan","segment":"enterprise"},
				{"id":"acme","name":"Acme","arr":2000,"owner":"olga","segment":"smb"}]`
			a.must("POST", "/api/v1/accounts/bulk", body, &got)
			if got != (bulkResult{Received: 3, Changed: 3}) {
				t.Errorf("got %+v", got)
			}
			a.must("POST", "/api/v1/accounts/bulk", body, &got)
			if got != (bulkResult{Received: 3, Changed: 0}) {
				t.Errorf("repeat: got %+v, want nothing changed", got)
			}
		})
		t.Run("List", func(t *testing.T) {
			for _, tc := range []struct {
				query string
				want  []string
				total int
			}{
				{"", []string{"acme", "b1", "c1"}, 3},
				{"?sort=-arr", []string{"acme", "c1", "b1"}, 3},
				{"?owner=olga&sort=arr", []string{"b1", "acme"}, 2},
				{"?q=gam", []string{"c1"}, 1},
				{"?stage=mature", []string{"b1"}, 1},
				{"?segment=enterprise", []string{"c1"}, 1},
				{"?sort=name&limit=1&offset=1", []string{"b1"}, 3},
			} {
				var got accountList
				a.must("GET", "/api/v1/accounts"+tc.query, "", &got, as(a.token[gtg.UserViewer]))
				if !cmp.Equal(ids(got.Data), tc.want) || got.Total != tc.total {
					t.Errorf("%s: got %v total %d, want %v total %d", tc.query, ids(got.Data), got.Total, tc.want, tc.total)
				}
			}
		})
	})
}

func TestContacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		var got bulkResult
		body := `[{"account_id":"acme","email":" Ann@Acme.com ","name":"Ann","title":"CFO","role":"Economic Buyer"},
			{"account_id":"acme","email":"pat@acme.com","name":"Pat","status":"left","status_changed_on":"2024-05-01"}]`
		a.must("POST", "/api/v1/contacts/bulk", body, &got)
		if got != (bulkResult{Received: 2, Changed: 2}) {
			t.Errorf("got %+v", got)
		}
		a.must("POST", "/api/v1/contacts/bulk", body, &got)
		if got.Changed != 0 {
			t.Errorf("repeat changed %d, want 0", got.Changed)
		}
		var list struct{ Data []*gtg.Contact }
		a.must("GET", "/api/v1/accounts/acme/contacts", "", &list, as(a.token[gtg.UserViewer]))
		type row struct{ Account, Email, Role, Status, Changed string }
		var rows []row
		for _, c := range list.Data {
			rows = append(rows, row{c.AccountExternalID, c.Email, c.Role, c.Status, c.StatusChangedOn.String()})
		}
		want := []row{{"acme", "ann@acme.com", "economic_buyer", "active", ""}, {"acme", "pat@acme.com", "end_user", "left", "2024-05-01"}}
		if diff := cmp.Diff(rows, want); diff != "" {
			t.Errorf("contacts (-got +want):\n%s", diff)
		}
		audit, err := st.AuditLog(context.Background(), "contact", "acme/ann@acme.com", 10)
		if err != nil || len(audit) != 1 || audit[0].Actor != "csm@example.com" {
			t.Errorf("audit %+v, %v", audit, err)
		}
	})
}

func TestMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		var got bulkResult
		body := `[{"account_id":"acme","metric":"logins","date":"2024-06-02","value":7},
			{"account_id":"acme","metric":"logins","date":"2024-06-04","value":9},
			{"account_id":"acme","metric":"api_calls","date":"2024-06-02","value":1000.5}]`
		a.must("POST", "/api/v1/metrics/bulk", body, &got)
		if got.Received != 3 || got.Changed == 0 {
			t.Errorf("got %+v", got)
		}
		a.must("POST", "/api/v1/metrics/bulk", body, &got)
		if got.Changed != 0 {
			t.Errorf("repeat changed %d, want 0", got.Changed)
		}
		var series struct{ Data []seriesJSON }
		a.must("GET", "/api/v1/accounts/acme/metrics?metric=logins&metric=api_calls&from=2024-06-01&to=2024-06-04", "", &series)
		f := func(v float64) *float64 { return &v }
		want := []seriesJSON{
			{"logins", "2024-06-01", []*float64{f(5), f(7), nil, f(9)}},
			{"api_calls", "2024-06-01", []*float64{nil, f(1000.5), nil, nil}},
		}
		if diff := cmp.Diff(series.Data, want); diff != "" {
			t.Errorf("series (-got +want):\n%s", diff)
		}
		// Defaults: the 90 days up to today (testNow).
		a.must("GET", "/api/v1/accounts/acme/metrics?metric=logins", "", &series)
		if len(series.Data) != 1 || series.Data[0].From != "2024-04-02" || len(series.Data[0].Values) != 90 {
			t.Errorf("default window: got %+v", series.Data)
		}
		var keys struct{ Data []string }
		a.must("GET", "/api/v1/metrics", "", &keys)
		if diff := cmp.Diff(keys.Data, []string{"api_calls", "logins"}); diff != "" {
			t.Errorf("keys (-got +want):\n%s", diff)
		}
	})
}

// seriesJSON is a series as a client decodes it.
type seriesJSON struct {
	Metric string     `json:"metric"`
	From   string     `json:"from"`
	Values []*float64 `json:"values"`
}

func TestEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		var got bulkResult
		body := `[{"account_id":"acme","event_id":"t-1","type":"ticket_opened","occurred_at":"2024-06-10T09:00:00Z",
				"contact_email":"Pat@acme.com","attrs":{"priority":"high","first_response_minutes":42}},
			{"account_id":"acme","type":"survey","occurred_at":"2024-06-11T09:00:00+02:00","attrs":{"nps":9}}]`
		a.must("POST", "/api/v1/events/bulk", body, &got)
		if got != (bulkResult{Received: 2, Changed: 2}) {
			t.Errorf("got %+v", got)
		}
		a.must("POST", "/api/v1/events/bulk", body, &got)
		if got.Changed != 0 {
			t.Errorf("repeat changed %d, want 0 (an event without event_id is known by its digest)", got.Changed)
		}
		var list struct{ Data []*gtg.Event }
		a.must("GET", "/api/v1/accounts/acme/events", "", &list)
		var types []string
		for _, e := range list.Data {
			types = append(types, e.Type)
		}
		if diff := cmp.Diff(types, []string{"note", "survey", "ticket_opened"}); diff != "" {
			t.Errorf("newest first (-got +want):\n%s", diff)
		}
		a.must("GET", "/api/v1/accounts/acme/events?type=ticket_opened&from=2024-06-10&to=2024-06-10", "", &list)
		if len(list.Data) != 1 {
			t.Fatalf("filtered: got %d events", len(list.Data))
		}
		e := list.Data[0]
		if e.ExternalID != "t-1" || e.ContactEmail != "pat@acme.com" || e.Attrs["first_response_minutes"] != 42.0 || e.AccountExternalID != "acme" {
			t.Errorf("got %+v", e)
		}
		a.must("GET", "/api/v1/accounts/acme/events?limit=1", "", &list)
		if len(list.Data) != 1 || list.Data[0].Type != "note" {
			t.Errorf("limit 1: got %+v", list.Data)
		}
	})
}

func TestOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		a.must("PUT", "/api/v1/accounts/b1", `{"name":"Beta","arr":100}`, nil)
		var got bulkResult
		body := `[{"account_id":"acme","date":"2024-05-01","type":"expanded","arr_before":50000,"arr_after":60000},
			{"account_id":"b1","date":"2024-04-01","type":"Churned","arr_before":100,"arr_after":0}]`
		a.must("POST", "/api/v1/outcomes/bulk", body, &got)
		if got != (bulkResult{Received: 2, Changed: 2}) {
			t.Errorf("got %+v", got)
		}
		a.must("POST", "/api/v1/outcomes/bulk", body, &got)
		if got.Changed != 0 {
			t.Errorf("repeat changed %d", got.Changed)
		}
		type row struct{ Account, Date, Type string }
		rowsOf := func(list []*gtg.Outcome) []row {
			var out []row
			for _, o := range list {
				out = append(out, row{o.AccountExternalID, o.Day.String(), o.Type})
			}
			return out
		}
		var list struct{ Data []*gtg.Outcome }
		a.must("GET", "/api/v1/outcomes", "", &list)
		want := []row{{"acme", "2024-01-15", "renewed"}, {"b1", "2024-04-01", "churned"}, {"acme", "2024-05-01", "expanded"}}
		if diff := cmp.Diff(rowsOf(list.Data), want); diff != "" {
			t.Errorf("all (-got +want):\n%s", diff)
		}
		a.must("GET", "/api/v1/outcomes?account_id=b1", "", &list)
		if diff := cmp.Diff(rowsOf(list.Data), want[1:2]); diff != "" {
			t.Errorf("b1 (-got +want):\n%s", diff)
		}
		audit, err := st.AuditLog(context.Background(), "outcome", "", 10)
		if err != nil || len(audit) != 1 || audit[0].Actor != "csm@example.com" {
			t.Errorf("audit %+v, %v: want one import by csm@example.com", audit, err)
		}
	})
}
