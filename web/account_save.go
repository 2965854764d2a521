package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// accountSave is the save workflow on an account's page: its risk beside
// the data's suggestion, the open plan or the way to start one, "let it
// churn", and the latest handoff and re-discovery call.
type accountSave struct {
	URL, CSRF          string
	CanEdit, IsManager bool
	Level              riskLevel
	Reasons            []reasonTag
	Note, SetBy, SetAt string
	FromRediscovery    bool
	Suggested          riskLevel
	Why                string
	Disagreement       string
	DisText            string
	Churn              *churnRow
	Plan               *planRow // the open plan
	LastPlan           *planRow // else the newest closed one
	Plans              int      // plans ever
	Form               riskForm
	Playbooks          []playbookOpt
	Handoff            *handoffView
	Handoffs           int
	Call               *callView
	Calls              int
}

// accountSaveOf builds the card for an account's page.
func (s *server) accountSaveOf(r *http.Request, a *gtg.Account, b basePage) (*accountSave, error) {
	ctx := r.Context()
	today := gtg.DayOf(s.now())
	v, err := save.Risk(ctx, s.store, a.ExternalID)
	if err != nil {
		return nil, fmt.Errorf("risk: %w", err)
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return nil, err
	}
	c := &accountSave{URL: accountURL(a.ExternalID), CSRF: b.CSRF, CanEdit: canWrite(b.User), IsManager: isManager(b.User),
		Level: levelOf(v.Level), Reasons: tax.tags(v.Reasons), Suggested: levelOf(v.Suggested.Level),
		Why: strings.Join(v.Suggested.Why, "; "), Disagreement: v.Disagreement, DisText: disagreementText(v.Disagreement)}
	if v.Suggested.Level == "" {
		c.Suggested = riskLevel{Level: "none", Label: "Too little data"}
	}
	if cur := v.Current; cur != nil {
		c.Note, c.SetBy, c.SetAt = cur.Note, cur.SetBy, cur.SetAt.UTC().Format("2 Jan 2006")
		c.FromRediscovery = cur.Source == gtg.RiskSourceRediscovery
	}
	if d := v.Churn; d != nil {
		c.Churn = &churnRow{Reason: d.Reason, By: d.DecidedBy, At: d.DecidedAt.UTC().Format("2 Jan 2006"), Active: true}
	}
	c.Form = riskFormFor(tax, v.Current, nil)
	c.Form.Action, c.Form.CSRF = c.URL+"/risk", b.CSRF

	plans, err := save.Plans(ctx, s.store, gtg.PlanFilter{AccountID: a.ID})
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	c.Plans = len(plans)
	names, err := s.playbookNames(ctx)
	if err != nil {
		return nil, err
	}
	for _, pl := range plans { // open ones first, then newest
		if pl.Status == gtg.PlanOpen && c.Plan != nil || pl.Status != gtg.PlanOpen && (c.Plan != nil || c.LastPlan != nil) {
			continue
		}
		pr, err := save.Progress(ctx, s.store, pl, today)
		if err != nil {
			return nil, fmt.Errorf("plan %d: %w", pl.ID, err)
		}
		row := planRowOf(pl, pr, names)
		if row.Open {
			c.Plan = &row
		} else {
			c.LastPlan = &row
		}
	}
	if c.Plan == nil && c.CanEdit {
		if c.Playbooks, err = s.playbookOptions(ctx, tax, v.Reasons); err != nil {
			return nil, err
		}
	}
	hs, err := save.Handoffs(ctx, s.store, a.ExternalID)
	if err != nil {
		return nil, fmt.Errorf("handoffs: %w", err)
	}
	if c.Handoffs = len(hs); len(hs) > 0 {
		h := handoffViewOf(hs[0])
		c.Handoff = &h
	}
	calls, err := save.Rediscoveries(ctx, s.store, a.ExternalID)
	if err != nil {
		return nil, fmt.Errorf("re-discoveries: %w", err)
	}
	if c.Calls = len(calls); len(calls) > 0 {
		rd := calls[0]
		c.Call = &callView{Date: formatDate(rd.Day), By: rd.CreatedBy, DecisionMaker: rd.DecisionMakerPresent(), Changed: len(rd.Changed()),
			Outcome: rd.DesiredOutcome, RiskSet: rd.RiskProfileID != 0}
	}
	return c, nil
}
