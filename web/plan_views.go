package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// progressBar is a plan's tasks as a bar: done, overdue and the rest, as
// percentages of all tasks for an SVG of width 100.
type progressBar struct {
	Done, Overdue, Total int
	DoneW, OverdueW      float64
}

func barOf(pr *gtg.PlanProgress) progressBar {
	b := progressBar{Done: pr.TasksDone, Overdue: pr.TasksOverdue, Total: pr.TasksTotal}
	if b.Total > 0 {
		b.DoneW = 100 * float64(b.Done) / float64(b.Total)
		b.OverdueW = 100 * float64(b.Overdue) / float64(b.Total)
	}
	return b
}

// planRow is a plan as lists and the account page show it.
type planRow struct {
	ID                    int64
	URL                   string
	Account, AccountURL   string
	Owner                 string
	Playbook, PlaybookURL string // the playbook's name and page; "" for a blank plan
	Open                  bool
	Status                string // "open", or the outcome's label
	Outcome               string
	Started, Target       string
	DaysLeft              string
	Late                  bool
	Bar                   progressBar
	Objectives, Met       int
	Stalled               bool
	StalledSince          string
	StartScore, Score     string
	Move                  string // up, down or flat since the start
	ARR                   string
	GreenOn               string
}

// playbookNames maps playbook keys to names, for plans made from them.
func (s *server) playbookNames(ctx context.Context) (map[string]string, error) {
	pbs, err := save.Playbooks(ctx, s.store)
	if err != nil {
		return nil, fmt.Errorf("playbooks: %w", err)
	}
	out := make(map[string]string, len(pbs))
	for _, p := range pbs {
		out[p.Key] = p.Name
	}
	return out, nil
}

func playbookURL(key string) string { return "/playbooks/" + url.PathEscape(key) }

func planRowOf(p *gtg.Plan, pr *gtg.PlanProgress, names map[string]string) planRow {
	row := planRow{ID: p.ID, URL: planURL(p.ID), Account: p.AccountName, AccountURL: accountURL(p.AccountExt), Owner: p.Owner,
		Open: p.Status == gtg.PlanOpen, Started: formatDate(p.StartedOn), Target: formatDate(p.TargetDate),
		Bar: barOf(pr), Objectives: len(p.Objectives), Met: pr.ObjectivesMet,
		Stalled: p.Status == gtg.PlanOpen && p.AdjustSince != 0, StartScore: scoreText(pr.StartScore), Score: scoreText(pr.Score)}
	if p.Playbook != "" {
		row.Playbook, row.PlaybookURL = names[p.Playbook], playbookURL(p.Playbook)
		if row.Playbook == "" {
			row.Playbook = humanize(p.Playbook)
		}
	}
	if !row.Open {
		// Tasks left open when a plan closed are not late: the plan is over.
		row.Bar.Overdue, row.Bar.OverdueW = 0, 0
	}
	if row.Stalled {
		row.StalledSince = formatDate(p.AdjustSince)
	}
	if row.Open {
		row.Status = "open"
		if p.TargetDate != 0 {
			row.DaysLeft, row.Late = daysLeftText(pr.DaysLeft), pr.DaysLeft < 0
		}
	} else {
		row.Outcome, row.Status = p.Outcome, humanize(p.Outcome)
	}
	if p.GreenOn != 0 {
		row.GreenOn = formatDate(p.GreenOn)
	}
	if pr.StartScore != nil && pr.Score != nil {
		switch d := *pr.Score - *pr.StartScore; {
		case d >= save.MinImprovement:
			row.Move = "up"
		case d <= -save.MinImprovement:
			row.Move = "down"
		default:
			row.Move = "flat"
		}
	}
	return row
}
