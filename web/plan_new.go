package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// playbookOpt is a playbook offered for a new plan, suggested when it
// answers the account's risk reasons.
type playbookOpt struct {
	Key, Name, Description string
	Tasks, TargetDays      int
	Suggested              bool
	Match                  []string // the account's reasons it answers
	Rec                    recordView
	score                  float64
}

// playbookOptions lists the playbooks for an account whose current reasons
// are reasons (primary first): those answering the primary reason first,
// then by how many reasons they answer, then those for the same stages.
func (s *server) playbookOptions(ctx context.Context, tax *taxonomy, reasons []string) ([]playbookOpt, error) {
	pbs, err := save.Playbooks(ctx, s.store)
	if err != nil {
		return nil, err
	}
	recs, err := save.PlaybookRecords(ctx, s.store)
	if err != nil {
		return nil, err
	}
	var out []playbookOpt
	for _, pb := range pbs {
		o := playbookOpt{Key: pb.Key, Name: pb.Name, Description: pb.Description, Tasks: len(pb.Tasks), TargetDays: pb.TargetDays, Rec: recordOf(recs[pb.Key])}
		if o.TargetDays == 0 {
			o.TargetDays = save.DefaultTargetDays
		}
		for i, k := range reasons {
			switch {
			case containsStr(pb.Reasons, k):
				o.score += 1
				if i == 0 {
					o.score += 2
				}
				o.Match = append(o.Match, tax.label(k))
			case containsStr(pb.Stages, tax.stages[k]):
				o.score += 0.25
			}
		}
		o.Suggested = o.score >= 1
		out = append(out, o)
	}
	slices.SortStableFunc(out, func(a, b playbookOpt) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	return out, nil
}

// planNewPage is where a plan starts: the account's reasons and the
// playbooks that answer them.
type planNewPage struct {
	basePage
	A        *gtg.Account
	URL      string
	CanEdit  bool
	Reasons  []reasonTag
	Options  []playbookOpt
	Chosen   string
	Target   string
	Err      string
	OpenPlan string
}

func (s *server) planNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanNew(w, r, http.StatusOK, "")
}

func (s *server) renderPlanNew(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
	ctx := r.Context()
	a, err := s.store.Account(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	var reasons []string
	if rp, err := s.store.RiskProfile(ctx, a.ID); err == nil {
		reasons = rp.Reasons
	} else if gtg.ErrorCode(err) != gtg.ENOTFOUND {
		return err
	}
	p := planNewPage{basePage: s.base(r, "New plan · "+a.Name, "plans"), A: a, URL: accountURL(a.ExternalID), Reasons: tax.tags(reasons), Err: errMsg}
	p.CanEdit = canWrite(p.User)
	if p.Options, err = s.playbookOptions(ctx, tax, reasons); err != nil {
		return err
	}
	if errMsg != "" {
		p.Chosen, p.Target = r.PostFormValue("playbook"), r.PostFormValue("target")
	} else if k := r.URL.Query().Get("playbook"); k != "" {
		p.Chosen = k // suggested by an alert
	} else if len(p.Options) > 0 && p.Options[0].Suggested {
		p.Chosen = p.Options[0].Key
	}
	open, err := save.Plans(ctx, s.store, gtg.PlanFilter{AccountID: a.ID, Status: gtg.PlanOpen})
	if err != nil {
		return err
	}
	if len(open) > 0 {
		p.OpenPlan = planURL(open[0].ID)
	}
	return s.page(w, status, "plan_new", p)
}

// planCreate starts a plan for an account from the chosen playbook ("" for
// a blank plan) and opens it.
func (s *server) planCreate(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	target, err := dayField(f, "target")
	var pl *gtg.Plan
	if err == nil {
		pl, err = save.NewPlan(r.Context(), s.store, currentUser(r), r.PathValue("id"), f.Get("playbook"), target, gtg.DayOf(s.now()))
	}
	if err != nil {
		if gtg.ErrorCode(err) == gtg.ENOTFOUND && f.Get("playbook") != "" {
			if _, aerr := s.store.Account(r.Context(), r.PathValue("id")); aerr == nil {
				// The account is there: it is the playbook that is not, a mistake in the form.
				return s.renderPlanNew(w, r, http.StatusBadRequest, gtg.ErrorMessage(err))
			}
		}
		if status, msg, ok := personError(err); ok {
			return s.renderPlanNew(w, r, status, msg)
		}
		return err
	}
	return seeOther(w, r, planURL(pl.ID))
}
