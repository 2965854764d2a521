package scorecard

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gtg-dev/gtg"
)

// portfolio builds plausible accounts for the built-in cards, shaped like
// the demo portfolio's data: usage metrics, the timeline and contacts.
type portfolio struct {
	r *rand.Rand
}

func newPortfolio() *portfolio { return &portfolio{r: rand.New(rand.NewPCG(1, 2))} }

// usage returns n days of a metric ending on asOf, moving linearly from
// start to end with ±10% noise and quieter weekends.
func (p *portfolio) usage(key string, n int, start, end float64) gtg.Series {
	vals := make([]float64, n)
	for i := range vals {
		v := start + (end-start)*float64(i)/float64(n-1)
		if wd := (int(asOf) - (n - 1 - i) + 4) % 7; wd == 0 || wd == 6 {
			v *= 0.3
		}
		vals[i] = math.Max(0, math.Round(v*(0.9+0.2*p.r.Float64())))
	}
	return days(key, vals...)
}

func (p *portfolio) every(typ string, gap, from, to int, contact string, attrs ...any) []*gtg.Event {
	var out []*gtg.Event
	for ago := from; ago <= to; ago += gap {
		out = append(out, ev(typ, ago, contact, attrs...))
	}
	return out
}

func team(championStatus string, championLeft gtg.Day) []*gtg.Contact {
	return []*gtg.Contact{
		contact("eb@acme.test", gtg.RoleEconomicBuyer, gtg.ContactActive, 0),
		contact("champ@acme.test", gtg.RoleChampion, championStatus, championLeft),
		contact("tech@acme.test", gtg.RoleTechnicalOwner, gtg.ContactActive, 0),
		contact("admin@acme.test", gtg.RoleAdmin, gtg.ContactActive, 0),
		contact("user@acme.test", gtg.RoleEndUser, gtg.ContactActive, 0),
	}
}

// healthy is a 50-seat customer of 400 days: most seats active and growing,
// all features in use, regular meetings, quiet support, promoters.
func (p *portfolio) healthy(tenure int) *AccountData {
	a := account()
	a.Seats, a.ICPFit, a.ContractStart = 50, "A", asOf.AddDays(-tenure)
	n := min(180, tenure+1)
	d := &AccountData{Account: a, AsOf: asOf, Contacts: team(gtg.ContactActive, 0), Series: series(
		p.usage("active_users", n, 33, 38), p.usage("logins", n, 60, 70), p.usage("api_calls", n, 900, 1100),
		p.usage("seats_used", n, 40, 46), p.usage("feature_reports", n, 12, 14), p.usage("feature_dashboards", n, 8, 9),
		p.usage("feature_integrations", n, 3, 3), p.usage("session_minutes", n, 900, 1000))}
	for _, evs := range [][]*gtg.Event{
		p.every("meeting", 12, 4, n, "champ@acme.test", "title", "Check-in"),
		p.every("call", 20, 9, n, "tech@acme.test"),
		p.every("email", 9, 2, n, "champ@acme.test", "direction", "inbound"),
		p.every("ticket_opened", 40, 15, n, "user@acme.test", "priority", "normal", "first_response_minutes", 150.0),
		p.every("survey", 45, 10, n, "user@acme.test", "csat", 5.0),
		p.every("survey", 90, 20, n, "eb@acme.test", "nps", 9.0),
		p.every("survey", 90, 21, n, "champ@acme.test", "nps", 10.0),
		p.every("note", 25, 6, n, "", "sentiment", "positive", "text", "Champion very happy with the new dashboards."),
		p.every("invoice_paid", 90, 30, n, "", "amount", 12500.0),
		{ev("handoff", tenure, "", "kind", "sales_to_onboarding")},
	} {
		d.Events = append(d.Events, evs...)
	}
	return d
}

