package web

import (
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestSaveBrowser runs a whole save in headless Chromium: a CSM sets an
// account's risk, starts a plan from a playbook and completes its tasks;
// the next day's scoring makes the exit criterion true and the plan closes
// back to green; a manager sees it in the standup, marks the standup
// reviewed, and finds it in the playbook's record. Along the way it visits
// every page of the save workflow; GTG_SCREENSHOTS=dir saves each one.
func TestSaveBrowser(t *testing.T) {
	st := storetest.OpenSQLite(t)
	// One clock for the app and the store, moved on a day to rescore.
	var clock atomic.Int64
	clock.Store(testNow.Unix())
	now := func() time.Time { return time.Unix(clock.Load(), 0).UTC() }
	st.Now = now
	// The clock jumps days ahead to see plans move; the sign-in must last
	// (session timeouts have their own tests).
	srv := httptest.NewServer(NewHandler(Config{Store: st, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: now,
		SessionIdle: -1, SessionMax: 365 * 24 * time.Hour}))
	defer srv.Close()
	seedSaveBrowser(t, st, &clock)

	bctx := newBrowser(t, 180*time.Second)
	b := &browserSession{t: t, bctx: bctx}
	do, text, waitFor, htmxReady, click := b.do, b.text, b.waitFor, b.htmxReady, b.click

	shots := os.Getenv("GTG_SCREENSHOTS")
	location := func() string {
		t.Helper()
		u, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(u, srv.URL)
	}
	screenshot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		// From the top, so the sticky bar is where people see it.
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
			t.Fatalf("scroll up for %s: %v", name, err)
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "save-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	visit := func(name, path, ready string) {
		t.Helper()
		do("open "+path, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS(ready)))
		screenshot(name)
	}
	signIn := func(email string) {
		t.Helper()
		do("sign in as "+email,
			chromedp.Navigate(srv.URL+"/login"),
			chromedp.SendKeys(chromedp.CSS(`input[name=email]`), email),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testPassword),
			chromedp.Click(chromedp.CSS(`button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`.topbar`)),
		)
	}

	do("open", chromedp.EmulateViewport(1440, 900))
	signIn("carl@gtg.test")

	// 1. On Acme's page, the CSM sets the risk: high, champion left (primary) and ROI doubts.
	visit("account-before", "/accounts/ACME-1", ".save-card")
	if got := text(".save-card .save-risk"); !strings.Contains(got, "CSM's judgment Not assessed") || !strings.Contains(got, "The data suggests High") {
		t.Errorf("risk before = %q", got)
	}
	do("set the risk",
		chromedp.Click(chromedp.CSS(`.save-risk details.card-form > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`.save-risk .risk-form`)),
		chromedp.Click(chromedp.CSS(`.save-risk input[name=level][value=high]`)),
		chromedp.SetValue(chromedp.CSS(`.save-risk select[name=primary]`), "champion_left"),
		chromedp.Click(chromedp.CSS(`.save-risk input[name=reason][value=roi_doubts]`)),
		chromedp.SendKeys(chromedp.CSS(`.save-risk textarea[name=note]`), "Champion left; the CFO doubts the ROI"),
	)
	screenshot("risk-form")
	do("save the risk",
		chromedp.Click(chromedp.CSS(`.save-risk button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.save-risk .sr-reasons`)),
	)
	if got := text(".save-card .save-risk"); !strings.Contains(got, "CSM's judgment High") || !strings.Contains(got, "Champion left ROI or value doubts") ||
		!strings.Contains(got, "the CFO doubts the ROI") {
		t.Errorf("risk after = %q", got)
	}

	// 2. Start a plan from a playbook. Executive re-alignment answers both
	// reasons, so it is suggested first; the CSM picks continuous support.
	if got, err := chromedp.Run(bctx, chromedp.Value(chromedp.CSS(`.start-plan select[name=playbook]`))); err != nil || got != "executive_realignment" {
		t.Errorf("first suggested playbook = %q (%v), want executive_realignment", got, err)
	}
	screenshot("account-risk-set")
	do("start the plan",
		chromedp.SetValue(chromedp.CSS(`.start-plan select[name=playbook]`), "support_engagement"),
		chromedp.Click(chromedp.CSS(`.start-plan button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#tasks table.tasks`)),
		chromedp.WaitVisible(chromedp.CSS(`.chart .uplot canvas`)),
	)
	planPath := location()
	if !strings.HasPrefix(planPath, "/plans/") {
		t.Fatalf("after starting the plan: %s", planPath)
	}
	if got := text(".plan-head"); !strings.Contains(got, "Continuous support and engagement") || !strings.Contains(got, "0/6 done") ||
		!strings.Contains(got, "0 of 1 met") || !strings.Contains(got, "Champion left") {
		t.Errorf("plan head = %q", got)
	}
	screenshot("plan-new")

	// 3. Tasks, by htmx: an empty one is refused in place, one is added, then all are completed.
	htmxReady(`.add-task`)
	click("add an empty task", `.add-task button[type=submit]`)
	waitFor("the error beside the add-task form", `!!document.querySelector(".add-task .form-error")`)
	if got := text(".add-task .form-error"); got != "title: required" {
		t.Errorf("empty task error = %q", got)
	}
	htmxReady(`.add-task`)
	do("add a task",
		chromedp.SendKeys(chromedp.CSS(`.add-task input[name=title]`), "Lunch with Eve, the CFO"),
		chromedp.SetValue(chromedp.CSS(`.add-task select[name=owner_side]`), "customer"),
		chromedp.Click(chromedp.CSS(`.add-task button[type=submit]`)),
	)
	waitFor("the new task's row", `document.querySelectorAll("#tasks tr.task").length === 7 && !document.querySelector(".add-task .form-error")`)
	if location() != planPath {
		t.Errorf("htmx left the plan page for %s", location())
	}
	for i := 1; i <= 7; i++ {
		htmxReady(`#tasks tr.task:not(.st-done) button.tick`)
		click(fmt.Sprintf("complete task %d", i), `#tasks tr.task:not(.st-done) button.tick`)
		waitFor(fmt.Sprintf("%d tasks done", i), fmt.Sprintf(`document.querySelectorAll("#tasks tr.task.st-done").length === %d`, i))
	}
	// The figures in the head follow the tasks (hx-select-oob).
	waitFor("the head's progress", `document.querySelector("#plan-kpis").textContent.includes("7/7 done")`)
	screenshot("plan-tasks-done")
	var planID int64
	fmt.Sscanf(planPath, "/plans/%d", &planID)
	pl, err := st.Plan(ctx, planID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range pl.Tasks {
		if tk.Status != gtg.TaskDone || tk.DoneOn != today {
			t.Errorf("stored task %q: %s on %s", tk.Title, tk.Status, tk.DoneOn)
		}
	}

	// 4. A re-discovery call from the plan, with a decision maker on the line.
	// From the top: scrolled down at the tasks, the link can land under the
	// sticky top bar, which then takes the click.
	do("open the re-discovery form",
		chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`),
		chromedp.Click(chromedp.CSS(`a[href$="/rediscovery?plan=`+fmt.Sprint(planID)+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.rd-form`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=att_name]`), "Eve Buyer"),
		chromedp.SendKeys(chromedp.CSS(`input[name=att_title]`), "CFO"),
		chromedp.Click(chromedp.CSS(`input[name=att_dm][value="0"]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=answer_value_perception]`), "Sees us as a cost since Carla left"),
		chromedp.Click(chromedp.CSS(`input[name=changed_value_perception]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=desired_outcome]`), "Weekly usage back above 150 users"),
	)
	screenshot("rediscovery")
	do("save the call", chromedp.Click(chromedp.CSS(`.rd-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#tasks`)))
	if location() != planPath {
		t.Errorf("after the call: %s, want back on the plan", location())
	}

	// 5. The next day's scoring puts Acme back in green: the plan closes itself.
	tomorrow := today + 1
	clock.Store(tomorrow.Time().Add(6 * time.Hour).Unix())
	rescore(t, st, tomorrow, map[string]float64{"ACME-1": 78})
	checks, err := save.EvaluatePlans(ctx, st, tomorrow, now())
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	for _, c := range checks {
		closed = closed || c.PlanID == planID && c.Closed
	}
	if !closed {
		t.Fatalf("the plan did not close on green: %+v", checks)
	}
	visit("plan-closed", planPath, ".closed-box")
	if got := text(".closed-box"); !strings.Contains(got, "Closed: Back to green") || !strings.Contains(got, "by gtg") {
		t.Errorf("closed box = %q", got)
	}
	if got := text("#objectives"); !strings.Contains(got, "met") || strings.Contains(got, "not met") {
		t.Errorf("objectives = %q", got)
	}

	// 6. Share the plan with the customer; the link works signed out.
	do("make a customer link", chromedp.Click(chromedp.CSS(`#share button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.share-url`)))
	shareURL, err := chromedp.Run(bctx, chromedp.Value(chromedp.CSS(`.share-url`)))
	if err != nil || !strings.Contains(shareURL, "/shared/plans/") {
		t.Fatalf("share URL %q %v", shareURL, err)
	}
	screenshot("plan-shared")
	visit("plans", "/plans?status=all", "table.plans")

	// A stalled plan from the team's earlier work: its forms, then "adjust the plan".
	visit("plans-stalled", "/plans?stalled=1", "table.plans")
	stalled, err := chromedp.Run(bctx, chromedp.AttributeValue(chromedp.CSS(`table.plans tbody tr td.name a`), "href"))
	if err != nil || !stalled.Exists {
		t.Fatalf("no stalled plan listed: %v", err)
	}
	do("open the stalled plan", chromedp.Navigate(srv.URL+stalled.Value), chromedp.WaitVisible(chromedp.CSS(`.adjust-prompt`)))
	for _, sel := range []string{`#objectives details.card-form > summary`, `#objectives details.help > summary`, `#close details.card-form > summary`,
		`.col-side details.card-form > summary`, `#tasks tr.task details.task-edit > summary`} {
		click("open "+sel, sel)
	}
	screenshot("plan-stalled")
	do("adjust the plan",
		chromedp.SendKeys(chromedp.CSS(`#adjust-note`), "Booked an exec call; new champion named"),
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.stale = "1"`),
		chromedp.Click(chromedp.CSS(`.adjust-form button`)))
	waitFor("the adjusted plan", `!document.body.dataset.stale && document.readyState === "complete"`)
	if got := text("main"); strings.Contains(got, "Adjust the plan") || !strings.Contains(got, "Adjusted the plan") || !strings.Contains(got, "Booked an exec call") {
		t.Errorf("plan after adjusting = %q", got)
	}
	visit("queue", "/queue", "table.queue")
	visit("risk-board", "/risk", "table.risk-board")
	visit("playbooks", "/playbooks", "table.playbooks")
	visit("plan-new-page", "/accounts/GLOBEX-2/plans/new", ".pb-pick")
	visit("handoff", "/accounts/ACME-1/handoffs", ".calls")
	visit("risk-page", "/accounts/ACME-1/risk", ".risk-form")
	visit("account-after", "/accounts/ACME-1", ".save-card")
	if got := text("#knowledge"); !strings.Contains(got, "decision maker") || !strings.Contains(got, "1 changed") || !strings.Contains(got, "50% complete") {
		t.Errorf("knowledge card = %q", got)
	}
	do("sign out", chromedp.Click(chromedp.CSS(`.logout button`)), chromedp.WaitVisible(chromedp.CSS(`input[name=password]`)))
	do("open the customer's link", chromedp.Navigate(shareURL), chromedp.WaitVisible(chromedp.CSS(`.shared-tasks`)))
	if got := text("main"); !strings.Contains(got, "Acme Corp · our plan together") || !strings.Contains(got, "Lunch with Eve, the CFO") || strings.Contains(got, "Champion left") {
		t.Errorf("customer's view = %q", got)
	}
	screenshot("shared")

	// 7. The manager's standup lists Acme: high risk today, red to green.
	signIn("mia@gtg.test")
	visit("standup", "/standup", ".standup-tiles")
	if got := text("#high"); !strings.Contains(got, "Acme Corp") || !strings.Contains(got, "Not assessed → High") {
		t.Errorf("became high risk = %q", got)
	}
	if got := text("#colors"); !strings.Contains(got, "Acme Corp red → green 78 better") {
		t.Errorf("color changes = %q", got)
	}
	do("mark the standup reviewed",
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.stale = "1"`),
		chromedp.Click(chromedp.CSS(`form[action="/standup/review"] button`)))
	waitFor("the reviewed standup", `!document.body.dataset.stale && document.readyState === "complete"`)
	if got := text(".page-head"); !strings.Contains(got, "the last review") || !strings.Contains(got, "mia@gtg.test") {
		t.Errorf("standup head after review = %q", got)
	}
	if got := text("#high"); strings.Contains(got, "Acme Corp") {
		t.Errorf("after the review, became high risk still lists Acme: %q", got)
	}
	screenshot("standup-reviewed")

	// 8. The playbook's record: one plan, reached green in one day.
	visit("playbook", "/playbooks/support_engagement", ".record")
	// Tile labels are upper case by CSS, and innerText says so.
	if got := strings.ToLower(text(".record")); !strings.Contains(got, "plans started 1 0 open") || !strings.Contains(got, "reached green 1 100% of started") ||
		!strings.Contains(got, "median days to green 1 day") || !strings.Contains(got, "closed 1 1 back to green") {
		t.Errorf("playbook record = %q", got)
	}
	visit("playbooks-after", "/playbooks", ".pb-chart")
	if got := text(".pb-chart"); !strings.Contains(got, "Continuous support and engagement 100% green · 1 started") {
		t.Errorf("playbooks chart = %q", got)
	}

	// 9. The manager lets an account churn from the queue; it moves to the report.
	visit("queue-manager", "/queue", "table.queue")
	first := text("table.queue tbody tr td.name a")
	firstURL, err := chromedp.Run(bctx, chromedp.AttributeValue(chromedp.CSS(`table.queue tbody tr td.name a`), "href"))
	if err != nil || !firstURL.Exists {
		t.Fatalf("first queue link: %v", err)
	}
	do("let it churn",
		chromedp.Click(chromedp.CSS(`table.queue tbody tr details.inline-form > summary`)),
		chromedp.SendKeys(chromedp.CSS(`table.queue tbody tr details[open] input[name=reason]`), "Not our ideal customer"),
		chromedp.Click(chromedp.CSS(`table.queue tbody tr details[open] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#churn table`)),
	)
	if got := text("#churn"); !strings.Contains(got, first) || !strings.Contains(got, "Not our ideal customer") {
		t.Errorf("churn report = %q, want %s", got, first)
	}
	screenshot("queue-churned")
	visit("churn", firstURL.Value+"/churn", ".standing")
}

