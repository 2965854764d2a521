package api

import (
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestBadInput sends every kind of bad request to every endpoint and checks
// the status, that the message names the problem, and that nothing was written.
func TestBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		tooMany := "[" + strings.TrimSuffix(strings.Repeat("{},", maxItems+1), ",") + "]"
		for _, tc := range []struct {
			name, method, path, body string
			status                   int
			msg                      string
		}{
			// Accounts.
			{"BulkBadJSON", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A"},]`, 400, "bad JSON at line 1, column 24 (byte 23): invalid character ']'"},
			{"BulkBadJSONLine", "POST", "/api/v1/accounts/bulk", "[\n {\"id\":\"a\",\"name\":\"A\"},\n {\"id\": }\n]", 400, "bad JSON at line 3, column 9"},
			{"BulkTruncated", "POST", "/api/v1/accounts/bulk", `[{"id":"a"`, 400, "bad JSON at line 1, column 11 (byte 10): unexpected end of JSON input"},
			{"BulkInvalidUTF8", "POST", "/api/v1/accounts/bulk", "[{\"id\":\"a\",\"name\":\"\xff\"}]", 400, "line 1, column 20 (byte 19): invalid UTF-8"},
			{"BulkEmptyBody", "POST", "/api/v1/accounts/bulk", ``, 400, "body: empty"},
			{"BulkNotArray", "POST", "/api/v1/accounts/bulk", `{"id":"a","name":"A"}`, 400, "body: want a JSON array"},
			{"BulkTooMany", "POST", "/api/v1/accounts/bulk", tooMany, 400, "10001 items; at most 10000"},
			{"BulkUnknownField", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","arrr":5}]`, 400, `items[0]: unknown field "arrr" (known: id, name, arr,`},
			{"BulkOneBadItem", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A"},{"id":"b","name":"B"},{"id":"c","name":"C"},{"id":"d","name":"D","arr":-1}]`, 400, "items[3].arr: must not be negative"},
			{"BulkWrongType", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","arr":"lots"}]`, 400, "items[0].arr: want a number, got string"},
			{"BulkFractionalSeats", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","seats":2.5}]`, 400, "items[0].seats: want a whole number, got number 2.5"},
			{"BulkBadDate", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","renewal_date":"2024-13-01"}]`, 400, `items[0].renewal_date: bad date "2024-13-01"`},
			{"BulkMissingName", "POST", "/api/v1/accounts/bulk", `[{"id":"a"}]`, 400, "items[0].name: required"},
			{"BulkBadStage", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","stage":"dormant"}]`, 400, `items[0].stage: "dormant" is not one of`},
			{"BulkDuplicateID", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A"},{"id":"a","name":"A2"}]`, 400, `items[1].id: "a" repeats items[0]`},
			{"BulkAttrTypeChange", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","attrs":{"tier_score":"high"}}]`, 400, "items[0].attrs.tier_score: want a number"},
			{"BulkAttrBadName", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","attrs":{"Tier":1}}]`, 400, `items[0]: attribute "Tier": name must be`},
			{"BulkAttrNested", "POST", "/api/v1/accounts/bulk", `[{"id":"a","name":"A","attrs":{"tags":["x"]}}]`, 400, `items[0]: attribute "tags": unsupported value type`},
			{"PutIDMismatch", "PUT", "/api/v1/accounts/b", `{"id":"c","name":"C"}`, 400, `id: "c" in the body does not match "b"`},
			{"PutUnknownField", "PUT", "/api/v1/accounts/b", `{"name":"B","nmae":"x"}`, 400, `body: unknown field "nmae"`},
			{"PutBadJSON", "PUT", "/api/v1/accounts/b", `{"name":"B"} x`, 400, "bad JSON at line 1, column 14 (byte 13)"},
			{"PutRenewalBeforeStart", "PUT", "/api/v1/accounts/b", `{"name":"B","contract_start":"2024-02-01","renewal_date":"2024-01-01"}`, 400, "renewal_date: 2024-01-01 is before contract_start"},
			{"PutInvalidCurrency", "PUT", "/api/v1/accounts/b", `{"name":"B","currency":"dollars"}`, 400, "currency: want a 3-letter ISO code"},
			{"PutNegativeARR", "PUT", "/api/v1/accounts/b", `{"name":"B","arr":-5}`, 400, "arr: must not be negative"},
			{"GetUnknownAccount", "GET", "/api/v1/accounts/nope", "", 404, `account "nope" not found`},
			{"ListBadSort", "GET", "/api/v1/accounts?sort=size", "", 400, `sort: "size" is not one of`},
			{"ListUnknownParam", "GET", "/api/v1/accounts?ownr=olga", "", 400, `unknown query parameter "ownr"`},
			{"ListBadLimit", "GET", "/api/v1/accounts?limit=0", "", 400, "limit: want a whole number from 1 to 1000"},
			// Contacts.
			{"ContactsUnknownAccount", "POST", "/api/v1/contacts/bulk", `[{"account_id":"acme","email":"a@acme.com"},{"account_id":"nope","email":"b@x.com"}]`, 400, `items[1].account_id: unknown account "nope"`},
			{"ContactsBadEmail", "POST", "/api/v1/contacts/bulk", `[{"account_id":"acme","email":"not-an-email"}]`, 400, `items[0].email: "not-an-email" is not an email address`},
			{"ContactsMissingAccount", "POST", "/api/v1/contacts/bulk", `[{"email":"a@acme.com"}]`, 400, "items[0].account_id: required"},
			{"ContactsBadStatus", "POST", "/api/v1/contacts/bulk", `[{"account_id":"acme","email":"a@acme.com","status":"gone"}]`, 400, `items[0].status: "gone" is not active or left`},
			{"ContactsDuplicate", "POST", "/api/v1/contacts/bulk", `[{"account_id":"acme","email":"a@acme.com"},{"account_id":"acme","email":"A@acme.com"}]`, 400, "items[1].email: a@acme.com at account \"acme\" repeats items[0]"},
			{"ContactsUnknownField", "POST", "/api/v1/contacts/bulk", `[{"account_id":"acme","email":"a@acme.com","phone":"1"}]`, 400, `items[0]: unknown field "phone"`},
			{"ContactsListUnknownAccount", "GET", "/api/v1/accounts/nope/contacts", "", 404, `account "nope" not found`},
			// Metrics.
			{"MetricsMissingValue", "POST", "/api/v1/metrics/bulk", `[{"account_id":"acme","metric":"logins","date":"2024-06-01"}]`, 400, "items[0].value: required"},
			{"MetricsBadKey", "POST", "/api/v1/metrics/bulk", `[{"account_id":"acme","metric":"Log ins","date":"2024-06-01","value":1}]`, 400, `items[0].metric: "Log ins" must be lowercase`},
			{"MetricsBadDate", "POST", "/api/v1/metrics/bulk", `[{"account_id":"acme","metric":"logins","date":"2024-02-30","value":1}]`, 400, `items[0].date: bad date "2024-02-30"`},
			{"MetricsMissingDate", "POST", "/api/v1/metrics/bulk", `[{"account_id":"acme","metric":"logins","value":1}]`, 400, "items[0].date: required"},
			{"MetricsUnknownAccount", "POST", "/api/v1/metrics/bulk", `[{"account_id":"acme","metric":"logins","date":"2024-06-02","value":1},{"account_id":"zzz","metric":"logins","date":"2024-06-01","value":1}]`, 400, `items[1].account_id: unknown account "zzz"`},
			{"MetricsValueNotNumber", "POST", "/api/v1/metrics/bulk", `[{"account_id":"acme","metric":"logins","date":"2024-06-01","value":"7"}]`, 400, "items[0].value: want a number, got string"},
			{"SeriesBadRange", "GET", "/api/v1/accounts/acme/metrics?from=2024-06-05&to=2024-06-01", "", 400, "to: 2024-06-01 is before from 2024-06-05"},
			{"SeriesTooLong", "GET", "/api/v1/accounts/acme/metrics?from=2000-01-01&to=2024-06-01", "", 400, "more than 3660 days"},
			{"SeriesBadMetric", "GET", "/api/v1/accounts/acme/metrics?metric=Logins", "", 400, `metric: "Logins" must be lowercase`},
			{"SeriesUnknownAccount", "GET", "/api/v1/accounts/nope/metrics", "", 404, `account "nope" not found`},
			// Events.
			{"EventsBadTime", "POST", "/api/v1/events/bulk", `[{"account_id":"acme","type":"call","occurred_at":"yesterday"}]`, 400, `items[0].occurred_at: bad time "yesterday"`},
			{"EventsMissingTime", "POST", "/api/v1/events/bulk", `[{"account_id":"acme","type":"call"}]`, 400, "items[0].occurred_at: required"},
			{"EventsBadNPS", "POST", "/api/v1/events/bulk", `[{"account_id":"acme","type":"survey","occurred_at":"2024-06-01T00:00:00Z","attrs":{"nps":11}}]`, 400, "items[0].nps: 11 is not a whole number from 0 to 10"},
			{"EventsBadType", "POST", "/api/v1/events/bulk", `[{"account_id":"acme","type":"Ticket Opened!","occurred_at":"2024-06-01T00:00:00Z"}]`, 400, "items[0].type:"},
			{"EventsUnknownAccount", "POST", "/api/v1/events/bulk", `[{"account_id":"nope","type":"call","occurred_at":"2024-06-01T00:00:00Z"}]`, 400, `items[0].account_id: unknown account "nope"`},
			{"EventsListBadTime", "GET", "/api/v1/accounts/acme/events?from=soon", "", 400, `from: bad time "soon"`},
			// Outcomes.
			{"OutcomesChurnKeepsARR", "POST", "/api/v1/outcomes/bulk", `[{"account_id":"acme","date":"2024-06-01","type":"churned","arr_before":10,"arr_after":5}]`, 400, "items[0].arr_after: a churned account keeps no ARR"},
			{"OutcomesBadType", "POST", "/api/v1/outcomes/bulk", `[{"account_id":"acme","date":"2024-06-01","type":"lost"}]`, 400, `items[0].type: "lost" is not one of`},
			{"OutcomesUnknownAccount", "POST", "/api/v1/outcomes/bulk", `[{"account_id":"nope","date":"2024-06-01","type":"renewed"}]`, 400, `items[0].account_id: unknown account "nope"`},
			{"OutcomesListUnknownAccount", "GET", "/api/v1/outcomes?account_id=nope", "", 404, `account "nope" not found`},
			// Segment.
			{"SegmentGroupWithoutID", "POST", "/api/v1/segment/group", `{"traits":{"name":"X"}}`, 400, "body.groupId: required"},
			{"SegmentTypeMismatch", "POST", "/api/v1/segment/track", `{"type":"identify","userId":"u"}`, 400, `type: "identify" sent to /api/v1/segment/track`},
			{"SegmentNoType", "POST", "/api/v1/segment", `{"userId":"u"}`, 400, "type: required"},
			{"SegmentUnknownType", "POST", "/api/v1/segment", `{"type":"purchase"}`, 400, `body.type: "purchase" is not one of`},
			{"SegmentTrackNoEvent", "POST", "/api/v1/segment/track", `{"userId":"u","context":{"groupId":"acme"}}`, 400, "body.event: required"},
			{"SegmentBadTimestamp", "POST", "/api/v1/segment/track", `{"event":"Call","timestamp":"noon","context":{"groupId":"acme"}}`, 400, `body.timestamp: bad time "noon"`},
			{"SegmentBadARR", "POST", "/api/v1/segment/group", `{"groupId":"acme","traits":{"arr":"lots"}}`, 400, "body.traits.arr: want a number"},
			{"SegmentNegativeARR", "POST", "/api/v1/segment/batch", `{"batch":[{"type":"group","groupId":"acme","traits":{"plan":"pro"}},{"type":"group","groupId":"acme","traits":{"arr":-5}}]}`, 400, "batch[1].traits.arr: must not be negative"},
			{"SegmentBadEmail", "POST", "/api/v1/segment/identify", `{"userId":"u","traits":{"email":"nope@"},"context":{"groupId":"acme"}}`, 400, `body.traits.email: "nope@" is not an email address`},
			{"SegmentMetricWithoutValue", "POST", "/api/v1/segment/track", `{"event":"Metric Recorded","properties":{"metric":"logins"},"context":{"groupId":"acme"}}`, 400, "body.properties.value: required"},
			{"SegmentBatchOneBad", "POST", "/api/v1/segment/batch", `{"batch":[{"type":"group","groupId":"new","traits":{"name":"New"}},{"type":"track","event":"Survey","properties":{"nps":42},"context":{"groupId":"acme"}}]}`, 400, "batch[1].properties.nps: 42 is not a whole number"},
			{"SegmentBatchMissing", "POST", "/api/v1/segment/batch", `{"messages":[]}`, 400, "batch: required"},
			{"SegmentBatchBadJSON", "POST", "/api/v1/segment/batch", `{"batch":[{"type":"group",}]}`, 400, "bad JSON at line 1"},
			{"SegmentBadUserID", "POST", "/api/v1/segment/identify", `{"userId":{"id":1}}`, 400, "userId: want a string"},
			// Routing.
			{"UnknownPath", "GET", "/api/v1/nothing", "", 404, "no API endpoint GET /api/v1/nothing"},
			{"WrongMethod", "DELETE", "/api/v1/accounts/acme", "", 405, "DELETE is not allowed on /api/v1/accounts/acme; use GET or PUT"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := a.snapshot()
				r := a.do(tc.method, tc.path, tc.body)
				if r.status != tc.status || !strings.Contains(r.errorMessage(), tc.msg) {
					t.Errorf("got %s\nwant %d %q", r, tc.status, tc.msg)
				}
				if a.snapshot() != before {
					t.Errorf("the refused request changed the data")
				}
			})
		}
	})
}

func TestBodyTooLarge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		before := a.snapshot()
		item := `{"account_id":"acme","metric":"logins","date":"2024-06-01","value":1},`
		body := "[" + strings.Repeat(item, maxBody/len(item)+1) + item[:len(item)-1] + "]"
		for _, path := range []string{"/api/v1/metrics/bulk", "/api/v1/segment/batch"} {
			r := a.do("POST", path, body, withHeader("Idempotency-Key", "big"))
			if r.status != 413 || !strings.Contains(r.errorMessage(), "larger than the 32 MiB limit") {
				t.Errorf("%s: got %d %s", path, r.status, r.errorMessage())
			}
		}
		if a.snapshot() != before {
			t.Errorf("the refused request changed the data")
		}
	})
}
