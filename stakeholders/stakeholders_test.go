package stakeholders_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/stakeholders"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

var ctx = context.Background()

const testPolicy = `name: test
version: 1
default:
  engaged_days: 30
  targets:
    champion: 2
segments:
  Enterprise:
    engaged_days: 45
    targets:
      champion: 3
      economic_buyer: 1
      executive_sponsor: 1
      technical_owner: 1
`

var today = gtg.MustParseDay("2026-06-30")

// at is ten in the morning n days before today (after it for n < 0).
func at(n int) time.Time { return today.AddDays(-n).Time().Add(10 * time.Hour) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seedPortfolio stores three accounts whose coverage and gaps are worked out
// by hand in the tests below.
func seedPortfolio(t *testing.T, st *store.Store) {
	t.Helper()
	ev := func(acct, typ, contact string, daysAgo int, attrs map[string]any) *gtg.Event {
		return &gtg.Event{AccountExternalID: acct, Type: typ, ContactEmail: contact, OccurredAt: at(daysAgo), Attrs: attrs}
	}
	must(t, st.InTx(ctx, func(tx *store.Tx) error {
		accts := []*gtg.Account{
			{ExternalID: "A", Name: "Alpha", Owner: "dana@x.io", Segment: "Enterprise", ARR: 100},
			{ExternalID: "B", Name: "Beta", Owner: "dana@x.io", Segment: "SMB", ARR: 10},
			{ExternalID: "C", Name: "Gamma", Owner: "lee@x.io", Segment: "Mid-Market", ARR: 50},
		}
		if _, err := tx.UpsertAccounts(ctx, "test", accts); err != nil {
			return err
		}
		ids := map[string]int64{}
		for _, a := range accts {
			ids[a.ExternalID] = a.ID
		}
		cs := []*gtg.Contact{
			{AccountID: ids["A"], Email: "eb@a.io", Name: "Eve Buyer", Title: "CFO", Role: gtg.RoleEconomicBuyer, Influence: gtg.InfluenceHigh},
			{AccountID: ids["A"], Email: "ch@a.io", Name: "Cho Champion", Title: "Operations Manager", Role: gtg.RoleChampion},
			{AccountID: ids["A"], Email: "tech@a.io", Name: "Ted Tech", Title: "Director of IT", Role: gtg.RoleTechnicalOwner, StatusChangedOn: today.AddDays(-30)},
			{AccountID: ids["A"], Email: "sp@a.io", Name: "Sam Sponsor", Title: "CEO", Role: gtg.RoleExecutiveSponsor, Status: gtg.ContactLeft, StatusChangedOn: today.AddDays(-15)},
			{AccountID: ids["A"], Email: "user@a.io", Name: "Uma User", Title: "Analyst", Role: gtg.RoleEndUser},
			{AccountID: ids["B"], Email: "ch@b.io", Name: "Bo Champion", Role: gtg.RoleChampion},
			{AccountID: ids["B"], Email: "admin@b.io", Name: "Al Admin", Role: gtg.RoleAdmin},
		}
		if _, err := tx.UpsertContacts(ctx, "test", cs); err != nil {
			return err
		}
		for _, e := range []*gtg.Event{
			ev("A", gtg.EventMeeting, "eb@a.io", 10, nil),
			ev("A", gtg.EventMeeting, "eb@a.io", -1, nil),     // tomorrow: not yet
			ev("A", gtg.EventTicketOpened, "eb@a.io", 1, nil), // not a touch
			ev("A", gtg.EventCall, "ch@a.io", 5, nil),
			ev("A", gtg.EventCall, "ch@a.io", 20, nil),
			ev("A", gtg.EventCall, "ch@a.io", 40, nil), // in 90 days, not 30
			ev("A", gtg.EventNote, "ch@a.io", 3, map[string]any{"text": "happy", "sentiment": "positive"}),
			ev("A", gtg.EventNote, "", 1, map[string]any{"text": "no one", "sentiment": "negative"}), // nobody's touch
			ev("A", gtg.EventEmail, "sp@a.io", 50, nil),
			ev("A", gtg.EventEmail, "user@a.io", 100, nil),
			ev("A", gtg.EventSurvey, "user@a.io", 2, map[string]any{"nps": 3.0}),   // sentiment, not a touch
			ev("A", gtg.EventSurvey, "tech@a.io", 200, map[string]any{"nps": 2.0}), // too old to say how they feel
			ev("B", gtg.EventEmail, "ch@b.io", 31, nil),
			ev("B", gtg.EventCall, "admin@b.io", 29, nil),
		} {
			e.AccountID = ids[e.AccountExternalID]
			if _, err := tx.UpsertEvents(ctx, []*gtg.Event{e}); err != nil {
				return err
			}
		}
		return nil
	}))
	if _, _, err := stakeholders.Apply(ctx, st, "test", "team.yaml", []byte(testPolicy)); err != nil {
		t.Fatal(err)
	}
}

func TestAccountMap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seedPortfolio(t, st)
		m, err := stakeholders.AccountMap(ctx, st, "A", today)
		must(t, err)
		if m.Policy != "test@1" || m.Cadence.EngagedDays != 45 {
			t.Errorf("policy %s, engaged days %d; want test@1 and Enterprise's 45", m.Policy, m.Cadence.EngagedDays)
		}
		want := []gtg.Stakeholder{
			{Email: "eb@a.io", Name: "Eve Buyer", Title: "CFO", Role: gtg.RoleEconomicBuyer, Seniority: gtg.SeniorityExecutive,
				Influence: gtg.InfluenceHigh, LastTouch: today.AddDays(-10), DaysSinceTouch: 10, Touches30: 1, Touches90: 1,
				Status: gtg.ContactActive, Engaged: true},
			{Email: "ch@a.io", Name: "Cho Champion", Title: "Operations Manager", Role: gtg.RoleChampion, Seniority: gtg.SeniorityManager,
				Sentiment: gtg.SentimentPositive, SentimentOn: today.AddDays(-3), LastTouch: today.AddDays(-3), DaysSinceTouch: 3,
				Touches30: 3, Touches90: 4, Status: gtg.ContactActive, Engaged: true},
			{Email: "tech@a.io", Name: "Ted Tech", Title: "Director of IT", Role: gtg.RoleTechnicalOwner, Seniority: gtg.SeniorityDirector,
				DaysSinceTouch: -1, Status: gtg.ContactActive, StatusChangedOn: today.AddDays(-30)},
			{Email: "user@a.io", Name: "Uma User", Title: "Analyst", Role: gtg.RoleEndUser, Seniority: gtg.SeniorityStaff,
				Sentiment: gtg.SentimentNegative, SentimentOn: today.AddDays(-2), LastTouch: today.AddDays(-100), DaysSinceTouch: 100,
				Status: gtg.ContactActive},
			{Email: "sp@a.io", Name: "Sam Sponsor", Title: "CEO", Role: gtg.RoleExecutiveSponsor, Seniority: gtg.SeniorityExecutive,
				LastTouch: today.AddDays(-50), DaysSinceTouch: 50, Touches90: 1, Status: gtg.ContactLeft, StatusChangedOn: today.AddDays(-15)},
		}
		if d := cmp.Diff(want, m.Stakeholders); d != "" {
			t.Errorf("stakeholders (-want +got):\n%s", d)
		}
		wantCov := gtg.Coverage{AccountID: "A", AccountName: "Alpha", Owner: "dana@x.io", Segment: "Enterprise", AsOf: today,
			EngagedDays: 45, KeyRolesEngaged: 2, ActiveContacts: 4, EngagedContacts: 2, NoPersistentContact: true,
			Roles: []gtg.RoleCoverage{
				{Role: gtg.RoleEconomicBuyer, Present: true, Engaged: true, Contacts: []string{"eb@a.io"}},
				{Role: gtg.RoleExecutiveSponsor, Contacts: []string{}, LeftOn: today.AddDays(-15)},
				{Role: gtg.RoleChampion, Present: true, Engaged: true, Contacts: []string{"ch@a.io"}},
				{Role: gtg.RoleTechnicalOwner, Present: true, Contacts: []string{"tech@a.io"}},
			}}
		if d := cmp.Diff(wantCov, m.Coverage); d != "" {
			t.Errorf("coverage (-want +got):\n%s", d)
		}
		wantGaps := []gtg.CadenceGap{
			{AccountID: "A", AccountName: "Alpha", Owner: "dana@x.io", Segment: "Enterprise", Role: gtg.RoleExecutiveSponsor, Target: 1, Short: 1, NoContact: true},
			{AccountID: "A", AccountName: "Alpha", Owner: "dana@x.io", Segment: "Enterprise", Role: gtg.RoleTechnicalOwner, Target: 1, Short: 1},
		}
		if d := cmp.Diff(wantGaps, m.Gaps); d != "" {
			t.Errorf("gaps (-want +got):\n%s", d)
		}
	})
}

