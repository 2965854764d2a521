package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// saveWorld is the seeded portfolio with a viewer, a CSM and a manager
// signed in, and a plan on Acme started from a playbook.
type saveWorld struct {
	st               *store.Store
	h                http.Handler
	viewer, csm, mgr *client
	plan             *gtg.Plan
	csmUser, mgrUser *gtg.User
}

func newSaveWorld(t *testing.T, st *store.Store) *saveWorld {
	t.Helper()
	w := &saveWorld{st: st, h: newTestHandler(t, st)}
	seed(t, st)
	createUser(t, st, "vera@gtg.test", gtg.UserViewer)
	w.csmUser = createUser(t, st, "carl@gtg.test", gtg.UserCSM)
	w.mgrUser = createUser(t, st, "mia@gtg.test", gtg.UserManager)
	for _, c := range []struct {
		cl    **client
		email string
	}{{&w.viewer, "vera@gtg.test"}, {&w.csm, "carl@gtg.test"}, {&w.mgr, "mia@gtg.test"}} {
		*c.cl = &client{t: t, h: w.h}
		(*c.cl).login(c.email)
	}
	if _, err := save.SetRisk(ctx, st, w.csmUser, "ACME-1", gtg.RiskChange{Level: "high", Reasons: []string{"champion_left", "roi_doubts"}, Note: "Champion gone"}); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.plan, err = save.NewPlan(ctx, st, w.csmUser, "ACME-1", "support_engagement", 0, today); err != nil {
		t.Fatal(err)
	}
	return w
}

// counts are the rows the save workflow writes, to check that a refused
// or bad request writes nothing.
type counts struct {
	Profiles, Plans, Tasks, Objectives, Churn, Calls, Handoffs, Shares int
	Reviewed                                                           bool
}

