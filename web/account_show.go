package web

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/update"
)

// Limits of the account page: enough to read, quick to render.
const (
	chartDays       = 180
	timelinePage    = 6   // events shown at first, and added by "Show more"
	accountContacts = 6   // contact rows on the account page; the stakeholder map has all
	timelineMax     = 500 // the most one page will show
	auditLimit      = 20
	maxAuditFields  = 6
)

// chartPreferred are the usage metrics the chart shows when an account has
// them; otherwise it shows the first metrics that have data.
var chartPreferred = []string{"active_users", "logins"}

type accountShowPage struct {
	basePage
	A         *gtg.Account
	Suggest   *update.Suggestion // resources to share, for the weekly update card
	ARR       string
	Status    fact // "Churned on 3 Dec 2025" when the latest outcome ended or paused the contract
	Renewal   renewal
	Contract  string
	Attrs     []fact
	Contacts  []contactView
	Chart     string // JSON for the usage chart, "" when there is no data
	ChartKeys []string
	Timeline  timeline
	Outcomes  []outcomeView
	Audit     []auditView
	Health    *accountHealth // nil until the account is scored
	Alerts    []alertView    // unresolved alerts, most valuable first
	Save      *accountSave   // risk, plan, handoffs and re-discovery
	Offers    *offerCard     // the save ladder
	Capture   *captureView   // notes, touches and contact edits
	Summary   *accountSummary
}

type contactView struct {
	*gtg.Contact
	RoleLabel string
	Left      string // "left on 3 Mar 2025", or "" while active
	KeyLoss   bool   // a departed champion, economic buyer or sponsor: a risk worth seeing
}

type outcomeView struct {
	Date, Type, Tone string
	Before, After    string
	Delta            string
}

type auditView struct {
	When, Actor, Action string
	Changes             []string
}

// keyRoles are the stakeholders whose departure puts a renewal at risk.
var keyRoles = map[string]bool{gtg.RoleChampion: true, gtg.RoleEconomicBuyer: true, gtg.RoleExecutiveSponsor: true}

// roleRank orders contacts by how much their role weighs on a renewal.
var roleRank = map[string]int{
	gtg.RoleEconomicBuyer: 0, gtg.RoleExecutiveSponsor: 1, gtg.RoleChampion: 2,
	gtg.RoleTechnicalOwner: 3, gtg.RoleAdmin: 4, gtg.RoleEndUser: 6,
}

func (s *server) accountShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	a, err := s.store.Account(ctx, id)
	if err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}
	now := s.now()
	today := gtg.DayOf(now)
	p := accountShowPage{
		basePage: s.base(r, a.Name, "accounts"),
		A:        a,
		ARR:      formatMoney(a.ARR, a.Currency),
		Renewal:  renewalOf(a.RenewalDate, today),
		Contract: formatDate(a.ContractStart),
	}
	for _, k := range slices.Sorted(maps.Keys(a.Attrs)) {
		p.Attrs = append(p.Attrs, fact{Tone: humanize(k), Text: formatAttr(a.Attrs[k])})
	}

	contacts, err := s.store.Contacts(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}
	byEmail := map[string]*gtg.Contact{}
	for _, c := range contacts {
		byEmail[c.Email] = c
	}
	p.Contacts = contactViews(contacts)
	if p.Capture, err = s.captureOf(r, a, contacts, p.basePage); err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}
	p.Capture.Shown = accountContacts
	keyFirst(p.Capture.Contacts)

	if p.Chart, p.ChartKeys, err = s.usageChart(r, a, today); err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}

	if p.Health, err = s.healthOf(r, a, today); err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}

	unresolved, err := s.store.Alerts(ctx, gtg.AlertFilter{AccountID: a.ID, Statuses: []string{gtg.AlertOpen, gtg.AlertAcknowledged, gtg.AlertSnoozed}})
	if err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}
	for _, al := range unresolved {
		p.Alerts = append(p.Alerts, s.alertView(al, p.User, p.CSRF, ""))
	}
	if err := s.withHints(ctx, p.Alerts, unresolved, func(_ int64, role string) bool {
		return slices.ContainsFunc(contacts, func(c *gtg.Contact) bool { return c.Role == role && c.Status == gtg.ContactActive })
	}); err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}

	if p.Offers, err = s.offerCardOf(r.Context(), a, p.basePage, accountURL(a.ExternalID), r.URL.Query().Get("rung"), nil, nil); err != nil {
		return err
	}
	if p.Save, err = s.accountSaveOf(r, a, p.basePage); err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}

	if p.Timeline, err = s.timeline(r, a, byEmail); err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}

	outcomes, err := s.store.Outcomes(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}
	p.Outcomes = outcomeViews(outcomes, a.Currency)
	if n := len(outcomes); n > 0 {
		// Outcomes come oldest first; the latest says where the contract stands.
		switch last := outcomes[n-1]; last.Type {
		case gtg.OutcomeChurned:
			p.Status = fact{Text: "Churned on " + formatDate(last.Day), Tone: "bad"}
			p.Renewal.Class = ""
		case gtg.OutcomePaused:
			p.Status = fact{Text: "Paused since " + formatDate(last.Day), Tone: "warn"}
			p.Renewal.Class = ""
		}
	}

	if p.Suggest, err = update.Suggest(ctx, s.store, a.ExternalID); err != nil {
		return fmt.Errorf("account page %q: resources: %w", id, err)
	}
	if p.Summary, err = s.accountSummaryOf(ctx, &p, today); err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}

	audit, err := s.store.AuditLog(ctx, "account", a.ExternalID, auditLimit)
	if err != nil {
		return fmt.Errorf("account page %q: %w", id, err)
	}
	for _, e := range audit {
		p.Audit = append(p.Audit, auditView{When: e.At.UTC().Format("2 Jan 2006 15:04"), Actor: e.Actor, Action: e.Action, Changes: auditChanges(e)})
	}
	return s.page(w, http.StatusOK, "account_show", p)
}