func TestPortfolio(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seedPortfolio(t, st)
		p, err := stakeholders.PortfolioOf(ctx, st, today, "")
		must(t, err)
		wantOwners := []gtg.OwnerCoverage{
			{Owner: "dana@x.io", Accounts: 2, MultiThreaded: 1, SingleThreaded: 1, NoPersistentContact: 1,
				KeyRolesEngaged: 2, KeyRolesTotal: 8, AccountsBehind: 2, TouchesShort: 4},
			{Owner: "lee@x.io", Accounts: 1, NoEngagement: 1, NoPersistentContact: 1, KeyRolesTotal: 4, AccountsBehind: 1, TouchesShort: 2},
		}
		if d := cmp.Diff(wantOwners, p.Owners); d != "" {
			t.Errorf("owners (-want +got):\n%s", d)
		}
		// B: the champion's last email was 31 days ago (not engaged with the
		// default 30), the admin's call 29 days ago is; C has nobody.
		got := map[string]gtg.Coverage{}
		for _, c := range p.Accounts {
			got[c.AccountID] = c
		}
		if b := got["B"]; !b.SingleThreaded || b.EngagedContacts != 1 || b.KeyRolesEngaged != 0 || b.NoPersistentContact || b.EngagedDays != 30 {
			t.Errorf("B = %+v", b)
		}
		if c := got["C"]; !c.NoEngagement || c.SingleThreaded || !c.NoPersistentContact {
			t.Errorf("C = %+v", c)
		}
		var short []string
		for _, g := range p.Gaps {
			short = append(short, g.AccountID+"/"+g.Role)
		}
		if d := cmp.Diff([]string{"A/executive_sponsor", "A/technical_owner", "B/champion", "C/champion"}, short); d != "" {
			t.Errorf("gaps (-want +got):\n%s", d)
		}
		// One owner's book only.
		mine, err := stakeholders.PortfolioOf(ctx, st, today, "lee@x.io")
		must(t, err)
		if len(mine.Accounts) != 1 || mine.Accounts[0].AccountID != "C" || len(mine.Owners) != 1 {
			t.Errorf("lee's portfolio = %+v", mine)
		}
	})
}
