package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// queuePage is the triage save queue: who is worth saving first, with the
// formula and each account's working shown, and the "let it churn" report.
type queuePage struct {
	basePage
	Formula   formulaView
	Rows      []queueRow
	AtRisk    string // ARR at risk over the queue
	Unplanned int    // accounts in the queue without an open plan
	IsManager bool
	CanStart  bool
	Churn     []churnRow
	Standing  int
	// Count is every account in the queue (in scope); Rows the first of them.
	Count        int
	More         *moreLink
	ChurnMore    *moreLink
	Scope        ownerScope
	OwnerOptions []ownerOption
}

// queueRows and churnRows are how many rows the queue and the churn report
// show before "Show more".
const (
	queueRows = 15
	churnRows = 5
)

type queueRow struct {
	Rank                     int
	Ext, Account, URL, Owner string
	Level                    riskLevel
	FromData                 bool // the level is the data's suggestion: no CSM has assessed the account
	Primary                  string
	Color, Score             string
	ARR, AtRisk              string
	Likelihood, ICP, ICPFit  string
	Renewal, Urgency         string
	Priority, Working        string
	PlanURL                  string // the open plan, "" when none
}

type churnRow struct {
	Ext, Account, URL, ARR string
	Reason, By, At         string
	Active                 bool
	Reversed, Note         string
}

func (s *server) queue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := gtg.DayOf(s.now())
	items, err := save.Queue(ctx, s.store, today)
	if err != nil {
		return fmt.Errorf("save queue: %w", err)
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	open, err := save.Plans(ctx, s.store, gtg.PlanFilter{Status: gtg.PlanOpen})
	if err != nil {
		return fmt.Errorf("save queue: %w", err)
	}
	planOf := map[string]int64{}
	for _, p := range open {
		planOf[p.AccountExt] = p.ID
	}
	cur, err := s.money(ctx)
	if err != nil {
		return err
	}
	p := queuePage{basePage: s.base(r, "Save queue", "queue"), Formula: formulaOf(save.QueueFormula)}
	p.IsManager, p.CanStart = isManager(p.User), canWrite(p.User)
	sc, owners, err := s.scope(ctx, r, p.User)
	if err != nil {
		return fmt.Errorf("save queue: %w", err)
	}
	p.Scope, p.OwnerOptions = sc, ownerOptions(sc, owners)
	var atRisk float64
	limit := shownLimit(r, "n", queueRows, len(items))
	rank := 0
	for _, it := range items {
		if !sc.includes(it.Owner) {
			continue
		}
		rank++
		row := queueRow{Rank: rank, Ext: it.AccountExt, Account: it.Name, URL: accountURL(it.AccountExt), Owner: it.Owner,
			Level: levelOf(it.Level), FromData: it.LevelSource == "data", Color: it.Color, Score: scoreText(it.Score),
			ARR: cur.of(it.AccountExt, it.ARR), AtRisk: cur.of(it.AccountExt, it.ARRAtRisk),
			Likelihood: fmt.Sprintf("%.2f", it.Likelihood), ICP: fmt.Sprintf("%.2f", it.ICPWeight), ICPFit: it.ICPFit,
			Urgency: fmt.Sprintf("%.2f", it.Urgency), Priority: formatNumber(float64(int(it.Priority + 0.5))), Working: it.Working}
		if it.PrimaryReason != "" {
			row.Primary = tax.label(it.PrimaryReason)
		}
		if it.DaysToRenewal != nil {
			row.Renewal = daysText(*it.DaysToRenewal)
		}
		if id, ok := planOf[it.AccountExt]; ok {
			row.PlanURL = planURL(id)
		} else {
			p.Unplanned++
		}
		atRisk += it.ARRAtRisk
		p.Count++
		if len(p.Rows) < limit {
			p.Rows = append(p.Rows, row)
		}
	}
	p.More = more(r, "n", "queue", len(p.Rows), p.Count, queueRows*2)
	p.AtRisk = cur.total(atRisk)
	ds, err := save.ChurnReport(ctx, s.store)
	if err != nil {
		return fmt.Errorf("churn report: %w", err)
	}
	churnLimit := shownLimit(r, "churn", churnRows, len(ds))
	for _, d := range ds {
		if d.Active() {
			p.Standing++
		}
		if len(p.Churn) >= churnLimit {
			continue
		}
		row := churnRow{Ext: d.AccountExt, Account: d.AccountName, URL: accountURL(d.AccountExt), ARR: cur.of(d.AccountExt, d.ARR),
			Reason: d.Reason, By: d.DecidedBy, At: d.DecidedAt.UTC().Format("2 Jan 2006"), Active: d.Active(), Note: d.ReverseNote}
		if !row.Active {
			row.Reversed = d.ReversedAt.UTC().Format("2 Jan 2006") + " by " + d.ReversedBy
		}
		p.Churn = append(p.Churn, row)
	}
	p.ChurnMore = more(r, "churn", "churn", len(p.Churn), len(ds), 20)
	return s.page(w, http.StatusOK, "queue", p)
}

// formulaView is the queue's formula laid out for the page: the headline,
// each factor with its definition, and the closing note.
type formulaView struct {
	Head    string
	Factors []keyName // Key: the factor, Name: its definition
	Note    string
}

// formulaOf splits save.QueueFormula: its first line, its indented
// "factor = definition" lines, and the rest.
func formulaOf(text string) formulaView {
	var f formulaView
	for i, line := range strings.Split(text, "\n") {
		name, def, ok := strings.Cut(line, "=")
		switch {
		case i == 0:
			f.Head = line
		case strings.HasPrefix(line, "  ") && ok:
			f.Factors = append(f.Factors, keyName{Key: strings.TrimSpace(name), Name: strings.TrimSpace(def)})
		default:
			f.Note = strings.TrimSpace(f.Note + " " + line)
		}
	}
	return f
}
