package scorecard

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
)

// healthyData is an account none of the default rules fires on: steady
// usage, three stakeholders, a recent meeting with the buyer, a promoter,
// paid invoices, a positive note and a green, steady health.
func healthyData() (*AccountData, RuleInput) {
	a := account()
	a.Attrs["onboarding_complete"] = true
	d := &AccountData{Account: a, AsOf: asOf,
		Contacts: []*gtg.Contact{
			contact("champ@acme.test", gtg.RoleChampion, gtg.ContactActive, 0),
			contact("eb@acme.test", gtg.RoleEconomicBuyer, gtg.ContactActive, 0),
			contact("admin@acme.test", gtg.RoleAdmin, gtg.ContactActive, 0),
		},
		Series: map[string]gtg.Series{"active_users": flat("active_users", 60, 10)},
		Events: []*gtg.Event{
			ev(gtg.EventMeeting, 10, "eb@acme.test"),
			ev(gtg.EventTicketOpened, 50, "", "first_response_minutes", 60.0),
			ev(gtg.EventSurvey, 20, "champ@acme.test", "nps", 9.0),
			ev(gtg.EventInvoicePaid, 10, ""),
			ev(gtg.EventNote, 5, "", "text", "Great QBR, they plan to add a team.", "sentiment", "positive"),
		}}
	in := RuleInput{Health: &gtg.Health{Score: 80, Color: gtg.Green}, Week: &gtg.Health{Score: 78, Color: gtg.Green},
		Month: &gtg.Health{Score: 75, Color: gtg.Green}, HandoffCompleteness: 1}
	return d, in
}

func fired(fs []Firing) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule.Key)
	}
	return out
}

