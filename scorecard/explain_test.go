package scorecard

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
)

const explainCard = `
	name: t
	version: 1
	thresholds: {green: 70, yellow: 40}
	groups:
		- key: g
			measures: {active_users: 4, champion: 3, csm_sentiment: 1, eb_meeting: 1, urgent_tickets: 1}
	measures:
		- key: active_users
			label: Active users
			kind: metric
			metric: active_users
			agg: avg
			window: 30d
			change: relative
			bands: [{max: -0.3, points: 0}, {max: -0.05, points: 50}, {points: 100}]
		- key: champion
			label: Champion in place
			kind: contacts
			agg: present
			role: champion
			bands: [{max: 1, points: 0}, {points: 100}]
		- key: csm_sentiment
			label: CSM sentiment
			kind: sentiment
			window: 30d
			points: {positive: 100, neutral: 50, negative: 0}
		- key: eb_meeting
			label: Last meeting with the economic buyer
			kind: event
			event: meeting
			agg: days_since
			role: economic_buyer
			window: 90d
			bands: [{max: 30, points: 100}, {max: 60, points: 50}, {points: 0}]
		- key: urgent_tickets
			label: Urgent tickets
			kind: event
			event: ticket_opened
			where: {priority: urgent}
			window: 30d
			bands: [{max: 1, points: 100}, {max: 3, points: 50}, {points: 0}]
`

func TestExplain(t *testing.T) {
	sc := parse(t, explainCard)
	people := func(champion string) []*gtg.Contact {
		return []*gtg.Contact{contact("eb@x.test", gtg.RoleEconomicBuyer, gtg.ContactActive, 0),
			contact("ch@x.test", gtg.RoleChampion, champion, asOf.AddDays(-5))}
	}
	usage := make([]float64, 60)
	for i := range usage {
		usage[i] = 10
		if i >= 30 {
			usage[i] = 6.2 // the last 30 days: 38% under the 30 before
		}
	}
	prev := sc.Score(&AccountData{Account: account(), AsOf: asOf, Contacts: people(gtg.ContactActive),
		Series: series(flat("active_users", 60, 10)),
		Events: []*gtg.Event{ev("note", 3, "", "sentiment", "positive"), ev("meeting", 10, "eb@x.test")}})
	cur := sc.Score(&AccountData{Account: account(), AsOf: asOf, Contacts: people(gtg.ContactLeft),
		Series: series(days("active_users", usage...)),
		Events: []*gtg.Event{ev("note", 3, "", "sentiment", "negative"), ev("meeting", 75, "eb@x.test"),
			ev("ticket_opened", 1, "", "priority", "urgent"), ev("ticket_opened", 2, "", "priority", "urgent"),
			ev("ticket_opened", 3, "", "priority", "urgent")}})
	if prev.Score != 100 || cur.Score != 0 {
		t.Fatalf("scores %v → %v, want 100 → 0", prev.Score, cur.Score)
	}
	var got []string
	for _, r := range Explain(prev, cur) {
		got = append(got, r.Text)
	}
	want := []string{
		"Active users fell 38% in 30 days: −40 points",
		"Champion in place: no (was yes): −30 points",
		"CSM sentiment turned negative (was positive): −10 points",
		"Last meeting with the economic buyer: 75 days ago (was 10 days ago): −10 points",
		"Urgent tickets rose from 0 to 3: −10 points",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Explain (-want +got):\n%s", diff)
	}
	back := Explain(cur, prev)
	if back[0].Text != "Active users held steady over 30 days: +40 points" || back[0].Before != "−38%" || back[0].After != "0%" {
		t.Errorf("recovery: %+v", back[0])
	}
}

