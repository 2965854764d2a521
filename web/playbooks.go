package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// playbooksPage is the playbook library with each playbook's record, so
// what works gets codified.
type playbooksPage struct {
	basePage
	Rows []playbookRow
}

type playbookRow struct {
	Key, Name, URL, Description string
	Stages                      []string
	Reasons                     []reasonTag
	TargetDays, Tasks           int
	Rec                         recordView
}

// recordView is a playbook's record as tiles and a bar of what became of
// its plans.
type recordView struct {
	Started, Open, ReachedGreen, Closed int
	Share                               string
	ShareW                              float64
	Median                              string
	Segments                            []outcomeSeg // open plans and each outcome, as parts of a bar of width 100
}

type outcomeSeg struct {
	Key, Label string
	Count      int
	X, W       float64
}

func recordOf(st *gtg.PlaybookStats) recordView {
	if st == nil {
		return recordView{Share: "—", Median: "—"}
	}
	v := recordView{Started: st.Started, Open: st.Open, ReachedGreen: st.ReachedGreen, Share: pct(st.GreenShare), ShareW: 100 * st.GreenShare, Median: "—"}
	if st.MedianDaysToGreen != nil {
		v.Median = formatNumber(*st.MedianDaysToGreen) + " days"
		if *st.MedianDaysToGreen == 1 {
			v.Median = "1 day"
		}
	}
	x := 0.0
	add := func(key, label string, n int) {
		if n == 0 || st.Started == 0 {
			return
		}
		w := 100 * float64(n) / float64(st.Started)
		v.Segments = append(v.Segments, outcomeSeg{Key: key, Label: label, Count: n, X: x, W: w})
		x += w
	}
	for _, o := range gtg.PlanOutcomes {
		add(o, strings.ToLower(humanize(o)), st.Outcomes[o])
		v.Closed += st.Outcomes[o]
	}
	add("open", "still open", st.Open)
	return v
}

func (s *server) playbooksList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pbs, err := save.Playbooks(ctx, s.store)
	if err != nil {
		return fmt.Errorf("playbooks: %w", err)
	}
	recs, err := save.PlaybookRecords(ctx, s.store)
	if err != nil {
		return fmt.Errorf("playbooks: %w", err)
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	p := playbooksPage{basePage: s.base(r, "Playbooks", "playbooks")}
	for _, pb := range pbs {
		row := playbookRow{Key: pb.Key, Name: pb.Name, URL: playbookURL(pb.Key), Description: pb.Description,
			TargetDays: pb.TargetDays, Tasks: len(pb.Tasks), Rec: recordOf(recs[pb.Key])}
		for _, st := range pb.Stages {
			row.Stages = append(row.Stages, stageLabels[st])
		}
		for _, k := range pb.Reasons {
			row.Reasons = append(row.Reasons, reasonTag{Key: k, Label: tax.label(k)})
		}
		p.Rows = append(p.Rows, row)
	}
	// Playbooks with a record first, best share of green first: what works leads.
	slices.SortStableFunc(p.Rows, func(a, b playbookRow) int {
		if (a.Rec.Started > 0) != (b.Rec.Started > 0) {
			if a.Rec.Started > 0 {
				return -1
			}
			return 1
		}
		switch {
		case a.Rec.ShareW > b.Rec.ShareW:
			return -1
		case a.Rec.ShareW < b.Rec.ShareW:
			return 1
		}
		return 0
	})
	return s.page(w, http.StatusOK, "playbooks", p)
}

// playbookPage is one playbook: when it applies, its tasks, objectives and
// resources, its record and the plans made from it.
type playbookPage struct {
	basePage
	PB      *gtg.Playbook
	Row     playbookRow
	Stall   int
	Tasks   []playbookTask
	Plans   []planRow
	Deleted bool // plans remain from a playbook no longer in the library
}

type playbookTask struct {
	Title, Side, Role, Notes string
	DueDays                  int
}

func (s *server) playbookShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key := r.PathValue("key")
	recs, err := save.PlaybookRecords(ctx, s.store)
	if err != nil {
		return fmt.Errorf("playbook %s: %w", key, err)
	}
	pb, err := save.Playbook(ctx, s.store, key)
	deleted := false
	if gtg.ErrorCode(err) == gtg.ENOTFOUND && recs[key] != nil {
		pb, deleted = &gtg.Playbook{Key: key, Name: humanize(key)}, true
	} else if err != nil {
		return err
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	p := playbookPage{basePage: s.base(r, pb.Name, "playbooks"), PB: pb, Deleted: deleted, Stall: pb.StallDays,
		Row: playbookRow{Key: pb.Key, Name: pb.Name, Description: pb.Description, TargetDays: pb.TargetDays, Tasks: len(pb.Tasks), Rec: recordOf(recs[key])}}
	if p.Stall == 0 {
		p.Stall = gtg.DefaultStallDays
	}
	for _, st := range pb.Stages {
		p.Row.Stages = append(p.Row.Stages, stageLabels[st])
	}
	for _, k := range pb.Reasons {
		p.Row.Reasons = append(p.Row.Reasons, reasonTag{Key: k, Label: tax.label(k)})
	}
	for _, t := range pb.Tasks {
		p.Tasks = append(p.Tasks, playbookTask{Title: t.Title, Side: t.OwnerSide, Role: roleName(t.OwnerRole), Notes: t.Notes, DueDays: t.DueDays})
	}
	plans, err := save.Plans(ctx, s.store, gtg.PlanFilter{Playbook: key})
	if err != nil {
		return fmt.Errorf("playbook %s: %w", key, err)
	}
	today := gtg.DayOf(s.now())
	names := map[string]string{key: pb.Name}
	for _, pl := range plans {
		pr, err := save.Progress(ctx, s.store, pl, today)
		if err != nil {
			return fmt.Errorf("playbook %s: %w", key, err)
		}
		p.Plans = append(p.Plans, planRowOf(pl, pr, names))
	}
	return s.page(w, http.StatusOK, "playbook_show", p)
}

// roleName names a task template's owner role: ours (csm, ae, manager) or the customer's.
func roleName(role string) string {
	switch role {
	case "":
		return "—"
	case "csm":
		return "the CSM"
	case "ae":
		return "the AE"
	case "manager":
		return "a manager"
	}
	return "the " + strings.ToLower(roleLabel(role))
}
