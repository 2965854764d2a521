package save

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// MinImprovement is how many health points above the best score since the
// stall clock started count as an improvement: smaller wiggles are noise.
const MinImprovement = 1.0

// evaluator is the actor the audit log names for automatic plan changes.
const evaluator = "gtg"

// PlanCheck is what evaluating one open plan found.
type PlanCheck struct {
	PlanID     int64  `json:"plan_id"`
	AccountExt string `json:"account_id"`
	Objectives int    `json:"objectives"`
	Met        int    `json:"met"`
	Closed     bool   `json:"closed"` // all objectives met and the account green: closed back to green
	// Green is whether the account's latest health on the day is green; a plan
	// whose objectives are all met stays open until it is.
	Green       bool    `json:"green"`
	Stalled     bool    `json:"stalled"`
	AdjustSince gtg.Day `json:"adjust_since,omitempty"`
	LastImprove gtg.Day `json:"last_improvement"`
}

// EvaluatePlans evaluates every open plan started on or before day against
// the account's health and usage as of day: it records which objectives are
// met, the first day the account was green, and the "adjust the plan" prompt
// when the health has not improved by MinImprovement for the plan's stall
// days since the later of its start and its last adjustment. A plan whose
// objectives (at least one) are all met closes as back to green, but only
// while the account's health is green: objectives a person set may not ask
// for health at all, and a yellow account is not back to green. now stamps
// the audit entries. Checks come in plan order. Call it after each day's scoring.
func EvaluatePlans(ctx context.Context, st *store.Store, day gtg.Day, now time.Time) ([]PlanCheck, error) {
	plans, err := st.Plans(ctx, gtg.PlanFilter{Status: gtg.PlanOpen})
	if err != nil {
		return nil, err
	}
	keys, err := st.MetricKeys(ctx)
	if err != nil {
		return nil, err
	}
	sort.Slice(plans, func(i, j int) bool { return plans[i].ID < plans[j].ID })
	var out []PlanCheck
	for _, p := range plans {
		if p.StartedOn > day {
			continue
		}
		c, err := evaluatePlan(ctx, st, p, keys, day, now)
		if err != nil {
			return out, fmt.Errorf("evaluate plan %d of %s: %w", p.ID, p.AccountExt, err)
		}
		out = append(out, c)
	}
	return out, nil
}

func evaluatePlan(ctx context.Context, st *store.Store, p *gtg.Plan, keys []string, day gtg.Day, now time.Time) (PlanCheck, error) {
	c := PlanCheck{PlanID: p.ID, AccountExt: p.AccountExt, Objectives: len(p.Objectives)}
	acct, err := st.AccountByID(ctx, p.AccountID)
	if err != nil {
		return c, err
	}
	hist, err := st.HealthHistory(ctx, p.AccountID, p.StartedOn-31, day)
	if err != nil {
		return c, err
	}
	facts := Facts{Day: day, StartedOn: p.StartedOn, Account: acct, Series: map[string]gtg.Series{}}
	if len(hist) > 0 {
		facts.Health = hist[len(hist)-1]
	}
	crits := make([]*Criterion, len(p.Objectives))
	var metrics []string
	for i, o := range p.Objectives {
		if crits[i], err = CompileCriterion(o.Criterion, keys); err == nil {
			for _, m := range crits[i].Metrics() {
				if !slicesHas(metrics, m) {
					metrics = append(metrics, m)
				}
			}
		}
	}
	if len(metrics) > 0 {
		ss, err := st.Series(ctx, p.AccountID, metrics, day-CriteriaWindow+1, day)
		if err != nil {
			return c, err
		}
		for _, s := range ss {
			facts.Series[s.Key] = s
		}
	}
	var details []string
	for i := range p.Objectives {
		o := &p.Objectives[i]
		met, detail := false, "criterion does not compile any more"
		if crits[i] != nil {
			if met, detail, err = crits[i].Eval(facts); err != nil {
				met, detail = false, gtg.ErrorMessage(err)
			}
		}
		switch {
		case met && !o.Met:
			o.MetOn = day
		case !met:
			o.MetOn = 0
		}
		o.Met, o.Detail = met, detail
		if met {
			c.Met++
		}
		details = append(details, o.Title+" ("+detail+")")
	}
	if h := facts.Health; h != nil && h.Color == gtg.Green && h.Day >= p.StartedOn && p.GreenOn == 0 {
		p.GreenOn = h.Day
	}
	clock := max(p.StartedOn, p.AdjustedOn)
	c.LastImprove = LastImprovement(hist, clock, day)
	c.Stalled = day-c.LastImprove >= gtg.Day(p.StallDays)
	raised := false
	if c.Stalled && p.AdjustSince == 0 {
		p.AdjustSince, raised = c.LastImprove.AddDays(p.StallDays), true
	} else if !c.Stalled {
		p.AdjustSince = 0
	}
	c.AdjustSince = p.AdjustSince
	p.EvaluatedOn = day
	c.Green = facts.Health != nil && facts.Health.Color == gtg.Green
	if c.Objectives > 0 && c.Met == c.Objectives && c.Green {
		closePlan(p, gtg.OutcomeBackToGreen, "Exit criteria met on "+day.String()+": "+strings.Join(details, "; "), evaluator, day)
		c.Closed, c.AdjustSince = true, 0
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetObjectiveResults(ctx, p.Objectives); err != nil {
			return err
		}
		if err := tx.UpdatePlan(ctx, p); err != nil {
			return err
		}
		switch {
		case c.Closed:
			return tx.Audit(ctx, gtg.AuditEntry{At: now, Actor: evaluator, Action: "close", Entity: "plan", EntityID: fmt.Sprint(p.ID),
				After: fmt.Sprintf(`{"outcome":%q,"closed_on":%q}`, p.Outcome, day)})
		case raised:
			return tx.Audit(ctx, gtg.AuditEntry{At: now, Actor: evaluator, Action: "adjust_prompt", Entity: "plan", EntityID: fmt.Sprint(p.ID),
				After: fmt.Sprintf(`{"adjust_since":%q,"last_improvement":%q}`, p.AdjustSince, c.LastImprove)})
		}
		return nil
	})
	return c, err
}

