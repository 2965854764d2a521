package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

var ctx = context.Background()

// testNow is the clock of every test: pages say "in 45 days" relative to it.
var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

var today = gtg.DayOf(testNow)

const testPassword = "correct horse battery"

// newTestHandler returns the web app on st, with the store and the app on testNow.
func newTestHandler(t testing.TB, st *store.Store) http.Handler {
	t.Helper()
	st.Now = func() time.Time { return testNow }
	return NewHandler(Config{
		Store:  st,
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil)),
		Now:    func() time.Time { return testNow },
	})
}

// createUser adds a user with testPassword.
func createUser(t testing.TB, st *store.Store, email, role string) *gtg.User {
	t.Helper()
	h, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &gtg.User{Email: email, Name: strings.ToUpper(email[:1]) + email[1:strings.Index(email, "@")], Role: role, PasswordHash: h}
	if err := st.CreateUser(ctx, "test", u); err != nil {
		t.Fatal(err)
	}
	return u
}

// seed writes a small portfolio: three accounts, Acme with contacts (a
// departed champion), usage, a timeline and an outcome.
func seed(t testing.TB, st *store.Store) {
	t.Helper()
	accts := []*gtg.Account{
		{ExternalID: "ACME-1", Name: "Acme Corp", Plan: "Enterprise", Seats: 250, Segment: "Enterprise",
			Stage: gtg.StageMature, Owner: "alice@gtg.test", AccountExecutive: "Sam Seller", ICPFit: "A",
			ContractStart: today.AddDays(-320), RenewalDate: today.AddDays(45)},
		{ExternalID: "GLOBEX-2", Name: "Globex", ARR: 48000, Plan: "Growth", Seats: 60, Segment: "Mid-Market",
			Stage: gtg.StageAdoption, Owner: "bob@gtg.test", RenewalDate: today.AddDays(200)},
		{ExternalID: "INIT-3", Name: "Initech", ARR: 9000, Plan: "Starter", Seats: 12, Segment: "SMB",
			Stage: gtg.StageOnboarding, Owner: "alice@gtg.test", RenewalDate: today.AddDays(20)},
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		// A later sync raises Acme's ARR, for the audit trail.
		updated := *accts[0]
		updated.ID, updated.ARR = 0, 120000
		updated.Attrs = map[string]any{"region": "EMEA", "employees": 2100.0, "reference_customer": true}
		accts[0].ARR = 100000
		accts[0].Attrs = map[string]any{"region": "EMEA", "employees": 1800.0, "reference_customer": true}
		if _, err := tx.UpsertAccounts(ctx, "import", accts); err != nil {
			return err
		}
		if _, err := tx.UpsertAccounts(ctx, "crm-sync", []*gtg.Account{&updated}); err != nil {
			return err
		}
		acme := accts[0].ID
		contacts := []*gtg.Contact{
			{AccountID: acme, Email: "carla@acme.test", Name: "Carla Champion", Title: "Head of Ops", Role: gtg.RoleChampion,
				Status: gtg.ContactLeft, StatusChangedOn: today.AddDays(-10)},
			{AccountID: acme, Email: "eve@acme.test", Name: "Eve Buyer", Title: "CFO", Role: gtg.RoleEconomicBuyer},
			{AccountID: acme, Email: "uma@acme.test", Name: "Uma User", Role: gtg.RoleEndUser},
		}
		if _, err := tx.UpsertContacts(ctx, "import", contacts); err != nil {
			return err
		}
		var pts []gtg.MetricPoint
		for i := range 150 {
			users, logins := acmeUsage(i)
			d := today.AddDays(-i)
			pts = append(pts, gtg.MetricPoint{AccountID: acme, Key: "active_users", Day: d, Value: users},
				gtg.MetricPoint{AccountID: acme, Key: "logins", Day: d, Value: logins})
		}
		if _, err := tx.MergeMetrics(ctx, pts); err != nil {
			return err
		}
		at := func(days int) time.Time { return testNow.Add(time.Duration(days) * 24 * time.Hour) }
		events := []*gtg.Event{
			{AccountID: acme, Type: gtg.EventSurvey, OccurredAt: at(-2), ContactEmail: "eve@acme.test",
				Attrs: map[string]any{"nps": 3.0, "comment": "Too slow since the upgrade"}},
			{AccountID: acme, Type: gtg.EventTicketOpened, OccurredAt: at(-5),
				Attrs: map[string]any{"ticket_id": "T-881", "priority": "high", "first_response_minutes": 300.0}},
			{AccountID: acme, Type: gtg.EventNote, OccurredAt: at(-8),
				Attrs: map[string]any{"text": "Champion is leaving next week", "sentiment": "negative", "author": "alice@gtg.test"}},
			{AccountID: acme, Type: gtg.EventMeeting, OccurredAt: at(-30), ContactEmail: "carla@acme.test",
				Attrs: map[string]any{"title": "Quarterly business review", "duration_minutes": 45.0}},
			{AccountID: acme, Type: "webinar_attended", OccurredAt: at(-40), Attrs: map[string]any{"topic": "Reporting"}},
		}
		if _, err := tx.UpsertEvents(ctx, events); err != nil {
			return err
		}
		_, err := tx.UpsertOutcomes(ctx, []*gtg.Outcome{
			{AccountID: acme, Day: today.AddDays(-320), Type: gtg.OutcomeExpanded, ARRBefore: 100000, ARRAfter: 120000},
		})
		return err
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// acmeUsage is Acme's usage i days ago: weekly rhythm, sagging over the
// last four months as its champion drifts away.
func acmeUsage(i int) (users, logins float64) {
	base := 120 + 60*float64(min(i, 120))/120
	switch today.AddDays(-i).Time().Weekday() {
	case time.Saturday, time.Sunday:
		base *= 0.35
	}
	users = float64(int(base) + (i*37)%9)
	return users, users*5 + float64((i*53)%40)
}

// client drives the handler like a browser: it keeps the session cookie
// and knows the session's CSRF token.
type client struct {
	t      testing.TB
	h      http.Handler
	cookie *http.Cookie
	csrf   string
}

// do sends a request; form, when not nil, is sent as a urlencoded POST body.
func (c *client) do(method, target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	if c.cookie != nil {
		r.AddCookie(c.cookie)
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, r)
	for _, ck := range w.Result().Cookies() {
		if strings.HasSuffix(ck.Name, "gtg_session") {
			if ck.MaxAge < 0 {
				c.cookie = nil
			} else {
				c.cookie = ck
			}
		}
	}
	return w
}

func (c *client) get(target string, header ...string) *httptest.ResponseRecorder {
	c.t.Helper()
	return c.do(http.MethodGet, target, nil, header...)
}

// login signs in and picks up the CSRF token from a page.
func (c *client) login(email string) {
	c.t.Helper()
	w := c.do(http.MethodPost, "/login", url.Values{"email": {email}, "password": {testPassword}})
	if w.Code != http.StatusSeeOther || c.cookie == nil {
		c.t.Fatalf("login %s: status %d, cookie %v\n%s", email, w.Code, c.cookie, w.Body)
	}
	c.csrf = csrfFrom(c.t, c.get("/accounts").Body.String())
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfFrom(t testing.TB, body string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in page:\n%s", body)
	}
	return m[1]
}
