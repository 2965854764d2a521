package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
)

// inboxLimit is how many alerts the inbox lists at once.
const inboxLimit = 200

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
	Views                 []chip
	Owners                []string
	Severities            []chip
	Alerts                []alertView
	Shown, Total          int
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
}

// alertButton is one of an alert's action buttons.
type alertButton struct {
	ID                        int64
	Status, Days, Label, CSRF string
}

// alertAction builds a button for the alert template.
func alertAction(v alertView, status, days, label string) alertButton {
	return alertButton{ID: v.ID, Status: status, Days: days, Label: label, CSRF: v.CSRF}
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
	p := alertsPage{basePage: s.base(r, "Alerts", "alerts"), View: q.Get("view"), Owner: q.Get("owner"), Severity: q.Get("severity")}
	if !slices.ContainsFunc(inboxViews, func(v struct{ key, label string }) bool { return v.key == p.View }) {
		p.View = "attention"
	}
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
	list, err := s.store.Alerts(ctx, f)
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	// Owners and the summary come from everything that needs attention.
	open, err := s.store.Alerts(ctx, gtg.AlertFilter{Statuses: []string{gtg.AlertOpen, gtg.AlertAcknowledged}})
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	owners := map[string]bool{}
	bySev := map[string]int{}
	byRule := map[string]int{}
	for _, a := range open {
		if a.Owner != "" {
			owners[a.Owner] = true
		}
		if a.Held {
			p.Held++
			continue
		}
		if p.Owner == "" || a.Owner == p.Owner {
			bySev[a.Severity]++
			byRule[a.Title]++
		}
	}
	for _, sev := range gtg.Severities {
		p.Counts = append(p.Counts, sevCount{Severity: sev, Count: bySev[sev]})
	}
	p.Rules = ruleBars(byRule, 8)
	for o := range owners {
		p.Owners = append(p.Owners, o)
	}
	slices.Sort(p.Owners)

	link := func(view, sev string) string {
		v := url.Values{}
		if view != "attention" {
			v.Set("view", view)
		}
		if p.Owner != "" {
			v.Set("owner", p.Owner)
		}
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

	arr, err := s.arrByAccount(r)
	if err != nil {
		return err
	}
	user := p.User
	for _, a := range list {
		if p.Severity != "" && a.Severity != p.Severity {
			continue
		}
		p.Total++
		if len(p.Alerts) < inboxLimit {
			p.Alerts = append(p.Alerts, s.alertView(a, user, p.CSRF, arr[a.AccountID]))
		}
	}
	p.Shown = len(p.Alerts)
	if p.Approvals, err = s.approvalsFor(r, p.basePage); err != nil {
		return err
	}
	if err := s.withHints(ctx, p.Alerts, list, nil); err != nil {
		return err
	}
	return s.page(w, http.StatusOK, "alerts", p)
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
func (s *server) arrByAccount(r *http.Request) (map[int64]string, error) {
	accts, _, err := s.store.Accounts(r.Context(), gtg.AccountFilter{})
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	out := make(map[int64]string, len(accts))
	for _, a := range accts {
		out[a.ID] = formatMoneyShort(a.ARR, a.Currency)
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
		return s.tmpl.render(w, http.StatusOK, "alerts", "alert", s.alertView(a, sess.user, sess.csrf, formatMoneyShort(acct.ARR, acct.Currency)))
	}
	back := r.Header.Get("Referer")
	if u, err := url.Parse(back); err != nil || u.Host != r.Host || back == "" {
		back = "/alerts"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
