package api

import (
	"context"
	"encoding/base64"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// segmentBatchJSON is a batch as Segment sends it. The metric tracks name
// their account only through the batch's context.
const segmentBatchJSON = `{"batch": [
  {"type": "group", "groupId": "acme-co", "messageId": "g-1", "traits": {"name": "Acme Co", "ARR": 12000, "plan": "pro",
    "renewalDate": "2025-01-31", "industry": "SaaS", "employees": 120, "address": {"city": "Oslo"}}},
  {"type": "identify", "userId": "u-1", "messageId": "i-1", "context": {"groupId": "acme-co"},
    "traits": {"email": "Ann@Acme.com", "firstName": "Ann", "lastName": "Lee", "title": "VP Finance", "role": "Economic Buyer"}},
  {"type": "track", "event": "Ticket Opened", "userId": "u-1", "messageId": "t-1", "timestamp": "2024-06-01T10:00:00.123Z",
    "context": {"groupId": "acme-co", "traits": {"email": "ann@acme.com"}},
    "properties": {"priority": "high", "ticketId": 7, "tags": ["a", "b"]}, "integrations": {"All": true}},
  {"type": "track", "event": "Metric Recorded", "messageId": "m-1", "timestamp": "2024-06-01T23:30:00-02:00",
    "properties": {"metric": "Active Users", "value": 42}},
  {"type": "track", "event": "Usage", "messageId": "m-2", "timestamp": "2024-06-02T08:00:00Z",
    "properties": {"metric": "api_calls", "value": "1500"}},
  {"type": "page", "name": "Home"},
  {"type": "track", "event": "Clicked", "context": {"groupId": "nobody"}}
], "context": {"groupId": "acme-co", "library": {"name": "analytics-node"}}, "sentAt": "2024-06-02T08:00:01Z"}`

func TestSegment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		ctx := context.Background()
		account := func() *gtg.Account {
			t.Helper()
			acct, err := st.Account(ctx, "acme-co")
			if err != nil {
				t.Fatal(err)
			}
			return acct
		}
		contact := func(email string) *gtg.Contact {
			t.Helper()
			cs, err := st.Contacts(ctx, account().ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if c.Email == email {
					return c
				}
			}
			t.Fatalf("no contact %s in %+v", email, cs)
			return nil
		}

		t.Run("Batch", func(t *testing.T) {
			var res segmentResult
			a.must("POST", "/api/v1/segment/batch", segmentBatchJSON, &res)
			want := segmentResult{Success: true, Received: 7, Changed: res.Changed, Skipped: []segmentSkip{
				{5, "page", "gtg does not use page calls"},
				{6, "track", `unknown account "nobody": send a group call for it first`},
			}}
			if diff := cmp.Diff(res, want); diff != "" || res.Changed < 5 {
				t.Errorf("result (-got +want):\n%s\nchanged %d", diff, res.Changed)
			}

			acct := account()
			if acct.Name != "Acme Co" || acct.ARR != 12000 || acct.Plan != "pro" || acct.RenewalDate != gtg.MustParseDay("2025-01-31") {
				t.Errorf("account %+v", acct)
			}
			if diff := cmp.Diff(acct.Attrs, map[string]any{"industry": "SaaS", "employees": 120.0, "address_city": "Oslo"}); diff != "" {
				t.Errorf("attrs (-got +want):\n%s", diff)
			}
			c := contact("ann@acme.com")
			if c.Name != "Ann Lee" || c.Title != "VP Finance" || c.Role != gtg.RoleEconomicBuyer || c.Status != gtg.ContactActive {
				t.Errorf("contact %+v", c)
			}
			evs, err := st.Events(ctx, gtg.EventFilter{AccountID: acct.ID})
			if err != nil || len(evs) != 1 {
				t.Fatalf("events %+v, %v: want the ticket only (metrics are not events)", evs, err)
			}
			e := evs[0]
			wantAttrs := map[string]any{"priority": "high", "ticket_id": 7.0, "tags": `["a","b"]`, "user_id": "u-1"}
			if e.Type != "ticket_opened" || e.ExternalID != "t-1" || e.ContactEmail != "ann@acme.com" ||
				!e.OccurredAt.Equal(time.Date(2024, 6, 1, 10, 0, 0, 123e6, time.UTC)) || !cmp.Equal(e.Attrs, wantAttrs) {
				t.Errorf("event %+v", e)
			}
			series, err := st.Series(ctx, acct.ID, []string{"active_users", "api_calls"}, gtg.MustParseDay("2024-06-01"), gtg.MustParseDay("2024-06-02"))
			if err != nil {
				t.Fatal(err)
			}
			// 23:30 at -02:00 is the next UTC day.
			if len(series) != 2 || series[0].Values[1] != 42 || series[1].Values[1] != 1500 {
				t.Errorf("series %+v", series)
			}
			audit, err := st.AuditLog(ctx, "account", "acme-co", 10)
			if err != nil || len(audit) != 1 || audit[0].Actor != "csm@example.com" {
				t.Errorf("audit %+v, %v", audit, err)
			}
		})
		t.Run("RetryChangesNothing", func(t *testing.T) {
			before := a.snapshot()
			var res segmentResult
			a.must("POST", "/api/v1/segment/batch", segmentBatchJSON, &res)
			if res.Changed != 0 {
				t.Errorf("changed %d, want 0", res.Changed)
			}
			if a.snapshot() != before {
				t.Error("the retried batch changed the data")
			}
		})
		t.Run("GroupKeepsUnsentTraits", func(t *testing.T) {
			var res segmentResult
			a.must("POST", "/api/v1/segment/group", `{"groupId":"acme-co","traits":{"plan":"enterprise","seats":25}}`, &res)
			acct := account()
			if res.Changed != 1 || acct.Plan != "enterprise" || acct.Seats != 25 || acct.Name != "Acme Co" || acct.ARR != 12000 || acct.Attrs["industry"] != "SaaS" {
				t.Errorf("changed %d, account %+v", res.Changed, acct)
			}
		})
		t.Run("NewGroupWithoutName", func(t *testing.T) {
			a.must("POST", "/api/v1/segment", `{"type":"group","groupId":42}`, nil)
			if acct, err := st.Account(ctx, "42"); err != nil || acct.Name != "42" {
				t.Errorf("account %+v, %v: want it named after its id", acct, err)
			}
		})
		t.Run("IdentifyWithBasicAuth", func(t *testing.T) {
			basic := withHeader("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(a.token[gtg.UserCSM]+":")))
			var res segmentResult
			a.must("POST", "/api/v1/segment", `{"type":"identify","userId":"ann@acme.com","traits":{"title":"CFO","company":{"id":"acme-co"}}}`, &res, basic)
			c := contact("ann@acme.com")
			if res.Changed != 1 || c.Title != "CFO" || c.Name != "Ann Lee" || c.Role != gtg.RoleEconomicBuyer {
				t.Errorf("changed %d, contact %+v", res.Changed, c)
			}
		})
		t.Run("IdentifySkips", func(t *testing.T) {
			before := a.snapshot()
			for body, reason := range map[string]string{
				`{"userId":"u-2","traits":{"email":"bob@elsewhere.com"}}`:                 "no account: set context.groupId (or traits.company.id) to the account's id",
				`{"userId":"u-9","context":{"groupId":"acme-co"}}`:                        "no email: set traits.email (gtg knows contacts by email)",
				`{"userId":"u-3","traits":{"email":"c@x.com"},"context":{"groupId":"x"}}`: `unknown account "x": send a group call for it first`,
			} {
				var res segmentResult
				a.must("POST", "/api/v1/segment/identify", body, &res)
				want := segmentResult{Success: true, Received: 1, Skipped: []segmentSkip{{0, "identify", reason}}}
				if diff := cmp.Diff(res, want); diff != "" {
					t.Errorf("%s (-got +want):\n%s", body, diff)
				}
			}
			if a.snapshot() != before {
				t.Error("a skipped identify changed the data")
			}
		})
		t.Run("TrackRetriedByMessageID", func(t *testing.T) {
			body := `{"event":"Survey Answered","messageId":"s-1","userId":"ann@acme.com","timestamp":"2024-06-03T12:00:00Z",
				"properties":{"nps":9,"comment":"great"},"context":{"groupId":"acme-co"}}`
			var res segmentResult
			a.must("POST", "/api/v1/segment/track", body, &res)
			if res.Changed != 1 {
				t.Errorf("first: changed %d", res.Changed)
			}
			a.must("POST", "/api/v1/segment/track", body, &res)
			if res.Changed != 0 {
				t.Errorf("retry: changed %d, want 0", res.Changed)
			}
			evs, err := st.Events(ctx, gtg.EventFilter{AccountID: account().ID, Types: []string{"survey_answered"}})
			if err != nil || len(evs) != 1 || evs[0].ContactEmail != "ann@acme.com" || evs[0].Attrs["nps"] != 9.0 {
				t.Errorf("events %+v, %v", evs, err)
			}
		})
	})
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"Order Completed": "order_completed",
		"orderCompleted":  "order_completed",
		"order-completed": "order_completed",
		"already_snake":   "already_snake",
		"ARR":             "arr",
		"API Call":        "api_call",
		"page2View":       "page2_view",
		"  Trim me!  ":    "trim_me",
		"$browser":        "browser",
		"Créé":            "cr",
	} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}
