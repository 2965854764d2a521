package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/update"
)

// Plan page limits.
const (
	planChartLead = 14 // days of health shown before the plan started, for context
	planHistory   = 30 // audit entries shown
)

// planPage is one get-to-green plan: its root causes, objectives and exit
// criteria, tasks for both sides, the health trajectory since it started,
// the "adjust the plan" prompt, closing, and the customer's share links.
type planPage struct {
	basePage
	Suggest      *update.Suggestion // resources for the plan's account
	Row          planRow
	P            *gtg.Plan
	AccountExt   string
	ARR, Renewal string
	CanEdit      bool // the user may change it, and it is open
	CanShare     bool // the user may make and revoke links (open or closed)
	Reasons      []reasonTag
	Stakeholders []stakeholderView
	Objectives   []objectiveView
	Tasks        []taskView
	Chart        string
	ChartFrom    string
	Outcomes     []keyName
	Statuses     []string // a task's statuses
	CriteriaHelp string
	Shares       []shareView
	NewShareURL  string // shown once, right after the link is made
	History      []auditView
	Rediscovery  string     // where to record a re-discovery call for the account
	Offers       *offerCard // the account's save ladder

	// Forms: the error of the one that failed, and each form's values (what
	// was sent after an error, else the plan's own).
	Err           *formErr
	Form          url.Values
	ObjectiveRows []objectiveRow
	EditOwner     string
	EditTarget    string
	EditStall     string
	EditPeople    string
	EditChoices   []reasonGroup
	NewTaskDue    string
}

type stakeholderView struct {
	Email, Name, Role string
	Left              bool
}

type objectiveView struct {
	Title, Criterion, Detail string
	Met                      bool
	MetOn                    string
}

type objectiveRow struct{ Title, Criterion string }

type taskView struct {
	ID                         int64
	Title, Side, Owner, Status string
	Due, DueISO, DoneOn, Notes string
	Overdue, Closed            bool
}

type shareView struct {
	ID              int64
	Prefix, By, At  string
	Revoked         string
	Live            bool
	RevokeURL, Hint string
}

func (s *server) planShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	return s.renderPlan(w, r, http.StatusOK, id, nil, "")
}

