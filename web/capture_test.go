package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// captureWorld is the seeded portfolio with a viewer and a CSM signed in.
func captureWorld(t *testing.T, st *store.Store) (viewer, csm *client) {
	t.Helper()
	h := newTestHandler(t, st)
	seed(t, st)
	createUser(t, st, "vera@gtg.test", gtg.UserViewer)
	createUser(t, st, "carl@gtg.test", gtg.UserCSM)
	viewer, csm = &client{t: t, h: h}, &client{t: t, h: h}
	viewer.login("vera@gtg.test")
	csm.login("carl@gtg.test")
	return viewer, csm
}

func countEvents(t *testing.T, st *store.Store) int {
	t.Helper()
	evs, err := st.Events(ctx, gtg.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

func TestCaptureViewer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		viewer, _ := captureWorld(t, st)
		for _, path := range []string{"/accounts/ACME-1", "/accounts/ACME-1/stakeholders", "/coverage", "/coverage?owner=all&page=2"} {
			r := viewer.get(path)
			if r.Code != http.StatusOK {
				t.Fatalf("viewer GET %s: %d\n%s", path, r.Code, r.Body)
			}
			for _, f := range postFormRE.FindAllString(r.Body.String(), -1) {
				if !strings.Contains(f, `action="/logout"`) {
					t.Errorf("viewer sees a form on %s: %s", path, f)
				}
			}
		}
		before := countEvents(t, st)
		for path, form := range map[string]url.Values{
			"/accounts/ACME-1/touches":                {"type": {"note"}, "sentiment": {"negative"}, "text": {"x"}},
			"/accounts/ACME-1/contacts/eve@acme.test": {"influence": {"high"}},
			"/accounts/ACME-1/successor":              {"role": {"champion"}, "email": {"new@acme.test"}},
		} {
			if r := viewer.post(path, form); r.StatusCode != http.StatusForbidden {
				t.Errorf("viewer POST %s: %d, want 403", path, r.StatusCode)
			}
		}
		cs, _ := st.Contacts(ctx, mustAccount(t, st, "ACME-1").ID)
		if after := countEvents(t, st); after != before || len(cs) != 3 || cs[0].Influence != "" && cs[1].Influence != "" {
			t.Errorf("a viewer's posts wrote something: %d events (was %d), contacts %+v", after, before, cs)
		}
	})
}

func mustAccount(t *testing.T, st *store.Store, ext string) *gtg.Account {
	t.Helper()
	a, err := st.Account(ctx, ext)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestCaptureBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		_, csm := captureWorld(t, st)
		before := countEvents(t, st)
		for _, tc := range []struct {
			name, path string
			form       url.Values
			want       string
		}{
			{"ErrNoSentiment", "/accounts/ACME-1/touches", url.Values{"type": {"note"}, "text": {"They sound unsure"}}, "sentiment: required for a note"},
			{"ErrNoText", "/accounts/ACME-1/touches", url.Values{"type": {"note"}, "sentiment": {"neutral"}}, "text: required for a note"},
			{"ErrNoContact", "/accounts/ACME-1/touches", url.Values{"type": {"call"}}, "contact_email: required for a call"},
			{"ErrNotAContact", "/accounts/ACME-1/touches", url.Values{"type": {"meeting"}, "contact": {"bob@else.test"}}, "bob@else.test is not a contact of ACME-1"},
			{"ErrBadDate", "/accounts/ACME-1/touches", url.Values{"type": {"call"}, "contact": {"eve@acme.test"}, "date": {"yesterday"}}, `date: "yesterday" is not a date`},
			{"ErrFuture", "/accounts/ACME-1/touches", url.Values{"type": {"call"}, "contact": {"eve@acme.test"}, "date": {"2031-01-01"}}, "is in the future"},
			{"ErrInfluence", "/accounts/ACME-1/contacts/eve@acme.test", url.Values{"influence": {"huge"}}, `influence: "huge" is not high, medium or low`},
			{"ErrSuccessorRole", "/accounts/ACME-1/successor", url.Values{"role": {"end_user"}, "email": {"x@acme.test"}}, `role: "end_user" is not a key role`},
			{"ErrSuccessorWho", "/accounts/ACME-1/successor", url.Values{"role": {"champion"}}, "pick a contact or give the new one's email"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := csm.post(tc.path, tc.form)
				loc := r.Header.Get("Location")
				if r.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "capture_err=") {
					t.Fatalf("POST %s: %d to %q, want a redirect back with the error", tc.path, r.StatusCode, loc)
				}
				page := csm.get(loc).Body.String()
				if !strings.Contains(page, `class="form-error"`) || !strings.Contains(page, htmlEscape(tc.want)) {
					t.Errorf("page after %s lacks the error %q", tc.name, tc.want)
				}
				if txt := tc.form.Get("text"); txt != "" && !strings.Contains(page, txt) {
					t.Errorf("the note's text %q is lost", txt)
				}
			})
		}
		if r := csm.post("/accounts/ACME-1/contacts/nobody@acme.test", url.Values{"role": {"champion"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("unknown contact: %d", r.StatusCode)
		}
		if after := countEvents(t, st); after != before {
			t.Errorf("bad input wrote %d events", after-before)
		}
	})
}

func htmlEscape(s string) string { return strings.NewReplacer(`"`, "&#34;", "'", "&#39;").Replace(s) }

