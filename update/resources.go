package update

import (
	"context"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
)

// Suggestion is the resources suggested for an account and how to share
// them: for a high-risk account, propose a new desired outcome; otherwise
// share and ask to confirm the desired outcome has not changed.
type Suggestion struct {
	RiskLevel string
	Mode      string
	Ask       string
	Resources []gtg.ResourceSuggestion
}

// Suggest returns the resources for an account (up to three), from its
// risk profile, or its health's color when no one set a risk level.
func Suggest(ctx context.Context, st *store.Store, accountExt string) (*Suggestion, error) {
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	p, err := riskProfile(ctx, st, a.ID)
	if err != nil {
		return nil, err
	}
	color := ""
	today := gtg.DayOf(st.Now())
	if hs, err := st.HealthHistory(ctx, a.ID, today-31, today); err != nil {
		return nil, err
	} else if len(hs) > 0 {
		color = hs[len(hs)-1].Color
	}
	var reasons []string
	if plans, err := st.Plans(ctx, gtg.PlanFilter{AccountID: a.ID, Status: gtg.PlanOpen}); err != nil {
		return nil, err
	} else if len(plans) > 0 {
		reasons = plans[0].Reasons
	}
	return suggestFor(ctx, st, a, riskLevel(p, color), reasons)
}

func suggestFor(ctx context.Context, st *store.Store, a *gtg.Account, risk string, planReasons []string) (*Suggestion, error) {
	rs, err := save.Resources(ctx, st)
	if err != nil {
		return nil, err
	}
	c := gtg.ResourceContext{Stage: a.Stage, RiskLevel: risk, Reasons: planReasons}
	if ind, ok := a.Attrs["industry"].(string); ok {
		c.Industry = ind
	}
	if p, err := riskProfile(ctx, st, a.ID); err != nil {
		return nil, err
	} else if p != nil && len(p.Reasons) > 0 {
		c.Reasons = p.Reasons
	}
	mode := gtg.ModeFor(risk)
	return &Suggestion{RiskLevel: risk, Mode: mode, Ask: gtg.ModeAsk(mode), Resources: gtg.SuggestResources(rs, c, 3)}, nil
}

// riskProfile returns the account's current risk profile, nil when none was set.
func riskProfile(ctx context.Context, st *store.Store, accountID int64) (*gtg.RiskProfile, error) {
	p, err := st.RiskProfile(ctx, accountID)
	if gtg.ErrorCode(err) == gtg.ENOTFOUND {
		return nil, nil
	}
	return p, err
}

// riskLevel is the CSM's level, or one read from the health color.
func riskLevel(p *gtg.RiskProfile, color string) string {
	if p != nil && p.Level != "" {
		return p.Level
	}
	return map[string]string{gtg.Red: gtg.RiskHigh, gtg.Yellow: gtg.RiskMedium, gtg.Green: gtg.RiskLow}[color]
}

// ResourceRecords sums up, per resource id, what followed its sends: how
// many, the mean change of health from the send to 30 days later (or the
// latest score, when sooner), how many improved, and the plan outcomes.
func ResourceRecords(ctx context.Context, st *store.Store) (map[int64]gtg.ResourceRecord, error) {
	sends, err := st.ResourceSends(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := map[int64]gtg.ResourceRecord{}
	sums := map[int64]float64{}
	for _, s := range sends {
		r := out[s.ResourceID]
		r.Sends++
		if s.Score != nil && s.LaterScore != nil {
			r.Measured++
			d := *s.LaterScore - *s.Score
			sums[s.ResourceID] += d
			if d > 0 {
				r.Improved++
			}
		}
		if s.Outcome != "" {
			if r.Outcomes == nil {
				r.Outcomes = map[string]int{}
			}
			r.Outcomes[s.Outcome]++
		}
		out[s.ResourceID] = r
	}
	for id, r := range out {
		if r.Measured > 0 {
			m := sums[id] / float64(r.Measured)
			r.MeanChange = &m
			out[id] = r
		}
	}
	return out, nil
}