func TestDefaultRulesEachFiresAlone(t *testing.T) {
	rs := DefaultRules()
	d, in := healthyData()
	if got := fired(rs.Evaluate(d, in)); len(got) != 0 {
		t.Fatalf("healthy account fired %v", got)
	}
	for _, tc := range []struct {
		rule     string
		change   func(d *AccountData, in *RuleInput)
		evidence []string
	}{
		{"usage_drop", func(d *AccountData, _ *RuleInput) {
			// 30 days at 10 then 30 days at 6: the average fell 40%.
			vals := make([]float64, 60)
			for i := range vals {
				vals[i] = 10
				if i >= 30 {
					vals[i] = 6
				}
			}
			d.Series["active_users"] = days("active_users", vals...)
		}, []string{"Active users: −40% (30 days)"}},
		{"champion_left", func(d *AccountData, _ *RuleInput) {
			d.Contacts[0].Status, d.Contacts[0].StatusChangedOn = gtg.ContactLeft, asOf.AddDays(-10)
		}, []string{"Champions who left: 1 (30 days)", "Active contacts: 2"}},
		{"economic_buyer_left", func(d *AccountData, _ *RuleInput) {
			d.Contacts[1].Status, d.Contacts[1].StatusChangedOn = gtg.ContactLeft, asOf.AddDays(-5)
		}, []string{"Economic buyers who left: 1 (30 days)"}},
		{"single_threaded", func(d *AccountData, _ *RuleInput) {
			d.Contacts = d.Contacts[:1]
		}, []string{"Active contacts: 1"}},
		{"no_buyer_touch", func(d *AccountData, _ *RuleInput) {
			d.Events[0] = ev(gtg.EventMeeting, 70, "eb@acme.test")
		}, []string{"Last touch with the economic buyer: 70 days"}},
		{"ticket_spike", func(d *AccountData, _ *RuleInput) {
			// 5 tickets in 14 days against 2 in the 76 days before: a usual
			// 14 days holds 2×14/76 ≈ 0.37.
			for _, ago := range []int{1, 3, 5, 8, 12, 40} {
				d.Events = append(d.Events, ev(gtg.EventTicketOpened, ago, "", "first_response_minutes", 30.0))
			}
		}, []string{"Tickets opened: 5 (2 weeks)", "Usual tickets per 14 days: 0.37"}},
		{"slow_first_response", func(d *AccountData, _ *RuleInput) {
			// Two tickets in 30 days answered in 600 and 1000 minutes: 800 on average.
			d.Events = append(d.Events, ev(gtg.EventTicketOpened, 20, "", "first_response_minutes", 600.0),
				ev(gtg.EventTicketOpened, 25, "", "first_response_minutes", 1000.0))
		}, []string{"Average first response (minutes): 800 (30 days)", "Tickets opened: 2 (30 days)"}},
		{"detractor_nps", func(d *AccountData, _ *RuleInput) {
			d.Events = append(d.Events, ev(gtg.EventSurvey, 3, "champ@acme.test", "nps", 5.0))
		}, []string{"Latest NPS answer: 5 (30 days)"}},
		{"renewal_not_green", func(_ *AccountData, in *RuleInput) {
			in.Health = &gtg.Health{Score: 60, Color: gtg.Yellow}
			in.Week = &gtg.Health{Score: 62, Color: gtg.Yellow}
		}, []string{"Days to renewal: 100 days", "Health 60 (yellow), −15 in 30 days"}},
		{"invoice_overdue", func(d *AccountData, _ *RuleInput) {
			d.Events[3] = ev(gtg.EventInvoicePaid, 60, "")
			d.Events = append(d.Events, ev(gtg.EventInvoiceOverdue, 5, ""))
		}, []string{"Invoices overdue: 1 (45 days)", "Invoices paid: 0 (45 days)"}},
		{"onboarding_missed", func(d *AccountData, _ *RuleInput) {
			d.Account.Attrs["onboarding_complete"] = false
		}, []string{"Tenure: 400 days", "Onboarding complete: no"}},
		{"handoff_incomplete", func(_ *AccountData, in *RuleInput) {
			in.HandoffCompleteness = 0.5
		}, nil},
		{"competitor_mentioned", func(d *AccountData, _ *RuleInput) {
			d.Events = append(d.Events, ev(gtg.EventNote, 30, "", "text", "Heard they are evaluating RivalSoft.", "sentiment", "neutral"))
		}, []string{"Note: “Heard they are evaluating RivalSoft.”"}},
		{"left_green", func(d *AccountData, in *RuleInput) {
			d.Account.RenewalDate = asOf.AddDays(200)
			in.Health = &gtg.Health{Score: 66, Color: gtg.Yellow}
		}, []string{"Health 66 (yellow), −9 in 30 days"}},
		{"negative_sentiment", func(d *AccountData, _ *RuleInput) {
			d.Events = append(d.Events, ev(gtg.EventNote, 2, "", "text", "Tense call.", "sentiment", "negative"))
		}, []string{"CSM sentiment: negative (30 days)"}},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			d, in := healthyData()
			tc.change(d, &in)
			fs := rs.Evaluate(d, in)
			if diff := cmp.Diff([]string{tc.rule}, fired(fs)); diff != "" {
				t.Fatalf("fired (-want +got):\n%s", diff)
			}
			r := rs.Rule(tc.rule)
			want := append(tc.evidence, "Next step: "+r.Advice)
			if diff := cmp.Diff(want, fs[0].Evidence); diff != "" {
				t.Errorf("evidence (-want +got):\n%s", diff)
			}
		})
	}
	// Every rule in the library is pinned above.
	var keys []string
	for _, r := range rs.Rules {
		keys = append(keys, r.Key)
	}
	if len(keys) != 15 {
		t.Errorf("the library has %d rules, the test pins 15: %v", len(keys), keys)
	}
}

func TestRulesMissingDataDoesNotFire(t *testing.T) {
	rs := DefaultRules()
	// An account gtg knows nothing about: no usage, contacts, events or health.
	d := &AccountData{Account: account(), AsOf: asOf}
	d.Account.Attrs["onboarding_complete"] = true
	if got := fired(rs.Evaluate(d, RuleInput{HandoffCompleteness: math.NaN()})); len(got) != 0 {
		t.Errorf("fired %v on an account with no data", got)
	}
}

