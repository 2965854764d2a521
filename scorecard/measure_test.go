package scorecard

import (
	"math"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
)

// oneMeasure builds a card whose helper measure x is the measure under test
// (plus any helpers the YAML adds); s keeps the card valid by scoring seats.
func oneMeasure(t *testing.T, measures string) *Scorecard {
	t.Helper()
	var b strings.Builder
	b.WriteString("name: t\nversion: 1\nthresholds: {green: 70, yellow: 40}\n")
	b.WriteString("groups:\n  - key: g\n    measures: [s]\nmeasures:\n")
	b.WriteString("  - key: s\n    kind: account\n    field: seats\n    bands: [{points: 50}]\n")
	for _, l := range strings.Split(strings.TrimRight(dedent(measures), "\n "), "\n") {
		b.WriteString("  " + l + "\n")
	}
	return parse(t, b.String())
}

type measureCase struct {
	name     string
	measures string
	data     AccountData
	want     float64 // NaN: missing
	text     string
}

func runMeasureCases(t *testing.T, tests []measureCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := oneMeasure(t, tt.measures)
			d := tt.data
			if d.AsOf == 0 {
				d.AsOf = asOf
			}
			if d.Account == nil {
				d.Account = account()
			}
			got := measureOf(t, sc.Score(&d), "x")
			if !near(got.Value, tt.want) || got.Text != tt.text {
				t.Errorf("x = %v %q, want %v %q", got.Value, got.Text, tt.want, tt.text)
			}
			if got.Missing != (math.IsNaN(tt.want) && tt.text == "") {
				t.Errorf("Missing = %v", got.Missing)
			}
		})
	}
}

func metric(agg, window, extra string) string {
	return "- key: x\n  kind: metric\n  metric: logins\n  agg: " + agg + "\n  window: " + window + "\n" + extra
}

func series(ss ...gtg.Series) map[string]gtg.Series {
	m := map[string]gtg.Series{}
	for _, s := range ss {
		m[s.Key] = s
	}
	return m
}

func TestMetricMeasures(t *testing.T) {
	// Five days ending on asOf: 1, no data, 3, 4, no data.
	gappy := series(days("logins", 1, nan, 3, 4, nan))
	runMeasureCases(t, []measureCase{
		{"SumSkipsMissingDays", metric("sum", "5d", ""), AccountData{Series: gappy}, 8, ""},
		{"AvgIsOverDaysWithData", metric("avg", "5d", ""), AccountData{Series: gappy}, 8.0 / 3, ""},
		{"Min", metric("min", "5d", ""), AccountData{Series: gappy}, 1, ""},
		{"Max", metric("max", "5d", ""), AccountData{Series: gappy}, 4, ""},
		{"LastIsLatestWithData", metric("last", "5d", ""), AccountData{Series: gappy}, 4, ""},
		{"ActiveDays", metric("active_days", "5d", ""), AccountData{Series: series(days("logins", 0, 2, nan, 1, 0))}, 2, ""},
		{"WindowEndsOnAsOf", metric("avg", "3d", ""), AccountData{Series: gappy}, 3.5, ""},
		{"WindowLongerThanSeries", metric("sum", "90d", ""), AccountData{Series: gappy}, 8, ""},
		{"NoDataInWindowIsMissing", metric("avg", "1d", ""), AccountData{Series: gappy}, nan, ""},
		{"NoSeriesIsMissing", metric("avg", "5d", ""), AccountData{}, nan, ""},
		{"ZerosAreData", metric("avg", "3d", ""), AccountData{Series: series(days("logins", 0, 0, 0))}, 0, ""},
		{"DataAfterAsOfIgnored", metric("sum", "2d", ""),
			AccountData{Series: series(gtg.Series{Key: "logins", From: asOf - 1, Values: []float64{1, 2, 100}})}, 3, ""},
		// Last 2 days average 6, the 2 before average 10: a 40% fall.
		{"RelativeChange", metric("avg", "2d", "  change: relative\n"), AccountData{Series: series(days("logins", 10, 10, 6, 6))}, -0.4, ""},
		{"AbsoluteChange", metric("avg", "2d", "  change: absolute\n"), AccountData{Series: series(days("logins", 10, 10, 6, 6))}, -4, ""},
		{"ChangeFromZeroIsMissing", metric("sum", "2d", "  change: relative\n"), AccountData{Series: series(days("logins", 0, 0, 6, 6))}, nan, ""},
		{"ChangeZeroToZero", metric("sum", "2d", "  change: relative\n"), AccountData{Series: series(days("logins", 0, 0, 0, 0))}, 0, ""},
		{"ChangeWithoutPreviousWindowIsMissing", metric("avg", "2d", "  change: relative\n"), AccountData{Series: series(days("logins", 6, 6))}, nan, ""},
		// Days 0,1,2,4 of the window hold 1,3,5,9: a straight line rising 2 a day.
		{"Slope", metric("slope", "5d", ""), AccountData{Series: series(days("logins", 1, 3, 5, nan, 9))}, 2, ""},
		{"RelativeSlope", metric("relative_slope", "5d", ""), AccountData{Series: series(days("logins", 1, 3, 5, nan, 9))}, 2 / 4.5, ""},
		{"SlopeNeedsTwoDays", metric("slope", "5d", ""), AccountData{Series: series(days("logins", nan, 3, nan, nan, nan))}, nan, ""},
		{"PerSeat", metric("avg", "2d", "  per: account.seats\n"), AccountData{Series: series(days("logins", 8, 12))}, 0.5, ""},
		{"PerSeatWithoutSeatsIsMissing", metric("avg", "2d", "  per: account.seats\n"),
			AccountData{Series: series(days("logins", 8, 12)), Account: &gtg.Account{}}, nan, ""},
		{"PerARR", metric("sum", "2d", "  per: account.arr\n"), AccountData{Series: series(days("logins", 10000, 15000))}, 0.5, ""},
		{"PerMetric", metric("sum", "2d", "  per: active_users\n"),
			AccountData{Series: series(days("logins", 10, 20), days("active_users", 5, nan))}, 6, ""},
		{"PerSeatChange", metric("avg", "1d", "  per: account.seats\n  change: relative\n"),
			AccountData{Series: series(days("logins", 10, 5))}, -0.5, ""},
	})
}

