package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

const planCols = `p.id, p.account_id, a.external_id, a.name, p.owner, p.playbook, p.status, p.reasons, p.stakeholders,
	p.started_on, p.target_date, p.stall_days, p.adjusted_on, p.adjust_since, p.green_on, p.evaluated_on, p.outcome,
	p.lesson, p.closed_on, p.closed_by, p.created_by, p.created_at, p.updated_at`

func scanPlanRow(row interface{ Scan(...any) error }) (*gtg.Plan, error) {
	var p gtg.Plan
	var reasons, stakeholders string
	if err := row.Scan(&p.ID, &p.AccountID, &p.AccountExt, &p.AccountName, &p.Owner, &p.Playbook, &p.Status, &reasons,
		&stakeholders, dayDest{&p.StartedOn}, dayDest{&p.TargetDate}, &p.StallDays, dayDest{&p.AdjustedOn},
		dayDest{&p.AdjustSince}, dayDest{&p.GreenOn}, dayDest{&p.EvaluatedOn}, &p.Outcome, &p.Lesson, dayDest{&p.ClosedOn},
		&p.ClosedBy, &p.CreatedBy, timeDest{&p.CreatedAt}, timeDest{&p.UpdatedAt}); err != nil {
		return nil, err
	}
	if err := decodeJSONColumn(reasons, "plan reasons", &p.Reasons); err != nil {
		return nil, err
	}
	if err := decodeJSONColumn(stakeholders, "plan stakeholders", &p.Stakeholders); err != nil {
		return nil, err
	}
	p.Objectives, p.Tasks = []gtg.Objective{}, []gtg.Task{}
	return &p, nil
}

// CreatePlan stores a new plan with its objectives and tasks and fills their
// IDs. An account that already has an open plan is ECONFLICT.
func (tx *Tx) CreatePlan(ctx context.Context, p *gtg.Plan) error {
	s := tx.s
	now := s.now()
	p.CreatedAt, p.UpdatedAt = now, now
	reasons, err := encodeJSONList(p.Reasons)
	if err != nil {
		return err
	}
	stakeholders, err := encodeJSONList(p.Stakeholders)
	if err != nil {
		return err
	}
	err = s.queryRow(ctx, tx.tx, `INSERT INTO plans (account_id, owner, playbook, status, reasons, stakeholders, started_on,
		target_date, stall_days, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
		p.AccountID, p.Owner, p.Playbook, p.Status, reasons, stakeholders, dayArg(p.StartedOn), dayArg(p.TargetDate),
		p.StallDays, p.CreatedBy, now, now).Scan(&p.ID)
	if err = s.d.mapErr(err); gtg.ErrorCode(err) == gtg.ECONFLICT {
		return gtg.Errorf(gtg.ECONFLICT, "account %s already has an open plan: close it first", p.AccountExt)
	} else if err != nil {
		return fmt.Errorf("store plan for %s: %w", p.AccountExt, err)
	}
	if err := tx.ReplaceObjectives(ctx, p.ID, p.Objectives); err != nil {
		return err
	}
	for i := range p.Tasks {
		p.Tasks[i].PlanID = p.ID
		if err := tx.PutTask(ctx, &p.Tasks[i]); err != nil {
			return err
		}
	}
	return nil
}

// UpdatePlan writes a plan's own fields (not its objectives or tasks).
func (tx *Tx) UpdatePlan(ctx context.Context, p *gtg.Plan) error {
	s := tx.s
	p.UpdatedAt = s.now()
	reasons, err := encodeJSONList(p.Reasons)
	if err != nil {
		return err
	}
	stakeholders, err := encodeJSONList(p.Stakeholders)
	if err != nil {
		return err
	}
	res, err := s.exec(ctx, tx.tx, `UPDATE plans SET owner = ?, status = ?, reasons = ?, stakeholders = ?, target_date = ?,
		stall_days = ?, adjusted_on = ?, adjust_since = ?, green_on = ?, evaluated_on = ?, outcome = ?, lesson = ?, closed_on = ?,
		closed_by = ?, updated_at = ? WHERE id = ?`, p.Owner, p.Status, reasons, stakeholders, dayArg(p.TargetDate), p.StallDays,
		dayArg(p.AdjustedOn), dayArg(p.AdjustSince), dayArg(p.GreenOn), dayArg(p.EvaluatedOn), p.Outcome, p.Lesson,
		dayArg(p.ClosedOn), p.ClosedBy, p.UpdatedAt, p.ID)
	if err != nil {
		return fmt.Errorf("update plan %d: %w", p.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "no plan #%d", p.ID)
	}
	return nil
}

// ReplaceObjectives replaces a plan's objectives with os, in order, and fills their IDs.
func (tx *Tx) ReplaceObjectives(ctx context.Context, planID int64, os []gtg.Objective) error {
	s := tx.s
	if _, err := s.exec(ctx, tx.tx, `DELETE FROM plan_objectives WHERE plan_id = ?`, planID); err != nil {
		return fmt.Errorf("replace objectives of plan %d: %w", planID, err)
	}
	for i := range os {
		o := &os[i]
		if err := s.queryRow(ctx, tx.tx, `INSERT INTO plan_objectives (plan_id, position, title, criterion, met, met_on, detail)
			VALUES (?,?,?,?,?,?,?) RETURNING id`, planID, i+1, o.Title, o.Criterion, o.Met, dayArg(o.MetOn), o.Detail).Scan(&o.ID); err != nil {
			return fmt.Errorf("store objective %d of plan %d: %w", i+1, planID, s.d.mapErr(err))
		}
	}
	return nil
}

// SetObjectiveResults writes the outcome of evaluating objectives (met, met on, detail) by ID.
func (tx *Tx) SetObjectiveResults(ctx context.Context, os []gtg.Objective) error {
	for _, o := range os {
		if _, err := tx.s.exec(ctx, tx.tx, `UPDATE plan_objectives SET met = ?, met_on = ?, detail = ? WHERE id = ?`,
			o.Met, dayArg(o.MetOn), o.Detail, o.ID); err != nil {
			return fmt.Errorf("store objective %d: %w", o.ID, err)
		}
	}
	return nil
}

// PutTask adds a task at the end of its plan (ID 0, and the ID is filled) or updates it.
func (tx *Tx) PutTask(ctx context.Context, t *gtg.Task) error {
	s := tx.s
	if t.ID == 0 {
		if err := s.queryRow(ctx, tx.tx, `INSERT INTO plan_tasks (plan_id, position, title, owner_side, owner, due, status, notes, done_on)
			VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM plan_tasks WHERE plan_id = ?), ?,?,?,?,?,?,?) RETURNING id`,
			t.PlanID, t.PlanID, t.Title, t.OwnerSide, t.Owner, dayArg(t.Due), t.Status, t.Notes, dayArg(t.DoneOn)).Scan(&t.ID); err != nil {
			return fmt.Errorf("store task %q: %w", t.Title, s.d.mapErr(err))
		}
		return nil
	}
	res, err := s.exec(ctx, tx.tx, `UPDATE plan_tasks SET title = ?, owner_side = ?, owner = ?, due = ?, status = ?, notes = ?, done_on = ?
		WHERE id = ? AND plan_id = ?`, t.Title, t.OwnerSide, t.Owner, dayArg(t.Due), t.Status, t.Notes, dayArg(t.DoneOn), t.ID, t.PlanID)
	if err != nil {
		return fmt.Errorf("update task %d: %w", t.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "plan #%d has no task #%d", t.PlanID, t.ID)
	}
	return nil
}

// Plan returns a plan with its objectives and tasks, or ENOTFOUND.
func (s *Store) Plan(ctx context.Context, id int64) (*gtg.Plan, error) {
	ps, err := s.plans(ctx, ` WHERE p.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, gtg.Errorf(gtg.ENOTFOUND, "no plan #%d", id)
	}
	return ps[0], nil
}

