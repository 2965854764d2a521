package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
)

// The inbox lists alerts grouped by account, about inboxAlerts at a time:
// whole accounts, until that many alerts show.
const (
	inboxAlerts    = 12
	inboxAlertsMax = 2000
)

// alertGroup is one account's alerts in the inbox.
type alertGroup struct {
	Account, AccountURL, ARR, Owner string
	Alerts                          []alertView
}

// Inbox views: which alerts a tab shows.
var inboxViews = []struct{ key, label string }{
	{"attention", "Needs attention"},
	{"snoozed", "Snoozed"},
	{"held", "Held back"},
	{"resolved", "Resolved"},
}

type alertsPage struct {
	basePage
	View, Owner, Severity string
	Scope                 ownerScope
	Views                 []chip
	OwnerOptions          []ownerOption
	Assignees             []string // who alerts can be assigned to
	Severities            []chip
	Groups                []alertGroup // alerts by account, the most valuable account first
	More                  *moreLink
	Shown, Total          int
	CanChange             bool
	Back                  string     // this view's URL, for the bulk form to return to
	Done                  string     // what the last bulk action did
	Counts                []sevCount // open alerts by severity (not held)
	Rules                 []ruleBar  // open alerts by rule, most first
	Held                  int
	Approvals             []offerView // offers the signed-in approver may decide on
}

type chip struct {
	Label, URL string
	Active     bool
	Count      int
}

type sevCount struct {
	Severity string
	Count    int
}

type ruleBar struct {
	Label string
	Count int
	Width float64 // percent of the longest bar
}

// alertView is one alert as the inbox, the account page and the dashboard show it.
type alertView struct {
	ID                  int64
	Severity, Title     string
	Account, AccountURL string
	ARR                 string
	Owner               string
	Opened, Seen        string
	Status              string
	StatusLabel         string
	Evidence            []string
	Held                bool
	CanChange           bool
	Note, UpdatedBy     string
	CSRF                string // for the buttons' forms when scripts are off
	// PlaybookURL starts a plan from the playbook the rule suggests, and
	// SuccessorURL asks for a successor in the role that was left empty
	// ("" when the rule suggests none).
	PlaybookURL, PlaybookName string
	SuccessorURL, Successor   string
	// Inbox: the alert sits in its account's group with a checkbox for
	// bulk actions, so the row leaves the account out.
	Inbox bool
}

// alertButton is one of an alert's action buttons.
type alertButton struct {
	ID                        int64
	Status, Days, Label, CSRF string
	Inbox                     bool
}

// alertAction builds a button for the alert template.
func alertAction(v alertView, status, days, label string) alertButton {
	return alertButton{ID: v.ID, Status: status, Days: days, Label: label, CSRF: v.CSRF, Inbox: v.Inbox}
}

func (s *server) alertView(a *gtg.Alert, user *gtg.User, csrf, arr string) alertView {
	v := alertView{ID: a.ID, Severity: a.Severity, Title: a.Title, Account: a.AccountName,
		AccountURL: "/accounts/" + url.PathEscape(a.AccountExt), ARR: arr, Owner: a.Owner,
		Opened: formatDate(a.OpenedOn), Seen: formatDate(a.LastSeenOn), Status: a.Status, Evidence: a.Evidence, Held: a.Held,
		Note: a.Note, UpdatedBy: a.UpdatedBy}
	switch a.Status {
	case gtg.AlertSnoozed:
		v.StatusLabel = "snoozed until " + formatDate(a.SnoozedUntil)
	case gtg.AlertResolved:
		v.StatusLabel = "resolved " + formatDate(a.ResolvedOn)
		if a.UpdatedBy == "gtg" {
			v.StatusLabel += " · condition cleared"
		}
	case gtg.AlertAcknowledged:
		v.StatusLabel = "acknowledged by " + a.UpdatedBy
	}
	v.CanChange, v.CSRF = user != nil && gtg.Can(user.Role, gtg.UserCSM), csrf
	return v
}

