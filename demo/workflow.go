package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/backtest"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
)

// The save workflow of the demo is simulated from the same latent health as
// the data: an account that was green and slipped gets a plan a few days
// later, and the plan closes back to green on the day the health recovers,
// or with the churn or contraction that came first. Plans still open today
// are the ones in flight.
const (
	greenLevel = 0.62 // a week's mean latent health at or above this reads green
	slipLevel  = 0.48 // and below this, after being green, is a slip worth a plan

	maxClosedPlans   = 40 // the most recent closed plans kept, so playbook records are real
	maxOpenPlans     = 6  // plans in flight: a CSM's handful, one near green and one stalled
	maxRiskProfiles  = 25
	maxHandoffs      = 40
	maxRediscoveries = 3
)

// WorkflowStats counts what Workflow wrote.
type WorkflowStats struct {
	RiskProfiles, OpenPlans, ClosedPlans, Handoffs, Rediscoveries, Backtests int
	NearGreen, Stalled                                                       string // the accounts of those two plans in flight
}

// saveSim is what the workflow keeps of one simulated account.
type saveSim struct {
	s     *sim
	ext   string
	r     *rand.Rand
	plans []demoPlan
}

// demoPlan is one get-to-green plan the simulation says a CSM ran.
type demoPlan struct {
	acct       *saveSim
	start, end gtg.Day // end 0: still open
	outcome    string
	playbook   string
	reasons    []string
	onTrack    bool    // in flight and on top of its tasks (the one near green)
	score      float64 // today's health score when the portfolio is scored, else 0
}

