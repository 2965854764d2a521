package save

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// DefaultTargetDays is a plan's target, in days from its start, when neither
// the person nor the playbook says.
const DefaultTargetDays = 60

// stakeholderRoles are the contact roles a new plan lists as stakeholders.
var stakeholderRoles = []string{gtg.RoleEconomicBuyer, gtg.RoleExecutiveSponsor, gtg.RoleChampion, gtg.RoleTechnicalOwner}

// NewPlan starts a get-to-green plan for an account from a playbook ("" for
// a blank plan), to be tailored afterwards. The root causes are the account's
// current risk reasons; tasks are due their playbook offset after today and
// owned by the person in their role; target 0 means the playbook's target.
// It needs a CSM or above; ECONFLICT when the account already has an open
// plan, ENOTFOUND for an unknown account or playbook.
func NewPlan(ctx context.Context, st *store.Store, u *gtg.User, accountExt, playbook string, target, today gtg.Day) (*gtg.Plan, error) {
	if err := gtg.Require(u, gtg.UserCSM, "start a plan"); err != nil {
		return nil, err
	}
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	pb := &gtg.Playbook{TargetDays: DefaultTargetDays}
	if playbook != "" {
		if pb, err = Playbook(ctx, st, playbook); err != nil {
			return nil, err
		}
	}
	p := &gtg.Plan{AccountID: a.ID, AccountExt: a.ExternalID, AccountName: a.Name, Owner: a.Owner, Playbook: pb.Key,
		Status: gtg.PlanOpen, Reasons: []string{}, Stakeholders: []string{}, StartedOn: today, TargetDate: target,
		StallDays: pb.StallDays, CreatedBy: u.Email}
	if p.StallDays == 0 {
		p.StallDays = gtg.DefaultStallDays
	}
	if p.TargetDate == 0 {
		days := pb.TargetDays
		if days == 0 {
			days = DefaultTargetDays
		}
		p.TargetDate = today.AddDays(days)
	}
	if rp, err := st.RiskProfile(ctx, a.ID); err == nil {
		p.Reasons = rp.Reasons
	} else if gtg.ErrorCode(err) != gtg.ENOTFOUND {
		return nil, err
	}
	contacts, err := st.Contacts(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	byRole := map[string]string{}
	for _, c := range contacts {
		if c.Status != gtg.ContactActive {
			continue
		}
		if byRole[c.Role] == "" {
			byRole[c.Role] = c.Email
		}
		if slicesHas(stakeholderRoles, c.Role) {
			p.Stakeholders = append(p.Stakeholders, c.Email)
		}
	}
	byRole["csm"], byRole["ae"] = a.Owner, a.AccountExecutive
	keys, err := st.MetricKeys(ctx)
	if err != nil {
		return nil, err
	}
	for i, o := range pb.Objectives {
		if _, err := CompileCriterion(o.Criterion, keys); err != nil {
			return nil, gtg.Errorf(gtg.EINVALID, "playbook %s objectives[%d].%s", pb.Key, i, gtg.ErrorMessage(err))
		}
		p.Objectives = append(p.Objectives, gtg.Objective{Title: o.Title, Criterion: o.Criterion})
	}
	for _, t := range pb.Tasks {
		p.Tasks = append(p.Tasks, gtg.Task{Title: t.Title, OwnerSide: t.OwnerSide, Owner: byRole[t.OwnerRole],
			Due: today.AddDays(t.DueDays), Status: gtg.TaskTodo, Notes: t.Notes})
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreatePlan(ctx, p); err != nil {
			return err
		}
		return auditPlan(ctx, tx, u.Email, "create", p)
	})
	return p, err
}

func auditPlan(ctx context.Context, tx *store.Tx, actor, action string, p *gtg.Plan) error {
	after, _ := json.Marshal(p)
	return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: action, Entity: "plan", EntityID: fmt.Sprint(p.ID), After: string(after)})
}