func (s *server) alertsInbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := alertsPage{basePage: s.base(r, "Alerts", "alerts"), View: q.Get("view"), Severity: q.Get("severity"), Done: q.Get("done")}
	if !slices.ContainsFunc(inboxViews, func(v struct{ key, label string }) bool { return v.key == p.View }) {
		p.View = "attention"
	}
	sc, owners, err := s.scope(ctx, r, p.User)
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	p.Scope, p.Owner = sc, sc.Owner
	f := gtg.AlertFilter{Owner: p.Owner}
	no, yes := false, true
	switch p.View {
	case "attention":
		f.Statuses, f.Held = []string{gtg.AlertOpen, gtg.AlertAcknowledged}, &no
	case "snoozed":
		f.Statuses = []string{gtg.AlertSnoozed}
	case "held":
		f.Statuses, f.Held = []string{gtg.AlertOpen, gtg.AlertAcknowledged}, &yes
	case "resolved":
		f.Statuses = []string{gtg.AlertResolved}
	}
	// The summary comes from everything that needs attention; the
	// attention and held views are part of it, so they need no second read.
	open, err := s.store.Alerts(ctx, gtg.AlertFilter{Statuses: []string{gtg.AlertOpen, gtg.AlertAcknowledged}})
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	var list []*gtg.Alert
	if f.Held != nil {
		for _, a := range open {
			if a.Held == *f.Held && sc.includes(a.Owner) {
				list = append(list, a)
			}
		}
	} else if list, err = s.store.Alerts(ctx, f); err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	assignees := map[string]bool{}
	for _, o := range owners {
		assignees[o] = true
	}
	bySev := map[string]int{}
	byRule := map[string]int{}
	for _, a := range open {
		if a.Owner != "" {
			assignees[a.Owner] = true
		}
		if !sc.includes(a.Owner) {
			continue
		}
		if a.Held {
			p.Held++
			continue
		}
		bySev[a.Severity]++
		byRule[a.Title]++
	}
	for _, sev := range gtg.Severities {
		p.Counts = append(p.Counts, sevCount{Severity: sev, Count: bySev[sev]})
	}
	p.Rules = ruleBars(byRule, 8)
	p.OwnerOptions = ownerOptions(sc, owners)
	for o := range assignees {
		p.Assignees = append(p.Assignees, o)
	}
	slices.Sort(p.Assignees)

	link := func(view, sev string) string {
		v := url.Values{}
		if view != "attention" {
			v.Set("view", view)
		}
		sc.set(v)
		if sev != "" {
			v.Set("severity", sev)
		}
		if len(v) == 0 {
			return "/alerts"
		}
		return "/alerts?" + v.Encode()
	}
	for _, v := range inboxViews {
		p.Views = append(p.Views, chip{Label: v.label, URL: link(v.key, p.Severity), Active: v.key == p.View})
	}
	p.Severities = append(p.Severities, chip{Label: "All", URL: link(p.View, ""), Active: p.Severity == ""})
	for _, sev := range gtg.Severities {
		p.Severities = append(p.Severities, chip{Label: humanize(sev), URL: link(p.View, sev), Active: p.Severity == sev})
	}
	p.Back = link(p.View, p.Severity)

	arr, err := s.arrByAccount(r)
	if err != nil {
		return err
	}
	user := p.User
	p.CanChange = user != nil && gtg.Can(user.Role, gtg.UserCSM)
	// Group by account in the order of each account's most valuable alert;
	// an account's alerts show together or not at all.
	limit := shownLimit(r, "n", inboxAlerts, inboxAlertsMax)
	var shown []*gtg.Alert
	perAccount := map[int64]int{}
	var order []int64
	for _, a := range list {
		if p.Severity != "" && a.Severity != p.Severity {
			continue
		}
		shown = append(shown, a)
		if perAccount[a.AccountID] == 0 {
			order = append(order, a.AccountID)
		}
		perAccount[a.AccountID]++
	}
	p.Total = len(shown)
	groupOf := map[int64]int{} // the accounts that show: whole, until limit alerts do
	n := 0
	for _, id := range order {
		if n >= limit {
			break
		}
		groupOf[id] = len(groupOf)
		n += perAccount[id]
	}
	p.Groups = make([]alertGroup, len(groupOf))
	for _, a := range shown {
		i, ok := groupOf[a.AccountID]
		if !ok {
			continue
		}
		g := &p.Groups[i]
		if g.AccountURL == "" {
			*g = alertGroup{Account: a.AccountName, AccountURL: accountURL(a.AccountExt), ARR: arr[a.AccountExt], Owner: a.Owner}
		}
		v := s.alertView(a, user, p.CSRF, "")
		v.Inbox = true
		g.Alerts = append(g.Alerts, v)
		p.Shown++
	}
	p.More = more(r, "n", "inbox", p.Shown, p.Total, inboxAlerts)
	if p.Approvals, err = s.approvalsFor(r, p.basePage); err != nil {
		return err
	}
	for i := range p.Groups {
		if err := s.withHints(ctx, p.Groups[i].Alerts, list, nil); err != nil {
			return err
		}
	}
	return s.page(w, http.StatusOK, "alerts", p)
}

