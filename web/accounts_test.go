package web

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// signedIn returns a client signed in as a viewer on a seeded store.
func signedIn(t *testing.T, st *store.Store) *client {
	t.Helper()
	seed(t, st)
	createUser(t, st, "vera@gtg.test", gtg.UserViewer)
	c := &client{t: t, h: newTestHandler(t, st)}
	c.login("vera@gtg.test")
	return c
}

var rowNameRE = regexp.MustCompile(`<td class="name"><a href="[^"]+">([^<]+)</a>`)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plain returns the text of an HTML page with its whitespace collapsed.
func plain(body string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(body, " "))), " ")
}

// rowNames lists the account names of a list page in order.
func rowNames(body string) []string {
	var out []string
	for _, m := range rowNameRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestAccountList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := signedIn(t, st)
		for _, tc := range []struct {
			url   string
			names []string
			total string // in the summary
		}{
			{"/accounts", []string{"Acme Corp", "Globex", "Initech"}, "3 accounts · $177k ARR"},
			{"/accounts?q=glob", []string{"Globex"}, "1 account · $48k ARR"},
			{"/accounts?q=init-3", []string{"Initech"}, ""}, // by id, any case
			{"/accounts?owner=alice%40gtg.test", []string{"Acme Corp", "Initech"}, "2 accounts · $129k ARR"},
			{"/accounts?segment=SMB", []string{"Initech"}, ""},
			{"/accounts?stage=adoption", []string{"Globex"}, ""},
			{"/accounts?owner=alice%40gtg.test&stage=adoption", nil, "No accounts match these filters."},
			{"/accounts?sort=-name", []string{"Initech", "Globex", "Acme Corp"}, ""},
			{"/accounts?sort=-arr", []string{"Acme Corp", "Globex", "Initech"}, ""},
			{"/accounts?sort=arr", []string{"Initech", "Globex", "Acme Corp"}, ""},
			{"/accounts?sort=renewal", []string{"Initech", "Acme Corp", "Globex"}, ""},
			{"/accounts?sort=-owner", []string{"Globex", "Acme Corp", "Initech"}, ""},
			{"/accounts?sort=bogus", []string{"Acme Corp", "Globex", "Initech"}, ""},
		} {
			t.Run(tc.url, func(t *testing.T) {
				w := c.get(tc.url)
				body := w.Body.String()
				if w.Code != http.StatusOK {
					t.Fatalf("status %d\n%s", w.Code, body)
				}
				if diff := cmp.Diff(tc.names, rowNames(body)); diff != "" {
					t.Errorf("rows (-want +got):\n%s", diff)
				}
				if !strings.Contains(plain(body), tc.total) {
					t.Errorf("page lacks %q", tc.total)
				}
			})
		}

		t.Run("Columns", func(t *testing.T) {
			body := c.get("/accounts?q=acme").Body.String()
			for _, want := range []string{
				`<a href="/accounts/ACME-1">Acme Corp</a>`, "ACME-1", "alice@gtg.test", "Enterprise", "Mature", "$120,000",
				`<td class="renewal soon">16 Jul 2025 <span class="rel">in 45 days</span>`, `title="Health: not scored yet">—`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("row lacks %q", want)
				}
			}
			if body := c.get("/accounts?q=initech").Body.String(); !strings.Contains(body, `renewal urgent">21 Jun 2025 <span class="rel">in 20 days`) {
				t.Error("a renewal in 20 days is not marked urgent")
			}
		})

		t.Run("SortHeaders", func(t *testing.T) {
			body := c.get("/accounts?owner=alice%40gtg.test&sort=-arr").Body.String()
			for _, want := range []string{
				`class="sort sorted desc" href="/accounts?owner=alice%40gtg.test&amp;sort=arr"`, // flips
				`class="sort" href="/accounts?owner=alice%40gtg.test&amp;sort=renewal"`,         // nearest first
				`class="sort" href="/accounts?owner=alice%40gtg.test"`,                          // name, the default
			} {
				if !strings.Contains(body, want) {
					t.Errorf("headers lack %s", want)
				}
			}
		})

		t.Run("Facets", func(t *testing.T) {
			body := c.get("/accounts?segment=SMB").Body.String()
			for _, want := range []string{"<option>alice@gtg.test</option>", "<option>bob@gtg.test</option>",
				"<option selected>SMB</option>", `<option value="onboarding">Onboarding</option>`} {
				if !strings.Contains(body, want) {
					t.Errorf("filters lack %s", want)
				}
			}
		})

		t.Run("Fragment", func(t *testing.T) {
			w := c.get("/accounts?q=glob&owner=", "HX-Request", "true", "HX-Target", "results")
			body := w.Body.String()
			if strings.Contains(body, "<html") || !strings.Contains(body, "Globex") || strings.Contains(body, "Acme Corp") {
				t.Errorf("htmx response is not the results fragment:\n%s", body)
			}
			if got := w.Header().Get("HX-Push-Url"); got != "/accounts?q=glob" {
				t.Errorf("HX-Push-Url = %q, want the tidy URL", got)
			}
			if full := c.get("/accounts?q=glob").Body.String(); !strings.Contains(full, "<html") {
				t.Error("a plain request did not get the full page")
			}
		})
	})
}

