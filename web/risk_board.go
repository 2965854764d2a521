package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// riskBoardPage is every account's risk, the CSM's judgment beside the
// data's suggestion with disagreements flagged both ways for a manager, and
// the reason patterns the team learns from.
type riskBoardPage struct {
	basePage
	View, Owner        string
	Scope              ownerScope
	OwnerOptions       []ownerOption
	Views              []chip
	Rows               []riskBoardRow
	Groups             []riskGroup // the rows by level, most at risk first
	ARRChart           *riskARRChart
	Assessed, Disagree int
	Patterns           []patternRow
	Unused             int // reasons no profile has named
	BySegment          []groupView
	ByOwner            []groupView
}

type riskBoardRow struct {
	Account, URL, Owner, ARR string
	Level, Suggested         riskLevel
	Reasons                  []reasonTag
	Why                      string
	Color, Score             string
	Disagreement, DisText    string
	LetChurn                 bool
	SetBy                    string
}

type patternRow struct {
	Label, Stage                                    string
	Accounts, Primary                               int
	AtRisk                                          string
	AtRiskW                                         float64
	Saved, Churned, Contracted, Paused, Pending, Of int
	Segs                                            []outcomeSeg // what followed, as a bar of width 100
}

type groupView struct {
	Group string
	Top   []groupReason
}

type groupReason struct {
	Label    string
	Accounts int
	AtRisk   string
}

// groupTop is how many reasons each segment and owner lists.
const groupTop = 3

// riskGroupRows is how many accounts each level of the board lists before "Show more".
const riskGroupRows = 5

// riskGroup is one level of the risk board: the CSM's level, or the data's
// suggestion for accounts nobody has assessed.
type riskGroup struct {
	Level riskLevel
	ID    string
	Count int
	ARR   string
	Rows  []riskBoardRow
	More  *moreLink
	arr   float64
}

