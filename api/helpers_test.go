package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// testNow is the clock of every test store.
var testNow = time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC)

// testAPI is the handler over a real store, with one user and token per role.
type testAPI struct {
	t     *testing.T
	st    *store.Store
	h     http.Handler
	token map[string]string // role -> secret
}

func newTestAPI(t *testing.T, st *store.Store) *testAPI {
	t.Helper()
	st.Now = func() time.Time { return testNow }
	a := &testAPI{t: t, st: st, token: map[string]string{}}
	for _, role := range []string{gtg.UserAdmin, gtg.UserManager, gtg.UserCSM, gtg.UserViewer} {
		u := &gtg.User{Email: role + "@example.com", Role: role, PasswordHash: "unused"}
		if err := st.CreateUser(context.Background(), "test", u); err != nil {
			t.Fatalf("create %s: %v", role, err)
		}
		secret, prefix, hash := NewToken()
		if err := st.CreateAPIToken(context.Background(), "test", &gtg.APIToken{UserID: u.ID, Name: "test", Prefix: prefix, Hash: hash}); err != nil {
			t.Fatalf("create token: %v", err)
		}
		a.token[role] = secret
	}
	a.h = NewHandler(st, slog.New(slog.NewTextHandler(testLog{t}, nil)))
	return a
}

// testLog sends the handler's log to the test's, so internal errors show.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// response is what a request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// errorMessage is the message of an error response ("" otherwise).
func (r response) errorMessage() string {
	var e errorBody
	json.Unmarshal(r.body, &e)
	return e.Error.Message
}

func (r response) String() string { return fmt.Sprintf("%d %s", r.status, r.body) }

type reqOpt func(*http.Request)

func as(secret string) reqOpt {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+secret) }
}

func withHeader(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

// do sends a request as the csm unless an option says otherwise.
func (a *testAPI) do(method, path, body string, opts ...reqOpt) response {
	a.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer "+a.token[gtg.UserCSM])
	for _, o := range opts {
		o(req)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.Bytes()}
}

// must sends a request that must answer 200 and decodes its body into v.
func (a *testAPI) must(method, path, body string, v any, opts ...reqOpt) {
	a.t.Helper()
	r := a.do(method, path, body, opts...)
	if r.status != http.StatusOK {
		a.t.Fatalf("%s %s: %s", method, path, r)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			a.t.Fatalf("%s %s: decode %s: %v", method, path, r.body, err)
		}
	}
}

// snapshot describes everything stored, to prove a failed request wrote nothing.
func (a *testAPI) snapshot() string {
	a.t.Helper()
	ctx := context.Background()
	var b strings.Builder
	accts, _, err := a.st.Accounts(ctx, gtg.AccountFilter{Sort: "id"})
	if err != nil {
		a.t.Fatal(err)
	}
	js := func(v any) string { out, _ := json.Marshal(v); return string(out) }
	b.WriteString(js(accts))
	for _, acct := range accts {
		cs, err := a.st.Contacts(ctx, acct.ID)
		if err != nil {
			a.t.Fatal(err)
		}
		b.WriteString(js(cs))
		evs, err := a.st.Events(ctx, gtg.EventFilter{AccountID: acct.ID})
		if err != nil {
			a.t.Fatal(err)
		}
		b.WriteString(js(evs))
		series, err := a.st.Series(ctx, acct.ID, nil, gtg.MustParseDay("2024-01-01"), gtg.MustParseDay("2024-12-31"))
		if err != nil {
			a.t.Fatal(err)
		}
		fmt.Fprint(&b, series)
	}
	outs, err := a.st.Outcomes(ctx, 0)
	if err != nil {
		a.t.Fatal(err)
	}
	b.WriteString(js(outs))
	keys, err := a.st.MetricKeys(ctx)
	if err != nil {
		a.t.Fatal(err)
	}
	b.WriteString(js(keys))
	audit, err := a.st.AuditLog(ctx, "", "", 10000)
	if err != nil {
		a.t.Fatal(err)
	}
	fmt.Fprintf(&b, "audit:%d", len(audit))
	return b.String()
}

// seed stores account "acme" (with a numeric custom attribute), a contact,
// an event, a metric point and an outcome, through the store.
func (a *testAPI) seed() {
	a.t.Helper()
	ctx := context.Background()
	err := a.st.InTx(ctx, func(tx *store.Tx) error {
		acct := &gtg.Account{ExternalID: "acme", Name: "Acme", ARR: 50000, Owner: "olga", Segment: "smb",
			Attrs: map[string]any{"tier_score": 3.0}}
		if _, err := tx.UpsertAccounts(ctx, "test", []*gtg.Account{acct}); err != nil {
			return err
		}
		if _, err := tx.UpsertContacts(ctx, "test", []*gtg.Contact{{AccountID: acct.ID, Email: "pat@acme.com", Name: "Pat"}}); err != nil {
			return err
		}
		if _, err := tx.UpsertEvents(ctx, []*gtg.Event{{AccountID: acct.ID, Type: "note", ExternalID: "n1",
			OccurredAt: testNow.Add(-time.Hour), Attrs: map[string]any{"text": "hello"}}}); err != nil {
			return err
		}
		if _, err := tx.MergeMetrics(ctx, []gtg.MetricPoint{{AccountID: acct.ID, Key: "logins", Day: gtg.MustParseDay("2024-06-01"), Value: 5}}); err != nil {
			return err
		}
		_, err := tx.UpsertOutcomes(ctx, []*gtg.Outcome{{AccountID: acct.ID, Day: gtg.MustParseDay("2024-01-15"),
			Type: gtg.OutcomeRenewed, ARRBefore: 50000, ARRAfter: 50000}})
		return err
	})
	if err != nil {
		a.t.Fatalf("seed: %v", err)
	}
}
