package health_test

import (
	"math"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// The scoring scan reads only what the cards need: no events when no card
// reads any, only the types read, and no contacts when no measure can use
// them. Each card below is scored by ScoreRange and every snapshot compared
// with scoring the account directly on all its data.
const (
	metricsOnlyCard = `name: metrics-only
version: 1
thresholds: {green: 70, yellow: 40}
groups:
  - key: usage
    measures: {users_per_seat: 1, logins_change: 1, big: 1}
measures:
  - key: users_per_seat
    kind: metric
    metric: active_users
    agg: avg
    window: 30d
    per: account.seats
    bands: [{max: 0.2, points: 0}, {max: 0.4, points: 60}, {points: 100}]
  - key: logins_change
    kind: metric
    metric: logins
    agg: sum
    window: 14d
    change: relative
    bands: [{max: -0.1, points: 0}, {points: 100}]
  - key: seats
    kind: account
    field: seats
  - key: big
    kind: expr
    expr: "seats >= 50 ? 1 : 0"
    bands: [{max: 1, points: 50}, {points: 100}]
`
	contactsCard = `name: contacts
version: 1
thresholds: {green: 70, yellow: 40}
groups:
  - key: relationship
    measures: {champion: 1, stakeholders: 1}
measures:
  - key: champion
    kind: contacts
    agg: present
    role: champion
    bands: [{max: 1, points: 0}, {points: 100}]
  - key: stakeholders
    kind: contacts
    agg: count
    bands: [{max: 3, points: 0}, {max: 6, points: 60}, {points: 100}]
`
	roleCard = `name: role
version: 1
thresholds: {green: 70, yellow: 40}
groups:
  - key: engagement
    measures: {champion_touches: 1}
measures:
  - key: champion_touches
    kind: event
    event: [meeting, call, email]
    role: champion
    agg: count
    window: 90d
    bands: [{max: 1, points: 0}, {max: 3, points: 60}, {points: 100}]
`
)

func TestScoreRangeReadsWhatCardsNeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		today := gtg.MustParseDay("2026-06-30")
		if _, err := demo.Load(ctx, s, demo.Config{Accounts: 20, Seed: 3, Today: today, Days: 120}, nil); err != nil {
			t.Fatal(err)
		}
		accts, _, err := s.Accounts(ctx, gtg.AccountFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ name, yaml, measure string }{
			{"MetricsOnly", metricsOnlyCard, "users_per_seat"},
			{"Contacts", contactsCard, "champion"},
			{"EventsByRole", roleCard, "champion_touches"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sc, err := scorecard.Parse(tc.name+".yaml", []byte(tc.yaml))
				if err != nil {
					t.Fatal(err)
				}
				from := today - 2
				if _, err := health.ScoreRange(ctx, s, []*scorecard.Scorecard{sc}, from, today, nil); err != nil {
					t.Fatal(err)
				}
				scored := 0 // snapshots where the measure had points above zero: the data was read
				for _, a := range accts {
					hist, err := s.HealthHistory(ctx, a.ID, from, today)
					if err != nil {
						t.Fatal(err)
					}
					for _, h := range hist {
						want := direct(t, s, sc, a, h.Day)
						if h.Scorecard != sc.Name || want.Color != h.Color || math.Abs(finite(want.Score)-h.Score) > 1e-9 {
							t.Fatalf("%s on %s: stored %s %.6f (%s), direct %s %.6f", a.ExternalID, h.Day, h.Color, h.Score,
								h.Scorecard, want.Color, want.Score)
						}
						for _, m := range want.Measures {
							if m.Key == tc.measure && m.Points > 0 {
								scored++
							}
						}
					}
				}
				if scored == 0 {
					t.Fatalf("no snapshot had points for %s: the test would pass without its data", tc.measure)
				}
			})
		}
	})
}

// direct scores the account on day with all its contacts, metrics and events.
func direct(t *testing.T, s *store.Store, sc *scorecard.Scorecard, a *gtg.Account, day gtg.Day) scorecard.Result {
	t.Helper()
	from := day - gtg.Day(sc.Lookback())
	contacts, err := s.Contacts(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	ser, err := s.Series(ctx, a.ID, sc.MetricKeys(), from, day)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := s.Events(ctx, gtg.EventFilter{AccountID: a.ID, From: from.Time(), To: (day + 1).Time()})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]gtg.Series{}
	for _, x := range ser {
		m[x.Key] = x
	}
	return sc.Score(&scorecard.AccountData{Account: a, Contacts: contacts, Series: m, Events: evs, AsOf: day})
}
