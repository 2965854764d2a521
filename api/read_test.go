package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// seedSave adds to seed: 40 days of acme's health (falling from 80 to 41,
// so it turned yellow then red), an open alert, a risk profile and a plan.
// It returns the alert's and the plan's ids.
func (a *testAPI) seedSave() (alertID, planID int64) {
	a.t.Helper()
	ctx := context.Background()
	acct, err := a.st.Account(ctx, "acme")
	if err != nil {
		a.t.Fatal(err)
	}
	today := gtg.DayOf(testNow)
	var hs []*gtg.Health
	for i := 39; i >= 0; i-- {
		score := 41 + float64(i)
		color := map[bool]string{true: gtg.Green, false: gtg.Yellow}[score >= 70]
		if score < 45 {
			color = gtg.Red
		}
		hs = append(hs, &gtg.Health{AccountID: acct.ID, Day: today.AddDays(-i), Scorecard: "default", Version: 1, Score: score, Color: color, Coverage: 0.9,
			Measures: []gtg.MeasureValue{
				{Key: "csm_sentiment", Group: "sentiment", Value: math.NaN(), Points: 0, Weight: 0.5},
				{Key: "nps", Group: "sentiment", Value: math.NaN(), Missing: true},
				{Key: "seat_utilization", Group: "usage", Value: 0.4 + float64(i)/100, Points: score, Weight: 0.5},
			}})
	}
	err = a.st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.PutHealth(ctx, hs); err != nil {
			return err
		}
		return tx.InsertAlerts(ctx, []*gtg.Alert{{AccountID: acct.ID, Rule: "usage_drop", RuleSet: "default", RuleVersion: 1,
			Severity: "high", Title: "Usage fell", Evidence: []string{"logins −40%"}, Status: gtg.AlertOpen, OpenedOn: today, LastSeenOn: today}})
	})
	if err != nil {
		a.t.Fatal(err)
	}
	as, err := a.st.Alerts(ctx, gtg.AlertFilter{})
	if err != nil || len(as) != 1 {
		a.t.Fatalf("alerts %v %v", as, err)
	}
	csm := &gtg.User{Email: "csm@example.com", Role: gtg.UserCSM}
	if _, err := save.SetRisk(ctx, a.st, csm, "acme", gtg.RiskChange{Level: "high", Reasons: []string{"onboarding_speed"}, Note: "slow start"}); err != nil {
		a.t.Fatal(err)
	}
	p, err := save.NewPlan(ctx, a.st, csm, "acme", "onboarding_education", 0, today.AddDays(-10))
	if err != nil {
		a.t.Fatal(err)
	}
	return as[0].ID, p.ID
}

// TestReadEndpointRoles is the endpoint × role table: every role reads what
// the pages show it; only csm and above change alerts, as on the inbox.
func TestReadEndpointRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		alertID, planID := a.seedSave()
		type call struct{ method, path, body string }
		reads := []call{
			{"GET", "/api/v1/accounts/acme", ""},
			{"GET", "/api/v1/accounts/acme/health", ""},
			{"GET", "/api/v1/accounts/acme/health/history", ""},
			{"GET", "/api/v1/alerts", ""},
			{"GET", fmt.Sprintf("/api/v1/alerts/%d", alertID), ""},
			{"GET", "/api/v1/risk", ""},
			{"GET", "/api/v1/accounts/acme/risk", ""},
			{"GET", "/api/v1/plans", ""},
			{"GET", fmt.Sprintf("/api/v1/plans/%d", planID), ""},
			{"GET", fmt.Sprintf("/api/v1/plans/%d/tasks", planID), ""},
			{"GET", "/api/v1/playbooks", ""},
			{"GET", "/api/v1/playbooks/onboarding_education", ""},
			{"GET", "/api/v1/queue", ""},
			{"GET", "/api/v1/standup", ""},
		}
		// Each change is made by one role at a time, in this order, so each
		// allowed one finds the alert in a state it can leave.
		changes := []call{
			{"POST", fmt.Sprintf("/api/v1/alerts/%d/ack", alertID), ""},
			{"POST", fmt.Sprintf("/api/v1/alerts/%d/snooze", alertID), `{"until":"2024-07-14"}`},
			{"POST", fmt.Sprintf("/api/v1/alerts/%d/resolve", alertID), `{"note":"done"}`},
		}
		roles := []string{gtg.UserViewer, gtg.UserCSM, gtg.UserManager, gtg.UserAdmin}
		for _, c := range reads {
			for _, role := range append([]string{""}, roles...) {
				t.Run(c.method+" "+c.path+" as "+role, func(t *testing.T) {
					opt := as(a.token[role])
					want := 200
					if role == "" {
						opt, want = withHeader("Authorization", ""), 401
					}
					if r := a.do(c.method, c.path, c.body, opt); r.status != want {
						t.Errorf("got %s, want %d", r, want)
					}
				})
			}
		}
		for _, role := range roles {
			for _, c := range changes {
				t.Run(c.method+" "+c.path+" as "+role, func(t *testing.T) {
					want := 200
					if role == gtg.UserViewer {
						want = 403
					}
					r := a.do(c.method, c.path, c.body, as(a.token[role]))
					if r.status != want || (want == 403 && !strings.Contains(r.errorMessage(), "needs role csm")) {
						t.Errorf("got %s, want %d", r, want)
					}
				})
			}
			// Reopen for the next role, as the inbox does: the API has no reopen.
			if _, err := alerts.Change(context.Background(), st, "admin@example.com", gtg.UserAdmin, alertID,
				gtg.AlertChange{Status: gtg.AlertOpen}, gtg.DayOf(testNow)); err != nil && role != gtg.UserViewer {
				t.Fatal(err)
			}
		}
	})
}