// The reasons' points add up to the change in score, renormalisation included.
func TestExplainAddsUp(t *testing.T) {
	sc := parse(t, explainCard)
	prev := sc.Score(&AccountData{Account: account(), AsOf: asOf, Series: series(flat("active_users", 60, 10)),
		Events: []*gtg.Event{ev("note", 3, "", "sentiment", "neutral"), ev("ticket_opened", 1, "", "priority", "urgent")}})
	cur := sc.Score(&AccountData{Account: account(), AsOf: asOf, Contacts: []*gtg.Contact{contact("ch@x.test", gtg.RoleChampion, gtg.ContactActive, 0)},
		Events: []*gtg.Event{ev("note", 3, "", "sentiment", "neutral"), ev("ticket_opened", 1, "", "priority", "urgent")}})
	// prev: active users 100 (weight 4), sentiment 50 (1), no EB meeting 0 (1),
	// one urgent ticket 50 (1), champion unknown: 500/7. cur: no usage data,
	// champion 100 (3) and the same others: 400/6.
	sum := 0.0
	texts := map[string]string{}
	for _, r := range Explain(prev, cur) {
		sum += r.Points
		texts[r.Key] = r.Text
	}
	if !near(math.Round(sum*1e6)/1e6, math.Round((cur.Score-prev.Score)*1e6)/1e6) {
		t.Errorf("reasons add up to %v, score moved %v", sum, cur.Score-prev.Score)
	}
	for key, want := range map[string]string{
		"active_users":  "No data on active users any more (was 0%): −57.1 points",
		"champion":      "Champion in place has data again (yes): +50 points",
		"csm_sentiment": "CSM sentiment unchanged at neutral; its weight moved as other data came and went: +1.2 points",
	} {
		if texts[key] != want {
			t.Errorf("%s: %q, want %q", key, texts[key], want)
		}
	}
}

func TestPhrases(t *testing.T) {
	m := func(unit string, v float64, text string) *MeasureResult {
		return &MeasureResult{Key: "k", Label: "NPS", Unit: unit, Value: v, Text: text, Window: 84}
	}
	skipped := &MeasureResult{Key: "k", Label: "NPS", Skipped: true}
	tests := []struct {
		p, c *MeasureResult
		want string
	}{
		{m(UnitNumber, 40, ""), m(UnitNumber, -12.5, ""), "NPS fell from 40 to −12.5"},
		{m(UnitChange, 0, ""), m(UnitChange, 0.124, ""), "NPS rose 12% in 12 weeks"},
		{m(UnitText, nan, "growth"), m(UnitText, nan, "starter"), "NPS changed to starter (was growth)"},
		{m(UnitPercent, 0.1, ""), m(UnitPercent, 0.45, ""), "NPS rose from 10% to 45%"},
		{m(UnitPerDay, 1.25, ""), m(UnitPerDay, -0.5, ""), "NPS fell from +1.25/day to −0.5/day"},
		{m(UnitDays, 1, ""), m(UnitDays, 3, ""), "NPS rose from 1 day to 3 days"},
		{m(UnitNumber, 40, ""), skipped, "NPS no longer applies"},
		{skipped, m(UnitNumber, 40, ""), "NPS now applies (40)"},
		{&MeasureResult{}, m(UnitNumber, 40, ""), "NPS was added to the scorecard (40)"},
		{m(UnitNumber, 40, ""), &MeasureResult{}, "NPS is no longer on the scorecard"},
		{m(UnitNumber, 40, ""), &MeasureResult{Key: "k", Label: "NPS", Unit: UnitNumber, Value: nan, Missing: true}, "No data on NPS any more (was 40)"},
	}
	for _, tt := range tests {
		if got := phrase(tt.p, tt.c); got != tt.want {
			t.Errorf("phrase = %q, want %q", got, tt.want)
		}
	}
	for x, want := range map[float64]string{-12: "−12 points", 3.46: "+3.5 points", 1: "+1 point", 0.04: "+0 points", -120.04: "−120 points"} {
		if got := points(x); got != want {
			t.Errorf("points(%v) = %q, want %q", x, got, want)
		}
	}
}
