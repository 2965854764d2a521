package web

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// accountSummary is the one-screen summary at the top of an account's page:
// health and its trend, ARR and renewal, the champion and the economic
// buyer, open alerts, the risk level and the active plan.
type accountSummary struct {
	Badge         healthBadge
	Trend         string // "falling, −0.42 a day"
	Change30      scoreChange
	ARR           string
	Renewal       renewal
	Champion      stakeholder
	Buyer         stakeholder
	Alerts        int
	AlertsHigh    int
	Level         riskLevel
	Plan          *planRow
	StartPlanURL  string // when there is no open plan and the user may start one
	Scored        bool
	RenewalAtRisk bool // renewal within 90 days and not green
}

// stakeholder is a key contact's standing: who, and whether they are still there.
type stakeholder struct {
	Name, Status, Tone string // Tone: good, bad, warn
}

// stakeholderOf finds the account's contact in a role: the active one,
// else the one who left, else none.
func stakeholderOf(cs []contactView, role string) stakeholder {
	var left *contactView
	for i := range cs {
		c := &cs[i]
		if c.Role != role {
			continue
		}
		if c.Left == "" {
			return stakeholder{Name: c.Name, Status: "active", Tone: "good"}
		}
		if left == nil {
			left = c
		}
	}
	if left != nil {
		return stakeholder{Name: left.Name, Status: left.Left, Tone: "bad"}
	}
	return stakeholder{Name: "none named", Tone: "warn"}
}

// accountSummaryOf builds the summary from what the page already holds.
func (s *server) accountSummaryOf(ctx context.Context, p *accountShowPage, today gtg.Day) (*accountSummary, error) {
	a := p.A
	v := &accountSummary{ARR: p.ARR, Renewal: p.Renewal, Champion: stakeholderOf(p.Contacts, gtg.RoleChampion),
		Buyer: stakeholderOf(p.Contacts, gtg.RoleEconomicBuyer)}
	for _, al := range p.Alerts {
		if al.Status == gtg.AlertSnoozed {
			continue
		}
		v.Alerts++
		if al.Severity == gtg.SeverityHigh {
			v.AlertsHigh++
		}
	}
	if h := p.Health; h != nil {
		v.Scored, v.Badge = true, h.Badge
		if h.Badge.Movement != "" {
			v.Trend = trendWord(h.Badge.Movement)
		}
		day, err := s.store.LatestHealthDay(ctx)
		if err != nil {
			return nil, err
		}
		ch, err := s.scoreChanges(ctx, day)
		if err != nil {
			return nil, err
		}
		v.Change30 = ch.of(a.ID, 30)
		if t, err := s.trends.Get(ctx, s.store, day); err == nil && t[a.ID] != nil && v.Trend != "" {
			v.Trend += fmt.Sprintf(", %+.2f a day", t[a.ID].Slope30)
		}
		v.RenewalAtRisk = p.Renewal.Days >= 0 && p.Renewal.Days <= 90 && a.RenewalDate != 0 && h.Badge.Color != gtg.Green
	}
	if sv := p.Save; sv != nil {
		v.Level, v.Plan = sv.Level, sv.Plan
		if sv.Plan == nil && sv.CanEdit {
			v.StartPlanURL = sv.URL + "/plans/new"
		}
	}
	return v, nil
}
