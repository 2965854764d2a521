package web

import (
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// sharedPlanPage is the customer's read-only view of a plan, through a
// secret link: what both sides committed to, and nothing internal.
type sharedPlanPage struct {
	basePage
	Plan       *save.SharedPlan
	Open       bool
	Started    string
	Target     string
	DaysLeft   string
	Late       bool
	Bar        progressBar
	Met, Goals int
	Ours       []sharedTaskView
	Theirs     []sharedTaskView
}

type sharedTaskView struct {
	Title, Owner, Due, Status string
	Done, Overdue             bool
}

// sharedPlan serves /shared/plans/{secret} to anyone with the link, signed
// in or not; a wrong or revoked secret is a plain "not found".
func (s *server) sharedPlan(w http.ResponseWriter, r *http.Request) error {
	today := gtg.DayOf(s.now())
	sp, err := save.PlanByShare(r.Context(), s.store, r.PathValue("secret"), today)
	if err != nil {
		if gtg.ErrorCode(err) == gtg.ENOTFOUND {
			return gtg.Errorf(gtg.ENOTFOUND, "This link does not work: it may have been revoked. Ask your contact for a new one.")
		}
		return err
	}
	p := sharedPlanPage{basePage: s.base(r, "Our plan · "+sp.AccountName, ""), Plan: sp, Open: sp.Status == gtg.PlanOpen,
		Started: formatDate(sp.StartedOn), Target: formatDate(sp.TargetDate), Bar: barOf(sp.Progress), Goals: len(sp.Objectives)}
	// The customer's page shows neither who is signed in nor our navigation.
	p.User, p.CSRF = nil, ""
	if p.Open && sp.TargetDate != 0 {
		p.DaysLeft, p.Late = daysLeftText(sp.Progress.DaysLeft), sp.Progress.DaysLeft < 0
	}
	for _, g := range sp.Objectives {
		if g.Met {
			p.Met++
		}
	}
	for _, t := range sp.Tasks {
		v := sharedTaskView{Title: t.Title, Owner: t.Owner, Due: formatDate(t.Due), Status: t.Status, Done: t.Status == gtg.TaskDone,
			Overdue: t.Status != gtg.TaskDone && t.Due != 0 && t.Due < today}
		if t.OwnerSide == gtg.SideCustomer {
			p.Theirs = append(p.Theirs, v)
		} else {
			p.Ours = append(p.Ours, v)
		}
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	return s.page(w, http.StatusOK, "shared_plan", p)
}