// TestCaptureRescores: a note with negative sentiment scores today at once
// and opens the sentiment alert; a contact edit and a successor are audited.
func TestCaptureRescores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		_, csm := captureWorld(t, st)
		acme := mustAccount(t, st, "ACME-1")
		// sentiment is today's csm_sentiment points and whether the
		// negative-sentiment alert is open, after a note.
		sentiment := func(s, text string) (float64, bool) {
			t.Helper()
			r := csm.post("/accounts/ACME-1/touches", url.Values{"type": {"note"}, "sentiment": {s}, "text": {text}})
			if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "saved=Note+saved") {
				t.Fatalf("note: %d %q", r.StatusCode, loc)
			}
			hist, err := st.HealthHistory(ctx, acme.ID, today, today)
			if err != nil || len(hist) != 1 {
				t.Fatalf("today's health after the note: %v, %v", hist, err)
			}
			points := -1.0
			for _, m := range hist[0].Measures {
				if m.Key == "csm_sentiment" && !m.Missing {
					points = m.Points
				}
			}
			open, err := st.Alerts(ctx, gtg.AlertFilter{AccountID: acme.ID, Rule: "negative_sentiment", Statuses: []string{gtg.AlertOpen}})
			if err != nil {
				t.Fatal(err)
			}
			return points, len(open) == 1
		}
		if p, alert := sentiment("positive", "Great call with the team"); p != 100 || alert {
			t.Errorf("after a positive note: csm_sentiment points %v, alert %v; want 100 and none", p, alert)
		}
		if p, alert := sentiment("negative", "Budget review went badly"); p != 0 || !alert {
			t.Errorf("after a negative note: csm_sentiment points %v, alert %v; want 0 and the alert", p, alert)
		}
		// The other accounts were scored too: one account's snapshot must
		// not make the daily run skip the day.
		for _, ext := range []string{"GLOBEX-2", "INIT-3"} {
			if h, _ := st.HealthHistory(ctx, mustAccount(t, st, ext).ID, today, today); len(h) != 1 {
				t.Errorf("%s not scored today", ext)
			}
		}

		// The champion who left raised an alert that suggests a playbook and asks for a successor.
		page := csm.get("/accounts/ACME-1").Body.String()
		for _, want := range []string{`href="/accounts/ACME-1/stakeholders#successor-champion">Name a new champion`,
			`href="/accounts/ACME-1/plans/new?playbook=executive_realignment">Start a plan: Executive re-alignment`} {
			if !strings.Contains(page, want) {
				t.Errorf("account page lacks %s", want)
			}
		}
		if pn := csm.get("/accounts/ACME-1/plans/new?playbook=executive_realignment").Body.String(); !strings.Contains(pn, `value="executive_realignment" checked`) {
			t.Error("the suggested playbook is not picked on the new plan page")
		}
		if r := csm.post("/accounts/ACME-1/contacts/eve@acme.test", url.Values{"influence": {"high"}, "role": {"economic_buyer"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.StatusCode)
		}
		if r := csm.post("/accounts/ACME-1/successor", url.Values{"role": {"champion"}, "contact": {"uma@acme.test"}, "back": {"stakeholders"}}); r.StatusCode != http.StatusSeeOther ||
			!strings.HasPrefix(r.Header.Get("Location"), "/accounts/ACME-1/stakeholders?") {
			t.Fatalf("successor: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		cs, err := st.Contacts(ctx, acme.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, c := range cs {
			got[c.Email] = c.Role + "/" + c.Influence
		}
		if got["eve@acme.test"] != "economic_buyer/high" || got["uma@acme.test"] != "champion/" {
			t.Errorf("contacts after the edits: %v", got)
		}
		log, err := st.AuditLog(ctx, "contact", "ACME-1/uma@acme.test", 5)
		if err != nil || len(log) == 0 || log[0].Actor != "carl@gtg.test" || !strings.Contains(log[0].After, `"role":"champion"`) {
			t.Errorf("Uma's audit: %+v %v", log, err)
		}
		page = csm.get("/accounts/ACME-1/stakeholders").Body.String()
		if strings.Contains(page, `id="successor-champion"`) {
			t.Error("the successor prompt is still there after naming one")
		}
		if page = csm.get("/accounts/ACME-1").Body.String(); strings.Contains(page, "Name a new champion") || !strings.Contains(page, "Start a plan: Executive re-alignment") {
			t.Error("after naming a champion the alert should keep the playbook and drop the successor prompt")
		}
	})
}

// A rescore that fails keeps the note and says so, instead of an error page.
func TestCaptureRescoreFails(t *testing.T) {
	st := storetest.OpenSQLite(t)
	st.Now = func() time.Time { return testNow }
	h := NewHandler(Config{Store: st, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: st.Now,
		Rescore: func(context.Context, int64) error { return errors.New("scorer down") }})
	seed(t, st)
	createUser(t, st, "carl@gtg.test", gtg.UserCSM)
	csm := &client{t: t, h: h}
	csm.login("carl@gtg.test")
	before := countEvents(t, st)
	r := csm.post("/accounts/ACME-1/touches", url.Values{"type": {"note"}, "sentiment": {"neutral"}, "text": {"Quiet month"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("note with the scorer down: %d", r.StatusCode)
	}
	if countEvents(t, st) != before+1 {
		t.Error("the note was not kept")
	}
	page := csm.get(r.Header.Get("Location")).Body.String()
	if !strings.Contains(page, "the health could not be rescored now") || strings.Contains(page, "Health rescored") {
		t.Error("the page does not say the rescore failed")
	}
}
