package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
)

// retentionRow is one line of the retention table: a group or the total.
type retentionRow struct {
	Key                       string
	Accounts, Retained        int
	ARRFrom, ARRTo, ARRAtRisk string
	GRR, NRR, Logos, SaveRate string
	Plans                     string // "3 of 4"
}

func retentionRowOf(key string, f retention.Figures) retentionRow {
	return retentionRow{Key: key, Accounts: f.Accounts, Retained: f.Retained, ARRFrom: formatMoneyShort(f.ARRFrom, ""),
		ARRTo: formatMoneyShort(f.ARRTo, ""), ARRAtRisk: formatMoneyShort(f.ARRAtRisk, ""), GRR: pctOf(f.GRR), NRR: pctOf(f.NRR),
		Logos: pctOf(f.LogoRetention), SaveRate: pctOf(f.SaveRate), Plans: fmt.Sprintf("%d of %d", f.PlansRetained, f.PlansClosed)}
}

type retentionPage struct {
	basePage
	From, To, By     string
	Groupings        []string
	Total            retentionRow
	Groups           []retentionRow
	Chart            string
	CSVURL, MonthURL string
}

// retentionShow is GRR, NRR, logo retention, save rate and ARR at risk for
// a period (default: the last twelve months), by segment, owner or cohort,
// with the period month by month.
func (s *server) retentionShow(w http.ResponseWriter, r *http.Request) error {
	today := gtg.DayOf(s.now())
	from, to, err := periodParams(r, retentionChartStart(today), today)
	if err != nil {
		return err
	}
	by := r.URL.Query().Get("by")
	if by == "" {
		by = retention.BySegment
	}
	if !slices.Contains(retention.Groupings, by) {
		return gtg.Errorf(gtg.EINVALID, "by: %q is not one of segment, owner, cohort", by)
	}
	m, err := retention.Load(r.Context(), s.store, from, to, by)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	months, err := retention.LoadMonthly(r.Context(), s.store, from, to)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	q := url.Values{"from": {from.String()}, "to": {to.String()}, "by": {by}}
	p := retentionPage{basePage: s.base(r, "Retention", "dashboard"), From: from.String(), To: to.String(), By: by,
		Groupings: retention.Groupings, Total: retentionRowOf("All accounts", m.Figures),
		CSVURL: "/retention/groups.csv?" + q.Encode(), MonthURL: "/retention.csv?from=" + from.String() + "&to=" + to.String()}
	for _, g := range m.Groups {
		p.Groups = append(p.Groups, retentionRowOf(g.Key, g.Figures))
	}
	ch := rchart{Labels: []string{"GRR", "NRR"}, Kinds: []string{"line", "line"}, Format: "pct", Series: [][]retention.Ratio{{}, {}}}
	for _, mo := range months {
		d, _ := gtg.ParseDay(mo.Month + "-01")
		ch.X = append(ch.X, d.Time().Unix())
		ch.Series[0] = append(ch.Series[0], mo.GRR)
		ch.Series[1] = append(ch.Series[1], mo.NRR)
	}
	p.Chart = ch.json()
	return s.page(w, http.StatusOK, "retention", p)
}

// retentionGroupsCSV exports the metrics of a period by group.
func (s *server) retentionGroupsCSV(w http.ResponseWriter, r *http.Request) error {
	today := gtg.DayOf(s.now())
	from, to, err := periodParams(r, retentionChartStart(today), today)
	if err != nil {
		return err
	}
	by := r.URL.Query().Get("by")
	m, err := retention.Load(r.Context(), s.store, from, to, by)
	if err != nil {
		return fmt.Errorf("retention export: %w", err)
	}
	out := [][]string{{"group", "accounts", "retained", "arr_from", "arr_to", "arr_kept", "grr", "nrr", "logo_retention",
		"plans_closed", "plans_retained", "save_rate", "arr_at_risk"}}
	row := func(key string, f retention.Figures) []string {
		return []string{key, strconv.Itoa(f.Accounts), strconv.Itoa(f.Retained), fnum(f.ARRFrom), fnum(f.ARRTo), fnum(f.ARRKept),
			fratio(f.GRR), fratio(f.NRR), fratio(f.LogoRetention), strconv.Itoa(f.PlansClosed), strconv.Itoa(f.PlansRetained),
			fratio(f.SaveRate), fnum(f.ARRAtRisk)}
	}
	for _, g := range m.Groups {
		out = append(out, row(g.Key, g.Figures))
	}
	out = append(out, row("(all)", m.Figures))
	return writeCSV(w, "retention-by-"+by+"-"+from.String()+"-"+to.String()+".csv", out)
}