// Plans returns the plans matching f with their objectives and tasks, open
// plans first, then newest first.
func (s *Store) Plans(ctx context.Context, f gtg.PlanFilter) ([]*gtg.Plan, error) {
	var conds []string
	var args []any
	for _, c := range []struct {
		col string
		v   any
		set bool
	}{{"p.account_id", f.AccountID, f.AccountID != 0}, {"p.status", f.Status, f.Status != ""},
		{"p.playbook", f.Playbook, f.Playbook != ""}, {"p.owner", f.Owner, f.Owner != ""}} {
		if c.set {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return s.plans(ctx, where, args...)
}

func (s *Store) plans(ctx context.Context, where string, args ...any) ([]*gtg.Plan, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+planCols+` FROM plans p JOIN accounts a ON a.id = p.account_id`+where+
		` ORDER BY (p.status = 'open') DESC, p.started_on DESC, p.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	var out []*gtg.Plan
	byID := map[int64]*gtg.Plan{}
	for rows.Next() {
		p, err := scanPlanRow(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
		byID[p.ID] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	if err := s.planParts(ctx, where, args, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// planParts loads the objectives and tasks of the plans selected by where.
func (s *Store) planParts(ctx context.Context, where string, args []any, byID map[int64]*gtg.Plan) error {
	sel := `SELECT p.id FROM plans p` + where
	rows, err := s.query(ctx, s.db, `SELECT plan_id, id, title, criterion, met, met_on, detail FROM plan_objectives
		WHERE plan_id IN (`+sel+`) ORDER BY plan_id, position`, args...)
	if err != nil {
		return fmt.Errorf("plan objectives: %w", err)
	}
	for rows.Next() {
		var pid int64
		var o gtg.Objective
		if err := rows.Scan(&pid, &o.ID, &o.Title, &o.Criterion, &o.Met, dayDest{&o.MetOn}, &o.Detail); err != nil {
			rows.Close()
			return err
		}
		if p := byID[pid]; p != nil {
			p.Objectives = append(p.Objectives, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.query(ctx, s.db, `SELECT plan_id, id, title, owner_side, owner, due, status, notes, done_on FROM plan_tasks
		WHERE plan_id IN (`+sel+`) ORDER BY plan_id, position`, args...)
	if err != nil {
		return fmt.Errorf("plan tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t gtg.Task
		if err := rows.Scan(&t.PlanID, &t.ID, &t.Title, &t.OwnerSide, &t.Owner, dayDest{&t.Due}, &t.Status, &t.Notes, dayDest{&t.DoneOn}); err != nil {
			return err
		}
		if p := byID[t.PlanID]; p != nil {
			p.Tasks = append(p.Tasks, t)
		}
	}
	return rows.Err()
}
