package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
)

// "My book today": how many rows each list shows before "Show more", the
// renewal window, and the touch types and default quiet period.
const (
	todayRows      = 6
	todayRowsMax   = 500
	todayRenewals  = 90
	todayQuietDays = 30
	todayTaskDays  = 7
)

// touchTypes are the events that count as touching an account.
var touchTypes = []string{gtg.EventCall, gtg.EventMeeting, gtg.EventEmail, gtg.EventNote}

// todayPage is a CSM's working day: what needs them now, each row with the
// one action it asks for. A manager sees the same for the team, by owner.
type todayPage struct {
	basePage
	Scope        ownerScope
	OwnerOptions []ownerOption
	QuietDays    int
	CanChange    bool
	Tiles        []standupTile

	Alerts   []todayAlert
	Tasks    []todayTask
	Renewals []todayRenewal
	Stalled  []todayPlan
	Quiet    []todayQuiet

	AlertsMore, TasksMore, RenewalsMore, StalledMore, QuietMore *moreLink
	AlertsURL                                                   string
}

type todayAlert struct {
	ID                           int64
	Severity, Title, Account     string
	AccountURL, Owner, Opened    string
	Status, Evidence, ARR        string
	Ack, Snooze, Resolve, Inline alertButton
}

type todayTask struct {
	PlanID, TaskID             int64
	Title, Account, URL        string
	PlanURL, Owner, Due, DueIn string
	Overdue                    bool
}

type todayRenewal struct {
	Account, URL, Owner, ARR, Renewal, In string
	Badge                                 healthBadge
	PlanURL                               string // the open plan, "" when none
}

type todayPlan struct {
	Account, URL, PlanURL, Playbook, Owner, Since string
}

type todayQuiet struct {
	Account, URL, Owner, ARR, Last string
	Badge                          healthBadge
	Days                           int // -1: never touched
	id                             int64
}

// home is where signing in lands: "my book today" for CSMs and managers
// once there is health to show, the dashboard for admins and viewers, the
// account list before anything is scored.
func (s *server) home(w http.ResponseWriter, r *http.Request) error {
	day, err := s.store.LatestHealthDay(r.Context())
	if err != nil {
		return fmt.Errorf("home: %w", err)
	}
	to := "/accounts"
	if day != 0 {
		to = "/dashboard"
		if u := currentUser(r); u != nil && (u.Role == gtg.UserCSM || u.Role == gtg.UserManager) {
			to = "/today"
		}
	}
	http.Redirect(w, r, to, http.StatusFound)
	return nil
}