func slicesHas(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Plans returns the plans matching f, open ones first.
func Plans(ctx context.Context, st *store.Store, f gtg.PlanFilter) ([]*gtg.Plan, error) {
	return st.Plans(ctx, f)
}

// Plan returns a plan with its objectives and tasks, or ENOTFOUND.
func Plan(ctx context.Context, st *store.Store, id int64) (*gtg.Plan, error) { return st.Plan(ctx, id) }

// openPlan returns a plan that may still be changed: ECONFLICT once closed.
func openPlan(ctx context.Context, st *store.Store, id int64) (*gtg.Plan, error) {
	p, err := st.Plan(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != gtg.PlanOpen {
		return nil, gtg.Errorf(gtg.ECONFLICT, "plan #%d is closed (%s)", id, p.Outcome)
	}
	return p, nil
}

// UpdateTask changes a task of an open plan: marking it done dates it today,
// reopening it clears that. It needs a CSM or above.
func UpdateTask(ctx context.Context, st *store.Store, u *gtg.User, planID, taskID int64, ch gtg.TaskChange, today gtg.Day) (*gtg.Task, error) {
	if err := gtg.Require(u, gtg.UserCSM, "change a plan task"); err != nil {
		return nil, err
	}
	p, err := openPlan(ctx, st, planID)
	if err != nil {
		return nil, err
	}
	var t *gtg.Task
	for i := range p.Tasks {
		if p.Tasks[i].ID == taskID {
			t = &p.Tasks[i]
		}
	}
	if t == nil {
		return nil, gtg.Errorf(gtg.ENOTFOUND, "plan #%d has no task #%d", planID, taskID)
	}
	before, _ := json.Marshal(t)
	if ch.Title != nil {
		t.Title = *ch.Title
	}
	if ch.Owner != nil {
		t.Owner = *ch.Owner
	}
	if ch.Due != nil {
		t.Due = *ch.Due
	}
	if ch.Notes != nil {
		t.Notes = *ch.Notes
	}
	if ch.Status != nil {
		t.Status = strings.ToLower(strings.TrimSpace(*ch.Status))
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return nil, err
	}
	switch {
	case t.Status == gtg.TaskDone && t.DoneOn == 0:
		t.DoneOn = today
	case t.Status != gtg.TaskDone:
		t.DoneOn = 0
	}
	after, _ := json.Marshal(t)
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.PutTask(ctx, t); err != nil {
			return err
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "update", Entity: "plan_task",
			EntityID: fmt.Sprintf("%d/%d", planID, taskID), Before: string(before), After: string(after)})
	})
	return t, err
}

// AddTask adds a task at the end of an open plan and fills its ID. It needs a CSM or above.
func AddTask(ctx context.Context, st *store.Store, u *gtg.User, planID int64, t *gtg.Task) error {
	if err := gtg.Require(u, gtg.UserCSM, "add a plan task"); err != nil {
		return err
	}
	if _, err := openPlan(ctx, st, planID); err != nil {
		return err
	}
	t.PlanID, t.ID, t.DoneOn = planID, 0, 0
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.PutTask(ctx, t); err != nil {
			return err
		}
		after, _ := json.Marshal(t)
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "create", Entity: "plan_task",
			EntityID: fmt.Sprintf("%d/%d", planID, t.ID), After: string(after)})
	})
}

// SetObjectives replaces an open plan's objectives, each criterion checked
// against the stored metrics. Changing the objectives adjusts the plan: the
// stall clock restarts today. It needs a CSM or above.
func SetObjectives(ctx context.Context, st *store.Store, u *gtg.User, planID int64, os []gtg.Objective, today gtg.Day) error {
	if err := gtg.Require(u, gtg.UserCSM, "change a plan's objectives"); err != nil {
		return err
	}
	p, err := openPlan(ctx, st, planID)
	if err != nil {
		return err
	}
	keys, err := st.MetricKeys(ctx)
	if err != nil {
		return err
	}
	for i := range os {
		os[i].Met, os[i].MetOn, os[i].Detail = false, 0, ""
		if err := os[i].Validate(); err != nil {
			return gtg.Errorf(gtg.EINVALID, "objectives[%d].%s", i, gtg.ErrorMessage(err))
		}
		if _, err := CompileCriterion(os[i].Criterion, keys); err != nil {
			return gtg.Errorf(gtg.EINVALID, "objectives[%d].%s", i, gtg.ErrorMessage(err))
		}
	}
	p.Objectives, p.AdjustedOn, p.AdjustSince = os, today, 0
	return st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.ReplaceObjectives(ctx, planID, os); err != nil {
			return err
		}
		if err := tx.UpdatePlan(ctx, p); err != nil {
			return err
		}
		return auditPlan(ctx, tx, u.Email, "update", p)
	})
}

