package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/gtg-dev/gtg/save"
)

// riskBoardPage is every account's risk, the CSM's judgment beside the
// data's suggestion with disagreements flagged both ways for a manager, and
// the reason patterns the team learns from.
type riskBoardPage struct {
	basePage
	View, Owner        string
	Views              []chip
	Owners             []string
	Rows               []riskBoardRow
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

func (s *server) riskBoard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := riskBoardPage{basePage: s.base(r, "Risk", "risk"), View: q.Get("view"), Owner: q.Get("owner")}
	if p.View != "disagree" && p.View != "assessed" {
		p.View = "all"
	}
	rows, err := save.RiskBoard(ctx, s.store, false)
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
	owners := map[string]bool{}
	for _, rr := range rows {
		if rr.Owner != "" {
			owners[rr.Owner] = true
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
		case p.Owner != "" && rr.Owner != p.Owner:
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
	}
	for o := range owners {
		p.Owners = append(p.Owners, o)
	}
	slices.Sort(p.Owners)
	link := func(view string) string {
		v := url.Values{}
		if view != "all" {
			v.Set("view", view)
		}
		if p.Owner != "" {
			v.Set("owner", p.Owner)
		}
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

	pats, err := save.ReasonPatterns(ctx, s.store)
	if err != nil {
		return fmt.Errorf("reason patterns: %w", err)
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