func TestRulesApplies(t *testing.T) {
	rs, err := ParseRules("r.yaml", []byte(dedent(`
		name: t
		version: 1
		rules:
			- key: big_renewal
			  severity: low
			  applies: {segment: Enterprise}
			  when: account.arr > 10000
	`)))
	if err != nil {
		t.Fatal(err)
	}
	d := &AccountData{Account: account(), AsOf: asOf}
	if got := fired(rs.Evaluate(d, RuleInput{})); len(got) != 0 {
		t.Errorf("rule for Enterprise fired on Mid-Market: %v", got)
	}
	d.Account.Segment = "enterprise"
	if got := fired(rs.Evaluate(d, RuleInput{})); !slices.Equal(got, []string{"big_renewal"}) {
		t.Errorf("fired %v, want big_renewal", got)
	}
}

func TestParseRulesErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"bad expression", `
			name: t
			version: 1
			measures:
				- {key: users, kind: metric, metric: active_users, agg: avg, window: 30d}
			rules:
				- key: r
				  severity: high
				  when: users > "many"
		`, `r.yaml:8: rules.r.when: does not type-check: invalid operation: > (mismatched types float64 and string)`},
		{"unknown measure in when", `
			name: t
			version: 1
			rules:
				- key: r
				  severity: high
				  when: userz < 3
		`, `r.yaml:6: rules.r.when: does not type-check: unknown name userz`},
		{"not a condition", `
			name: t
			version: 1
			rules:
				- key: r
				  severity: high
				  when: account.arr + 1
		`, `r.yaml:6: rules.r.when: does not type-check`},
		{"bad severity", `
			name: t
			version: 1
			rules:
				- key: r
				  severity: urgent
				  when: account.arr > 1
		`, `r.yaml:5: rules.r.severity: unknown severity "urgent" (want one of high, medium, low)`},
		{"unknown evidence", `
			name: t
			version: 1
			measures:
				- {key: users, kind: metric, metric: active_users, agg: avg, window: 30d}
			rules:
				- key: r
				  severity: low
				  when: users < 1
				  evidence: [user]
		`, `r.yaml:9: rules.r.evidence: unknown measure "user" (did you mean "users"?)`},
		{"bad window", `
			name: t
			version: 1
			measures:
				- {key: users, kind: metric, metric: active_users, agg: avg, window: 30x}
			rules:
				- {key: r, severity: low, when: users < 1}
		`, `r.yaml:4: measures.users.window`},
		{"bands on a rule measure", `
			name: t
			version: 1
			measures:
				- key: users
				  kind: metric
				  metric: active_users
				  agg: avg
				  window: 30d
				  bands: [{points: 1}]
			rules:
				- {key: r, severity: low, when: users < 1}
		`, `r.yaml:4: measures.users: rules do not score measures`},
		{"duplicate rule", `
			name: t
			version: 1
			rules:
				- {key: r, severity: low, when: account.arr > 1}
				- {key: r, severity: low, when: account.arr > 2}
		`, `r.yaml:5: rules.r.key: duplicate rule "r" (first at line 4)`},
		{"bad budget", `
			name: t
			version: 1
			budget: {per_owner_per_week: 2.5}
			rules:
				- {key: r, severity: low, when: account.arr > 1}
		`, `r.yaml:3: budget.per_owner_per_week: 2.5 is not a whole number`},
		{"unknown field", `
			name: t
			version: 1
			rules:
				- {key: r, severity: low, when: account.arr > 1, sevrity: high}
		`, `r.yaml:4: rules[0].sevrity`},
		{"no rules", `
			name: t
			version: 1
		`, `r.yaml:1: rules: required`},
		{"yaml syntax", "name: t\nrules: [\n", `r.yaml:2: rules: not valid YAML`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRules("r.yaml", []byte(dedent(tc.yaml)))
			if err == nil {
				t.Fatal("ParseRules accepted a bad file")
			}
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("code %s, want invalid", gtg.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\ndoes not contain %q", err, tc.want)
			}
		})
	}
}
