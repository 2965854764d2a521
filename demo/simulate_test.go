package demo

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
)

// portfolio simulates n accounts in memory, as Load would before writing.
func portfolio(t *testing.T, cfg Config) []*sim {
	t.Helper()
	cfg, err := cfg.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	b, err := simulateBatch(cfg, 0, cfg.Accounts)
	if err != nil {
		t.Fatal(err)
	}
	return b.sims
}

// usageOf collects an account's metrics by key and day.
func usageOf(s *sim) map[string]map[gtg.Day]float64 {
	out := map[string]map[gtg.Day]float64{}
	check := pointCheck{}
	s.usage(1, func(p gtg.MetricPoint) error {
		if err := check.check(&p); err != nil {
			panic(err)
		}
		if out[p.Key] == nil {
			out[p.Key] = map[gtg.Day]float64{}
		}
		out[p.Key][p.Day] = p.Value
		return nil
	})
	return out
}

// perSeat averages active users per contracted seat over the days [from, to).
func perSeat(s *sim, u map[string]map[gtg.Day]float64, from, to gtg.Day) float64 {
	sum, n := 0.0, 0
	for d := from; d < to; d++ {
		if v, ok := u["active_users"][d]; ok {
			sum += v / float64(s.seatsAt(d))
			n++
		}
	}
	return sum / float64(n)
}

