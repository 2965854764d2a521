// Package updatetest builds a fixed portfolio for the weekly update's
// tests: one account with a plan, seven contacts in every situation the
// recipient rules care about, 90 days of falling health and a risk
// profile, as of a fixed moment.
package updatetest

import (
	"context"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
)

// Now is the fixture's clock: Friday 12 June 2026, 10:00 UTC.
var Now = time.Date(2026, 6, 12, 10, 0, 0, 0, time.UTC)

// Account is the fixture account's id.
const Account = "F1"

// Recipients are the contacts the update goes to by default, from the
// economic buyer down: engaged in the last 90 days, active, not opted out.
var Recipients = []string{"eve@freight.example", "cam@freight.example", "tom@freight.example", "ana@freight.example"}

// Left out by default: Una (no touch in 90 days), Olga (opted out); Lee
// left the company and is not listed at all.
const (
	Quiet    = "una@freight.example"
	OptedOut = "olga@freight.example"
	Left     = "lee@freight.example"
)

// Seed writes the fixture into st and sets st.Now to Now.
func Seed(tb testing.TB, st *store.Store) *gtg.Account {
	tb.Helper()
	ctx := context.Background()
	st.Now = func() time.Time { return Now }
	today := gtg.DayOf(Now)
	day := func(s string) gtg.Day { return gtg.MustParseDay(s) }
	at := func(s string) time.Time {
		t, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			tb.Fatal(err)
		}
		return t
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UpsertAccounts(ctx, "fixture", []*gtg.Account{{ExternalID: Account, Name: "Fixture Freight",
			ARR: 48000, Currency: "USD", Segment: "Mid-Market", Stage: gtg.StageAdoption, Owner: "csm@ourco.example",
			Attrs: map[string]any{"industry": "logistics"}}}); err != nil {
			return err
		}
		ids, err := tx.AccountIDs(ctx, []string{Account})
		if err != nil {
			return err
		}
		id := ids[Account]
		c := func(email, name, title, role string) *gtg.Contact {
			return &gtg.Contact{AccountID: id, AccountExternalID: Account, Email: email, Name: name, Title: title, Role: role}
		}
		lee := c(Left, "Lee Left", "Former champion", gtg.RoleChampion)
		lee.Status, lee.StatusChangedOn = gtg.ContactLeft, day("2026-05-01")
		if _, err := tx.UpsertContacts(ctx, "fixture", []*gtg.Contact{
			c("ana@freight.example", "Ana Analyst", "Data analyst", gtg.RoleEndUser),
			c("cam@freight.example", "Cam Champion", "Operations lead", gtg.RoleChampion),
			c("eve@freight.example", "Eve Buyer", "CFO", gtg.RoleEconomicBuyer),
			c("tom@freight.example", "Tom Tech", "IT manager", gtg.RoleTechnicalOwner),
			c(Quiet, "Una Quiet", "Planner", gtg.RoleEndUser),
			c(OptedOut, "Olga Out", "Office admin", gtg.RoleAdmin),
			lee,
		}); err != nil {
			return err
		}
		ev := func(email, typ, when string, attrs map[string]any) *gtg.Event {
			return &gtg.Event{AccountID: id, ContactEmail: email, Type: typ, OccurredAt: at(when), Attrs: attrs}
		}
		if _, err := tx.UpsertEvents(ctx, []*gtg.Event{
			ev("eve@freight.example", gtg.EventMeeting, "2026-06-01 15:00", map[string]any{"title": "QBR"}),
			ev("cam@freight.example", gtg.EventEmail, "2026-06-10 09:30", map[string]any{"direction": "inbound", "subject": "dashboards"}),
			ev("tom@freight.example", gtg.EventCall, "2026-05-20 11:00", map[string]any{"duration_minutes": 30.0}),
			ev("ana@freight.example", gtg.EventSurvey, "2026-06-05 08:00", map[string]any{"nps": 6.0}),
			ev(OptedOut, gtg.EventMeeting, "2026-06-02 10:00", map[string]any{"title": "training"}),
			ev(Quiet, gtg.EventMeeting, "2026-02-01 10:00", map[string]any{"title": "kickoff"}), // over 90 days ago
			ev(Left, gtg.EventMeeting, "2026-04-20 10:00", map[string]any{"title": "handover"}),
		}); err != nil {
			return err
		}
		// 90 days of health: steady at 97 for 30 days, then falling to 46,
		// from adoption (active users), support (urgent tickets) and the
		// CSM's sentiment, which is the team's and stays out of the email.
		var hs []*gtg.Health
		for i := 0; i < 90; i++ {
			f := max(0, float64(i-30)/59)
			au, ut, cs := 100-60*f, 90-40*f, 100-50*f
			sc := 0.4*au + 0.3*ut + 0.3*cs
			color := gtg.Green
			switch {
			case sc < 45:
				color = gtg.Red
			case sc < 70:
				color = gtg.Yellow
			}
			hs = append(hs, &gtg.Health{AccountID: id, Day: today - 89 + gtg.Day(i), Scorecard: "default", Version: 1,
				Score: sc, Color: color, Coverage: 1, Measures: []gtg.MeasureValue{
					{Key: "active_users_change", Group: "adoption", Value: -0.4 * f, Points: au, Weight: 0.4},
					{Key: "urgent_tickets", Group: "support", Value: 1 + 4*f, Points: ut, Weight: 0.3},
					{Key: "csm_sentiment", Group: "sentiment", Value: 1 - f, Points: cs, Weight: 0.3},
				}})
		}
		if err := tx.PutHealth(ctx, hs); err != nil {
			return err
		}
		return tx.CreatePlan(ctx, &gtg.Plan{AccountID: id, AccountExt: Account, Owner: "csm@ourco.example",
			Playbook: "", Status: gtg.PlanOpen, Reasons: []string{"roi_doubts"}, Stakeholders: []string{"eve@freight.example"},
			StartedOn: day("2026-05-15"), TargetDate: day("2026-07-31"), StallDays: 14, CreatedBy: "csm@ourco.example",
			Objectives: []gtg.Objective{
				{Title: "Weekly active users back above 60%", Criterion: "active_users_per_seat >= 0.6"},
				{Title: "Urgent tickets under 2 a month", Criterion: "urgent_tickets < 2", Met: true, MetOn: day("2026-06-11")},
			},
			Tasks: []gtg.Task{
				{Title: "Kick-off call with the new operations lead", OwnerSide: gtg.SideOurs, Owner: "csm@ourco.example", Due: day("2026-05-20"), Status: gtg.TaskDone, DoneOn: day("2026-05-19")},
				{Title: "Share the ROI summary with finance", OwnerSide: gtg.SideOurs, Owner: "csm@ourco.example", Due: day("2026-06-10"), Status: gtg.TaskDone, DoneOn: day("2026-06-09")},
				{Title: "Clean up unused seats", OwnerSide: gtg.SideCustomer, Owner: "tom@freight.example", Due: day("2026-06-11"), Status: gtg.TaskDone, DoneOn: day("2026-06-11")},
				{Title: "Train the planning team on dashboards", OwnerSide: gtg.SideOurs, Owner: "csm@ourco.example", Due: day("2026-06-18"), Status: gtg.TaskTodo},
				{Title: "Name a second admin", OwnerSide: gtg.SideCustomer, Owner: "cam@freight.example", Due: day("2026-06-24"), Status: gtg.TaskDoing},
				{Title: "Export last quarter's usage for the CFO", OwnerSide: gtg.SideCustomer, Owner: "eve@freight.example", Due: day("2026-06-05"), Status: gtg.TaskTodo},
				{Title: "Old migration task", OwnerSide: gtg.SideOurs, Status: gtg.TaskDropped},
			},
		})
	})
	if err != nil {
		tb.Fatalf("seed the fixture: %v", err)
	}
	if err := st.SetOptOut(ctx, "fixture", Account, OptedOut, true); err != nil {
		tb.Fatal(err)
	}
	if _, err := save.SetRisk(ctx, st, &gtg.User{Email: "csm@ourco.example", Role: gtg.UserCSM}, Account,
		gtg.RiskChange{Level: gtg.RiskHigh, Reasons: []string{"roi_doubts", "budget_cut"}, Note: "CFO asks what they get"}); err != nil {
		tb.Fatal(err)
	}
	a, err := st.Account(ctx, Account)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}