// LastImprovement returns the last day, after clock and up to day, on which
// the health score rose at least MinImprovement above the best score since
// clock, or clock itself when it never did. The best score starts at the
// newest score on or before clock (else the first one after it);
// insufficient-data snapshots are skipped. hist is oldest first.
func LastImprovement(hist []*gtg.Health, clock, day gtg.Day) gtg.Day {
	best, last := math.NaN(), clock
	for _, h := range hist {
		if h.Color == gtg.InsufficientData || h.Day > day {
			continue
		}
		switch {
		case h.Day <= clock || math.IsNaN(best):
			best = h.Score
		case h.Score >= best+MinImprovement:
			best, last = h.Score, h.Day
		}
	}
	return last
}

// Progress returns how an open or closed plan is tracking as of today:
// tasks done and overdue, objectives met, days to the target, and the health
// trajectory since the plan started.
func Progress(ctx context.Context, st *store.Store, p *gtg.Plan, today gtg.Day) (*gtg.PlanProgress, error) {
	end := today
	if p.ClosedOn != 0 && p.ClosedOn < end {
		end = p.ClosedOn
	}
	hist, err := st.HealthHistory(ctx, p.AccountID, p.StartedOn-31, end)
	if err != nil {
		return nil, err
	}
	pr := &gtg.PlanProgress{Day: today, TasksTotal: len(p.Tasks), Trajectory: []gtg.ScorePoint{}}
	if p.TargetDate != 0 {
		pr.DaysLeft = int(p.TargetDate - today)
	}
	for _, t := range p.Tasks {
		if t.Status == gtg.TaskDone {
			pr.TasksDone++
		}
		if t.Overdue(today) {
			pr.TasksOverdue++
		}
	}
	for _, o := range p.Objectives {
		if o.Met {
			pr.ObjectivesMet++
		}
	}
	for _, h := range hist {
		if h.Color == gtg.InsufficientData {
			continue
		}
		score := h.Score
		if h.Day <= p.StartedOn {
			pr.StartScore = &score
		}
		if h.Day >= p.StartedOn {
			pr.Trajectory = append(pr.Trajectory, gtg.ScorePoint{Day: h.Day, Score: h.Score, Color: h.Color})
			pr.Score = &score
		}
	}
	if pr.StartScore == nil && len(pr.Trajectory) > 0 {
		first := pr.Trajectory[0].Score
		pr.StartScore = &first
	}
	if pr.Score == nil {
		pr.Score = pr.StartScore
	}
	return pr, nil
}