// TestSignal checks the simulator leaves the traces a health score should
// find: usage that sags before a churn, worse fits churning more, departing
// champions followed by a drop.
func TestSignal(t *testing.T) {
	sims := portfolio(t, testConfig(400, 1))
	var churnLate, churnEarly, renewLate []float64
	churned, renewing := map[string]int{}, map[string]int{}
	var beforeLeft, afterLeft []float64
	var churnMeetings, renewMeetings, churnNPS, renewNPS []float64
	var sickResponse, wellResponse []float64
	for _, s := range sims {
		for _, e := range s.events {
			if e.Type != gtg.EventTicketOpened {
				continue
			}
			switch h, m := s.healthOn(gtg.DayOf(e.OccurredAt)), e.Attrs["first_response_minutes"].(float64); {
			case h < 0.3:
				sickResponse = append(sickResponse, m)
			case h > 0.7:
				wellResponse = append(wellResponse, m)
			}
		}
		if len(s.renewals) > 0 {
			renewing[s.tier]++
			if s.churnDay != 0 {
				churned[s.tier]++
			}
		}
		for _, p := range s.people {
			if p.left != 0 && p.c.Role == gtg.RoleChampion && p.left.AddDays(-30) >= s.first && p.left.AddDays(40) <= s.last() {
				beforeLeft = append(beforeLeft, s.meanHealth(p.left.AddDays(-30), p.left-1))
				afterLeft = append(afterLeft, s.meanHealth(p.left.AddDays(10), p.left.AddDays(40)))
			}
		}
		// Renewals with 90 days of history before them.
		if len(s.renewals) == 0 || s.renewals[0].day.AddDays(-90) < s.first {
			continue
		}
		rn, u := s.renewals[0], usageOf(s)
		meetings, nps := 0.0, []float64{}
		for _, e := range s.events {
			d := gtg.DayOf(e.OccurredAt)
			if e.Type == gtg.EventMeeting && d >= rn.day.AddDays(-45) && d < rn.day {
				meetings++
			}
			if v, ok := e.Attrs["nps"].(float64); ok && d >= rn.day.AddDays(-120) && d < rn.day {
				nps = append(nps, v)
			}
		}
		switch rn.outcome {
		case gtg.OutcomeChurned:
			churnLate = append(churnLate, perSeat(s, u, rn.day.AddDays(-30), rn.day))
			churnEarly = append(churnEarly, perSeat(s, u, rn.day.AddDays(-90), rn.day.AddDays(-60)))
			churnMeetings = append(churnMeetings, meetings)
			churnNPS = append(churnNPS, nps...)
		case gtg.OutcomeRenewed:
			renewLate = append(renewLate, perSeat(s, u, rn.day.AddDays(-30), rn.day))
			renewMeetings = append(renewMeetings, meetings)
			renewNPS = append(renewNPS, nps...)
		}
	}
	if len(churnLate) < 10 || len(renewLate) < 10 {
		t.Fatalf("too few renewals to judge: %d churned, %d renewed", len(churnLate), len(renewLate))
	}
	t.Logf("active users per seat: churned %.3f in the last 30 days, %.3f 90-60 days before; renewed %.3f",
		mean(churnLate), mean(churnEarly), mean(renewLate))
	if mean(churnLate) >= mean(churnEarly) {
		t.Errorf("churned accounts' usage did not sag: %.3f in the last 30 days, %.3f 90-60 days before", mean(churnLate), mean(churnEarly))
	}
	if mean(churnLate) >= mean(renewLate) {
		t.Errorf("churned accounts used more than renewed ones: %.3f vs %.3f", mean(churnLate), mean(renewLate))
	}
	t.Logf("meetings in the 45 days before: churned %.2f, renewed %.2f; NPS in the 120 days before: churned %.1f, renewed %.1f",
		mean(churnMeetings), mean(renewMeetings), mean(churnNPS), mean(renewNPS))
	if mean(churnMeetings) >= mean(renewMeetings) {
		t.Errorf("churned accounts met as often as renewed ones before the renewal: %.2f vs %.2f", mean(churnMeetings), mean(renewMeetings))
	}
	if mean(churnNPS) >= mean(renewNPS) {
		t.Errorf("churned accounts' NPS %.1f is not below renewed accounts' %.1f", mean(churnNPS), mean(renewNPS))
	}
	t.Logf("tickets: %d while unhealthy, median first response %.0f min; %d while healthy, %.0f min",
		len(sickResponse), median(sickResponse), len(wellResponse), median(wellResponse))
	if median(sickResponse) <= median(wellResponse) {
		t.Errorf("unhealthy accounts' tickets were answered as fast: %.0f vs %.0f minutes", median(sickResponse), median(wellResponse))
	}
	rate := func(tier string) float64 { return float64(churned[tier]) / float64(renewing[tier]) }
	t.Logf("churn at renewal: A %.2f, B %.2f, C %.2f", rate("A"), rate("B"), rate("C"))
	if rate("C") <= rate("A") {
		t.Errorf("ICP C churned at %.2f, not more than ICP A at %.2f", rate("C"), rate("A"))
	}
	all := float64(churned["A"]+churned["B"]+churned["C"]) / float64(renewing["A"]+renewing["B"]+renewing["C"])
	if all < 0.05 || all > 0.2 {
		t.Errorf("logo churn %.2f a year, want about 0.08-0.15", all)
	}
	if len(beforeLeft) < 5 {
		t.Fatalf("only %d champions left", len(beforeLeft))
	}
	if mean(afterLeft) >= mean(beforeLeft) {
		t.Errorf("health did not drop after champions left: %.3f before, %.3f after", mean(beforeLeft), mean(afterLeft))
	}
}

func median(xs []float64) float64 {
	xs = slices.Sorted(slices.Values(xs))
	return xs[len(xs)/2]
}

