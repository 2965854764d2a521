package web

import (
	"fmt"
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// standupPage is the daily standup: what changed since the last review,
// with ARR by risk level, for the team to go through while things are fluid.
type standupPage struct {
	basePage
	Since, SinceISO       string
	Custom                bool // the window was chosen with ?since=
	LastReview            string
	ColorsSince, ColorsOn string
	IsManager             bool
	Tiles                 []standupTile
	BecameHigh, Levels    []moveRow
	Colors                []colorRow
	Alerts                []standupAlertRow
	Stalled               []stalledRow
	Overdue               []overdueRow
	Renewals              []renewalRow
	ARRChart              *riskARRChart
	Horizon               int
	OffersPending         []offerView    // save-ladder offers waiting for approval
	FollowUpsMissed       []followUpView // save-ladder follow-ups past due
	Scope                 ownerScope
	OwnerOptions          []ownerOption
	// Each list shows standupRows rows before its "Show more".
	HighMore, LevelsMore, ColorsMore, AlertsMore, StalledMore, OverdueMore, RenewalsMore *moreLink
}

// standupRows is how many rows each of the standup's lists shows at first.
const standupRows = 5

// cut keeps the first rows of a standup list (as many as ?key= asks, else
// standupRows) and returns its "Show more".
func cut[T any](r *http.Request, rows *[]T, key string) *moreLink {
	n := shownLimit(r, key, standupRows, len(*rows))
	m := more(r, key, key, min(n, len(*rows)), len(*rows), 20)
	*rows = (*rows)[:min(n, len(*rows))]
	return m
}

type standupTile struct {
	Label, Anchor, Tone string
	Count               int
}

type moveRow struct {
	Account, URL, ARR string
	From, To          riskLevel
	Reasons           []reasonTag
	By, At            string
}

type colorRow struct {
	Account, URL, ARR, From, To, Score string
	Worse                              bool
}

type standupAlertRow struct {
	Account, URL, Severity, Title, Opened, Status string
}

type stalledRow struct {
	Account, URL, PlanURL, Playbook, Since, Owner string
}

type overdueRow struct {
	Account, URL, PlanURL, Title, Owner, Due string
	Days                                     int
}

type renewalRow struct {
	Account, URL, ARR, Renewal, In, Color string
	Level                                 riskLevel
}

// colorRank orders colors from healthy to not, to tell a fall from a rise.
var colorRank = map[string]int{gtg.Green: 3, gtg.Yellow: 2, gtg.Red: 1}

func (s *server) standup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := gtg.DayOf(s.now())
	since, err := dayField(r.URL.Query(), "since")
	if err != nil {
		return err
	}
	su, err := save.Standup(ctx, s.store, since, today)
	if err != nil {
		return fmt.Errorf("standup: %w", err)
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	cur, err := s.money(ctx)
	if err != nil {
		return err
	}
	names, err := s.playbookNames(ctx)
	if err != nil {
		return err
	}
	p := standupPage{basePage: s.base(r, "Standup", "standup"), Since: su.Since.UTC().Format("2 Jan 2006 15:04 UTC"),
		SinceISO: gtg.DayOf(su.Since).String(), Custom: since != 0, Horizon: save.RenewalHorizon}
	p.IsManager = isManager(p.User)
	sc, owners, err := s.scope(ctx, r, p.User)
	if err != nil {
		return fmt.Errorf("standup: %w", err)
	}
	p.Scope, p.OwnerOptions = sc, ownerOptions(sc, owners)
	if lr := su.LastReview; lr != nil {
		p.LastReview = fmt.Sprintf("%s by %s", lr.ReviewedAt.UTC().Format("2 Jan 2006 15:04 UTC"), lr.ReviewedBy)
	}
	if su.ColorsSince != 0 {
		p.ColorsSince = formatDate(su.ColorsSince)
	}
	if su.ColorsOn != 0 {
		p.ColorsOn = formatDate(su.ColorsOn)
	}
	move := func(m gtg.RiskMove) moveRow {
		return moveRow{Account: orName(m.Name, m.AccountExt), URL: accountURL(m.AccountExt), ARR: cur.of(m.AccountExt, m.ARR),
			From: levelOf(m.From), To: levelOf(m.To), Reasons: tax.tags(m.Reasons), By: m.By, At: m.At.UTC().Format("2 Jan 15:04")}
	}
	for _, m := range su.BecameHighRisk {
		if sc.includes(m.Owner) {
			p.BecameHigh = append(p.BecameHigh, move(m))
		}
	}
	for _, m := range su.LevelChanges {
		if m.To != gtg.RiskHigh && sc.includes(m.Owner) { // those are listed above
			p.Levels = append(p.Levels, move(m))
		}
	}
	for _, c := range su.ColorChanges {
		if !sc.includes(c.Owner) {
			continue
		}
		p.Colors = append(p.Colors, colorRow{Account: orName(c.Name, c.AccountExt), URL: accountURL(c.AccountExt), ARR: cur.of(c.AccountExt, c.ARR),
			From: c.From, To: c.To, Score: fmt.Sprintf("%.0f", c.Score), Worse: colorRank[c.To] < colorRank[c.From]})
	}
	for _, a := range su.NewAlerts {
		if !sc.includes(a.Owner) {
			continue
		}
		p.Alerts = append(p.Alerts, standupAlertRow{Account: orName(a.Name, a.AccountExt), URL: accountURL(a.AccountExt), Severity: a.Severity,
			Title: a.Title, Opened: formatDate(a.OpenedOn), Status: a.Status})
	}
	for _, sp := range su.StalledPlans {
		if !sc.includes(sp.AccountRef.Owner) && !sc.includes(sp.Owner) {
			continue
		}
		row := stalledRow{Account: orName(sp.Name, sp.AccountExt), URL: accountURL(sp.AccountExt), PlanURL: planURL(sp.PlanID),
			Playbook: names[sp.Playbook], Since: formatDate(sp.AdjustSince), Owner: sp.Owner}
		if row.Playbook == "" && sp.Playbook != "" {
			row.Playbook = humanize(sp.Playbook)
		}
		p.Stalled = append(p.Stalled, row)
	}
	for _, t := range su.OverdueTasks {
		if !sc.includes(t.AccountRef.Owner) && !sc.includes(t.TaskOwner) {
			continue
		}
		p.Overdue = append(p.Overdue, overdueRow{Account: orName(t.Name, t.AccountExt), URL: accountURL(t.AccountExt), PlanURL: planURL(t.PlanID) + "#task-" + fmt.Sprint(t.TaskID),
			Title: t.Title, Owner: t.TaskOwner, Due: formatDate(t.Due), Days: t.DaysOverdue})
	}
	for _, rn := range su.RenewalsNotGreen {
		if !sc.includes(rn.Owner) {
			continue
		}
		p.Renewals = append(p.Renewals, renewalRow{Account: orName(rn.Name, rn.AccountExt), URL: accountURL(rn.AccountExt), ARR: cur.of(rn.AccountExt, rn.ARR),
			Renewal: formatDate(rn.RenewalDate), In: daysText(rn.DaysToRenewal), Color: rn.Color, Level: levelOf(rn.RiskLevel)})
	}
	if p.ARRChart, err = s.riskARR(ctx, cur); err != nil {
		return err
	}
	if err := s.standupOffers(r, &p, su); err != nil {
		return err
	}
	p.Tiles = []standupTile{
		{"Became high risk", "high", "sevt-high", len(p.BecameHigh)},
		{"Risk level changes", "levels", "t-neutral", len(p.Levels)},
		{"Color changes", "colors", "t-neutral", len(p.Colors)},
		{"New alerts", "alerts", "sevt-medium", len(p.Alerts)},
		{"Plans stalled", "stalled", "sevt-high", len(p.Stalled)},
		{"Tasks overdue", "overdue", "sevt-medium", len(p.Overdue)},
		{"Renewals not green", "renewals", "sevt-low", len(p.Renewals)},
	}
	for i := range p.Tiles {
		if p.Tiles[i].Count == 0 {
			p.Tiles[i].Tone = "t-neutral"
		}
	}
	p.HighMore, p.LevelsMore, p.ColorsMore = cut(r, &p.BecameHigh, "high"), cut(r, &p.Levels, "levels"), cut(r, &p.Colors, "colors")
	p.AlertsMore, p.StalledMore = cut(r, &p.Alerts, "alerts"), cut(r, &p.Stalled, "stalled")
	p.OverdueMore, p.RenewalsMore = cut(r, &p.Overdue, "overdue"), cut(r, &p.Renewals, "renewals")
	return s.page(w, http.StatusOK, "standup", p)
}

func orName(name, ext string) string {
	if name != "" {
		return name
	}
	return ext
}

// standupReview marks the standup reviewed (a manager's job); the next one
// lists what changed after this moment.
func (s *server) standupReview(w http.ResponseWriter, r *http.Request) error {
	if _, err := save.MarkReviewed(r.Context(), s.store, currentUser(r), gtg.DayOf(s.now())); err != nil {
		return err
	}
	return seeOther(w, r, "/standup")
}