// EditPlan changes an open plan's owner, target date, stall days, root causes
// or stakeholders. It needs a CSM or above.
func EditPlan(ctx context.Context, st *store.Store, u *gtg.User, planID int64, ed gtg.PlanEdit) (*gtg.Plan, error) {
	if err := gtg.Require(u, gtg.UserCSM, "change a plan"); err != nil {
		return nil, err
	}
	p, err := openPlan(ctx, st, planID)
	if err != nil {
		return nil, err
	}
	if ed.Owner != nil {
		p.Owner = strings.TrimSpace(*ed.Owner)
	}
	if ed.TargetDate != nil {
		p.TargetDate = *ed.TargetDate
	}
	if ed.StallDays != nil {
		p.StallDays = *ed.StallDays
	}
	if ed.Stakeholders != nil {
		p.Stakeholders = *ed.Stakeholders
	}
	if ed.Reasons != nil {
		idx, err := reasonIndex(ctx, st)
		if err != nil {
			return nil, err
		}
		if err := checkReasons(idx, "reasons", *ed.Reasons); err != nil {
			return nil, err
		}
		p.Reasons = *ed.Reasons
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdatePlan(ctx, p); err != nil {
			return err
		}
		return auditPlan(ctx, tx, u.Email, "update", p)
	})
	return p, err
}

// AdjustPlan answers the "adjust the plan" prompt: it clears the prompt and
// restarts the stall clock today. note says what was changed. It needs a CSM or above.
func AdjustPlan(ctx context.Context, st *store.Store, u *gtg.User, planID int64, note string, today gtg.Day) error {
	if err := gtg.Require(u, gtg.UserCSM, "adjust a plan"); err != nil {
		return err
	}
	p, err := openPlan(ctx, st, planID)
	if err != nil {
		return err
	}
	if len(note) > gtg.MaxFieldLen {
		return gtg.Errorf(gtg.EINVALID, "note: longer than %d bytes", gtg.MaxFieldLen)
	}
	p.AdjustedOn, p.AdjustSince = today, 0
	return st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdatePlan(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "adjust", Entity: "plan", EntityID: fmt.Sprint(p.ID),
			After: fmt.Sprintf(`{"adjusted_on":%q,"note":%q}`, today, strings.TrimSpace(note))})
	})
}

// ClosePlan closes an open plan with an outcome and a short lesson. It needs a CSM or above.
func ClosePlan(ctx context.Context, st *store.Store, u *gtg.User, planID int64, c gtg.PlanClose, today gtg.Day) (*gtg.Plan, error) {
	if err := gtg.Require(u, gtg.UserCSM, "close a plan"); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	p, err := openPlan(ctx, st, planID)
	if err != nil {
		return nil, err
	}
	closePlan(p, c.Outcome, c.Lesson, u.Email, today)
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdatePlan(ctx, p); err != nil {
			return err
		}
		return auditPlan(ctx, tx, u.Email, "close", p)
	})
	return p, err
}

func closePlan(p *gtg.Plan, outcome, lesson, by string, day gtg.Day) {
	p.Status, p.Outcome, p.Lesson, p.ClosedBy, p.ClosedOn, p.AdjustSince = gtg.PlanClosed, outcome, lesson, by, day, 0
	if outcome == gtg.OutcomeBackToGreen && p.GreenOn == 0 {
		p.GreenOn = day
	}
}
