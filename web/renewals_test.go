package web

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestRenewalsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := signedIn(t, st) // a viewer who owns no account: every owner's renewals
		// Initech renews in 20 days, Acme in 45, Globex in 200 (past the window).
		for _, tc := range []struct {
			url     string
			names   []string
			summary string
		}{
			{"/renewals", []string{"Initech", "Acme Corp"}, "2 renewals in the next 180 days · $129k ARR due"},
			{"/renewals?within=30", []string{"Initech"}, "1 renewal in the next 30 days"},
			{"/renewals?sort=-arr", []string{"Acme Corp", "Initech"}, ""},
			{"/renewals?q=acme", []string{"Acme Corp"}, ""},
			{"/renewals?owner=bob%40gtg.test", nil, "No renewals match these filters."},
			{"/renewals?color=red", nil, "No renewals match these filters."},
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
				if !strings.Contains(plain(body), tc.summary) {
					t.Errorf("page lacks %q:\n%s", tc.summary, plain(body))
				}
			})
		}

		t.Run("CSV", func(t *testing.T) {
			w := c.get("/renewals.csv?within=30")
			if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
				t.Fatalf("status %d %s", w.Code, w.Header())
			}
			rows, err := csv.NewReader(w.Body).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			// Acme's expansion (100000 -> 120000), unscored a month before,
			// is the one renewal so far: an unscored rate of 1.2.
			want := [][]string{
				{"account_id", "name", "owner", "segment", "renewal_date", "days", "bucket", "arr", "currency", "color", "score",
					"trend", "risk_level", "plan_id", "expected_rate", "expected_arr", "method", "offer_id", "offer_rung"},
				{"INIT-3", "Initech", "alice@gtg.test", "SMB", today.AddDays(20).String(), "20", "30", "9000", "USD", "unscored", "0",
					"", "", "", "1.200000", "10800.00", "color_rate", "", ""},
			}
			if diff := cmp.Diff(want, rows); diff != "" {
				t.Errorf("CSV (-want +got):\n%s", diff)
			}
		})

		t.Run("CSVFormulaInert", func(t *testing.T) {
			// A customer-supplied name that a spreadsheet would run as a formula.
			a, err := st.Account(ctx, "INIT-3")
			if err != nil {
				t.Fatal(err)
			}
			name := a.Name
			set := func(n string) {
				a.Name = n
				if err := st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.UpsertAccounts(ctx, "test", []*gtg.Account{a}); return err }); err != nil {
					t.Fatal(err)
				}
			}
			set(`=HYPERLINK("http://evil.example","x")`)
			defer set(name)
			rows, err := csv.NewReader(c.get("/renewals.csv?within=30").Body).ReadAll()
			if err != nil || len(rows) != 2 {
				t.Fatalf("%v %v", rows, err)
			}
			if got := rows[1][1]; got != `'=HYPERLINK("http://evil.example","x")` {
				t.Errorf("name cell %q: want it made inert with a leading apostrophe", got)
			}
		})

		t.Run("DefaultOwner", func(t *testing.T) {
			createUser(t, st, "alice@gtg.test", gtg.UserCSM)
			a := &client{t: t, h: c.h}
			a.login("alice@gtg.test")
			body := a.get("/renewals").Body.String()
			if !strings.Contains(body, `<option selected>alice@gtg.test</option>`) {
				t.Errorf("alice's renewals are not selected by default")
			}
			if got := rowNames(a.get("/renewals?owner=all").Body.String()); len(got) != 2 {
				t.Errorf("all owners: %v", got)
			}
		})

		t.Run("Backtest", func(t *testing.T) {
			w := c.get("/renewals/backtest")
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Is the forecast right?") {
				t.Errorf("backtest card: %d %s", w.Code, w.Body.String())
			}
			w = c.get("/renewals/backtest.csv?from=2024-06-01&to=2025-05-31")
			if rows, _ := csv.NewReader(w.Body).ReadAll(); w.Code != http.StatusOK || len(rows) != 13 {
				t.Errorf("backtest CSV: %d, %d rows, want a header and 12 months", w.Code, len(rows))
			}
		})

		t.Run("RetentionPage", func(t *testing.T) {
			w := c.get("/retention?by=owner")
			body := plain(w.Body.String())
			// The last twelve months: Globex and Initech had ARR throughout;
			// Acme started inside them.
			if w.Code != http.StatusOK || !strings.Contains(body, "alice@gtg.test 1 9,000 9,000 100.0% 100.0% 100.0%") ||
				!strings.Contains(body, "All accounts 2 57k 57k 100.0%") {
				t.Errorf("retention page: %d\n%s", w.Code, body)
			}
			w = c.get("/retention/groups.csv?from=2024-07-01&to=2025-06-01&by=segment")
			rows, err := csv.NewReader(w.Body).ReadAll()
			if err != nil || len(rows) != 4 || rows[1][0] != "Mid-Market" || rows[3][0] != "(all)" || rows[3][6] != "1.000000" {
				t.Errorf("groups CSV: %v %v", err, rows)
			}
			if w := c.get("/retention?by=region"); w.Code != http.StatusBadRequest {
				t.Errorf("by region: %d, want 400", w.Code)
			}
		})

		t.Run("RetentionCSV", func(t *testing.T) {
			w := c.get("/retention.csv?from=2025-01-01&to=2025-05-31")
			rows, err := csv.NewReader(w.Body).ReadAll()
			if err != nil || w.Code != http.StatusOK || len(rows) != 6 || rows[1][0] != "2025-01" || rows[0][6] != "grr" {
				t.Errorf("retention CSV: %d %v %v", w.Code, err, rows)
			}
			if w := c.get("/retention.csv?from=2025-13-01"); w.Code != http.StatusBadRequest {
				t.Errorf("bad from: %d, want 400", w.Code)
			}
		})
	})
}