func contactViews(cs []*gtg.Contact) []contactView {
	out := make([]contactView, 0, len(cs))
	for _, c := range cs {
		v := contactView{Contact: c, RoleLabel: roleLabel(c.Role)}
		if c.Status == gtg.ContactLeft {
			v.Left = "left"
			if !c.StatusChangedOn.IsZero() {
				v.Left = "left on " + formatDate(c.StatusChangedOn)
			}
			v.KeyLoss = keyRoles[c.Role]
		}
		out = append(out, v)
	}
	rank := func(role string) int {
		if r, ok := roleRank[role]; ok {
			return r
		}
		return 5
	}
	slices.SortStableFunc(out, func(a, b contactView) int {
		if (a.Left == "") != (b.Left == "") {
			if a.Left == "" {
				return -1
			}
			return 1
		}
		return rank(a.Role) - rank(b.Role)
	})
	return out
}

// chartData is what assets/app.js hands to uPlot: x in Unix seconds and one
// column of values per metric, null where a day has no data.
type chartData struct {
	X      []int64      `json:"x"`
	Labels []string     `json:"labels"`
	Series [][]*float64 `json:"series"`
}

// usageChart returns the last chartDays of the account's preferred metrics
// as JSON for the chart, or "" when it has no usage data in that window.
func (s *server) usageChart(r *http.Request, a *gtg.Account, today gtg.Day) (string, []string, error) {
	from := today.AddDays(1 - chartDays)
	all, err := s.store.Series(r.Context(), a.ID, nil, from, today)
	if err != nil {
		return "", nil, fmt.Errorf("usage chart: %w", err)
	}
	var withData []gtg.Series
	for _, sr := range all {
		if slices.ContainsFunc(sr.Values, func(v float64) bool { return !math.IsNaN(v) }) {
			withData = append(withData, sr)
		}
	}
	var picked []gtg.Series
	for _, k := range chartPreferred {
		if i := slices.IndexFunc(withData, func(sr gtg.Series) bool { return sr.Key == k }); i >= 0 {
			picked = append(picked, withData[i])
		}
	}
	slices.SortFunc(withData, func(a, b gtg.Series) int { return strings.Compare(a.Key, b.Key) })
	for _, sr := range withData {
		if len(picked) >= 2 {
			break
		}
		if !slices.ContainsFunc(picked, func(p gtg.Series) bool { return p.Key == sr.Key }) {
			picked = append(picked, sr)
		}
	}
	if len(picked) == 0 {
		return "", nil, nil
	}
	d := chartData{}
	for day := from; day <= today; day++ {
		d.X = append(d.X, day.Time().Unix())
	}
	var keys []string
	for _, sr := range picked {
		col := make([]*float64, len(d.X))
		for i := range d.X {
			if v := sr.At(from.AddDays(i)); !math.IsNaN(v) {
				col[i] = &v
			}
		}
		d.Labels = append(d.Labels, humanize(sr.Key))
		d.Series = append(d.Series, col)
		keys = append(keys, sr.Key)
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", nil, fmt.Errorf("usage chart: %w", err)
	}
	return string(b), keys, nil
}

