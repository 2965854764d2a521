package gtg

import (
	"strings"
	"time"
)

// Playbook is a template for get-to-green plans, keyed by the risk reasons
// and stages it answers: tasks with due offsets and owner roles, objectives
// with exit criteria, and linked resources. A plan starts from one and is
// then tailored.
type Playbook struct {
	Key         string `json:"key" yaml:"key"`
	Name        string `json:"name" yaml:"name"`
	Description string `json:"description" yaml:"description"`
	// Stages and Reasons say when the playbook applies: reason stages
	// (early, mid, end, crisis) and reason keys.
	Stages     []string            `json:"stages" yaml:"stages"`
	Reasons    []string            `json:"reasons" yaml:"reasons"`
	TargetDays int                 `json:"target_days" yaml:"target_days"` // the plan's target date, in days from its start
	StallDays  int                 `json:"stall_days" yaml:"stall_days"`   // 0: DefaultStallDays
	Objectives []ObjectiveTemplate `json:"objectives" yaml:"objectives"`
	Tasks      []TaskTemplate      `json:"tasks" yaml:"tasks"`
	Resources  []Resource          `json:"resources" yaml:"resources"`
	UpdatedBy  string              `json:"updated_by,omitempty" yaml:"-"`
	UpdatedAt  time.Time           `json:"updated_at,omitzero" yaml:"-"`
}

// ObjectiveTemplate is an objective a plan starts with.
type ObjectiveTemplate struct {
	Title     string `json:"title" yaml:"title"`
	Criterion string `json:"criterion" yaml:"criterion"`
}

// TaskTemplate is a task a plan starts with. Its owner is filled from the
// account: csm is the account's owner, ae its account executive, and a
// customer role (champion, economic_buyer, ...) the active contact in it.
type TaskTemplate struct {
	Title     string `json:"title" yaml:"title"`
	OwnerSide string `json:"owner_side" yaml:"owner_side"` // ours or customer
	OwnerRole string `json:"owner_role" yaml:"owner_role"`
	DueDays   int    `json:"due_days" yaml:"due_days"` // due this many days after the plan starts
	Notes     string `json:"notes,omitempty" yaml:"notes"`
}

// Resource is a link or document a playbook points to.
type Resource struct {
	Title string `json:"title" yaml:"title"`
	URL   string `json:"url,omitempty" yaml:"url"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (p *Playbook) Validate() error {
	p.Key = strings.TrimSpace(p.Key)
	p.Name = strings.TrimSpace(p.Name)
	switch {
	case !ValidKey(p.Key):
		return Errorf(EINVALID, "key: %q must be lowercase letters, digits and _, starting with a letter", p.Key)
	case p.Name == "":
		return Errorf(EINVALID, "name: required")
	case len(p.Description) > MaxFieldLen:
		return Errorf(EINVALID, "description: longer than %d bytes", MaxFieldLen)
	case p.TargetDays < 0 || p.TargetDays > 730:
		return Errorf(EINVALID, "target_days: %d is not from 0 to 730", p.TargetDays)
	case p.StallDays < 0 || p.StallDays > 365:
		return Errorf(EINVALID, "stall_days: %d is not from 0 to 365", p.StallDays)
	}
	for i, s := range p.Stages {
		if !contains(ReasonStages, s) {
			return Errorf(EINVALID, "stages[%d]: %q is not one of %s", i, s, strings.Join(ReasonStages, ", "))
		}
	}
	for i, r := range p.Reasons {
		if !ValidKey(r) {
			return Errorf(EINVALID, "reasons[%d]: %q is not a reason key", i, r)
		}
	}
	for i := range p.Objectives {
		o := Objective{Title: p.Objectives[i].Title, Criterion: p.Objectives[i].Criterion}
		if err := o.Validate(); err != nil {
			return Errorf(EINVALID, "objectives[%d].%s", i, ErrorMessage(err))
		}
	}
	for i, t := range p.Tasks {
		switch {
		case strings.TrimSpace(t.Title) == "":
			return Errorf(EINVALID, "tasks[%d].title: required", i)
		case t.OwnerSide != SideOurs && t.OwnerSide != SideCustomer:
			return Errorf(EINVALID, "tasks[%d].owner_side: %q is not one of ours, customer", i, t.OwnerSide)
		case t.OwnerRole != "" && !ValidKey(t.OwnerRole):
			return Errorf(EINVALID, "tasks[%d].owner_role: %q is not a role key", i, t.OwnerRole)
		case t.DueDays < 0 || t.DueDays > 730:
			return Errorf(EINVALID, "tasks[%d].due_days: %d is not from 0 to 730", i, t.DueDays)
		}
	}
	for i, r := range p.Resources {
		if strings.TrimSpace(r.Title) == "" {
			return Errorf(EINVALID, "resources[%d].title: required", i)
		}
	}
	return nil
}

// PlaybookStats is a playbook's record, so what works gets codified.
type PlaybookStats struct {
	Started      int `json:"plans_started"`
	Open         int `json:"open"`
	ReachedGreen int `json:"reached_green"`
	// GreenShare is ReachedGreen / Started (0 when none started).
	GreenShare float64 `json:"green_share"`
	// MedianDaysToGreen is over the plans that reached green; nil when none did.
	MedianDaysToGreen *float64 `json:"median_days_to_green"`
	// Outcomes counts closed plans by outcome.
	Outcomes map[string]int `json:"outcomes"`
}