// unhealthy is the same customer going wrong: usage down by two thirds, one
// feature left, no meeting for 80 days, urgent tickets answered slowly,
// detractors, negative notes, the champion gone and an invoice overdue.
func (p *portfolio) unhealthy(tenure int) *AccountData {
	a := account()
	a.Seats, a.ICPFit, a.ContractStart = 50, "C", asOf.AddDays(-tenure)
	n := min(180, tenure+1)
	d := &AccountData{Account: a, AsOf: asOf, Contacts: team(gtg.ContactLeft, asOf.AddDays(-30)), Series: series(
		p.usage("active_users", n, 24, 6), p.usage("logins", n, 45, 10), p.usage("api_calls", n, 500, 100),
		p.usage("seats_used", n, 20, 3), p.usage("feature_reports", n, 4, 1), p.usage("feature_dashboards", n, 0, 0),
		p.usage("feature_integrations", n, 0, 0), p.usage("session_minutes", n, 300, 60))}
	for _, evs := range [][]*gtg.Event{
		p.every("meeting", 50, min(80, n-1), n, "champ@acme.test", "title", "Check-in"),
		p.every("email", 7, 1, n, "eb@acme.test", "direction", "outbound"),
		p.every("ticket_opened", 9, 2, 60, "user@acme.test", "priority", "urgent", "first_response_minutes", 1100.0),
		p.every("ticket_opened", 12, 5, 80, "user@acme.test", "priority", "high", "first_response_minutes", 800.0),
		p.every("survey", 30, 3, n, "user@acme.test", "csat", 2.0),
		p.every("survey", 90, 20, n, "eb@acme.test", "nps", 3.0),
		p.every("survey", 90, 21, n, "tech@acme.test", "nps", 6.0),
		p.every("note", 20, 4, n, "", "sentiment", "negative", "text", "Adoption is stalling; only a few users log in."),
		{ev("invoice_overdue", 25, "", "amount", 12500.0)},
	} {
		d.Events = append(d.Events, evs...)
	}
	return d
}

func TestDefaultCardHealthyAndUnhealthy(t *testing.T) {
	p := newPortfolio()
	for _, tc := range []struct {
		name   string
		d      *AccountData
		card   *Scorecard
		color  string
		lo, hi float64
	}{
		{"Healthy", p.healthy(400), Default(), Green, 85, 100},
		{"Unhealthy", p.unhealthy(400), Default(), Red, 0, 30},
		{"HealthyNew", p.healthy(40), Onboarding(), Green, 80, 100},
		{"UnhealthyNew", p.unhealthy(40), Onboarding(), Red, 0, 35},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Select(Builtin(), tc.d.Account, tc.d.AsOf); got != tc.card {
				t.Fatalf("Select = %v, want %v", got, tc.card)
			}
			r := tc.card.Score(tc.d)
			if r.Color != tc.color || r.Score < tc.lo || r.Score > tc.hi || r.Coverage < 0.99 {
				t.Errorf("%s %.1f (coverage %.2f), want %s in [%v, %v]", r.Color, r.Score, r.Coverage, tc.color, tc.lo, tc.hi)
				for _, m := range r.Measures {
					t.Logf("  %-24s %-10s %6.1f points × %.3f", m.Key, m.Display(), m.Points, m.Weight)
				}
			}
			for _, m := range r.Measures {
				if m.Group != "" && (m.Missing || m.Skipped) {
					t.Errorf("%s: no data (%+v); the account was built to have it", m.Key, m)
				}
			}
		})
	}
}

// An account the card knows almost nothing about is not red.
func TestDefaultCardWithoutData(t *testing.T) {
	r := Default().Score(&AccountData{Account: account(), AsOf: asOf})
	if r.Color != InsufficientData || r.Coverage >= Default().MinCoverage {
		t.Errorf("%s, coverage %.2f", r.Color, r.Coverage)
	}
}

// The story Explain tells when a healthy account turns.
func TestDefaultCardExplain(t *testing.T) {
	p := newPortfolio()
	reasons := Explain(Default().Score(p.healthy(400)), Default().Score(p.unhealthy(400)))
	if len(reasons) < 10 {
		t.Fatalf("%d reasons", len(reasons))
	}
	for _, r := range reasons {
		t.Log(r.Text)
		if r.Points >= 0 {
			t.Errorf("a measure improved as the account fell apart: %s", r.Text)
		}
	}
}
