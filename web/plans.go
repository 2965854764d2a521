package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// plansPage is every get-to-green plan, for a manager to see each save in flight.
type plansPage struct {
	basePage
	Status, Owner, Playbook string
	Stalled                 bool
	StatusChips             []chip
	StalledChip             chip
	Owners                  []string
	Playbooks               []keyName
	Rows                    []planRow
	// Over every open plan, whatever the filters.
	OpenCount, StalledCount, OverdueTasks int
	OpenARR                               string
	ReachedGreen                          int // open plans already seen green
	Scope                                 ownerScope
	OwnerOptions                          []ownerOption
	Count                                 int // plans the filters match; Rows holds the first
	More                                  *moreLink
}

// planRows is how many plans the list shows before "Show more".
const planRows = 20

type keyName struct{ Key, Name string }

func (s *server) plansList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := plansPage{basePage: s.base(r, "Plans", "plans"), Status: q.Get("status"),
		Playbook: q.Get("playbook"), Stalled: q.Get("stalled") == "1"}
	sc, acctOwners, err := s.scope(ctx, r, p.User)
	if err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	p.Scope, p.Owner = sc, sc.Owner
	if p.Status != "closed" && p.Status != "all" {
		p.Status = "open"
	}
	today := gtg.DayOf(s.now())
	all, err := save.Plans(ctx, s.store, gtg.PlanFilter{})
	if err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	names, err := s.playbookNames(ctx)
	if err != nil {
		return err
	}
	arr, err := s.briefsByID(ctx, "")
	if err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	owners, playbooks := map[string]bool{}, map[string]bool{}
	for _, o := range acctOwners {
		owners[o] = true
	}
	limit := shownLimit(r, "n", planRows, len(all))
	var openARR float64
	var currency string
	for _, pl := range all {
		if pl.Owner != "" {
			owners[pl.Owner] = true
		}
		if pl.Playbook != "" {
			playbooks[pl.Playbook] = true
		}
		open := pl.Status == gtg.PlanOpen
		if open {
			p.OpenCount++
			if a := arr[pl.AccountID]; a != nil {
				openARR += a.ARR
				currency = a.Currency
			}
			if pl.AdjustSince != 0 {
				p.StalledCount++
			}
			if pl.GreenOn != 0 {
				p.ReachedGreen++
			}
			for _, t := range pl.Tasks {
				if t.Overdue(today) {
					p.OverdueTasks++
				}
			}
		}
		switch {
		case p.Status == "open" && !open, p.Status == "closed" && open:
			continue
		case p.Owner != "" && pl.Owner != p.Owner:
			continue
		case p.Playbook != "" && pl.Playbook != p.Playbook:
			continue
		case p.Stalled && !(open && pl.AdjustSince != 0):
			continue
		}
		p.Count++
		if len(p.Rows) >= limit {
			continue
		}
		pr, err := save.Progress(ctx, s.store, pl, today)
		if err != nil {
			return fmt.Errorf("plans: %w", err)
		}
		row := planRowOf(pl, pr, names)
		if a := arr[pl.AccountID]; a != nil {
			row.ARR = formatMoneyShort(a.ARR, a.Currency)
		}
		p.Rows = append(p.Rows, row)
	}
	p.OpenARR = formatMoneyShort(openARR, currency)
	for o := range owners {
		p.Owners = append(p.Owners, o)
	}
	slices.Sort(p.Owners)
	p.OwnerOptions = ownerOptions(sc, p.Owners)
	p.More = more(r, "n", "plan-list", len(p.Rows), p.Count, planRows)
	for k := range playbooks {
		p.Playbooks = append(p.Playbooks, keyName{Key: k, Name: names[k]})
	}
	slices.SortFunc(p.Playbooks, func(a, b keyName) int { return strings.Compare(a.Name+a.Key, b.Name+b.Key) })

	link := func(status string, stalled bool) string {
		v := url.Values{}
		if status != "open" {
			v.Set("status", status)
		}
		sc.set(v)
		if p.Playbook != "" {
			v.Set("playbook", p.Playbook)
		}
		if stalled {
			v.Set("stalled", "1")
		}
		if len(v) == 0 {
			return "/plans"
		}
		return "/plans?" + v.Encode()
	}
	for _, st := range []struct{ key, label string }{{"open", "Open"}, {"closed", "Closed"}, {"all", "All"}} {
		p.StatusChips = append(p.StatusChips, chip{Label: st.label, URL: link(st.key, p.Stalled && st.key != "closed"), Active: p.Status == st.key})
	}
	p.StalledChip = chip{Label: "Stalled only", URL: link(p.Status, !p.Stalled), Active: p.Stalled, Count: p.StalledCount}
	return s.page(w, http.StatusOK, "plans", p)
}
