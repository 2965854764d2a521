package web

import (
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// seedHealth stores 41 days of health for the seeded portfolio:
//   - Acme falls from 90 to 74 (0.4 a day), green throughout: its active
//     users measure went from 80 to 20 points at weight 0.1 (−6.0), and its
//     NPS has no data today;
//   - Initech rises from 20 to 60 (1 a day), red then yellow;
//   - Globex has insufficient data.
func seedHealth(t testing.TB, st *store.Store) {
	t.Helper()
	ids := map[string]int64{}
	for _, ext := range []string{"ACME-1", "GLOBEX-2", "INIT-3"} {
		a, err := st.Account(ctx, ext)
		if err != nil {
			t.Fatal(err)
		}
		ids[ext] = a.ID
	}
	var hs []*gtg.Health
	for i := 40; i >= 0; i-- {
		d := today.AddDays(-i)
		users := 80.0
		if i < 30 {
			users = 20
		}
		nps := gtg.MeasureValue{Key: "nps", Group: "sentiment", Value: 30, Points: 60, Weight: 0.2}
		if i == 0 {
			nps = gtg.MeasureValue{Key: "nps", Group: "sentiment", Value: math.NaN(), Missing: true}
		}
		hs = append(hs,
			&gtg.Health{AccountID: ids["ACME-1"], Day: d, Scorecard: "test", Version: 2, Score: 74 + 0.4*float64(i), Color: gtg.Green, Coverage: 0.8,
				Measures: []gtg.MeasureValue{
					{Key: "active_users", Group: "usage", Value: users * 2, Points: users, Weight: 0.1},
					{Key: "logins", Group: "usage", Value: 900, Points: 100, Weight: 0.7},
					nps,
				}},
			&gtg.Health{AccountID: ids["INIT-3"], Day: d, Scorecard: "test", Version: 2, Score: 60 - float64(i), Color: map[bool]string{true: gtg.Red, false: gtg.Yellow}[i > 15], Coverage: 1},
			&gtg.Health{AccountID: ids["GLOBEX-2"], Day: d, Scorecard: "test", Version: 2, Color: gtg.InsufficientData, Coverage: 0.2},
		)
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
		t.Fatal(err)
	}
}

func TestHealthPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := signedIn(t, st)
		if w := c.get("/"); w.Header().Get("Location") != "/accounts" {
			t.Errorf("/ before scoring redirects to %q, want /accounts", w.Header().Get("Location"))
		}
		if body := c.get("/dashboard").Body.String(); !strings.Contains(body, "No health scores yet") {
			t.Errorf("dashboard before scoring lacks its empty state:\n%s", body)
		}
		seedHealth(t, st)
		if w := c.get("/"); w.Header().Get("Location") != "/dashboard" {
			t.Errorf("/ after scoring redirects to %q, want /dashboard", w.Header().Get("Location"))
		}

		check := func(target string, wants ...string) {
			t.Helper()
			w := c.get(target)
			body := w.Body.String()
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s: status %d\n%s", target, w.Code, body)
			}
			for _, want := range wants {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s lacks %q", target, want)
				}
			}
		}
		check("/accounts",
			`<span class="hbadge h-green" title="Health: Green">74</span><span class="trend trend-down" title="30-day trend down (-0.4 points a day)">↓</span>`,
			`<span class="hbadge h-yellow" title="Health: Yellow">60</span><span class="trend trend-up"`,
			`<span class="hbadge h-insufficient_data" title="Health: Insufficient data">insufficient data</span>`,
		)
		check("/accounts/ACME-1",
			// The pill.
			`<span class="health-pill h-green"`, `<span class="hp-score">74</span>`, `<span class="hp-meta">test@2 · 1 Jun 2025</span>`,
			// The chart, with the default thresholds of a card no longer in force.
			`data-chart="{`, `&#34;bands&#34;:[70,45]`,
			// The breakdown, grouped.
			`<th scope="rowgroup" colspan="4">Usage</th>`,
			`<td title="active_users">Active users</td><td class="num">40</td><td class="num">20</td><td class="num">10.0%</td>`,
			`<tr class="missing"><td title="nps">NPS</td><td class="num">no data</td>`,
			// What changed since 2 May: the NPS loss (0.2×60 = 12) outweighs active users (0.1×60 = 6).
			"Since 2 May 2025", "<li>No data on NPS any more (was 30): −12 points</li><li>Active users fell from 160 to 40: −6 points</li>",
		)
		check("/dashboard",
			`<a href="/dashboard" class="active" aria-current="page">Dashboard</a>`,
			"3 accounts",
			`<div class="tile h-green"><div class="t-label">Green</div><div class="t-count">1</div><div class="t-arr">$120k ARR</div></div>`,
			`<div class="tile h-yellow"><div class="t-label">Yellow</div><div class="t-count">1</div><div class="t-arr">$9,000 ARR</div></div>`,
			`<div class="tile h-insufficient_data"><div class="t-label">Insufficient data</div><div class="t-count">1</div>`,
			"since 25 May 2025",
			// Initech rose 7 points in the week, Acme fell 2.8.
			`<a href="/accounts/INIT-3">Initech</a>`, `53 → 60 (&#43;7.0)`,
			`<a href="/accounts/ACME-1">Acme Corp</a>`, `77 → 74 (-2.8)`,
			// Acme is 4 points above green, losing 0.4 a day: yellow in 10 days.
			`<td class="num delta-down">-0.40/day</td><td class="num">10</td>`,
		)
	})
}
