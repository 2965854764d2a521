package gtg

import (
	"strings"
	"time"
)

// Plan statuses.
const (
	PlanOpen   = "open"
	PlanClosed = "closed"
)

// OutcomeBackToGreen closes a plan whose account got back to green. A plan's
// other outcomes are the contract outcomes renewed, contracted, paused and churned.
const OutcomeBackToGreen = "back_to_green"

// PlanOutcomes lists the outcomes a plan may close with, best first.
var PlanOutcomes = []string{OutcomeBackToGreen, OutcomeRenewed, OutcomeContracted, OutcomePaused, OutcomeChurned}

// Task statuses.
const (
	TaskTodo    = "todo"
	TaskDoing   = "doing"
	TaskDone    = "done"
	TaskDropped = "dropped"
)

// TaskStatuses lists the valid task statuses.
var TaskStatuses = []string{TaskTodo, TaskDoing, TaskDone, TaskDropped}

// Sides of a plan that own a task: a mutual plan has tasks for both.
const (
	SideOurs     = "ours"
	SideCustomer = "customer"
)

// DefaultStallDays is how many days without a health improvement raise the
// "adjust the plan" prompt when a plan does not say.
const DefaultStallDays = 14

// Plan is a get-to-green plan: a mutual action plan for an existing customer
// who slipped out of green.
type Plan struct {
	ID          int64  `json:"id"`
	AccountID   int64  `json:"-"`
	AccountExt  string `json:"account_id"`
	AccountName string `json:"account_name"`
	Owner       string `json:"owner"`    // the CSM running the plan
	Playbook    string `json:"playbook"` // the playbook it started from ("" for none)
	Status      string `json:"status"`
	// Reasons are the root causes, risk reason keys.
	Reasons []string `json:"reasons"`
	// Stakeholders are the customer's people involved, by email.
	Stakeholders []string    `json:"stakeholders"`
	Objectives   []Objective `json:"objectives"`
	Tasks        []Task      `json:"tasks"`
	StartedOn    Day         `json:"started_on"`
	TargetDate   Day         `json:"target_date"`
	// StallDays without a health improvement raise the "adjust the plan" prompt.
	StallDays int `json:"stall_days"`
	// AdjustedOn is when someone last adjusted the plan after a prompt; the
	// stall clock restarts there.
	AdjustedOn Day `json:"adjusted_on,omitempty"`
	// AdjustSince is the day the "adjust the plan" prompt was raised (0: none).
	AdjustSince Day `json:"adjust_since,omitempty"`
	// GreenOn is the first evaluated day the account was green during the plan.
	GreenOn     Day       `json:"green_on,omitempty"`
	EvaluatedOn Day       `json:"evaluated_on,omitempty"`
	Outcome     string    `json:"outcome,omitempty"`
	Lesson      string    `json:"lesson,omitempty"`
	ClosedOn    Day       `json:"closed_on,omitempty"`
	ClosedBy    string    `json:"closed_by,omitempty"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Objective is one goal of a plan with a measurable exit criterion, an
// expression over the account's latest health and usage (see package save).
type Objective struct {
	ID        int64  `json:"id"`
	Title     string `json:"title" yaml:"title"`
	Criterion string `json:"criterion" yaml:"criterion"`
	Met       bool   `json:"met"`
	MetOn     Day    `json:"met_on,omitempty"` // the day it was last found met, in the current run of met days
	Detail    string `json:"detail,omitempty"` // the values the last evaluation saw
}

// Task is one step of a plan.
type Task struct {
	ID        int64  `json:"id"`
	PlanID    int64  `json:"plan_id"`
	Title     string `json:"title"`
	OwnerSide string `json:"owner_side"` // ours or customer
	Owner     string `json:"owner"`      // a person: email or name
	Due       Day    `json:"due"`
	Status    string `json:"status"`
	Notes     string `json:"notes,omitempty"`
	DoneOn    Day    `json:"done_on,omitempty"`
}

// Closed reports whether the task needs no more work.
func (t *Task) Closed() bool { return t.Status == TaskDone || t.Status == TaskDropped }

// Overdue reports whether the task is open past its due date.
func (t *Task) Overdue(today Day) bool { return !t.Closed() && t.Due != 0 && t.Due < today }

// Normalize tidies values before validation.
func (t *Task) Normalize() {
	t.Title = strings.TrimSpace(t.Title)
	t.OwnerSide = strings.ToLower(strings.TrimSpace(t.OwnerSide))
	t.Owner = strings.TrimSpace(t.Owner)
	t.Status = strings.ToLower(strings.TrimSpace(t.Status))
	if t.OwnerSide == "" {
		t.OwnerSide = SideOurs
	}
	if t.Status == "" {
		t.Status = TaskTodo
	}
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (t *Task) Validate() error {
	switch {
	case t.Title == "":
		return Errorf(EINVALID, "title: required")
	case len(t.Title) > 300:
		return Errorf(EINVALID, "title: longer than 300 bytes")
	case t.OwnerSide != SideOurs && t.OwnerSide != SideCustomer:
		return Errorf(EINVALID, "owner_side: %q is not one of ours, customer", t.OwnerSide)
	case !contains(TaskStatuses, t.Status):
		return Errorf(EINVALID, "status: %q is not one of %s", t.Status, strings.Join(TaskStatuses, ", "))
	case len(t.Owner) > 200:
		return Errorf(EINVALID, "owner: longer than 200 bytes")
	case len(t.Notes) > MaxFieldLen:
		return Errorf(EINVALID, "notes: longer than %d bytes", MaxFieldLen)
	}
	return nil
}

// Validate returns an EINVALID error naming the first field that is wrong.
// Criteria are checked to type-check where the metric keys are known.
func (o *Objective) Validate() error {
	o.Title = strings.TrimSpace(o.Title)
	o.Criterion = strings.TrimSpace(o.Criterion)
	switch {
	case o.Title == "":
		return Errorf(EINVALID, "title: required")
	case o.Criterion == "":
		return Errorf(EINVALID, "criterion: required (for example: health >= 70)")
	case len(o.Criterion) > 1000:
		return Errorf(EINVALID, "criterion: longer than 1000 bytes")
	}
	return nil
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (p *Plan) Validate() error {
	switch {
	case p.AccountID == 0:
		return Errorf(EINVALID, "account_id: required")
	case p.Status != PlanOpen && p.Status != PlanClosed:
		return Errorf(EINVALID, "status: %q is not one of open, closed", p.Status)
	case p.StartedOn == 0:
		return Errorf(EINVALID, "started_on: required")
	case p.TargetDate != 0 && p.TargetDate < p.StartedOn:
		return Errorf(EINVALID, "target_date: %s is before the plan starts (%s)", p.TargetDate, p.StartedOn)
	case p.StallDays < 1 || p.StallDays > 365:
		return Errorf(EINVALID, "stall_days: %d is not from 1 to 365", p.StallDays)
	case p.Status == PlanClosed && !contains(PlanOutcomes, p.Outcome):
		return Errorf(EINVALID, "outcome: %q is not one of %s", p.Outcome, strings.Join(PlanOutcomes, ", "))
	case len(p.Lesson) > MaxFieldLen:
		return Errorf(EINVALID, "lesson: longer than %d bytes", MaxFieldLen)
	}
	for i, r := range p.Reasons {
		if !ValidKey(r) {
			return Errorf(EINVALID, "reasons[%d]: %q is not a reason key", i, r)
		}
	}
	for i, s := range p.Stakeholders {
		if strings.TrimSpace(s) == "" || len(s) > 200 {
			return Errorf(EINVALID, "stakeholders[%d]: want a name or email of up to 200 bytes", i)
		}
	}
	for i := range p.Objectives {
		if err := p.Objectives[i].Validate(); err != nil {
			return Errorf(EINVALID, "objectives[%d].%s", i, ErrorMessage(err))
		}
	}
	for i := range p.Tasks {
		p.Tasks[i].Normalize()
		if err := p.Tasks[i].Validate(); err != nil {
			return Errorf(EINVALID, "tasks[%d].%s", i, ErrorMessage(err))
		}
	}
	return nil
}

// PlanFilter selects plans.
type PlanFilter struct {
	AccountID int64
	Status    string // open, closed or "" for both
	Playbook  string
	Owner     string
}

// PlanClose is how a person closes a plan.
type PlanClose struct {
	Outcome string `json:"outcome"`
	Lesson  string `json:"lesson"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (c *PlanClose) Validate() error {
	c.Outcome = strings.ToLower(strings.TrimSpace(c.Outcome))
	c.Lesson = strings.TrimSpace(c.Lesson)
	switch {
	case !contains(PlanOutcomes, c.Outcome):
		return Errorf(EINVALID, "outcome: %q is not one of %s", c.Outcome, strings.Join(PlanOutcomes, ", "))
	case len(c.Lesson) > MaxFieldLen:
		return Errorf(EINVALID, "lesson: longer than %d bytes", MaxFieldLen)
	}
	return nil
}

// PlanShare is a secret link that shows a plan read-only to the customer.
// Only a hash of the secret is stored; the link is shown once, when made.
type PlanShare struct {
	ID        int64     `json:"id"`
	PlanID    int64     `json:"plan_id"`
	Prefix    string    `json:"prefix"` // the first characters of the secret, to tell links apart
	Hash      string    `json:"-"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// PlanProgress is how a plan is tracking against its target.
type PlanProgress struct {
	Day           Day          `json:"date"`
	TasksTotal    int          `json:"tasks_total"`
	TasksDone     int          `json:"tasks_done"`
	TasksOverdue  int          `json:"tasks_overdue"`
	ObjectivesMet int          `json:"objectives_met"`
	DaysLeft      int          `json:"days_left"` // to the target date; negative when past it
	StartScore    *float64     `json:"start_score"`
	Score         *float64     `json:"score"`
	Trajectory    []ScorePoint `json:"trajectory"` // health since the plan started
}

// ScorePoint is one day's health score and color.
type ScorePoint struct {
	Day   Day     `json:"date"`
	Score float64 `json:"score"`
	Color string  `json:"color"`
}

// TaskChange is a person's change to a task; nil fields stay as they are.
type TaskChange struct {
	Title  *string `json:"title"`
	Owner  *string `json:"owner"`
	Due    *Day    `json:"due"`
	Status *string `json:"status"`
	Notes  *string `json:"notes"`
}

// PlanEdit is a person's change to a plan's own fields; nil fields stay as they are.
type PlanEdit struct {
	Owner        *string   `json:"owner"`
	TargetDate   *Day      `json:"target_date"`
	StallDays    *int      `json:"stall_days"`
	Reasons      *[]string `json:"reasons"`
	Stakeholders *[]string `json:"stakeholders"`
}