func TestAccountListPages(t *testing.T) {
	st := storetest.OpenSQLite(t)
	seedPortfolio(t, st, accountsPerPage+7)
	createUser(t, st, "vera@gtg.test", gtg.UserViewer)
	c := &client{t: t, h: newTestHandler(t, st)}
	c.login("vera@gtg.test")

	first := c.get("/accounts").Body.String()
	if n := len(rowNames(first)); n != accountsPerPage {
		t.Errorf("page 1 has %d rows, want %d", n, accountsPerPage)
	}
	if !strings.Contains(first, fmt.Sprintf("1–%d of %d", accountsPerPage, accountsPerPage+7)) || !strings.Contains(first, `href="/accounts?page=2"`) {
		t.Error("page 1 lacks its position or a link to page 2")
	}
	second := c.get("/accounts?page=2").Body.String()
	if n := len(rowNames(second)); n != 7 {
		t.Errorf("page 2 has %d rows, want 7", n)
	}
	if !strings.Contains(second, `rel="prev" href="/accounts"`) || strings.Contains(second, `rel="next"`) {
		t.Error("page 2 links wrong")
	}
}

func TestAccountShow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := signedIn(t, st)
		w := c.get("/accounts/ACME-1")
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("status %d\n%s", w.Code, body)
		}
		for _, want := range []string{
			// Header.
			"<h1>Acme Corp</h1>", "$120,000", "16 Jul 2025", "in 45 days", "Enterprise plan", "Sam Seller", "alice@gtg.test",
			"<dd>250</dd>", "<dd>A</dd>", "16 Jul 2024 → 16 Jul 2025",
			// Custom attributes.
			"<dt>Employees</dt><dd>2,100</dd>", "<dt>Reference customer</dt><dd>Yes</dd>", "<dt>Region</dt><dd>EMEA</dd>",
			// Contacts: the departed champion stands out.
			`<tr class="key-loss"`, "Carla Champion", `<span class="status-left bad">left on 22 May 2025</span>`, "Economic buyer", "CFO",
			// Timeline, humanly.
			`<span class="fact bad">NPS 3 · detractor</span>`, "with Eve Buyer", "Too slow since the upgrade",
			`<span class="fact bad">Priority high</span>`, `<span class="fact warn">first response 5 h</span>`, "#T-881",
			`<span class="fact bad">negative</span>`, "Champion is leaving next week",
			"Meeting", "with Carla Champion", "45 min", "Quarterly business review",
			"Webinar attended", "Topic: Reporting",
			// Outcomes and audit trail.
			`<span class="fact good">Expanded</span>`, "$100,000 → $120,000", "(&#43;$20,000)",
			"<strong>update</strong> by crm-sync", "arr: 100,000 → 120,000", "attrs.employees: 1,800 → 2,100",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("account page lacks %s", want)
			}
		}
		// Timeline is newest first.
		if i, j := strings.Index(body, "NPS 3"), strings.Index(body, "Quarterly business review"); i < 0 || j < 0 || i > j {
			t.Error("timeline is not newest first")
		}
		// The chart carries 180 days of active users and logins.
		m := regexp.MustCompile(`data-chart="([^"]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no usage chart")
		}
		chart := strings.ReplaceAll(m[1], "&#34;", `"`)
		if !strings.Contains(chart, `"labels":["Active users","Logins"]`) || strings.Count(chart, ",") < 3*chartDays {
			t.Errorf("chart data = %.200s…", chart)
		}
		users, logins := acmeUsage(0)
		if !strings.Contains(chart, fmt.Sprintf(",%v]", users)) || !strings.Contains(chart, fmt.Sprintf(",%v]", logins)) {
			t.Errorf("chart lacks today's values (%v users, %v logins): …%s", users, logins, chart[len(chart)-120:])
		}
		if !strings.HasPrefix(chart, `{"x":[`+fmt.Sprint(today.AddDays(1-chartDays).Time().Unix())+`,`) || !strings.Contains(chart, `"series":[[null,`) {
			t.Errorf("chart does not start %d days ago with a gap: %.120s", chartDays, chart)
		}
	})
}

