package save

import (
	"context"
	"sort"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// ReasonPattern is what the team has learned about one risk reason.
type ReasonPattern struct {
	Key   string `json:"key"`
	Stage string `json:"stage"`
	Label string `json:"label"`
	// Accounts whose current risk profile names the reason, and how many as primary.
	Accounts int `json:"accounts"`
	Primary  int `json:"primary"`
	// ARRAtRisk is the ARR of those accounts.
	ARRAtRisk float64 `json:"arr_at_risk"`
	// What followed: accounts ever profiled with the reason, counted by the
	// first result on or after the day they were first profiled with it.
	// Saved is a renewal, an expansion, or a plan closed back to green or renewed.
	Saved      int `json:"saved"`
	Churned    int `json:"churned"`
	Contracted int `json:"contracted"`
	Paused     int `json:"paused"`
	Pending    int `json:"pending"` // nothing has followed yet
}

// ReasonCount is how many accounts in a group name a reason now.
type ReasonCount struct {
	Key       string  `json:"key"`
	Accounts  int     `json:"accounts"`
	ARRAtRisk float64 `json:"arr_at_risk"`
}

// ReasonGroup is the reasons of one segment or one owner, most common first.
type ReasonGroup struct {
	Group   string        `json:"group"`
	Reasons []ReasonCount `json:"reasons"`
}

// Patterns is how accounts are profiled, so the team can refine it.
type Patterns struct {
	Reasons   []ReasonPattern `json:"reasons"` // most common first
	BySegment []ReasonGroup   `json:"by_segment"`
	ByOwner   []ReasonGroup   `json:"by_owner"`
}

// result is something that followed a risk: saved, churned, contracted or paused.
type result struct {
	day  gtg.Day
	kind string
}

var outcomeResult = map[string]string{
	gtg.OutcomeRenewed: "saved", gtg.OutcomeExpanded: "saved", gtg.OutcomeBackToGreen: "saved",
	gtg.OutcomeChurned: "churned", gtg.OutcomeContracted: "contracted", gtg.OutcomePaused: "paused",
}

// ReasonPatterns returns the reason patterns: every reason of the taxonomy,
// with the reasons named by the current profiles grouped by segment and owner.
func ReasonPatterns(ctx context.Context, st *store.Store) (*Patterns, error) {
	_, states, err := loadPortfolio(ctx, st, 0)
	if err != nil {
		return nil, err
	}
	return reasonPatterns(ctx, st, states)
}

// RiskBoardAndPatterns is RiskBoard (every account) and ReasonPatterns
// from one read of the portfolio, for the risk page that shows both.
func RiskBoardAndPatterns(ctx context.Context, st *store.Store) ([]RiskRow, *Patterns, error) {
	_, states, err := loadPortfolio(ctx, st, 0)
	if err != nil {
		return nil, nil, err
	}
	pats, err := reasonPatterns(ctx, st, states)
	if err != nil {
		return nil, nil, err
	}
	return riskBoard(states, false), pats, nil
}

func reasonPatterns(ctx context.Context, st *store.Store, states []*accountState) (*Patterns, error) {
	reasons, err := Reasons(ctx, st)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*accountState{}
	for _, a := range states {
		byID[a.acct.ID] = a
	}
	results, err := followingResults(ctx, st)
	if err != nil {
		return nil, err
	}
	pats := map[string]*ReasonPattern{}
	var order []string
	for _, r := range reasons {
		pats[r.Key] = &ReasonPattern{Key: r.Key, Stage: r.Stage, Label: r.Label}
		order = append(order, r.Key)
	}
	pattern := func(key string) *ReasonPattern {
		if pats[key] == nil { // a reason since removed from the taxonomy
			pats[key] = &ReasonPattern{Key: key, Label: key}
			order = append(order, key)
		}
		return pats[key]
	}
	segments, owners := map[string]map[string]*ReasonCount{}, map[string]map[string]*ReasonCount{}
	count := func(groups map[string]map[string]*ReasonCount, group, key string, arr float64) {
		if groups[group] == nil {
			groups[group] = map[string]*ReasonCount{}
		}
		c := groups[group][key]
		if c == nil {
			c = &ReasonCount{Key: key}
			groups[group][key] = c
		}
		c.Accounts++
		c.ARRAtRisk += arr
	}
	for _, a := range states {
		if a.profile == nil {
			continue
		}
		for i, k := range a.profile.Reasons {
			p := pattern(k)
			p.Accounts++
			p.ARRAtRisk += a.acct.ARR
			if i == 0 {
				p.Primary++
			}
			count(segments, a.acct.Segment, k, a.acct.ARR)
			count(owners, a.acct.Owner, k, a.acct.ARR)
		}
	}
	profiles, err := st.AllRiskProfiles(ctx)
	if err != nil {
		return nil, err
	}
	type pair struct {
		account int64
		reason  string
	}
	first := map[pair]gtg.Day{}
	var pairs []pair
	for _, p := range profiles { // oldest first
		for _, k := range p.Reasons {
			if _, ok := first[pair{p.AccountID, k}]; !ok {
				first[pair{p.AccountID, k}] = gtg.DayOf(p.SetAt)
				pairs = append(pairs, pair{p.AccountID, k})
			}
		}
	}
	for _, pr := range pairs {
		p := pattern(pr.reason)
		kind := "pending"
		for _, r := range results[pr.account] { // by day
			if r.day >= first[pr] {
				kind = r.kind
				break
			}
		}
		switch kind {
		case "saved":
			p.Saved++
		case "churned":
			p.Churned++
		case "contracted":
			p.Contracted++
		case "paused":
			p.Paused++
		default:
			p.Pending++
		}
	}
	out := &Patterns{Reasons: []ReasonPattern{}, BySegment: groupList(segments), ByOwner: groupList(owners)}
	for _, k := range order {
		out.Reasons = append(out.Reasons, *pats[k])
	}
	sort.SliceStable(out.Reasons, func(i, j int) bool { return out.Reasons[i].Accounts > out.Reasons[j].Accounts })
	return out, nil
}

// followingResults returns, per account and by day, the outcomes and plan
// closings that tell whether a risk was saved.
func followingResults(ctx context.Context, st *store.Store) (map[int64][]result, error) {
	outcomes, err := st.Outcomes(ctx, 0)
	if err != nil {
		return nil, err
	}
	plans, err := st.Plans(ctx, gtg.PlanFilter{Status: gtg.PlanClosed})
	if err != nil {
		return nil, err
	}
	out := map[int64][]result{}
	for _, o := range outcomes {
		if k := outcomeResult[o.Type]; k != "" {
			out[o.AccountID] = append(out[o.AccountID], result{o.Day, k})
		}
	}
	for _, p := range plans {
		if k := outcomeResult[p.Outcome]; k != "" {
			out[p.AccountID] = append(out[p.AccountID], result{p.ClosedOn, k})
		}
	}
	for _, rs := range out {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].day < rs[j].day })
	}
	return out, nil
}

func groupList(groups map[string]map[string]*ReasonCount) []ReasonGroup {
	out := []ReasonGroup{}
	for g, counts := range groups {
		rg := ReasonGroup{Group: g}
		for _, c := range counts {
			rg.Reasons = append(rg.Reasons, *c)
		}
		sort.Slice(rg.Reasons, func(i, j int) bool {
			if rg.Reasons[i].Accounts != rg.Reasons[j].Accounts {
				return rg.Reasons[i].Accounts > rg.Reasons[j].Accounts
			}
			return rg.Reasons[i].Key < rg.Reasons[j].Key
		})
		out = append(out, rg)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out
}