func event(agg, types, window, extra string) string {
	return "- key: x\n  kind: event\n  event: " + types + "\n  agg: " + agg + "\n  window: " + window + "\n" + extra
}

func TestEventMeasures(t *testing.T) {
	people := []*gtg.Contact{
		contact("cham@acme.test", gtg.RoleChampion, gtg.ContactActive, 0),
		contact("eb@acme.test", gtg.RoleEconomicBuyer, gtg.ContactActive, 0),
	}
	tickets := []*gtg.Event{
		ev("ticket_opened", 0, "", "priority", "urgent", "first_response_minutes", 30.0),
		ev("ticket_opened", 29, "", "priority", "high", "first_response_minutes", 90.0),
		ev("ticket_opened", 30, "", "priority", "urgent", "first_response_minutes", 1000.0), // a day too old for 30d
		ev("ticket_opened", -1, "", "priority", "urgent", "first_response_minutes", 1000.0), // after asOf
		ev("ticket_opened", 3, "", "priority", "low"),
		ev("ticket_resolved", 2, "", "resolution_hours", 5.0),
	}
	meetings := []*gtg.Event{
		ev("meeting", 10, "cham@acme.test"),
		ev("call", 40, "EB@acme.test"),
		ev("meeting", 70, "eb@acme.test"),
		ev("meeting", 5, "stranger@elsewhere.test"),
	}
	notes := []*gtg.Event{
		ev("note", 1, "", "sentiment", "negative"),
		ev("note", 20, "", "sentiment", "positive"),
		ev("note", 40, "", "sentiment", "neutral"),
		ev("note", 80, "", "sentiment", "negative"),
		ev("note", 200, "", "sentiment", "negative"),
	}
	surveys := []*gtg.Event{
		ev("survey", 1, "", "nps", 10.0), ev("survey", 2, "", "nps", 9.0), ev("survey", 3, "", "nps", 8.0),
		ev("survey", 4, "", "nps", 6.0), ev("survey", 5, "", "csat", 4.0),
	}
	newAccount := account()
	newAccount.ContractStart = asOf.AddDays(-20)
	runMeasureCases(t, []measureCase{
		{"CountInWindow", event("count", "ticket_opened", "30d", ""), AccountData{Events: tickets}, 3, ""},
		{"CountWhereList", event("count", "ticket_opened", "30d", "  where: {priority: [high, urgent]}\n"), AccountData{Events: tickets}, 2, ""},
		{"CountWhereNumber", event("count", "ticket_opened", "90d", "  where: {first_response_minutes: 30}\n"), AccountData{Events: tickets}, 1, ""},
		{"CountSeveralTypes", event("count", "[ticket_opened, ticket_resolved]", "30d", ""), AccountData{Events: tickets}, 4, ""},
		{"CountNoneIsZero", event("count", "ticket_opened", "30d", ""), AccountData{}, 0, ""},
		{"DaysSince", event("days_since", "[meeting, call]", "90d", ""), AccountData{Events: meetings, Contacts: people}, 5, ""},
		// The economic buyer's contact email matches whatever its case.
		{"DaysSinceWithRole", event("days_since", "[meeting, call]", "90d", "  role: economic_buyer\n"),
			AccountData{Events: meetings, Contacts: people}, 40, ""},
		{"DaysSinceNoneIsTheWindow", event("days_since", "meeting", "30d", "  role: economic_buyer\n"),
			AccountData{Events: meetings, Contacts: people}, 30, ""},
		{"DaysSinceNoneNewAccount", event("days_since", "meeting", "90d", "  role: executive_sponsor\n"),
			AccountData{Events: meetings, Contacts: people, Account: newAccount}, 20, ""},
		{"Avg", event("avg", "ticket_opened", "30d", "  attr: first_response_minutes\n"), AccountData{Events: tickets}, 60, ""},
		{"AvgNoneIsMissing", event("avg", "ticket_opened", "30d", "  attr: first_response_minutes\n"), AccountData{}, nan, ""},
		{"Sum", event("sum", "ticket_opened", "30d", "  attr: first_response_minutes\n"), AccountData{Events: tickets}, 120, ""},
		{"Max", event("max", "ticket_opened", "30d", "  attr: first_response_minutes\n"), AccountData{Events: tickets}, 90, ""},
		{"Share", event("share", "note", "90d", "  where: {sentiment: negative}\n"), AccountData{Events: notes}, 0.5, ""},
		{"ShareOfNothingIsMissing", event("share", "note", "90d", "  where: {sentiment: negative}\n"), AccountData{}, nan, ""},
		// Promoters 10 and 9, passive 8, detractor 6: (2-1)/4 = +25.
		{"NPS", event("nps", "survey", "30d", ""), AccountData{Events: surveys}, 25, ""},
		{"LastNumber", event("last", "survey", "30d", "  attr: nps\n"), AccountData{Events: surveys}, 10, ""},
		{"LastText", event("last", "note", "90d", "  attr: sentiment\n  unit: text\n"), AccountData{Events: notes}, nan, "negative"},
		{"Sentiment", "- key: x\n  kind: sentiment\n  window: 30d\n", AccountData{Events: notes}, nan, "negative"},
		{"SentimentLatestWins", "- key: x\n  kind: sentiment\n  window: 30d\n", AccountData{Events: []*gtg.Event{
			ev("note", 2, "", "sentiment", "positive"), ev("note", 3, "", "sentiment", "negative")}}, nan, "positive"},
		// Regression: two notes at the same moment (a fixed clock, or dates
		// without times in an import) kept the first; the later one stored,
		// which comes later in time-then-id order, is the latest.
		{"SentimentSameTimeLaterStoredWins", "- key: x\n  kind: sentiment\n  window: 30d\n", AccountData{Events: []*gtg.Event{
			ev("note", 2, "", "sentiment", "positive"), ev("note", 2, "", "sentiment", "negative")}}, nan, "negative"},
		{"SentimentNoneInWindowIsMissing", "- key: x\n  kind: sentiment\n  window: 30d\n",
			AccountData{Events: notes[2:]}, nan, ""},
	})
}