func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// TestInvariants checks the portfolio is consistent with itself.
func TestInvariants(t *testing.T) {
	cfg, _ := testConfig(300, 5).withDefaults()
	sims := portfolio(t, cfg)
	first, today := cfg.firstDay(), cfg.Today
	types := map[string]int{}
	names := map[string]bool{}
	for _, s := range sims {
		a := s.acct
		if names[a.Name] {
			t.Errorf("%s: name %q is taken", a.ExternalID, a.Name)
		}
		names[a.Name] = true
		age := int(today - a.ContractStart)
		var want string
		switch {
		case s.churnDay != 0:
			want = gtg.StageRenewal
		case age < 90:
			want = gtg.StageOnboarding
		case int(a.RenewalDate-today) <= 120:
			want = gtg.StageRenewal
		case age < 365:
			want = gtg.StageAdoption
		default:
			want = gtg.StageMature
		}
		if a.Stage != want {
			t.Errorf("%s: stage %s, want %s (contract start %s, renewal %s)", a.ExternalID, a.Stage, want, a.ContractStart, a.RenewalDate)
		}
		if s.churnDay == 0 && a.RenewalDate <= today {
			t.Errorf("%s: renewal date %s is not after today", a.ExternalID, a.RenewalDate)
		}
		if n := len(s.people); n < 3 || n > 14 {
			t.Errorf("%s: %d contacts", a.ExternalID, n)
		}
		for _, p := range s.people {
			// A contact who left has the day they left; an active one the
			// day they joined when that was after the contract started.
			switch {
			case p.c.Status == gtg.ContactLeft && (p.c.StatusChangedOn < first || p.c.StatusChangedOn > s.last()):
				t.Errorf("%s: contact %s left on %s", a.ExternalID, p.c.Email, p.c.StatusChangedOn)
			case p.c.Status == gtg.ContactActive && p.joined > s.start && p.c.StatusChangedOn != p.joined:
				t.Errorf("%s: contact %s joined on %s, active since %s", a.ExternalID, p.c.Email, p.joined, p.c.StatusChangedOn)
			case p.c.Status == gtg.ContactActive && p.joined <= s.start && p.c.StatusChangedOn != 0:
				t.Errorf("%s: contact %s there from the start is active since %s", a.ExternalID, p.c.Email, p.c.StatusChangedOn)
			}
			if p.joined > s.last() {
				t.Errorf("%s: contact %s joined on %s, after the account's last day %s", a.ExternalID, p.c.Email, p.joined, s.last())
			}
		}

		// The account's ARR is that after its latest outcome.
		for i, o := range s.outcomes {
			types[o.Type]++
			if o.Day < first || o.Day > today {
				t.Errorf("%s: %s outcome on %s, outside history", a.ExternalID, o.Type, o.Day)
			}
			if i > 0 && o.Day < s.outcomes[i-1].Day {
				t.Errorf("%s: outcomes out of order", a.ExternalID)
			}
		}
		if n := len(s.outcomes); n > 0 && s.outcomes[n-1].ARRAfter != a.ARR {
			t.Errorf("%s: ARR %v, but the latest outcome left %v", a.ExternalID, a.ARR, s.outcomes[n-1].ARRAfter)
		}
		if len(s.renewals) == 0 && a.ContractStart < first.AddDays(-366) {
			t.Errorf("%s: signed %s but no renewal in history", a.ExternalID, a.ContractStart)
		}

		// Events: numbered in time order, after the start, none after a churn,
		// naming people who were there.
		end := s.last().AddDays(1).Time()
		for i, e := range s.events {
			if want := "demo-" + a.ExternalID + "-"; !strings.HasPrefix(e.ExternalID, want) {
				t.Errorf("event id %s, want prefix %s", e.ExternalID, want)
			}
			if i > 0 && e.OccurredAt.Before(s.events[i-1].OccurredAt) {
				t.Errorf("%s: events out of order", e.ExternalID)
			}
			if e.OccurredAt.Before(s.first.Time()) || !e.OccurredAt.Before(end) {
				t.Errorf("%s: %s at %s, outside %s..%s", e.ExternalID, e.Type, e.OccurredAt, s.first, s.last())
			}
			if e.ContactEmail != "" && !slices.ContainsFunc(s.people, func(p *person) bool {
				// Resolutions and surveys may come after the person left.
				later := e.Type == gtg.EventTicketResolved || e.Type == gtg.EventSurvey
				return p.c.Email == e.ContactEmail && (later || p.present(gtg.DayOf(e.OccurredAt)))
			}) {
				t.Errorf("%s: %s names %s, not there on %s", e.ExternalID, e.Type, e.ContactEmail, e.OccurredAt)
			}
		}

		// Usage: every metric every day from the start to the churn, within seats.
		u := usageOf(s)
		last := today
		if s.churnDay != 0 {
			last = s.churnDay - 1
		}
		for _, k := range Metrics {
			if got, want := len(u[k]), int(last-s.first)+1; got != want {
				t.Errorf("%s: %s has %d days, want %d", a.ExternalID, k, got, want)
			}
		}
		for d, active := range u["active_users"] {
			used := u["seats_used"][d]
			if active < 0 || active > used || used > float64(s.seatsAt(d)) {
				t.Fatalf("%s on %s: %v active of %v used of %d seats", a.ExternalID, d, active, used, s.seatsAt(d))
			}
		}
	}
	t.Logf("outcomes: %v", types)
	for _, typ := range []string{gtg.OutcomeRenewed, gtg.OutcomeExpanded, gtg.OutcomeContracted, gtg.OutcomeChurned, gtg.OutcomePaused} {
		if types[typ] == 0 {
			t.Errorf("no %s outcome in 300 accounts", typ)
		}
	}
}