func TestAccountShowEmpty(t *testing.T) {
	st := storetest.OpenSQLite(t)
	c := signedIn(t, st)
	body := c.get("/accounts/GLOBEX-2").Body.String()
	for _, want := range []string{"No product usage recorded", "No contacts yet.", "Nothing on the timeline yet.", "No renewals or changes recorded yet."} {
		if !strings.Contains(body, want) {
			t.Errorf("empty account page lacks %q", want)
		}
	}
}

func TestAccountNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := signedIn(t, st)
		w := c.get("/accounts/NOPE-9")
		if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), `account &#34;NOPE-9&#34; not found`) ||
			!strings.Contains(w.Body.String(), "Page not found") {
			t.Errorf("unknown account: %d\n%s", w.Code, w.Body)
		}
	})
}

func TestAccountTimeline(t *testing.T) {
	st := storetest.OpenSQLite(t)
	c := signedIn(t, st)
	globex, err := st.Account(ctx, "GLOBEX-2")
	if err != nil {
		t.Fatal(err)
	}
	var evs []*gtg.Event
	for i := range timelinePage + 5 {
		evs = append(evs, &gtg.Event{AccountID: globex.ID, Type: gtg.EventEmail, OccurredAt: testNow.Add(-time.Duration(i+1) * time.Hour),
			Attrs: map[string]any{"direction": "outbound", "subject": fmt.Sprintf("Check-in %02d", i)}})
	}
	evs = append(evs, &gtg.Event{AccountID: globex.ID, Type: gtg.EventTicketOpened, OccurredAt: testNow.Add(-1000 * time.Hour),
		Attrs: map[string]any{"priority": "low", "ticket_id": "T-1"}})
	if err := st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.UpsertEvents(ctx, evs); return err }); err != nil {
		t.Fatal(err)
	}

	body := c.get("/accounts/GLOBEX-2").Body.String()
	if n := strings.Count(body, `<li class="ev`); n != timelinePage {
		t.Errorf("first view shows %d events, want %d", n, timelinePage)
	}
	if !strings.Contains(body, fmt.Sprintf(`href="/accounts/GLOBEX-2?n=%d#timeline"`, 2*timelinePage)) || strings.Contains(body, fmt.Sprintf("Check-in %02d", timelinePage+1)) {
		t.Error("first view lacks Show more, or shows too much")
	}
	body = c.get("/accounts/GLOBEX-2?n=50").Body.String()
	if n := strings.Count(body, `<li class="ev`); n != timelinePage+6 || strings.Contains(body, ">Show more<") {
		t.Errorf("n=50 shows %d events (want all %d) or still offers more", n, timelinePage+6)
	}
	body = c.get("/accounts/GLOBEX-2?tl=tickets").Body.String()
	if n := strings.Count(body, `<li class="ev`); n != 1 || !strings.Contains(body, "#T-1") || !strings.Contains(body, `class="active" aria-current="true"`) {
		t.Errorf("tickets filter shows %d events", n)
	}
	if body := c.get("/accounts/GLOBEX-2?tl=surveys").Body.String(); !strings.Contains(body, "No events of this kind.") {
		t.Error("an empty filter does not say so")
	}
}