// seedSaveBrowser writes a portfolio with a month of health (Acme red),
// alerts, a few risk profiles and plans from other playbooks, one of them
// stalled, and a handoff on Acme: a team a week into a crisis.
func seedSaveBrowser(t *testing.T, st *store.Store, clock *atomic.Int64) {
	t.Helper()
	seed(t, st)
	seedPortfolio(t, st, 40)
	seedPortfolioHealth(t, st)
	createUser(t, st, "carl@gtg.test", gtg.UserCSM)
	createUser(t, st, "mia@gtg.test", gtg.UserManager)
	acme, err := st.Account(ctx, "ACME-1")
	if err != nil {
		t.Fatal(err)
	}
	var hs []*gtg.Health
	for i := 30; i >= 0; i-- {
		hs = append(hs, &gtg.Health{AccountID: acme.ID, Day: today.AddDays(-i), Scorecard: "default", Version: 1,
			Score: 34 + float64(i)/3, Color: gtg.Red, Coverage: 0.9})
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
		t.Fatal(err)
	}
	if _, err := alerts.Run(ctx, st, []*scorecard.RuleSet{scorecard.DefaultRules()}, today, alerts.Options{}); err != nil {
		t.Fatal(err)
	}
	// The team's earlier work, dated a few weeks back.
	clock.Store(testNow.AddDate(0, 0, -20).Unix())
	dana := &gtg.User{Email: "dana@gtg.test", Role: gtg.UserCSM}
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{Search: "C-", Sort: "-arr"})
	if err != nil {
		t.Fatal(err)
	}
	profiles := []gtg.RiskChange{
		{Level: "high", Reasons: []string{"budget_cut", "downsizing"}, Note: "Layoffs announced"},
		{Level: "medium", Reasons: []string{"onboarding_speed", "training"}},
		{Level: "high", Reasons: []string{"competitive_threat", "roi_doubts"}, Note: "Trialling a rival"},
		{Level: "low", Reasons: []string{"support_response"}},
		{Level: "medium", Reasons: []string{"ae_am_handoff"}},
		{Level: "high", Reasons: []string{"cash_flow"}},
	}
	playbooks := []string{"crisis_rediscovery", "onboarding_education", "value_reinforcement", "", "handoff_audit", ""}
	for i, ch := range profiles {
		if _, err := save.SetRisk(ctx, st, dana, accts[i].ExternalID, ch); err != nil {
			t.Fatal(err)
		}
		if playbooks[i] != "" {
			if _, err := save.NewPlan(ctx, st, dana, accts[i].ExternalID, playbooks[i], 0, today.AddDays(-20)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A week of evaluations raises "adjust the plan" where health stood still.
	clock.Store(testNow.AddDate(0, 0, -1).Unix())
	if _, err := save.EvaluatePlans(ctx, st, today-1, testNow.AddDate(0, 0, -1)); err != nil {
		t.Fatal(err)
	}
	if err := save.RecordHandoff(ctx, st, dana, &gtg.Handoff{AccountExt: "ACME-1", Kind: gtg.HandoffAEToAM, Day: today.AddDays(-200), From: "Sam Seller",
		To: "alice@gtg.test", WhatWasBought: "Enterprise, 250 seats", BusinessObjectives: "Cut reporting time in half",
		SuccessCriteria: "150 weekly active users", KnownRisks: "Champion is the only power user"}); err != nil {
		t.Fatal(err)
	}
	clock.Store(testNow.Unix())
}

// rescore copies every account's health on the day before to day, with the
// scores given overriding, as a day's scoring would.
func rescore(t *testing.T, st *store.Store, day gtg.Day, scores map[string]float64) {
	t.Helper()
	prev, err := st.HealthOn(ctx, day-1)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]float64{}
	for ext, sc := range scores {
		a, err := st.Account(ctx, ext)
		if err != nil {
			t.Fatal(err)
		}
		ids[a.ID] = sc
	}
	var hs []*gtg.Health
	for id, h := range prev {
		n := *h
		n.Day = day
		if sc, ok := ids[id]; ok {
			n.Score, n.Color = sc, gtg.Red
			switch {
			case sc >= 70:
				n.Color = gtg.Green
			case sc >= 45:
				n.Color = gtg.Yellow
			}
		}
		hs = append(hs, &n)
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
		t.Fatal(err)
	}
}