// TestReadEndpoints checks what the read endpoints say about the seeded account.
func TestReadEndpoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed()
		alertID, planID := a.seedSave()
		viewer := as(a.token[gtg.UserViewer])

		// The account carries its score, color and trend.
		var acct struct{ Data map[string]any }
		a.must("GET", "/api/v1/accounts/acme", "", &acct, viewer)
		if acct.Data["name"] != "Acme" || acct.Data["score"] != 41.0 || acct.Data["color"] != gtg.Red || acct.Data["trend"] != "down" ||
			acct.Data["scored_on"] != "2024-06-30" || acct.Data["slope_30d"] != -1.0 {
			t.Errorf("account = %v", acct.Data)
		}

		// Current health: the breakdown reads as on the page, with what changed in 30 days.
		var cur struct{ Data currentHealthOut }
		a.must("GET", "/api/v1/accounts/acme/health", "", &cur, viewer)
		c := cur.Data
		if c.Score == nil || *c.Score != 41 || c.Color != gtg.Red || c.Scorecard != "default" || len(c.Measures) != 3 || c.Trend == nil || c.Trend.Movement != "down" {
			t.Fatalf("current health = %+v", c)
		}
		if m := c.Measures[0]; m.Label != "CSM sentiment" || m.Display != "negative" || m.Points == nil || *m.Points != 0 || m.Value != nil || m.Missing {
			t.Errorf("sentiment measure = %+v", m)
		}
		if m := c.Measures[1]; m.Display != "no data" || m.Points != nil || !m.Missing {
			t.Errorf("missing NPS = %+v", m)
		}
		if c.ChangesSince != gtg.MustParseDay("2024-05-31") || len(c.Changes) == 0 || !strings.Contains(c.Changes[0].Text, "point") {
			t.Errorf("changes since %s = %+v", c.ChangesSince, c.Changes)
		}

		// History: oldest first, a range, each day with its measures.
		var hist historyResult
		a.must("GET", "/api/v1/accounts/acme/health/history?from=2024-06-28&to=2024-06-30", "", &hist, viewer)
		if len(hist.Data) != 3 || hist.Data[0].Day != gtg.MustParseDay("2024-06-28") || *hist.Data[2].Score != 41 || len(hist.Data[1].Measures) != 3 {
			t.Errorf("history = %+v", hist)
		}
		for _, tc := range []struct{ path, msg string }{
			{"/api/v1/accounts/acme/health/history?from=2024-07-01&to=2024-06-30", "from: 2024-07-01 is after to"},
			{"/api/v1/accounts/acme/health/history?from=2023-01-01&to=2024-06-30", "at most 366 days"},
			{"/api/v1/accounts/acme/health/history?days=3", `unknown query parameter "days"`},
			{"/api/v1/alerts?status=sleeping", `status: "sleeping"`},
			{"/api/v1/plans?status=ajar", `status: "ajar"`},
		} {
			if r := a.do("GET", tc.path, "", viewer); r.status != 400 || !strings.Contains(r.errorMessage(), tc.msg) {
				t.Errorf("GET %s: %s, want 400 %q", tc.path, r, tc.msg)
			}
		}
		if r := a.do("GET", "/api/v1/accounts/nobody/health", "", viewer); r.status != 404 {
			t.Errorf("unknown account's health: %s", r)
		}

		// Alerts: the inbox by default; ack, snooze and resolve as the buttons do.
		var list struct {
			Data  []gtg.Alert
			Total int
		}
		a.must("GET", "/api/v1/alerts?account_id=acme", "", &list, viewer)
		if list.Total != 1 || list.Data[0].ID != alertID || list.Data[0].AccountExt != "acme" {
			t.Fatalf("alerts = %+v", list)
		}
		var ch struct{ Data gtg.Alert }
		a.must("POST", fmt.Sprintf("/api/v1/alerts/%d/ack", alertID), "", &ch)
		if ch.Data.Status != gtg.AlertAcknowledged || ch.Data.UpdatedBy != "csm@example.com" {
			t.Errorf("ack = %+v", ch.Data)
		}
		if r := a.do("POST", fmt.Sprintf("/api/v1/alerts/%d/ack", alertID), ""); r.status != 409 {
			t.Errorf("second ack: %s", r)
		}
		if r := a.do("POST", fmt.Sprintf("/api/v1/alerts/%d/snooze", alertID), `{}`); r.status != 400 || !strings.Contains(r.errorMessage(), "until") {
			t.Errorf("snooze without until: %s", r)
		}
		a.must("POST", fmt.Sprintf("/api/v1/alerts/%d/snooze", alertID), `{"until":"2024-07-07","note":"back from holiday"}`, &ch)
		if ch.Data.Status != gtg.AlertSnoozed || ch.Data.SnoozedUntil != gtg.MustParseDay("2024-07-07") {
			t.Errorf("snooze = %+v", ch.Data)
		}
		a.must("GET", "/api/v1/alerts", "", &list, viewer)
		if list.Total != 0 {
			t.Errorf("a snoozed alert is in the default list: %+v", list)
		}
		a.must("POST", fmt.Sprintf("/api/v1/alerts/%d/resolve", alertID), `{"note":"fixed"}`, &ch)
		if ch.Data.Status != gtg.AlertResolved || ch.Data.ResolvedOn != gtg.DayOf(testNow) || ch.Data.Note != "fixed" {
			t.Errorf("resolve = %+v", ch.Data)
		}
		a.must("GET", "/api/v1/alerts?status=resolved", "", &list, viewer)
		if list.Total != 1 {
			t.Errorf("resolved alerts = %+v", list)
		}
		if log, err := st.AuditLog(context.Background(), "alert", fmt.Sprint(alertID), 10); err != nil || len(log) != 3 {
			t.Errorf("alert audit = %v %v", log, err)
		}

		// Risk, plans, playbooks, the queue and the standup.
		var risk struct{ Data save.RiskView }
		a.must("GET", "/api/v1/accounts/acme/risk", "", &risk, viewer)
		if risk.Data.Current == nil || risk.Data.Current.Level != "high" || risk.Data.Reasons[0] != "onboarding_speed" {
			t.Errorf("risk = %+v", risk.Data)
		}
		var board struct{ Data []save.RiskRow }
		a.must("GET", "/api/v1/risk", "", &board, viewer)
		if len(board.Data) != 1 || board.Data[0].Level != "high" {
			t.Errorf("board = %+v", board.Data)
		}
		var plans struct{ Data []gtg.Plan }
		a.must("GET", "/api/v1/plans?status=open&account_id=acme", "", &plans, viewer)
		if len(plans.Data) != 1 || plans.Data[0].ID != planID || plans.Data[0].Playbook != "onboarding_education" {
			t.Fatalf("plans = %+v", plans.Data)
		}
		var plan planOut
		a.must("GET", fmt.Sprintf("/api/v1/plans/%d", planID), "", &plan, viewer)
		if plan.Data.ID != planID || plan.Progress == nil || plan.Progress.TasksTotal != len(plan.Data.Tasks) || len(plan.Progress.Trajectory) != 11 {
			t.Errorf("plan = %+v, progress %+v", plan.Data, plan.Progress)
		}
		var tasks struct{ Data []gtg.Task }
		a.must("GET", fmt.Sprintf("/api/v1/plans/%d/tasks", planID), "", &tasks, viewer)
		if len(tasks.Data) == 0 || len(tasks.Data) != len(plan.Data.Tasks) {
			t.Errorf("tasks = %+v", tasks.Data)
		}
		if r := a.do("GET", "/api/v1/plans/999", "", viewer); r.status != 404 {
			t.Errorf("unknown plan: %s", r)
		}
		var pb struct{ Data map[string]any }
		a.must("GET", "/api/v1/playbooks/onboarding_education", "", &pb, viewer)
		if stats, _ := pb.Data["stats"].(map[string]any); pb.Data["key"] != "onboarding_education" || stats["plans_started"] != 1.0 || stats["open"] != 1.0 {
			t.Errorf("playbook = %v", pb.Data)
		}
		var pg struct {
			Data                 []gtg.Plan
			Total, Limit, Offset int
		}
		a.must("GET", "/api/v1/plans?limit=1&offset=1", "", &pg, viewer)
		if pg.Total != 1 || len(pg.Data) != 0 || pg.Limit != 1 || pg.Offset != 1 {
			t.Errorf("second page of one plan = %+v", pg)
		}
		var q queueOut
		a.must("GET", "/api/v1/queue", "", &q, viewer)
		if !strings.Contains(q.Formula, "×") || len(q.Data) != 1 || q.Total != 1 || q.Limit != 100 || q.Data[0].AccountExt != "acme" || q.Data[0].Level != "high" {
			t.Errorf("queue = %+v", q)
		}
		var su struct{ Data json.RawMessage }
		a.must("GET", "/api/v1/standup?since=2024-06-01", "", &su, viewer)
		if !strings.Contains(string(su.Data), `"became_high_risk":[{"account_id":"acme"`) {
			t.Errorf("standup = %s", su.Data)
		}
	})
}