// renderPlan writes the plan page with status; fe, when not nil, is the
// error of the form just sent (its values come from the request), and
// newShare a share URL just made.
func (s *server) renderPlan(w http.ResponseWriter, r *http.Request, status int, id int64, fe *formErr, newShare string) error {
	ctx := r.Context()
	pl, err := save.Plan(ctx, s.store, id)
	if err != nil {
		return err
	}
	today := gtg.DayOf(s.now())
	pr, err := save.Progress(ctx, s.store, pl, today)
	if err != nil {
		return fmt.Errorf("plan %d: %w", id, err)
	}
	names, err := s.playbookNames(ctx)
	if err != nil {
		return err
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	acct, err := s.store.AccountByID(ctx, pl.AccountID)
	if err != nil {
		return fmt.Errorf("plan %d: %w", id, err)
	}
	p := planPage{basePage: s.base(r, "Plan · "+pl.AccountName, "plans"), P: pl, Row: planRowOf(pl, pr, names),
		AccountExt: acct.ExternalID, ARR: formatMoney(acct.ARR, acct.Currency), Renewal: formatDate(acct.RenewalDate),
		Reasons: tax.tags(pl.Reasons), CriteriaHelp: save.CriteriaHelp, Statuses: gtg.TaskStatuses, Err: fe, NewShareURL: newShare,
		Rediscovery: accountURL(acct.ExternalID) + "/rediscovery?plan=" + strconv.FormatInt(pl.ID, 10)}
	p.CanShare = canWrite(p.User)
	p.CanEdit = p.CanShare && pl.Status == gtg.PlanOpen
	if fe != nil {
		p.Form = r.PostForm
	}
	for _, o := range gtg.PlanOutcomes {
		p.Outcomes = append(p.Outcomes, keyName{Key: o, Name: humanize(o)})
	}

	contacts, err := s.store.Contacts(ctx, pl.AccountID)
	if err != nil {
		return fmt.Errorf("plan %d: %w", id, err)
	}
	byEmail := map[string]*gtg.Contact{}
	for _, c := range contacts {
		byEmail[strings.ToLower(c.Email)] = c
	}
	for _, e := range pl.Stakeholders {
		v := stakeholderView{Email: e}
		if c := byEmail[strings.ToLower(e)]; c != nil {
			v.Name, v.Role, v.Left = c.Name, roleLabel(c.Role), c.Status == gtg.ContactLeft
		}
		p.Stakeholders = append(p.Stakeholders, v)
	}
	for _, o := range pl.Objectives {
		v := objectiveView{Title: o.Title, Criterion: o.Criterion, Detail: o.Detail, Met: o.Met}
		if o.MetOn != 0 {
			v.MetOn = formatDate(o.MetOn)
		}
		p.Objectives = append(p.Objectives, v)
	}
	for _, t := range pl.Tasks {
		v := taskView{ID: t.ID, Title: t.Title, Side: t.OwnerSide, Owner: t.Owner, Status: t.Status, Notes: t.Notes,
			Due: formatDate(t.Due), Overdue: t.Overdue(today) && pl.Status == gtg.PlanOpen, Closed: t.Closed()}
		if t.Due != 0 {
			v.DueISO = t.Due.String()
		}
		if t.DoneOn != 0 {
			v.DoneOn = formatDate(t.DoneOn)
		}
		p.Tasks = append(p.Tasks, v)
	}
	if p.Offers, err = s.offerCardOf(ctx, acct, p.basePage, planURL(pl.ID), "", nil, nil); err != nil {
		return fmt.Errorf("plan %d: %w", id, err)
	}
	if err := s.planForms(&p, tax, fe, today); err != nil {
		return err
	}
	if p.Chart, p.ChartFrom, err = s.planChart(r, pl, today); err != nil {
		return fmt.Errorf("plan %d: %w", id, err)
	}
	shares, err := s.store.PlanShares(ctx, pl.ID)
	if err != nil {
		return fmt.Errorf("plan %d: %w", id, err)
	}
	for _, sh := range shares {
		v := shareView{ID: sh.ID, Prefix: sh.Prefix, By: sh.CreatedBy, At: sh.CreatedAt.UTC().Format("2 Jan 2006 15:04"),
			Live: sh.RevokedAt.IsZero(), RevokeURL: fmt.Sprintf("/plans/%d/shares/%d/revoke", pl.ID, sh.ID)}
		if !v.Live {
			v.Revoked = sh.RevokedAt.UTC().Format("2 Jan 2006 15:04")
		}
		p.Shares = append(p.Shares, v)
	}
	if p.Suggest, err = update.Suggest(ctx, s.store, pl.AccountExt); err != nil {
		return fmt.Errorf("plan %d: resources: %w", id, err)
	}
	audit, err := s.store.AuditLog(ctx, "plan", strconv.FormatInt(pl.ID, 10), planHistory)
	if err != nil {
		return fmt.Errorf("plan %d: %w", id, err)
	}
	for _, e := range audit {
		p.History = append(p.History, auditView{When: e.At.UTC().Format("2 Jan 2006 15:04"), Actor: e.Actor,
			Action: planAction(e.Action), Changes: planAuditFacts(e.Action, e.After)})
	}
	return s.page(w, status, "plan_show", p)
}

// planForms fills the edit forms: what was sent when fe is theirs, else the plan's values.
func (s *server) planForms(p *planPage, tax *taxonomy, fe *formErr, today gtg.Day) error {
	pl := p.P
	if fe.Is("objectives") {
		titles, crits := p.Form["title"], p.Form["criterion"]
		for i := range max(len(titles), len(crits)) {
			p.ObjectiveRows = append(p.ObjectiveRows, objectiveRow{Title: at(titles, i), Criterion: at(crits, i)})
		}
	} else {
		for _, o := range pl.Objectives {
			p.ObjectiveRows = append(p.ObjectiveRows, objectiveRow{Title: o.Title, Criterion: o.Criterion})
		}
		p.ObjectiveRows = append(p.ObjectiveRows, objectiveRow{})
	}
	if fe.Is("edit") {
		p.EditOwner, p.EditTarget, p.EditStall, p.EditPeople = p.Form.Get("owner"), p.Form.Get("target"), p.Form.Get("stall_days"), p.Form.Get("stakeholders")
		p.EditChoices = tax.choices(p.Form["reason"])
	} else {
		p.EditOwner, p.EditStall, p.EditPeople = pl.Owner, strconv.Itoa(pl.StallDays), strings.Join(pl.Stakeholders, "\n")
		if pl.TargetDate != 0 {
			p.EditTarget = pl.TargetDate.String()
		}
		p.EditChoices = tax.choices(pl.Reasons)
	}
	p.NewTaskDue = today.AddDays(7).String()
	if fe.Is("task-new") {
		p.NewTaskDue = p.Form.Get("due")
	}
	return nil
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

// planChart is the account's health from a little before the plan started
// to today (or shortly after it closed), as JSON for the health chart.
func (s *server) planChart(r *http.Request, pl *gtg.Plan, today gtg.Day) (string, string, error) {
	ctx := r.Context()
	from, to := pl.StartedOn.AddDays(-planChartLead), today
	if pl.ClosedOn != 0 && pl.ClosedOn.AddDays(planChartLead) < to {
		to = pl.ClosedOn.AddDays(planChartLead)
	}
	if to < pl.StartedOn {
		to = pl.StartedOn
	}
	hist, err := s.store.HealthHistory(ctx, pl.AccountID, from, to)
	if err != nil || len(hist) == 0 {
		return "", "", err
	}
	green, yellow := float64(defaultGreen), float64(defaultYellow)
	cards, err := health.Cards(ctx, s.store)
	if err != nil {
		return "", "", fmt.Errorf("health: %w", err)
	}
	if c := cardFor(cards, hist[len(hist)-1].Scorecard); c != nil {
		green, yellow = c.Thresholds.Green, c.Thresholds.Yellow
	}
	byDay := map[gtg.Day]*gtg.Health{}
	for _, h := range hist {
		byDay[h.Day] = h
	}
	d := chartData{Labels: []string{"Health score"}, Series: [][]*float64{nil}}
	scored := false
	for day := from; day <= to; day++ {
		d.X = append(d.X, day.Time().Unix())
		var v *float64
		if h := byDay[day]; h != nil && h.Color != gtg.InsufficientData {
			sc := math.Round(h.Score*10) / 10
			v, scored = &sc, true
		}
		d.Series[0] = append(d.Series[0], v)
	}
	if !scored { // insufficient data all along: an empty chart says less than a sentence
		return "", formatDate(from), nil
	}
	b, err := json.Marshal(struct {
		chartData
		Bands []float64 `json:"bands"`
	}{d, []float64{green, yellow}})
	return string(b), formatDate(from), err
}

// planAction names a plan's audit action for people.
func planAction(a string) string {
	switch a {
	case "create":
		return "Started the plan"
	case "update":
		return "Changed the plan"
	case "adjust":
		return "Adjusted the plan"
	case "adjust_prompt":
		return "Raised “adjust the plan”"
	case "close":
		return "Closed the plan"
	case "share":
		return "Made a customer link"
	case "revoke_share":
		return "Revoked a customer link"
	}
	return humanize(a)
}

// planAuditFacts picks what people want from a plan's audit entry: the
// note, outcome or dates it carries; creations and edits carry the whole
// plan, which the page shows already.
func planAuditFacts(action, after string) []string {
	var m map[string]any
	if action == "create" || action == "update" || json.Unmarshal([]byte(after), &m) != nil {
		return nil
	}
	var out []string
	for _, k := range []string{"outcome", "closed_on", "adjust_since", "last_improvement", "note", "lesson", "prefix"} {
		if v, ok := m[k].(string); ok && v != "" {
			if k == "outcome" {
				v = humanize(v)
			}
			out = append(out, humanize(k)+": "+v)
		}
	}
	return out
}
