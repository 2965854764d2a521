package gtg

import "time"

// Standup is what changed in the portfolio since the last review: the daily
// list a CS team goes through while the situation is fluid.
type Standup struct {
	Day   Day       `json:"date"`
	Since time.Time `json:"since"` // changes after this moment are listed
	// ColorsSince is the scored day whose colors the color changes compare against.
	ColorsSince      Day                `json:"colors_since"`
	ColorsOn         Day                `json:"colors_on"`
	LastReview       *StandupReview     `json:"last_review"`
	BecameHighRisk   []RiskMove         `json:"became_high_risk"`
	LevelChanges     []RiskMove         `json:"level_changes"`
	ColorChanges     []ColorChange      `json:"color_changes"`
	NewAlerts        []StandupAlert     `json:"new_alerts"`
	StalledPlans     []StalledPlan      `json:"plans_stalled"`
	OverdueTasks     []OverdueTask      `json:"tasks_overdue"`
	RenewalsNotGreen []RenewalAtRisk    `json:"renewals_not_green"`
	ARRByRisk        map[string]float64 `json:"arr_by_risk"` // high, medium, low and none
	// OffersPending are the save-ladder offers waiting for a manager's
	// approval, oldest first; FollowUpsMissed the follow-ups open past their due day.
	OffersPending   []*Offer    `json:"offers_pending_approval"`
	FollowUpsMissed []*FollowUp `json:"followups_missed"`
}

// AccountRef names an account in a report.
type AccountRef struct {
	AccountExt string  `json:"account_id"`
	Name       string  `json:"account_name"`
	Owner      string  `json:"owner"`
	ARR        float64 `json:"arr"`
}

// RiskMove is an account whose risk level differs from what it was at the
// start of the window (From is "" for a first assessment).
type RiskMove struct {
	AccountRef
	From    string    `json:"from"`
	To      string    `json:"to"`
	Reasons []string  `json:"reasons"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// ColorChange is an account whose health color changed.
type ColorChange struct {
	AccountRef
	From  string  `json:"from"`
	To    string  `json:"to"`
	Score float64 `json:"score"`
}

// StandupAlert is an alert raised in the window.
type StandupAlert struct {
	AccountRef
	AlertID  int64  `json:"alert_id"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Title    string `json:"title"`
	OpenedOn Day    `json:"opened_on"`
	Status   string `json:"status"`
}

// StalledPlan is an open plan showing the "adjust the plan" prompt.
type StalledPlan struct {
	AccountRef
	PlanID      int64  `json:"plan_id"`
	Playbook    string `json:"playbook"`
	AdjustSince Day    `json:"adjust_since"`
}

// OverdueTask is an open plan task past its due date.
type OverdueTask struct {
	AccountRef
	PlanID      int64  `json:"plan_id"`
	TaskID      int64  `json:"task_id"`
	Title       string `json:"title"`
	TaskOwner   string `json:"task_owner"`
	Due         Day    `json:"due"`
	DaysOverdue int    `json:"days_overdue"`
}

// RenewalAtRisk is an account renewing soon that is not green.
type RenewalAtRisk struct {
	AccountRef
	RenewalDate   Day    `json:"renewal_date"`
	DaysToRenewal int    `json:"days_to_renewal"`
	Color         string `json:"color"` // "" when never scored
	RiskLevel     string `json:"risk_level"`
}

// StandupReview records that a manager went through the standup; the next
// standup lists what changed after it.
type StandupReview struct {
	ID         int64     `json:"id"`
	ReviewedAt time.Time `json:"reviewed_at"`
	// HealthDay is the newest scored day when reviewed: the colors seen.
	HealthDay  Day    `json:"health_day"`
	ReviewedBy string `json:"reviewed_by"`
}