func outcomeViews(os []*gtg.Outcome, currency string) []outcomeView {
	// Newest first, like the timeline.
	os = slices.Clone(os)
	slices.SortStableFunc(os, func(a, b *gtg.Outcome) int { return int(b.Day - a.Day) })
	out := make([]outcomeView, 0, len(os))
	for _, o := range os {
		v := outcomeView{Date: formatDate(o.Day), Type: humanize(o.Type),
			Before: formatMoney(o.ARRBefore, currency), After: formatMoney(o.ARRAfter, currency)}
		switch o.Type {
		case gtg.OutcomeRenewed, gtg.OutcomeExpanded, gtg.OutcomeResumed:
			v.Tone = "good"
		case gtg.OutcomeContracted, gtg.OutcomePaused:
			v.Tone = "warn"
		case gtg.OutcomeChurned:
			v.Tone = "bad"
		}
		if d := o.ARRAfter - o.ARRBefore; d > 0 {
			v.Delta = "+" + formatMoney(d, currency)
		} else if d < 0 {
			v.Delta = formatMoney(d, currency)
		}
		out = append(out, v)
	}
	return out
}

// auditChanges lists the fields an update changed ("arr: 100 → 120"),
// looking one level into objects such as the custom attributes. Before and
// After are JSON objects; a creation or deletion lists nothing, its action
// says it all, and text that is not an object is shown as it is.
func auditChanges(e gtg.AuditEntry) []string {
	if e.Before == "" || e.After == "" {
		return nil
	}
	var before, after map[string]any
	if json.Unmarshal([]byte(e.Before), &before) != nil || json.Unmarshal([]byte(e.After), &after) != nil {
		return []string{auditValue(e.Before) + " → " + auditValue(e.After)}
	}
	before, after = flatten(before), flatten(after)
	keys := slices.Sorted(maps.Keys(after))
	for k := range before {
		if _, ok := after[k]; !ok {
			keys = append(keys, k)
		}
	}
	var out []string
	for _, k := range keys {
		b, _ := json.Marshal(before[k])
		a, _ := json.Marshal(after[k])
		if string(a) == string(b) || k == "updated_at" || k == "created_at" {
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s → %s", k, auditValue(before[k]), auditValue(after[k])))
	}
	if len(out) > maxAuditFields {
		out = append(out[:maxAuditFields], fmt.Sprintf("and %d more", len(out)-maxAuditFields))
	}
	return out
}

// flatten lifts the fields of nested objects to "outer.inner" keys.
func flatten(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			for sk, sv := range sub {
				out[k+"."+sk] = sv
			}
			continue
		}
		out[k] = v
	}
	return out
}

func auditValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case float64:
		return formatNumber(x)
	case string:
		if x == "" {
			return "—"
		}
		if len(x) > 60 {
			return x[:57] + "…"
		}
		return x
	}
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:57]) + "…"
	}
	return string(b)
}

// healthOf returns the account's health for the page: the last chartDays of
// snapshots up to today, with the card that scored them.
func (s *server) healthOf(r *http.Request, a *gtg.Account, today gtg.Day) (*accountHealth, error) {
	ctx := r.Context()
	from := today.AddDays(1 - chartDays)
	hist, err := s.store.HealthHistory(ctx, a.ID, from, today)
	if err != nil || len(hist) == 0 {
		return nil, err
	}
	cards, err := health.Cards(ctx, s.store)
	if err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}
	trends, err := s.trends.Get(ctx, s.store, hist[len(hist)-1].Day)
	if err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}
	return accountHealthView(hist, cards, trends[a.ID], from, today), nil
}
