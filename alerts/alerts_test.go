package alerts_test

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

var ctx = context.Background()

// wed is a Wednesday: its week runs from Monday 2026-03-02 to Sunday 2026-03-08.
var wed = gtg.MustParseDay("2026-03-04")

const testRules = `
name: t
version: 1
budget: {per_owner_per_week: 2}
measures:
  - {key: tickets, label: Tickets, kind: event, event: ticket_opened, agg: count, window: 7d}
rules:
  - {key: tickets, label: Tickets this week, severity: medium, when: tickets >= 1, evidence: [tickets]}
  - {key: big, label: Big account, severity: high, when: account.arr >= 50000}
`

// seed stores four accounts: A1 (100k), A2 (50k) and A3 (10k) owned by
// a@x.test, B1 (20k) owned by b@x.test, with a ticket the day before wed on
// A1, A3 and B1.
func seed(t *testing.T, s *store.Store) map[string]int64 {
	t.Helper()
	start := wed - 400
	accts := []*gtg.Account{
		{ExternalID: "A1", Name: "Alpha", ARR: 100000, Owner: "a@x.test", ContractStart: start},
		{ExternalID: "A2", Name: "Beta", ARR: 50000, Owner: "a@x.test", ContractStart: start},
		{ExternalID: "A3", Name: "Gamma", ARR: 10000, Owner: "a@x.test", ContractStart: start},
		{ExternalID: "B1", Name: "Delta", ARR: 20000, Owner: "b@x.test", ContractStart: start},
	}
	var evs []*gtg.Event
	for _, id := range []string{"A1", "A3", "B1"} {
		evs = append(evs, &gtg.Event{AccountExternalID: id, Type: gtg.EventTicketOpened, ExternalID: "t-" + id,
			OccurredAt: (wed - 1).Time().Add(10 * time.Hour)})
	}
	err := s.InTx(ctx, func(tx *store.Tx) error {
		for _, a := range accts {
			a.Normalize()
		}
		if _, err := tx.UpsertAccounts(ctx, "test", accts); err != nil {
			return err
		}
		ids, err := tx.AccountIDs(ctx, []string{"A1", "A3", "B1"})
		if err != nil {
			return err
		}
		for _, e := range evs {
			e.AccountID = ids[e.AccountExternalID]
		}
		_, err = tx.UpsertEvents(ctx, evs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, a := range accts {
		got, err := s.Account(ctx, a.ExternalID)
		if err != nil {
			t.Fatal(err)
		}
		ids[a.ExternalID] = got.ID
	}
	return ids
}

// state lists every alert as "account rule status [held]", sorted.
func state(t *testing.T, s *store.Store) []string {
	t.Helper()
	as, err := s.Alerts(ctx, gtg.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		line := a.AccountExt + " " + a.Rule + " " + a.Status
		if a.Held {
			line += " held"
		}
		out = append(out, line)
	}
	sort.Strings(out)
	return out
}

func run(t *testing.T, s *store.Store, rs *scorecard.RuleSet, day gtg.Day) alerts.Stats {
	t.Helper()
	st, err := alerts.Run(ctx, s, []*scorecard.RuleSet{rs}, day, alerts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestRunDedupeBudgetAndLifecycle(t *testing.T) {
	rs, err := scorecard.ParseRules("t.yaml", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		// Values: A1 big 9×100k=900k, A2 big 9×50k=450k, A1 tickets
		// 3×100k=300k, A3 tickets 3×10k=30k; a@ sees the top two. B1's one
		// alert fits b@'s budget.
		st := run(t, s, rs, wed)
		if st.Accounts != 4 || st.Fired != 5 || st.Opened != 5 || st.Held != 2 || len(st.Shown) != 3 {
			t.Fatalf("first run stats %+v", st)
		}
		want := []string{"A1 big open", "A1 tickets open held", "A2 big open", "A3 tickets open held", "B1 tickets open"}
		if diff := cmp.Diff(want, state(t, s)); diff != "" {
			t.Fatalf("alerts (-want +got):\n%s", diff)
		}
		// Rescoring the same day, and the next, never duplicates; the
		// budget is spent for the week, so the held ones stay held.
		for _, day := range []gtg.Day{wed, wed + 1} {
			st = run(t, s, rs, day)
			if st.Opened != 0 || st.Fired != 5 || st.Held != 2 || len(st.Shown) != 0 {
				t.Fatalf("rerun on %s: %+v", day, st)
			}
		}
		if diff := cmp.Diff(want, state(t, s)); diff != "" {
			t.Fatalf("alerts after rerun (-want +got):\n%s", diff)
		}
		held, err := s.Alerts(ctx, gtg.AlertFilter{Held: new(true)})
		if err != nil || len(held) != 2 || held[0].AccountExt != "A1" || held[0].Value != 300000 {
			t.Fatalf("held alerts %v %v", held, err)
		}

		// A person snoozes A2's alert to next Tuesday and acknowledges A1's.
		a2, a1 := alertOf(t, s, "A2", "big"), alertOf(t, s, "A1", "big")
		if _, err := alerts.Change(ctx, s, "a@x.test", gtg.UserCSM, a2.ID, gtg.AlertChange{Status: "snoozed", Until: wed + 7}, wed+1); err != nil {
			t.Fatal(err)
		}
		if _, err := alerts.Change(ctx, s, "a@x.test", gtg.UserCSM, a1.ID, gtg.AlertChange{Status: "acknowledged", Note: "on it"}, wed+1); err != nil {
			t.Fatal(err)
		}

		// Next Tuesday: last week's tickets left the 7-day window, so the
		// ticket alerts clear (resolved by gtg, held or not); the snooze
		// has not ended yet.
		st = run(t, s, rs, wed+6)
		if st.Resolved != 3 || st.Reopened != 0 {
			t.Fatalf("next week stats %+v", st)
		}
		want = []string{"A1 big acknowledged", "A1 tickets resolved held", "A2 big snoozed", "A3 tickets resolved held", "B1 tickets resolved"}
		if diff := cmp.Diff(want, state(t, s)); diff != "" {
			t.Fatalf("alerts next week (-want +got):\n%s", diff)
		}
		// Wednesday the snooze ends while the condition holds: open again.
		st = run(t, s, rs, wed+7)
		if st.Reopened != 1 {
			t.Fatalf("snooze end stats %+v", st)
		}
		if got := alertOf(t, s, "A2", "big"); got.Status != gtg.AlertOpen || got.SnoozedUntil != 0 {
			t.Fatalf("A2 after snooze: %+v", got)
		}

		// Resolved by a person while the condition holds: it does not come
		// straight back on the next run.
		if _, err := alerts.Change(ctx, s, "a@x.test", gtg.UserCSM, a1.ID, gtg.AlertChange{Status: "resolved", Note: "exec call done"}, wed+7); err != nil {
			t.Fatal(err)
		}
		st = run(t, s, rs, wed+8)
		if st.Opened != 0 {
			t.Fatalf("resolved alert came back: %+v", st)
		}
		if got := alertOf(t, s, "A1", "big"); got.Status != gtg.AlertResolved || got.UpdatedBy != "a@x.test" || got.LastSeenOn != wed+8 {
			t.Fatalf("A1 after resolve: %+v", got)
		}

		// The audit log keeps each change with who made it.
		log, err := s.AuditLog(ctx, "alert", strconv.FormatInt(a1.ID, 10), 10)
		if err != nil || len(log) != 2 || log[0].Actor != "a@x.test" {
			t.Fatalf("audit %v %v", log, err)
		}
	})
}

func TestChangeRefusals(t *testing.T) {
	rs, err := scorecard.ParseRules("t.yaml", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		run(t, s, rs, wed)
		a := alertOf(t, s, "A1", "big")
		for _, tc := range []struct {
			name, role string
			c          gtg.AlertChange
			code, msg  string
		}{
			{"viewer", gtg.UserViewer, gtg.AlertChange{Status: "acknowledged"}, gtg.EFORBIDDEN, "a viewer cannot change alerts"},
			{"snooze without date", gtg.UserCSM, gtg.AlertChange{Status: "snoozed"}, gtg.EINVALID, "until: a snooze needs the date it ends"},
			{"snooze in the past", gtg.UserCSM, gtg.AlertChange{Status: "snoozed", Until: wed}, gtg.EINVALID, "until: 2026-03-04 is not in the future"},
			{"unknown status", gtg.UserCSM, gtg.AlertChange{Status: "done"}, gtg.EINVALID, `status: "done" is not one of`},
			{"same status", gtg.UserCSM, gtg.AlertChange{Status: "open"}, gtg.ECONFLICT, "is already open"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := alerts.Change(ctx, s, "u@x.test", tc.role, a.ID, tc.c, wed)
				if gtg.ErrorCode(err) != tc.code || !strings.Contains(gtg.ErrorMessage(err), tc.msg) {
					t.Fatalf("got %v (%s), want %s containing %q", err, gtg.ErrorCode(err), tc.code, tc.msg)
				}
			})
		}
		if _, err := alerts.Change(ctx, s, "u@x.test", gtg.UserCSM, 999999, gtg.AlertChange{Status: "resolved"}, wed); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Errorf("missing alert: %v", err)
		}
		if got := alertOf(t, s, "A1", "big"); got.Status != gtg.AlertOpen {
			t.Errorf("refused changes changed the alert: %+v", got)
		}
	})
}

func alertOf(t *testing.T, s *store.Store, account, rule string) *gtg.Alert {
	t.Helper()
	as, err := s.Alerts(ctx, gtg.AlertFilter{Rule: rule})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.AccountExt == account {
			return a
		}
	}
	t.Fatalf("no %s alert on %s", rule, account)
	return nil
}