// alertsBulk acknowledges, snoozes, resolves or assigns the alerts ticked
// on the inbox, all in one transaction, and goes back to the inbox saying
// what it did.
func (s *server) alertsBulk(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	if err := r.ParseForm(); err != nil {
		return gtg.Errorf(gtg.EINVALID, "form: %v", err)
	}
	var ids []int64
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return gtg.Errorf(gtg.EINVALID, "id: %q is not an alert id", v)
		}
		ids = append(ids, id)
	}
	today := gtg.DayOf(s.now())
	action := r.PostFormValue("action")
	var res alerts.BulkResult
	var err error
	var did string
	switch action {
	case "assign":
		res, err = alerts.Assign(ctx, s.store, sess.user.Email, sess.user.Role, ids, r.PostFormValue("owner"))
		did = "assigned to " + strings.TrimSpace(r.PostFormValue("owner"))
	case gtg.AlertAcknowledged, gtg.AlertResolved, gtg.AlertSnoozed, gtg.AlertOpen:
		c := gtg.AlertChange{Status: action, Note: r.PostFormValue("note")}
		if action == gtg.AlertSnoozed {
			days, err := strconv.Atoi(r.PostFormValue("days"))
			if err != nil || days < 1 || days > 365 {
				return gtg.Errorf(gtg.EINVALID, "days: %q is not a number of days from 1 to 365", r.PostFormValue("days"))
			}
			c.Until = today + gtg.Day(days)
		}
		res, err = alerts.ChangeMany(ctx, s.store, sess.user.Email, sess.user.Role, ids, c, today)
		did = map[string]string{gtg.AlertAcknowledged: "acknowledged", gtg.AlertResolved: "resolved", gtg.AlertSnoozed: "snoozed", gtg.AlertOpen: "reopened"}[action]
	default:
		return gtg.Errorf(gtg.EINVALID, "action: %q is not one of acknowledged, snoozed, resolved, open, assign", action)
	}
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%d %s %s", res.Changed, plural(res.Changed, "alert", "alerts"), did)
	if res.Unchanged > 0 {
		msg += fmt.Sprintf(" (%d already were)", res.Unchanged)
	}
	back, err := url.Parse(backTo(r, "/alerts"))
	if err != nil {
		back = &url.URL{Path: "/alerts"}
	}
	v := back.Query()
	v.Set("done", msg)
	back.RawQuery = v.Encode()
	return seeOther(w, r, back.String())
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ruleBars turns counts per rule into bars, longest first, at most n.
func ruleBars(counts map[string]int, n int) []ruleBar {
	var out []ruleBar
	for label, c := range counts {
		out = append(out, ruleBar{Label: label, Count: c})
	}
	slices.SortFunc(out, func(a, b ruleBar) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if a.Label < b.Label {
			return -1
		}
		return 1
	})
	if len(out) > n {
		out = out[:n]
	}
	for i := range out {
		out[i].Width = 100 * float64(out[i].Count) / float64(out[0].Count)
	}
	return out
}

// arrByAccount formats each account's ARR for alert rows.
func (s *server) arrByAccount(r *http.Request) (map[string]string, error) {
	accts, err := s.store.AccountBriefs(r.Context())
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	out := make(map[string]string, len(accts))
	for ext, a := range accts {
		out[ext] = formatMoneyShort(a.ARR, a.Currency)
	}
	return out, nil
}

// alertChange acknowledges, snoozes (for a number of days), resolves or
// reopens an alert. htmx gets the alert's row back; a plain form post is
// sent back where it came from.
func (s *server) alertChange(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return gtg.Errorf(gtg.ENOTFOUND, "alert %q not found", r.PathValue("id"))
	}
	sess := sessionFrom(ctx)
	today := gtg.DayOf(s.now())
	c := gtg.AlertChange{Status: r.FormValue("status"), Note: r.FormValue("note")}
	if c.Status == gtg.AlertSnoozed {
		days, err := strconv.Atoi(r.FormValue("days"))
		if err != nil || days < 1 || days > 365 {
			return gtg.Errorf(gtg.EINVALID, "days: %q is not a number of days from 1 to 365", r.FormValue("days"))
		}
		c.Until = today + gtg.Day(days)
	}
	a, err := alerts.Change(ctx, s.store, sess.user.Email, sess.user.Role, id, c, today)
	if err != nil {
		return err
	}
	if r.Header.Get("HX-Request") == "true" {
		acct, err := s.store.AccountByID(ctx, a.AccountID)
		if err != nil {
			return err
		}
		v := s.alertView(a, sess.user, sess.csrf, formatMoneyShort(acct.ARR, acct.Currency))
		v.Inbox = r.FormValue("inbox") == "1"
		return s.tmpl.render(w, http.StatusOK, "alerts", "alert", v)
	}
	back := r.Header.Get("Referer")
	if u, err := url.Parse(back); err != nil || u.Host != r.Host || back == "" {
		back = "/alerts"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