func (s *server) riskBoard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := riskBoardPage{basePage: s.base(r, "Risk", "risk"), View: q.Get("view")}
	if p.View != "disagree" && p.View != "assessed" {
		p.View = "all"
	}
	sc, allOwners, err := s.scope(ctx, r, p.User)
	if err != nil {
		return fmt.Errorf("risk board: %w", err)
	}
	p.Scope, p.Owner = sc, sc.Owner
	rows, pats, err := save.RiskBoardAndPatterns(ctx, s.store)
	if err != nil {
		return fmt.Errorf("risk board: %w", err)
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	cur, err := s.money(ctx)
	if err != nil {
		return err
	}
	for _, rr := range rows {
		if !sc.includes(rr.Owner) {
			continue
		}
		if rr.Level != "" {
			p.Assessed++
		}
		if rr.Disagreement != "" {
			p.Disagree++
		}
		switch {
		case p.View == "disagree" && rr.Disagreement == "", p.View == "assessed" && rr.Level == "":
			continue
		}
		row := riskBoardRow{Account: rr.Name, URL: accountURL(rr.AccountExt), Owner: rr.Owner, ARR: cur.of(rr.AccountExt, rr.ARR),
			Level: levelOf(rr.Level), Suggested: levelOf(rr.Suggested.Level), Reasons: tax.tags(rr.Reasons), Color: rr.Color,
			Score: scoreText(rr.Score), Disagreement: rr.Disagreement, DisText: disagreementText(rr.Disagreement), LetChurn: rr.LetChurn, SetBy: rr.SetBy}
		if rr.Suggested.Level == "" {
			row.Suggested = riskLevel{Level: "none", Label: "Too little data"}
		}
		for i, why := range rr.Suggested.Why {
			if i > 0 {
				row.Why += "; "
			}
			row.Why += why
		}
		p.Rows = append(p.Rows, row)
		level := rr.Level
		if level == "" {
			level = rr.Suggested.Level
		}
		if level == "" {
			level = "none"
		}
		gi := slices.IndexFunc(p.Groups, func(g riskGroup) bool { return g.ID == level })
		if gi < 0 {
			p.Groups = append(p.Groups, riskGroup{ID: level, Level: levelOf(level)})
			gi = len(p.Groups) - 1
			if level == "none" {
				p.Groups[gi].Level = riskLevel{Level: "none", Label: "Too little data"}
			}
		}
		g := &p.Groups[gi]
		g.Count++
		g.arr += rr.ARR
		g.Rows = append(g.Rows, row)
	}
	slices.SortStableFunc(p.Groups, func(a, b riskGroup) int { return gtg.RiskRank(b.ID) - gtg.RiskRank(a.ID) })
	for i := range p.Groups {
		g := &p.Groups[i]
		g.ARR = cur.total(g.arr)
		key := "n_" + g.ID
		n := shownLimit(r, key, riskGroupRows, len(g.Rows))
		g.More = more(r, key, "risk-"+g.ID, min(n, len(g.Rows)), len(g.Rows), 20)
		g.Rows = g.Rows[:min(n, len(g.Rows))]
	}
	p.OwnerOptions = ownerOptions(sc, allOwners)
	link := func(view string) string {
		v := url.Values{}
		if view != "all" {
			v.Set("view", view)
		}
		sc.set(v)
		if len(v) == 0 {
			return "/risk"
		}
		return "/risk?" + v.Encode()
	}
	p.Views = []chip{
		{Label: "Every account", URL: link("all"), Active: p.View == "all"},
		{Label: "Assessed", URL: link("assessed"), Active: p.View == "assessed", Count: p.Assessed},
		{Label: "Judgment and data disagree", URL: link("disagree"), Active: p.View == "disagree", Count: p.Disagree},
	}

	if p.ARRChart, err = s.riskARR(ctx, cur); err != nil {
		return err
	}
	var top float64
	for _, rp := range pats.Reasons {
		top = max(top, rp.ARRAtRisk)
	}
	for _, rp := range pats.Reasons {
		of := rp.Saved + rp.Churned + rp.Contracted + rp.Paused + rp.Pending
		if rp.Accounts == 0 && of == 0 {
			p.Unused++
			continue
		}
		row := patternRow{Label: rp.Label, Stage: stageLabels[rp.Stage], Accounts: rp.Accounts, Primary: rp.Primary, AtRisk: cur.total(rp.ARRAtRisk),
			Saved: rp.Saved, Churned: rp.Churned, Contracted: rp.Contracted, Paused: rp.Paused, Pending: rp.Pending, Of: of}
		if top > 0 {
			row.AtRiskW = 100 * rp.ARRAtRisk / top
		}
		x := 0.0
		for _, seg := range []struct {
			key, label string
			n          int
		}{{"saved", "saved", rp.Saved}, {"contracted", "contracted", rp.Contracted}, {"paused", "paused", rp.Paused}, {"churned", "churned", rp.Churned}, {"open", "nothing yet", rp.Pending}} {
			if seg.n > 0 {
				w := 100 * float64(seg.n) / float64(of)
				row.Segs = append(row.Segs, outcomeSeg{Key: seg.key, Label: seg.label, Count: seg.n, X: x, W: w})
				x += w
			}
		}
		p.Patterns = append(p.Patterns, row)
	}
	groups := func(gs []save.ReasonGroup, empty string) []groupView {
		var out []groupView
		for _, g := range gs {
			v := groupView{Group: g.Group}
			if v.Group == "" {
				v.Group = empty
			}
			for i, c := range g.Reasons {
				if i == groupTop {
					break
				}
				v.Top = append(v.Top, groupReason{Label: tax.label(c.Key), Accounts: c.Accounts, AtRisk: cur.total(c.ARRAtRisk)})
			}
			out = append(out, v)
		}
		return out
	}
	p.BySegment, p.ByOwner = groups(pats.BySegment, "No segment"), groups(pats.ByOwner, "No owner")
	return s.page(w, http.StatusOK, "risk_board", p)
}