func (s *server) today(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	now := s.now()
	today := gtg.DayOf(now)
	p := todayPage{basePage: s.base(r, "Today", "today"), QuietDays: todayQuietDays}
	if n, err := strconv.Atoi(r.URL.Query().Get("quiet")); err == nil && n >= 1 && n <= 365 {
		p.QuietDays = n
	}
	sc, owners, err := s.scope(ctx, r, p.User)
	if err != nil {
		return fmt.Errorf("today: %w", err)
	}
	p.Scope, p.OwnerOptions = sc, ownerOptions(sc, owners)
	p.CanChange = canWrite(p.User)

	byID, err := s.briefsByID(ctx, sc.Owner)
	if err != nil {
		return fmt.Errorf("today: %w", err)
	}
	accts := make([]*store.AccountBrief, 0, len(byID))
	for _, a := range byID {
		accts = append(accts, a)
	}
	_, healths, trends, err := s.latestHealth(ctx)
	if err != nil {
		return fmt.Errorf("today: %w", err)
	}

	// Alerts that need attention, most valuable first.
	no := false
	als, err := s.store.Alerts(ctx, gtg.AlertFilter{Owner: sc.Owner, Statuses: []string{gtg.AlertOpen, gtg.AlertAcknowledged}, Held: &no})
	if err != nil {
		return fmt.Errorf("today: %w", err)
	}
	n := shownLimit(r, "alerts", todayRows, todayRowsMax)
	for _, a := range als[:min(n, len(als))] {
		v := todayAlert{ID: a.ID, Severity: a.Severity, Title: a.Title, Account: a.AccountName, AccountURL: accountURL(a.AccountExt),
			Owner: a.Owner, Opened: formatDate(a.OpenedOn), Status: a.Status}
		if len(a.Evidence) > 0 {
			v.Evidence = a.Evidence[0]
		}
		if acct := byID[a.AccountID]; acct != nil {
			v.ARR = formatMoneyShort(acct.ARR, acct.Currency)
		}
		av := alertView{ID: a.ID, CSRF: p.CSRF}
		v.Ack, v.Snooze, v.Resolve = alertAction(av, gtg.AlertAcknowledged, "", "Acknowledge"), alertAction(av, gtg.AlertSnoozed, "7", "Snooze 7 days"), alertAction(av, gtg.AlertResolved, "", "Resolve")
		p.Alerts = append(p.Alerts, v)
	}
	p.AlertsMore = more(r, "alerts", "today-alerts", len(p.Alerts), len(als), todayRows*2)
	p.AlertsURL = "/alerts"
	if sc.Owner != "" {
		p.AlertsURL = "/alerts?owner=" + sc.Owner
	}

	// Open plans: their overdue and due-soon tasks, and the stalled ones.
	plans, err := save.Plans(ctx, s.store, gtg.PlanFilter{Status: gtg.PlanOpen})
	if err != nil {
		return fmt.Errorf("today: %w", err)
	}
	names, err := s.playbookNames(ctx)
	if err != nil {
		return err
	}
	planOf := map[int64]int64{}
	var tasks []todayTask
	var stalled []todayPlan
	for _, pl := range plans {
		planOf[pl.AccountID] = pl.ID
		acct := byID[pl.AccountID]
		mine := sc.Owner == "" || pl.Owner == sc.Owner || acct != nil
		for _, t := range pl.Tasks {
			if t.Closed() || t.Due == 0 || t.Due > today+todayTaskDays {
				continue
			}
			if !mine && t.Owner != sc.Owner {
				continue
			}
			tasks = append(tasks, todayTask{PlanID: pl.ID, TaskID: t.ID, Title: t.Title, Account: orName(pl.AccountName, pl.AccountExt),
				URL: accountURL(pl.AccountExt), PlanURL: planURL(pl.ID) + "#task-" + strconv.FormatInt(t.ID, 10), Owner: t.Owner,
				Due: formatDate(t.Due), DueIn: daysText(int(t.Due - today)), Overdue: t.Overdue(today)})
		}
		if mine && pl.AdjustSince != 0 {
			row := todayPlan{Account: orName(pl.AccountName, pl.AccountExt), URL: accountURL(pl.AccountExt), PlanURL: planURL(pl.ID),
				Playbook: names[pl.Playbook], Owner: pl.Owner, Since: formatDate(pl.AdjustSince)}
			if row.Playbook == "" && pl.Playbook != "" {
				row.Playbook = humanize(pl.Playbook)
			}
			stalled = append(stalled, row)
		}
	}
	slices.SortStableFunc(tasks, func(a, b todayTask) int { return cmp.Compare(a.Due, b.Due) })
	n = shownLimit(r, "tasks", todayRows, todayRowsMax)
	p.Tasks = tasks[:min(n, len(tasks))]
	p.TasksMore = more(r, "tasks", "today-tasks", len(p.Tasks), len(tasks), todayRows*2)
	n = shownLimit(r, "stalled", todayRows, todayRowsMax)
	p.Stalled = stalled[:min(n, len(stalled))]
	p.StalledMore = more(r, "stalled", "today-stalled", len(p.Stalled), len(stalled), todayRows*2)

	// Renewals soon that are not green, soonest first; quiet accounts,
	// most ARR first. Accounts without ARR have nothing riding on either.
	touches, err := s.touches.get(ctx, s.store, touchTypes, now, p.QuietDays)
	if err != nil {
		return fmt.Errorf("today: %w", err)
	}
	var renewals []todayRenewal
	var quiet []todayQuiet
	var quietARR []float64
	// Soonest renewal first; the external id breaks ties, so the order is stable.
	slices.SortFunc(accts, func(a, b *store.AccountBrief) int {
		return cmp.Or(cmp.Compare(a.RenewalDate, b.RenewalDate), cmp.Compare(a.ExternalID, b.ExternalID))
	})
	for _, a := range accts {
		if a.ARR == 0 {
			continue
		}
		h := healths[a.ID]
		if d := a.RenewalDate; d >= today && d <= today+todayRenewals && (h == nil || h.Color != gtg.Green) {
			row := todayRenewal{Account: a.Name, URL: accountURL(a.ExternalID), Owner: a.Owner, ARR: formatMoneyShort(a.ARR, a.Currency),
				Renewal: formatDate(d), In: daysText(int(d - today)), Badge: badgeOf(h, trends[a.ID])}
			if id, ok := planOf[a.ID]; ok {
				row.PlanURL = planURL(id)
			}
			renewals = append(renewals, row)
		}
		if _, ok := touches[a.ID]; !ok {
			quiet = append(quiet, todayQuiet{Account: a.Name, URL: accountURL(a.ExternalID), Owner: a.Owner, ARR: formatMoneyShort(a.ARR, a.Currency),
				Badge: badgeOf(h, trends[a.ID]), Days: -1, Last: "never", id: a.ID})
			quietARR = append(quietARR, a.ARR)
		}
	}
	idx := make([]int, len(quiet))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmp.Compare(quietARR[j], quietARR[i]) })
	sorted := make([]todayQuiet, len(quiet))
	for k, i := range idx {
		sorted[k] = quiet[i]
	}
	n = shownLimit(r, "renewals", todayRows, todayRowsMax)
	p.Renewals = renewals[:min(n, len(renewals))]
	p.RenewalsMore = more(r, "renewals", "today-renewals", len(p.Renewals), len(renewals), todayRows*2)
	n = shownLimit(r, "quiet", todayRows, todayRowsMax)
	p.Quiet = sorted[:min(n, len(sorted))]
	// When the accounts shown were last touched, if ever: one small read each.
	for i := range p.Quiet {
		last, err := s.store.LastTouch(ctx, p.Quiet[i].id, touchTypes)
		if err != nil {
			return fmt.Errorf("today: %w", err)
		}
		if !last.IsZero() {
			p.Quiet[i].Days = int(now.Sub(last).Hours() / 24)
			p.Quiet[i].Last = formatDate(gtg.DayOf(last))
		}
	}
	p.QuietMore = more(r, "quiet", "today-quiet", len(p.Quiet), len(sorted), todayRows*2)

	overdue := 0
	for _, t := range tasks {
		if t.Overdue {
			overdue++
		}
	}
	p.Tiles = []standupTile{
		{"Alerts to handle", "today-alerts", "sevt-high", len(als)},
		{"Tasks overdue", "today-tasks", "sevt-medium", overdue},
		{"Tasks due this week", "today-tasks", "t-neutral", len(tasks) - overdue},
		{"Renewals not green", "today-renewals", "sevt-medium", len(renewals)},
		{"Plans stalled", "today-stalled", "sevt-high", len(stalled)},
		{fmt.Sprintf("No touch in %d days", p.QuietDays), "today-quiet", "sevt-low", len(quiet)},
	}
	for i := range p.Tiles {
		if p.Tiles[i].Count == 0 {
			p.Tiles[i].Tone = "t-neutral"
		}
	}
	return s.page(w, http.StatusOK, "today", p)
}