func countAll(t *testing.T, st *store.Store) counts {
	t.Helper()
	var c counts
	for _, ext := range []string{"ACME-1", "GLOBEX-2", "INIT-3"} {
		a, err := st.Account(ctx, ext)
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.RiskHistory(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Profiles += len(h)
		rd, err := st.Rediscoveries(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Calls += len(rd)
		ho, err := st.Handoffs(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Handoffs += len(ho)
	}
	plans, err := st.Plans(ctx, gtg.PlanFilter{})
	if err != nil {
		t.Fatal(err)
	}
	c.Plans = len(plans)
	for _, p := range plans {
		c.Tasks += len(p.Tasks)
		c.Objectives += len(p.Objectives)
		sh, err := st.PlanShares(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sh {
			if s.RevokedAt.IsZero() {
				c.Shares++
			}
		}
	}
	ds, err := st.ChurnDecisions(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	c.Churn = len(ds)
	_, err = st.LastStandupReview(ctx)
	c.Reviewed = err == nil
	return c
}

// post sends a form with the client's CSRF token.
func (c *client) post(target string, form url.Values, header ...string) *http.Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", c.csrf)
	return c.do(http.MethodPost, target, form, header...).Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := r.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

var postFormRE = regexp.MustCompile(`<form[^>]*method="post"[^>]*>`)

// savePages are the save workflow's pages, for a plan id.
func savePages(planID int64) []string {
	return []string{"/accounts/ACME-1", "/accounts/ACME-1/risk", "/accounts/ACME-1/churn", "/accounts/ACME-1/plans/new",
		"/accounts/ACME-1/rediscovery", "/accounts/ACME-1/handoffs", "/risk", "/risk?view=disagree", "/queue", "/plans",
		"/plans?status=all", fmt.Sprintf("/plans/%d", planID), "/playbooks", "/playbooks/support_engagement", "/standup"}
}

func TestSavePagesViewer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newSaveWorld(t, st)
		for _, path := range savePages(w.plan.ID) {
			r := w.viewer.get(path)
			b := r.Body.String()
			if r.Code != http.StatusOK {
				t.Fatalf("viewer GET %s: %d\n%s", path, r.Code, b)
			}
			// The only form a viewer gets is signing out.
			for _, f := range postFormRE.FindAllString(b, -1) {
				if !strings.Contains(f, `action="/logout"`) {
					t.Errorf("viewer sees a form on %s: %s", path, f)
				}
			}
		}
		before := countAll(t, st)
		id := w.plan.ID
		task := w.plan.Tasks[0].ID
		posts := []struct {
			path string
			form url.Values
		}{
			{"/accounts/ACME-1/risk", url.Values{"level": {"low"}, "primary": {"training"}}},
			{"/accounts/ACME-1/churn", url.Values{"reason": {"not ICP"}}},
			{"/accounts/ACME-1/churn/undo", nil},
			{"/accounts/GLOBEX-2/plans", url.Values{"playbook": {"handoff_audit"}}},
			{"/accounts/ACME-1/rediscovery", url.Values{"date": {"2025-06-01"}, "att_name": {"Eve"}}},
			{"/accounts/ACME-1/handoffs", url.Values{"kind": {"csm_change"}, "date": {"2025-06-01"}}},
			{fmt.Sprintf("/plans/%d/tasks", id), url.Values{"title": {"Call Eve"}}},
			{fmt.Sprintf("/plans/%d/tasks/%d", id, task), url.Values{"status": {"done"}}},
			{fmt.Sprintf("/plans/%d/objectives", id), url.Values{"title": {"Green"}, "criterion": {"health >= 70"}}},
			{fmt.Sprintf("/plans/%d/edit", id), url.Values{"stall_days": {"7"}}},
			{fmt.Sprintf("/plans/%d/adjust", id), url.Values{"note": {"x"}}},
			{fmt.Sprintf("/plans/%d/close", id), url.Values{"outcome": {"renewed"}}},
			{fmt.Sprintf("/plans/%d/shares", id), nil},
			{fmt.Sprintf("/plans/%d/shares/1/revoke", id), nil},
			{"/standup/review", nil},
		}
		for _, p := range posts {
			if r := w.viewer.post(p.path, p.form); r.StatusCode != http.StatusForbidden {
				t.Errorf("viewer POST %s: %d, want 403", p.path, r.StatusCode)
			}
		}
		if after := countAll(t, st); after != before {
			t.Errorf("a viewer's posts wrote something: before %+v, after %+v", before, after)
		}
	})
}

func TestSaveLetChurnNeedsManager(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newSaveWorld(t, st)
		// A CSM sees no "let it churn" form, and is refused.
		if b := w.csm.get("/accounts/ACME-1").Body.String(); strings.Contains(b, `action="/accounts/ACME-1/churn"`) {
			t.Error("a CSM sees the let-it-churn form on the account page")
		}
		if b := w.csm.get("/queue").Body.String(); strings.Contains(b, "/churn\"") {
			t.Error("a CSM sees the let-it-churn form on the queue")
		}
		if r := w.csm.post("/accounts/ACME-1/churn", url.Values{"reason": {"not ICP"}}); r.StatusCode != http.StatusForbidden {
			t.Fatalf("CSM lets it churn: %d, want 403", r.StatusCode)
		}
		if n := countAll(t, st).Churn; n != 0 {
			t.Fatalf("churn decisions after a CSM's try: %d", n)
		}
		// A manager with no reason gets the form back, naming the field.
		r := w.mgr.post("/accounts/ACME-1/churn", url.Values{"reason": {"  "}})
		if b := body(t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(b, "reason: required") {
			t.Fatalf("let it churn without a reason: %d\n%s", r.StatusCode, b)
		}
		// With one, from the queue: back to the queue, and the account leaves it.
		if got := w.mgr.get("/queue").Body.String(); !strings.Contains(got, ">Acme Corp</a>") {
			t.Fatalf("Acme (high risk) is not in the queue:\n%s", got)
		}
		r = w.mgr.post("/accounts/ACME-1/churn", url.Values{"reason": {"Not our ideal customer"}, "back": {"/queue"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/queue" {
			t.Fatalf("manager lets it churn: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		q := w.mgr.get("/queue").Body.String()
		if strings.Contains(q, `<td class="name"><a href="/accounts/ACME-1">Acme Corp</a><div`) || !strings.Contains(q, "Not our ideal customer") {
			t.Errorf("queue after let it churn: Acme should be only in the churn report:\n%s", q)
		}
		if b := w.mgr.get("/accounts/ACME-1").Body.String(); !strings.Contains(b, "Let it churn</strong> — decided") {
			t.Errorf("account page does not show the decision:\n%s", b)
		}
		if r := w.csm.post("/accounts/ACME-1/churn/undo", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("CSM undoes: %d, want 403", r.StatusCode)
		}
		if r := w.mgr.post("/accounts/ACME-1/churn/undo", url.Values{"note": {"new sponsor"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("manager undoes: %d", r.StatusCode)
		}
		if n := countAll(t, st).Churn; n != 0 {
			t.Errorf("standing decisions after undo: %d", n)
		}
	})
}

func TestSaveBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newSaveWorld(t, st)
		id := w.plan.ID
		cases := []struct {
			name, path string
			form       url.Values
			status     int
			want       string
		}{
			{"risk level", "/accounts/ACME-1/risk", url.Values{"level": {"extreme"}, "primary": {"training"}}, 400, `level: &#34;extreme&#34; is not one of high, medium, low`},
			{"risk without reasons", "/accounts/ACME-1/risk", url.Values{"level": {"high"}}, 400, "reason: at least one is required"},
			{"risk reason", "/accounts/ACME-1/risk", url.Values{"level": {"high"}, "primary": {"no_such"}}, 400, "is not in the risk taxonomy"},
			{"plan target", "/accounts/GLOBEX-2/plans", url.Values{"playbook": {"handoff_audit"}, "target": {"soon"}}, 400, `target: &#34;soon&#34; is not a date`},
			{"plan playbook", "/accounts/GLOBEX-2/plans", url.Values{"playbook": {"no_such"}}, 400, `no playbook &#34;no_such&#34;`},
			{"second plan", "/accounts/ACME-1/plans", url.Values{"playbook": {"handoff_audit"}}, 409, "already has an open plan"},
			{"task title", fmt.Sprintf("/plans/%d/tasks", id), url.Values{"title": {" "}}, 400, "title: required"},
			{"task due", fmt.Sprintf("/plans/%d/tasks", id), url.Values{"title": {"Call"}, "due": {"31/12/2025"}}, 400, "due: &#34;31/12/2025&#34; is not a date"},
			{"task status", fmt.Sprintf("/plans/%d/tasks/%d", id, w.plan.Tasks[0].ID), url.Values{"status": {"finished"}}, 400, `status: &#34;finished&#34;`},
			{"criterion", fmt.Sprintf("/plans/%d/objectives", id), url.Values{"title": {"Used"}, "criterion": {"no_such_metric >= 3"}}, 400, "objectives[0].criterion"},
			{"objective title", fmt.Sprintf("/plans/%d/objectives", id), url.Values{"title": {""}, "criterion": {"health >= 70"}}, 400, "objectives[0].title: required"},
			{"stall days", fmt.Sprintf("/plans/%d/edit", id), url.Values{"stall_days": {"two weeks"}}, 400, "stall_days: &#34;two weeks&#34;"},
			{"close outcome", fmt.Sprintf("/plans/%d/close", id), url.Values{"outcome": {"won"}}, 400, `outcome: &#34;won&#34;`},
			{"call attendees", "/accounts/ACME-1/rediscovery", url.Values{"date": {"2025-06-01"}, "answer_business_goals": {"Cutting costs"}}, 400, "attendees: at least one is required"},
			{"call date", "/accounts/ACME-1/rediscovery", url.Values{"date": {""}, "att_name": {"Eve"}}, 400, "date: required"},
			{"call risk", "/accounts/ACME-1/rediscovery", url.Values{"date": {"2025-06-01"}, "att_name": {"Eve"}, "update_risk": {"1"}, "level": {"high"}}, 400, "reason: at least one is required"},
			{"handoff kind", "/accounts/ACME-1/handoffs", url.Values{"kind": {"lunch"}, "date": {"2025-06-01"}}, 400, `kind: &#34;lunch&#34;`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := countAll(t, st)
				r := w.csm.post(c.path, c.form)
				b := body(t, r)
				if r.StatusCode != c.status || !strings.Contains(b, c.want) || !strings.Contains(b, `class="form-error"`) {
					t.Fatalf("POST %s: %d, want %d with %q beside the form:\n%s", c.path, r.StatusCode, c.status, c.want, plain(b))
				}
				if after := countAll(t, st); after != before {
					t.Errorf("bad input wrote something: before %+v, after %+v", before, after)
				}
			})
		}
		// What was typed comes back with the error.
		r := w.csm.post("/accounts/ACME-1/rediscovery", url.Values{"date": {"2025-06-01"}, "answer_business_goals": {"Cutting costs"}, "desired_outcome": {"Survive Q3"}})
		if b := body(t, r); !strings.Contains(b, ">Cutting costs</textarea>") || !strings.Contains(b, ">Survive Q3</textarea>") {
			t.Errorf("the re-discovery form lost what was typed:\n%s", b)
		}
		// htmx gets the page with the error beside the add-task form, for save.js to swap in.
		r = w.csm.post(fmt.Sprintf("/plans/%d/tasks", id), url.Values{"title": {""}, "owner": {"eve@acme.test"}}, "HX-Request", "true")
		if b := body(t, r); r.StatusCode != 400 || !strings.Contains(b, `id="tasks"`) || !strings.Contains(b, `value="eve@acme.test"`) {
			t.Errorf("htmx bad task: %d\n%s", r.StatusCode, b)
		}
	})
}

func TestSaveFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newSaveWorld(t, st)
		// Set Initech's risk from its page: primary first, then the others.
		r := w.csm.post("/accounts/INIT-3/risk", url.Values{"level": {"medium"}, "primary": {"onboarding_speed"},
			"reason": {"training", "onboarding_speed"}, "note": {"Slow start"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/accounts/INIT-3#save" {
			t.Fatalf("set risk: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		v, err := save.Risk(ctx, st, "INIT-3")
		if err != nil || v.Current == nil || v.Current.Level != "medium" || strings.Join(v.Current.Reasons, ",") != "onboarding_speed,training" || v.Current.SetBy != "carl@gtg.test" {
			t.Fatalf("stored risk %+v %v", v, err)
		}
		page := plain(w.csm.get("/accounts/INIT-3").Body.String())
		for _, want := range []string{"CSM's judgment Medium", "Onboarding too slow", "Slow start", "Start a get-to-green plan", "Onboarding and education — suggested"} {
			if !strings.Contains(page, want) {
				t.Errorf("account page lacks %q:\n%s", want, page)
			}
		}
		// Start a plan from the suggested playbook.
		r = w.csm.post("/accounts/INIT-3/plans", url.Values{"playbook": {"onboarding_education"}, "target": {"2025-07-15"}})
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/plans/") {
			t.Fatalf("start plan: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		plans, err := st.Plans(ctx, gtg.PlanFilter{Playbook: "onboarding_education"})
		if err != nil || len(plans) != 1 || plans[0].TargetDate != gtg.MustParseDay("2025-07-15") || len(plans[0].Tasks) != 6 {
			t.Fatalf("plans %+v %v", plans, err)
		}
		pl := plans[0]
		// Complete a task with htmx, add one, change one's owner.
		done := fmt.Sprintf("/plans/%d/tasks/%d", pl.ID, pl.Tasks[0].ID)
		if r := w.csm.post(done, url.Values{"status": {"done"}}, "HX-Request", "true"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("task done: %d", r.StatusCode)
		}
		if r := w.csm.post(fmt.Sprintf("/plans/%d/tasks", pl.ID), url.Values{"title": {"Exec lunch"}, "owner_side": {"customer"}, "due": {"2025-06-10"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add task: %d", r.StatusCode)
		}
		if r := w.csm.post(fmt.Sprintf("/plans/%d/tasks/%d", pl.ID, pl.Tasks[1].ID), url.Values{"owner": {"dan@initech.test"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("update task: %d", r.StatusCode)
		}
		got, err := st.Plan(ctx, pl.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Tasks[0].Status != "done" || got.Tasks[0].DoneOn != today || got.Tasks[1].Owner != "dan@initech.test" || got.Tasks[1].Status != "todo" ||
			len(got.Tasks) != 7 || got.Tasks[6].Title != "Exec lunch" || got.Tasks[6].OwnerSide != "customer" {
			t.Fatalf("tasks after changes: %+v", got.Tasks)
		}
		page = plain(w.csm.get(fmt.Sprintf("/plans/%d", pl.ID)).Body.String())
		for _, want := range []string{"Get-to-green plan · Initech", "Onboarding and education", "1/7 done", "0 of 1 met", "color == \"green\"", "Exec lunch", "Customer", "Onboarding too slow"} {
			if !strings.Contains(page, want) {
				t.Errorf("plan page lacks %q:\n%s", want, page)
			}
		}
		// Objectives, tailoring, closing.
		if r := w.csm.post(fmt.Sprintf("/plans/%d/objectives", pl.ID), url.Values{"title": {"Healthy", ""}, "criterion": {"health >= 60", ""}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("objectives: %d", r.StatusCode)
		}
		if r := w.csm.post(fmt.Sprintf("/plans/%d/edit", pl.ID), url.Values{"owner": {"carl@gtg.test"}, "target": {"2025-07-31"}, "stall_days": {"10"},
			"stakeholders": {"dan@initech.test\n pat@initech.test "}, "reason": {"training", "onboarding_speed", "am_change"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.StatusCode)
		}
		got, _ = st.Plan(ctx, pl.ID)
		if len(got.Objectives) != 1 || got.Objectives[0].Criterion != "health >= 60" || got.StallDays != 10 || got.TargetDate != gtg.MustParseDay("2025-07-31") ||
			strings.Join(got.Stakeholders, ",") != "dan@initech.test,pat@initech.test" || strings.Join(got.Reasons, ",") != "onboarding_speed,training,am_change" {
			t.Fatalf("plan after edits: %+v", got)
		}
		if r := w.csm.post(fmt.Sprintf("/plans/%d/close", pl.ID), url.Values{"outcome": {"renewed"}, "lesson": {"Training did it"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("close: %d", r.StatusCode)
		}
		page = plain(w.mgr.get(fmt.Sprintf("/plans/%d", pl.ID)).Body.String())
		if !strings.Contains(page, "Closed: Renewed") || !strings.Contains(page, "Training did it") || strings.Contains(page, "Mark done") {
			t.Errorf("closed plan page:\n%s", page)
		}
		if b := plain(w.mgr.get("/playbooks/onboarding_education").Body.String()); !strings.Contains(b, "Plans started 1 0 open") {
			t.Errorf("playbook record:\n%s", b)
		}
		// A re-discovery call with a risk update in the same step, and a handoff.
		r = w.csm.post("/accounts/INIT-3/rediscovery", url.Values{"date": {"2025-05-30"}, "att_name": {"Dan", "Pat"}, "att_email": {"", "pat@initech.test"},
			"att_title": {"CEO", ""}, "att_dm": {"0"}, "answer_business_goals": {"Cutting costs"}, "changed_business_goals": {"1"},
			"desired_outcome": {"Halve support tickets"}, "update_risk": {"1"}, "level": {"high"}, "primary": {"budget_cut"}, "note": {"Crisis"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("re-discovery: %d\n%s", r.StatusCode, body(t, r))
		}
		calls, err := save.Rediscoveries(ctx, st, "INIT-3")
		if err != nil || len(calls) != 1 || !calls[0].DecisionMakerPresent() || len(calls[0].Attendees) != 2 || calls[0].Attendees[0].Title != "CEO" ||
			strings.Join(calls[0].Changed(), ",") != "business_goals" || calls[0].RiskProfileID == 0 {
			t.Fatalf("calls %+v %v", calls, err)
		}
		if v, _ := save.Risk(ctx, st, "INIT-3"); v.Level != "high" || v.Current.Source != gtg.RiskSourceRediscovery {
			t.Errorf("risk after the call: %+v", v.Current)
		}
		if r := w.csm.post("/accounts/INIT-3/handoffs", url.Values{"kind": {"ae_to_am"}, "date": {"2025-05-20"}, "from": {"Sam"}, "to": {"Carl"},
			"what_was_bought": {"Starter, 12 seats"}, "known_risks": {"Budget"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("handoff: %d", r.StatusCode)
		}
		page = plain(w.viewer.get("/accounts/INIT-3").Body.String())
		for _, want := range []string{"AE to AM", "25% complete", "missing: Business objectives", "decision maker", "1 changed", "Halve support tickets", "after a re-discovery call"} {
			if !strings.Contains(page, want) {
				t.Errorf("account page lacks %q:\n%s", want, page)
			}
		}
		// The standup lists the new high risks; a manager marks it reviewed, a CSM cannot.
		if b := plain(w.mgr.get("/standup").Body.String()); !strings.Contains(b, "Became high risk 2") || !strings.Contains(b, "Mark reviewed") {
			t.Errorf("standup:\n%s", b)
		}
		if b := w.csm.get("/standup").Body.String(); strings.Contains(b, "Mark reviewed") {
			t.Error("a CSM sees Mark reviewed")
		}
		if r := w.csm.post("/standup/review", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("CSM marks reviewed: %d", r.StatusCode)
		}
		if r := w.mgr.post("/standup/review", nil); r.StatusCode != http.StatusSeeOther || !countAll(t, st).Reviewed {
			t.Errorf("manager marks reviewed: %d", r.StatusCode)
		}
		if b := plain(w.mgr.get("/standup").Body.String()); !strings.Contains(b, "the last review, ") || !strings.Contains(b, "by mia@gtg.test") {
			t.Errorf("standup after review:\n%s", b)
		}
		if r := w.mgr.get("/standup?since=yesterday"); r.Code != http.StatusBadRequest || !strings.Contains(r.Body.String(), "since: &#34;yesterday&#34;") {
			t.Errorf("standup with a bad since: %d", r.Code)
		}
	})
}

var shareURLRE = regexp.MustCompile(`value="(http://[^"]+/shared/plans/([^"]+))"`)

func TestSaveSharedPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newSaveWorld(t, st)
		r := w.csm.post(fmt.Sprintf("/plans/%d/shares", w.plan.ID), nil)
		b := body(t, r)
		m := shareURLRE.FindStringSubmatch(b)
		if r.StatusCode != http.StatusCreated || m == nil || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("share: %d %q\n%s", r.StatusCode, r.Header.Get("Cache-Control"), b)
		}
		path := "/shared/plans/" + m[2]
		// Reachable with no session at all.
		anon := &client{t: t, h: w.h}
		got := anon.get(path)
		page := plain(got.Body.String())
		if got.Code != http.StatusOK || !strings.Contains(page, "Acme Corp · our plan together") || !strings.Contains(page, w.plan.Tasks[0].Title) {
			t.Fatalf("shared plan: %d\n%s", got.Code, page)
		}
		// Nothing internal: no reasons, risk note, navigation or forms.
		for _, leak := range []string{"Champion left", "ROI or value doubts", "Champion gone", "Sign out", "Lesson", `method="post"`, "csrf"} {
			if strings.Contains(got.Body.String(), leak) {
				t.Errorf("the customer's view shows %q", leak)
			}
		}
		// The plan page lists the link, not the secret.
		pl := w.csm.get(fmt.Sprintf("/plans/%d", w.plan.ID)).Body.String()
		if strings.Contains(pl, m[2]) || !strings.Contains(pl, m[2][:6]+"…") {
			t.Errorf("plan page after sharing shows the secret or not its prefix")
		}
		shares, err := st.PlanShares(ctx, w.plan.ID)
		if err != nil || len(shares) != 1 {
			t.Fatalf("shares %v %v", shares, err)
		}
		if r := w.csm.post(fmt.Sprintf("/plans/%d/shares/%d/revoke", w.plan.ID, shares[0].ID), nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", r.StatusCode)
		}
		if got := anon.get(path); got.Code != http.StatusNotFound || !strings.Contains(got.Body.String(), "revoked") {
			t.Errorf("revoked link: %d\n%s", got.Code, got.Body)
		}
		if got := anon.get("/shared/plans/not-a-secret"); got.Code != http.StatusNotFound {
			t.Errorf("wrong secret: %d", got.Code)
		}
	})
}