// mean7 is the mean latent health of the week ending on d (NaN outside the simulation).
func (s *sim) mean7(d gtg.Day) float64 {
	var sum float64
	n := 0
	for x := d - 6; x <= d; x++ {
		if h := s.healthOn(x); !math.IsNaN(h) {
			sum += h
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// cause names the playbook and risk reasons for a slip on day d: the latest
// shock in the two months before it, or onboarding, or doubts about value.
func (s *sim) cause(d gtg.Day) (playbook string, reasons []string) {
	why := ""
	for _, sh := range s.shocks {
		if sh.day <= d && sh.day > d-60 && sh.total < 0 {
			why = sh.why
		}
	}
	switch {
	case why == "left":
		return "executive_realignment", []string{"champion_left"}
	case why == "csm_change":
		return "handoff_audit", []string{"am_change"}
	case why == "incident":
		return "support_engagement", []string{"support_volume", "support_resolution"}
	case d-s.start < 120:
		return "onboarding_education", []string{"onboarding_speed"}
	}
	return "value_reinforcement", []string{"roi_doubts"}
}

// slips finds the account's plans: each slip below slipLevel after a green
// week starts one, closed when the health is green again, or by a churn or
// contraction before that.
func (a *saveSim) slips(today gtg.Day) {
	s := a.s
	wasGreen := false
	for d := s.first + 7; d < today; d++ {
		if s.churnDay != 0 && d >= s.churnDay {
			return
		}
		m := s.mean7(d)
		if m >= greenLevel {
			wasGreen = true
			continue
		}
		if !wasGreen || m >= slipLevel {
			continue
		}
		p := demoPlan{acct: a, start: d.AddDays(between(a.r, 3, 10))}
		if p.start >= today {
			return
		}
		p.playbook, p.reasons = s.cause(d)
		for e := p.start + 1; e <= today && p.end == 0; e++ {
			switch {
			case s.churnDay != 0 && e >= s.churnDay:
				p.end, p.outcome = e, gtg.OutcomeChurned
			case s.mean7(e) >= greenLevel:
				p.end, p.outcome = e, gtg.OutcomeBackToGreen
			default:
				for _, o := range s.outcomes {
					if o.Day == e && (o.Type == gtg.OutcomeContracted || o.Type == gtg.OutcomePaused) {
						p.end, p.outcome = e, o.Type
					}
				}
			}
		}
		a.plans = append(a.plans, p)
		if p.end == 0 {
			return
		}
		d, wasGreen = p.end, p.outcome == gtg.OutcomeBackToGreen
	}
}

// Workflow writes the demo's save workflow on top of a portfolio Load wrote
// with the same cfg: risk profiles, plans in flight (one near green, one
// stalled) and closed plans with their outcomes, handoff forms, re-discovery
// answers and one saved backtest. It is deterministic for a seed and does
// nothing when the store already holds plans.
func Workflow(ctx context.Context, st *store.Store, cfg Config) (WorkflowStats, error) {
	var stats WorkflowStats
	if cfg.Today == 0 {
		cfg.Today = gtg.DayOf(st.Now().UTC())
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return stats, err
	}
	if have, err := st.Plans(ctx, gtg.PlanFilter{}); err != nil || len(have) > 0 {
		return stats, err
	}
	today := cfg.Today
	var accts []*saveSim
	var closed, open []demoPlan
	for i := range cfg.Accounts {
		s := simulate(cfg, i)
		a := &saveSim{s: s, ext: s.acct.ExternalID, r: newRand(cfg.Seed, i, streamSave)}
		a.slips(today)
		accts = append(accts, a)
		for _, p := range a.plans {
			if p.end == 0 {
				open = append(open, p)
			} else if p.start > cfg.firstDay()+30 {
				closed = append(closed, p)
			}
		}
	}
	// The most recent closed plans, then the plans in flight.
	sort.SliceStable(closed, func(i, j int) bool { return closed[i].end > closed[j].end })
	closed = closed[:min(len(closed), maxClosedPlans)]
	sort.SliceStable(closed, func(i, j int) bool { return closed[i].start < closed[j].start })
	if open, err = scoredOpen(ctx, st, open, today); err != nil {
		return stats, err
	}
	open = pickOpen(open, today)
	for _, p := range closed {
		if err := writePlan(ctx, st, p, today); err != nil {
			return stats, err
		}
		stats.ClosedPlans++
	}
	for i, p := range open {
		if err := writePlan(ctx, st, p, today); err != nil {
			return stats, err
		}
		switch i {
		case 0:
			stats.NearGreen = p.acct.ext
		case 1:
			stats.Stalled = p.acct.ext
		}
		stats.OpenPlans++
	}
	if stats.RiskProfiles, err = writeRisk(ctx, st, accts, open, today); err != nil {
		return stats, err
	}
	if stats.Handoffs, err = writeHandoffs(ctx, st, accts, cfg); err != nil {
		return stats, err
	}
	for _, p := range open[:min(len(open), maxRediscoveries)] {
		if err := writeRediscovery(ctx, st, p, today); err != nil {
			return stats, err
		}
		stats.Rediscoveries++
	}
	if stats.Backtests, err = writeBacktest(ctx, st, cfg); err != nil {
		return stats, err
	}
	return stats, nil
}

// scoredOpen keeps the plans in flight that today's health, when the
// portfolio is already scored (serve --demo scores before this), does not
// show green: the daily evaluation would close those at once. Each keeps its
// score for pickOpen.
func scoredOpen(ctx context.Context, st *store.Store, open []demoPlan, today gtg.Day) ([]demoPlan, error) {
	on, err := st.HealthOn(ctx, today)
	if err != nil || len(on) == 0 {
		return open, err
	}
	var out []demoPlan
	for _, p := range open {
		a, err := st.Account(ctx, p.acct.ext)
		if err != nil {
			return nil, err
		}
		if h := on[a.ID]; h != nil && h.Color != gtg.Green && h.Color != gtg.InsufficientData {
			p.score = h.Score
			out = append(out, p)
		}
	}
	return out, nil
}

// pickOpen chooses the plans in flight: first the one nearest green (by
// today's score when there is one, else by latent health), then the
// one whose health fell most over the last three weeks (stalled), then the
// largest accounts, all started at least two weeks ago.
func pickOpen(open []demoPlan, today gtg.Day) []demoPlan {
	var old []demoPlan
	for _, p := range open {
		if p.start <= today-21 {
			old = append(old, p)
		}
	}
	if len(old) == 0 {
		return nil
	}
	best := func(score func(p demoPlan) float64) demoPlan {
		k := 0
		for i := range old {
			if score(old[i]) > score(old[k]) {
				k = i
			}
		}
		p := old[k]
		old = append(old[:k], old[k+1:]...)
		return p
	}
	out := []demoPlan{best(func(p demoPlan) float64 { return p.score + p.acct.s.mean7(today) })}
	out[0].onTrack = true
	if len(old) > 0 {
		out = append(out, best(func(p demoPlan) float64 { return p.acct.s.mean7(today-21) - p.acct.s.mean7(today) }))
	}
	for len(old) > 0 && len(out) < maxOpenPlans {
		out = append(out, best(func(p demoPlan) float64 { return p.acct.s.acct.ARR }))
	}
	return out
}

// csmOn is the account's CSM on day d, as a user who may run its plans.
func (s *sim) csmOn(d gtg.Day) *gtg.User {
	email := s.owners[0].csm.email
	for _, o := range s.owners {
		if o.from <= d {
			email = o.csm.email
		}
	}
	return &gtg.User{Email: email, Role: gtg.UserCSM}
}

// lessons are what a CSM writes when closing a plan, by outcome.
var lessons = map[string][]string{
	gtg.OutcomeBackToGreen: {
		"Back to green once the new sponsor saw the usage report; keep the monthly value review.",
		"Training for the second team did it: active users recovered within weeks.",
		"Fixing the open tickets first bought the goodwill for the rest of the plan.",
		"A clear success plan agreed with the buyer turned it around.",
	},
	gtg.OutcomeChurned:    {"Lost: the budget went before we reached the economic buyer. Engage the buyer earlier.", "Churned to a competitor; we learned of the evaluation too late."},
	gtg.OutcomeContracted: {"Kept the account at fewer seats; the unused licences were the real problem.", "Contracted: the team that used us was cut."},
	gtg.OutcomePaused:     {"Paused for their reorganisation; follow up in the new quarter."},
}

// writePlan starts a plan on its start day, does its tasks as they fall due
// while it runs, and closes it with its outcome.
func writePlan(ctx context.Context, st *store.Store, p demoPlan, today gtg.Day) error {
	s := p.acct.s
	u := s.csmOn(p.start)
	pl, err := save.NewPlan(ctx, st, u, p.acct.ext, p.playbook, 0, p.start)
	if err != nil {
		return fmt.Errorf("demo plan for %s: %w", p.acct.ext, err)
	}
	reasons := p.reasons
	if _, err := save.EditPlan(ctx, st, u, pl.ID, gtg.PlanEdit{Reasons: &reasons}); err != nil {
		return fmt.Errorf("demo plan for %s: %w", p.acct.ext, err)
	}
	until := p.end
	if until == 0 {
		// In flight: the plan near green is on top of its tasks; the others
		// did the first half of what fell due, so the rest is overdue.
		until = p.start + (today-p.start)/2
		if p.onTrack {
			until = today
		}
	}
	done := gtg.TaskDone
	for _, t := range pl.Tasks {
		if t.Due > until || (p.end != 0 && p.acct.r.IntN(5) == 0) {
			continue
		}
		if _, err := save.UpdateTask(ctx, st, u, pl.ID, t.ID, gtg.TaskChange{Status: &done}, t.Due); err != nil {
			return fmt.Errorf("demo plan for %s: %w", p.acct.ext, err)
		}
	}
	if p.end == 0 {
		return nil
	}
	lesson := pick(p.acct.r, lessons[p.outcome])
	closed, err := save.ClosePlan(ctx, st, s.csmOn(p.end), pl.ID, gtg.PlanClose{Outcome: p.outcome, Lesson: lesson}, p.end)
	if err != nil {
		return fmt.Errorf("demo plan for %s: %w", p.acct.ext, err)
	}
	if p.outcome != gtg.OutcomeBackToGreen {
		return nil
	}
	// Back to green: its exit criteria were met that day, as the daily
	// evaluation would have recorded.
	for i := range closed.Objectives {
		o := &closed.Objectives[i]
		o.Met, o.MetOn, o.Detail = true, p.end, "green again on "+p.end.String()
	}
	return st.InTx(ctx, func(tx *store.Tx) error { return tx.SetObjectiveResults(ctx, closed.Objectives) })
}

// writeRisk records the CSMs' judgment: every account with a plan in flight,
// then the accounts whose health is lowest today, the level from the latent
// health (so it sometimes disagrees with what the data suggests).
func writeRisk(ctx context.Context, st *store.Store, accts []*saveSim, open []demoPlan, today gtg.Day) (int, error) {
	type judged struct {
		a       *saveSim
		reasons []string
	}
	var list []judged
	seen := map[string]bool{}
	for _, p := range open {
		list, seen[p.acct.ext] = append(list, judged{p.acct, p.reasons}), true
	}
	var low []*saveSim
	for _, a := range accts {
		if m := a.s.mean7(today); !seen[a.ext] && a.s.churnDay == 0 && m < slipLevel {
			low = append(low, a)
		}
	}
	sort.SliceStable(low, func(i, j int) bool { return low[i].s.mean7(today) < low[j].s.mean7(today) })
	for _, a := range low {
		if len(list) >= maxRiskProfiles {
			break
		}
		_, reasons := a.s.cause(today)
		list = append(list, judged{a, reasons})
	}
	for _, j := range list {
		level := gtg.RiskLow
		switch m := j.a.s.mean7(today); {
		case m < 0.35:
			level = gtg.RiskHigh
		case m < 0.5:
			level = gtg.RiskMedium
		}
		note := pick(j.a.r, []string{"Usage keeps sliding; the sponsor is hard to reach.", "They are reviewing all vendors this quarter.",
			"Support escalations are souring the relationship.", "Feels stable after the last call, keeping an eye on it."})
		if _, err := save.SetRisk(ctx, st, j.a.s.csmOn(today), j.a.ext, gtg.RiskChange{Level: level, Reasons: j.reasons, Note: note}); err != nil {
			return 0, fmt.Errorf("demo risk for %s: %w", j.a.ext, err)
		}
	}
	return len(list), nil
}

// handoffTexts are what the form's fields say when someone filled them in.
var handoffTexts = map[string][]string{
	"what_was_bought":      {"Enterprise plan, SSO and the reporting add-on", "Growth plan for the support team", "Starter plan, 20 seats, upgrade path discussed"},
	"business_objectives":  {"Cut onboarding time for new hires by half", "One view of customer health for leadership", "Replace three spreadsheets with one tool"},
	"technical_objectives": {"CRM sync nightly, SSO via Okta", "Import of five years of tickets", "API feed into their BI"},
	"success_criteria":     {"80% weekly active users by day 90", "First QBR shows time saved", "All regional teams live by the end of the quarter"},
	"timeline":             {"Live in 30 days, full rollout in 90", "Pilot team first, then everyone in Q2"},
	"stakeholders":         {"CFO signs; Head of Ops champions; IT owns SSO", "VP Support sponsors; two team leads run the rollout"},
	"promises_made":        {"A dedicated onboarding manager for the first month", "Custom export by launch", "Price held for two years"},
	"known_risks":          {"Their IT team is stretched", "The champion is new in role", "They trialled a competitor last year"},
}

// writeHandoffs records the sale-to-onboarding form of every contract that
// started in the history (the most recent maxHandoffs), and a form at each
// change of CSM. Accounts whose health starts low got the thinner forms.
func writeHandoffs(ctx context.Context, st *store.Store, accts []*saveSim, cfg Config) (int, error) {
	var hs []*gtg.Handoff
	for _, a := range accts {
		s := a.s
		if s.start >= cfg.firstDay() {
			h := &gtg.Handoff{AccountExt: a.ext, Kind: gtg.HandoffSaleToOnboarding, Day: s.start, From: s.acct.AccountExecutive, To: s.owners[0].csm.email}
			m := s.mean7(min(s.start.AddDays(30), cfg.Today))
			if math.IsNaN(m) {
				m = 0.5
			}
			fill(a.r, h, 0.3+0.7*m)
			hs = append(hs, h)
		}
		for k := 1; k < len(s.owners); k++ {
			if o := s.owners[k]; o.from >= cfg.firstDay() && o.from <= cfg.Today {
				h := &gtg.Handoff{AccountExt: a.ext, Kind: gtg.HandoffCSMChange, Day: o.from, From: s.owners[k-1].csm.email, To: o.csm.email}
				fill(a.r, h, 0.6)
				hs = append(hs, h)
			}
		}
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Day > hs[j].Day })
	hs = hs[:min(len(hs), maxHandoffs)]
	for _, h := range hs {
		if err := save.RecordHandoff(ctx, st, &gtg.User{Email: h.To, Role: gtg.UserCSM}, h); err != nil {
			return 0, fmt.Errorf("demo handoff for %s: %w", h.AccountExt, err)
		}
	}
	return len(hs), nil
}

// fill writes each knowledge field of a handoff with probability p.
func fill(r *rand.Rand, h *gtg.Handoff, p float64) {
	for _, f := range h.Fields() {
		if chance(r, p) {
			*f.Value = pick(r, handoffTexts[f.Key])
		}
	}
}

// rediscoveryAnswers are answers to the crisis questions, by whether they reveal a change.
var rediscoveryAnswers = map[string][2]string{
	"business_goals":   {"Same goals as at signing.", "New CEO: the priority moved from growth to cost."},
	"value_perception": {"They value the reporting.", "They doubt the ROI; nobody showed them the time saved."},
	"expectations":     {"Unchanged.", "They now expect us to cover the EMEA team too."},
	"communication":    {"Monthly call with the champion.", "The buyer wants a short written update, not meetings."},
	"key_challenges":   {"Hiring.", "A reorganisation; half the users moved teams."},
}

// writeRediscovery records a crisis re-discovery call a week into a plan in
// flight, with the account's decision maker when it has one.
func writeRediscovery(ctx context.Context, st *store.Store, p demoPlan, today gtg.Day) error {
	s := p.acct.s
	day := min(p.start.AddDays(7), today)
	r := &gtg.Rediscovery{AccountExt: p.acct.ext, Day: day, Questionnaire: save.DefaultQuestionnaire}
	for _, pp := range s.people {
		c := pp.c
		if pp.joined <= day && (pp.left == 0 || pp.left > day) && keyRole(c.Role) {
			r.Attendees = append(r.Attendees, gtg.Attendee{Name: c.Name, Email: c.Email, Title: c.Title,
				DecisionMaker: c.Role == gtg.RoleEconomicBuyer || c.Role == gtg.RoleExecutiveSponsor})
		}
	}
	if len(r.Attendees) == 0 {
		r.Attendees = []gtg.Attendee{{Name: "Operations lead"}}
	}
	keys := make([]string, 0, len(rediscoveryAnswers))
	for k := range rediscoveryAnswers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var changed []string
	for _, k := range keys {
		ch := chance(p.acct.r, 0.5)
		text := rediscoveryAnswers[k][0]
		if ch {
			text = rediscoveryAnswers[k][1]
			changed = append(changed, strings.ReplaceAll(k, "_", " "))
		}
		r.Answers = append(r.Answers, gtg.Answer{Question: k, Text: text, Changed: ch})
	}
	r.DesiredOutcome = "Show the value they get today and agree a plan with the buyer"
	if len(changed) > 0 {
		r.DesiredOutcome += " (changed: " + strings.Join(changed, ", ") + ")"
	}
	if err := save.RecordRediscovery(ctx, st, s.csmOn(day), r, nil); err != nil {
		return fmt.Errorf("demo re-discovery for %s: %w", p.acct.ext, err)
	}
	return nil
}

// writeBacktest replays the scorecards in force over the history, as the
// backtest page's button does, and saves the report. There is none when the
// history is too short for a 90-day horizon.
func writeBacktest(ctx context.Context, st *store.Store, cfg Config) (int, error) {
	cards, err := health.Cards(ctx, st)
	if err != nil {
		return 0, err
	}
	o := backtest.Options{Cards: cards, Horizon: 90, Every: 30, To: cfg.Today - 90, Seed: 1}
	o.From = max(o.To-365, cfg.firstDay()+30)
	if o.From > o.To {
		return 0, nil
	}
	rp, err := backtest.Run(ctx, st, o)
	if err != nil {
		return 0, fmt.Errorf("demo backtest: %w", err)
	}
	rep := rp.Report()
	b, err := json.Marshal(rep)
	if err != nil {
		return 0, err
	}
	if _, err := st.SaveBacktest(ctx, Actor, strings.Join(rep.Cards, ", "), b); err != nil {
		return 0, err
	}
	return 1, nil
}