// TestWeekends checks weekly seasonality: weekends are quiet.
func TestWeekends(t *testing.T) {
	var week, weekend []float64
	for _, s := range portfolio(t, testConfig(20, 2)) {
		for d, v := range usageOf(s)["logins"] {
			if wd := weekday(d); wd == 0 || wd == 6 {
				weekend = append(weekend, v)
			} else {
				week = append(week, v)
			}
		}
	}
	if mean(weekend) > 0.3*mean(week) {
		t.Errorf("logins: %.1f a weekend day, %.1f a weekday", mean(weekend), mean(week))
	}
}

func TestExtraMetrics(t *testing.T) {
	cfg := testConfig(5, 9)
	plain := portfolio(t, cfg)
	cfg.ExtraMetrics = 12
	extra := portfolio(t, cfg)
	for i := range plain {
		a, b := usageOf(plain[i]), usageOf(extra[i])
		if len(b) != 20 {
			t.Fatalf("%d metrics with 12 extra, want 20", len(b))
		}
		for _, k := range Metrics {
			if !cmp.Equal(a[k], b[k]) {
				t.Errorf("%s changed when extra metrics were added", k)
			}
		}
		if len(b["feature_12"]) != len(b["active_users"]) {
			t.Errorf("feature_12 has %d days, active_users %d", len(b["feature_12"]), len(b["active_users"]))
		}
	}
}

// TestValidateCatchesBugs checks a generator bug fails loudly, before writing.
func TestValidateCatchesBugs(t *testing.T) {
	for name, spoil := range map[string]func(s *sim){
		"Account":        func(s *sim) { s.acct.Stage = "dormant" },
		"Contact":        func(s *sim) { s.people[0].c.Email = "not an email" },
		"Event":          func(s *sim) { s.events[0].Attrs["nps"] = 11.0 },
		"UnknownContact": func(s *sim) { s.events[0].ContactEmail = "stranger@example.com" },
		"Outcome": func(s *sim) {
			s.outcomes = append(s.outcomes, &gtg.Outcome{AccountExternalID: "x", Day: 1, Type: "won"})
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := portfolio(t, testConfig(1, 1))[0]
			if err := s.validate(); err != nil {
				t.Fatalf("valid account: %v", err)
			}
			spoil(s)
			if err := s.validate(); gtg.ErrorCode(err) != gtg.EINTERNAL {
				t.Errorf("got %v, want an internal error", err)
			}
		})
	}
	p := gtg.MetricPoint{Key: "active_users", Day: testToday, Value: math.NaN()}
	if err := (pointCheck{}).check(&p); gtg.ErrorCode(err) != gtg.EINTERNAL {
		t.Errorf("NaN point: got %v, want an internal error", err)
	}
	check := pointCheck{}
	p.Value = 1
	if err := check.check(&p); err != nil {
		t.Fatal(err)
	}
	p.Value = math.Inf(1)
	if err := check.check(&p); gtg.ErrorCode(err) != gtg.EINTERNAL {
		t.Errorf("infinite point after a good one: got %v, want an internal error", err)
	}
}