func TestContactMeasures(t *testing.T) {
	people := []*gtg.Contact{
		contact("a@x.test", gtg.RoleChampion, gtg.ContactLeft, asOf.AddDays(-10)),
		contact("b@x.test", gtg.RoleChampion, gtg.ContactLeft, asOf.AddDays(5)), // leaves after asOf: still there then
		contact("c@x.test", gtg.RoleEconomicBuyer, gtg.ContactLeft, asOf.AddDays(-200)),
		contact("d@x.test", gtg.RoleEndUser, gtg.ContactActive, 0),
		contact("e@x.test", gtg.RoleAdmin, gtg.ContactActive, 0),
	}
	runMeasureCases(t, []measureCase{
		{"CountActive", "- key: x\n  kind: contacts\n", AccountData{Contacts: people}, 3, ""},
		{"CountRoles", "- key: x\n  kind: contacts\n  role: [champion, admin]\n", AccountData{Contacts: people}, 2, ""},
		{"PresentAsOf", "- key: x\n  kind: contacts\n  agg: present\n  role: champion\n", AccountData{Contacts: people}, 1, ""},
		{"PresentLater", "- key: x\n  kind: contacts\n  agg: present\n  role: champion\n",
			AccountData{Contacts: people, AsOf: asOf.AddDays(6)}, 0, ""},
		{"NotPresent", "- key: x\n  kind: contacts\n  agg: present\n  role: economic_buyer\n", AccountData{Contacts: people}, 0, ""},
		{"LeftInWindow", "- key: x\n  kind: contacts\n  agg: left\n  role: [champion, economic_buyer]\n  window: 90d\n",
			AccountData{Contacts: people}, 1, ""},
		{"LeftLongAgo", "- key: x\n  kind: contacts\n  agg: left\n  role: economic_buyer\n  window: 90d\n",
			AccountData{Contacts: people}, 0, ""},
		{"NoContactsIsMissing", "- key: x\n  kind: contacts\n  agg: present\n  role: champion\n", AccountData{}, nan, ""},
	})
}

