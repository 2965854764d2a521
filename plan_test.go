package gtg_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
)

func validPlan() gtg.Plan {
	return gtg.Plan{AccountID: 1, Status: gtg.PlanOpen, StartedOn: gtg.MustParseDay("2026-03-01"), TargetDate: gtg.MustParseDay("2026-04-01"),
		StallDays: 14, Reasons: []string{"training"}, Stakeholders: []string{"pat@x.io"},
		Objectives: []gtg.Objective{{Title: "Green", Criterion: "health >= 70"}},
		Tasks:      []gtg.Task{{Title: "Train", Due: gtg.MustParseDay("2026-03-10")}}}
}

func TestPlanValidate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := validPlan()
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if p.Tasks[0].OwnerSide != gtg.SideOurs || p.Tasks[0].Status != gtg.TaskTodo {
			t.Fatalf("task defaults not filled: %+v", p.Tasks[0])
		}
	})
	for _, tc := range []struct {
		name string
		edit func(p *gtg.Plan)
		want string
	}{
		{"ErrAccount", func(p *gtg.Plan) { p.AccountID = 0 }, "account_id: required"},
		{"ErrTarget", func(p *gtg.Plan) { p.TargetDate = gtg.MustParseDay("2026-02-01") }, "target_date: 2026-02-01 is before the plan starts"},
		{"ErrStallDays", func(p *gtg.Plan) { p.StallDays = 0 }, "stall_days: 0 is not from 1 to 365"},
		{"ErrOutcome", func(p *gtg.Plan) { p.Status = gtg.PlanClosed; p.Outcome = "won" }, `outcome: "won" is not one of back_to_green`},
		{"ErrReason", func(p *gtg.Plan) { p.Reasons = []string{"Bad"} }, `reasons[0]: "Bad"`},
		{"ErrObjectiveCriterion", func(p *gtg.Plan) { p.Objectives[0].Criterion = " " }, "objectives[0].criterion: required"},
		{"ErrTaskSide", func(p *gtg.Plan) { p.Tasks[0].OwnerSide = "theirs" }, `tasks[0].owner_side: "theirs" is not one of ours, customer`},
		{"ErrTaskStatus", func(p *gtg.Plan) { p.Tasks[0].Status = "finished" }, `tasks[0].status: "finished" is not one of todo, doing, done, dropped`},
		{"ErrTaskTitle", func(p *gtg.Plan) { p.Tasks[0].Title = "" }, "tasks[0].title: required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := validPlan()
			tc.edit(&p)
			wantInvalid(t, p.Validate(), tc.want)
		})
	}
}

func TestTaskOverdue(t *testing.T) {
	today := gtg.MustParseDay("2026-03-10")
	for _, tc := range []struct {
		due    string
		status string
		want   bool
	}{
		{"2026-03-09", gtg.TaskTodo, true},
		{"2026-03-09", gtg.TaskDoing, true},
		{"2026-03-10", gtg.TaskTodo, false}, // due today is not late yet
		{"2026-03-09", gtg.TaskDone, false},
		{"2026-03-09", gtg.TaskDropped, false},
		{"", gtg.TaskTodo, false},
	} {
		task := gtg.Task{Status: tc.status}
		if tc.due != "" {
			task.Due = gtg.MustParseDay(tc.due)
		}
		if got := task.Overdue(today); got != tc.want {
			t.Errorf("due %q %s: overdue = %v, want %v", tc.due, tc.status, got, tc.want)
		}
	}
}

func TestPlanCloseValidate(t *testing.T) {
	c := gtg.PlanClose{Outcome: " Renewed ", Lesson: " exec call worked "}
	if err := c.Validate(); err != nil || c.Outcome != "renewed" || c.Lesson != "exec call worked" {
		t.Fatalf("%+v %v", c, err)
	}
	bad := gtg.PlanClose{Outcome: "expanded"}
	wantInvalid(t, bad.Validate(), `outcome: "expanded" is not one of back_to_green, renewed, contracted, paused, churned`)
}

func TestPlaybookValidate(t *testing.T) {
	ok := func() gtg.Playbook {
		return gtg.Playbook{Key: "pb", Name: "PB", Stages: []string{"mid"}, Reasons: []string{"training"}, TargetDays: 30,
			Objectives: []gtg.ObjectiveTemplate{{Title: "Green", Criterion: `color == "green"`}},
			Tasks:      []gtg.TaskTemplate{{Title: "Call", OwnerSide: "ours", OwnerRole: "csm", DueDays: 3}},
			Resources:  []gtg.Resource{{Title: "Guide"}}}
	}
	p := ok()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(p *gtg.Playbook)
		want string
	}{
		{"ErrKey", func(p *gtg.Playbook) { p.Key = "P B" }, `key: "P B"`},
		{"ErrName", func(p *gtg.Playbook) { p.Name = "" }, "name: required"},
		{"ErrStage", func(p *gtg.Playbook) { p.Stages = []string{"onboarding"} }, `stages[0]: "onboarding" is not one of early, mid, end, crisis`},
		{"ErrTargetDays", func(p *gtg.Playbook) { p.TargetDays = -1 }, "target_days: -1"},
		{"ErrObjective", func(p *gtg.Playbook) { p.Objectives[0].Title = "" }, "objectives[0].title: required"},
		{"ErrTaskSide", func(p *gtg.Playbook) { p.Tasks[0].OwnerSide = "" }, `tasks[0].owner_side: "" is not one of ours, customer`},
		{"ErrTaskDue", func(p *gtg.Playbook) { p.Tasks[0].DueDays = 1000 }, "tasks[0].due_days: 1000"},
		{"ErrTaskRole", func(p *gtg.Playbook) { p.Tasks[0].OwnerRole = "The CSM" }, `tasks[0].owner_role: "The CSM"`},
		{"ErrResource", func(p *gtg.Playbook) { p.Resources[0].Title = "" }, "resources[0].title: required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ok()
			tc.edit(&p)
			wantInvalid(t, p.Validate(), tc.want)
		})
	}
}