func TestAccountMeasures(t *testing.T) {
	a := account()
	a.Attrs = map[string]any{"contract_type": "monthly", "licenses": 12.0, "sso": true, "kickoff": asOf.AddDays(-7), "score": "72"}
	bare := &gtg.Account{ICPFit: "72"}
	acct := func(field string) string { return "- key: x\n  kind: account\n  " + field + "\n" }
	runMeasureCases(t, []measureCase{
		{"Plan", acct("field: plan"), AccountData{Account: a}, nan, "growth"},
		{"Segment", acct("field: segment"), AccountData{Account: a}, nan, "Mid-Market"},
		{"TenureDays", acct("field: tenure_days"), AccountData{Account: a}, 400, ""},
		{"DaysToRenewal", acct("field: days_to_renewal"), AccountData{Account: a}, 100, ""},
		{"TenureWithoutStartIsMissing", acct("field: tenure_days"), AccountData{Account: bare}, nan, ""},
		{"Seats", acct("field: seats"), AccountData{Account: a}, 20, ""},
		{"ARR", acct("field: arr"), AccountData{Account: a}, 50000, ""},
		{"ICPFitAsText", acct("field: icp_fit"), AccountData{Account: a}, nan, "B"},
		{"ICPFitAsScore", acct("field: icp_fit\n  unit: number"), AccountData{Account: bare}, 72, ""},
		{"ICPTierIsNoScore", acct("field: icp_fit\n  unit: number"), AccountData{Account: a}, nan, ""},
		{"CustomText", acct("attr: contract_type\n  unit: text"), AccountData{Account: a}, nan, "monthly"},
		{"CustomNumber", acct("attr: licenses"), AccountData{Account: a}, 12, ""},
		{"CustomBool", acct("attr: sso"), AccountData{Account: a}, 1, ""},
		{"CustomNumberInText", acct("attr: score"), AccountData{Account: a}, 72, ""},
		{"CustomDateIsDaysSince", acct("attr: kickoff"), AccountData{Account: a}, 7, ""},
		{"CustomAbsentIsMissing", acct("attr: nothing"), AccountData{Account: a}, nan, ""},
	})
}

func TestExprMeasures(t *testing.T) {
	ss := series(days("logins", 10, 30), days("active_users", 4, 6))
	helpers := "- key: l\n  kind: metric\n  metric: logins\n  agg: avg\n  window: 2d\n" +
		"- key: u\n  kind: metric\n  metric: active_users\n  agg: avg\n  window: 2d\n" +
		"- key: gone\n  kind: metric\n  metric: nothing\n  agg: avg\n  window: 2d\n" +
		"- key: p\n  kind: account\n  field: plan\n"
	ex := func(src string) string { return helpers + "- key: x\n  kind: expr\n  expr: '" + src + "'\n" }
	runMeasureCases(t, []measureCase{
		{"Arithmetic", ex("l / u"), AccountData{Series: ss}, 4, ""},
		{"AccountFields", ex("u / account.seats * 100"), AccountData{Series: ss}, 25, ""},
		{"BoolIsOneOrZero", ex("l > 10 && account.plan == \"growth\""), AccountData{Series: ss}, 1, ""},
		{"TextMeasure", ex("p == \"growth\" ? 2 : 0"), AccountData{Series: ss}, 2, ""},
		{"MissingInputIsMissing", ex("l + gone"), AccountData{Series: ss}, nan, ""},
		{"DivisionByZeroIsMissing", ex("l / (u - 5)"), AccountData{Series: ss}, nan, ""},
		{"ChainOfExpressions", helpers + "- key: y\n  kind: expr\n  expr: l * 2\n- key: x\n  kind: expr\n  expr: y + 1\n",
			AccountData{Series: ss}, 41, ""},
		{"WhenTrue", helpers + "- key: x\n  kind: expr\n  expr: l\n  when: account.tenure_days > 365\n", AccountData{Series: ss}, 20, ""},
	})

	sc := oneMeasure(t, helpers+"- key: x\n  kind: expr\n  expr: l\n  when: account.tenure_days < 30\n"+
		"- key: y\n  kind: expr\n  expr: l\n  when: gone > 1\n")
	r := sc.Score(&AccountData{Account: account(), Series: ss, AsOf: asOf})
	if m := measureOf(t, r, "x"); !m.Skipped || m.Missing {
		t.Errorf("x with a false condition: %+v, want skipped", m)
	}
	if m := measureOf(t, r, "y"); m.Skipped || !m.Missing {
		t.Errorf("y with a condition on missing data: %+v, want missing", m)
	}
}
