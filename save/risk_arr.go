package save

import (
	"context"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// RiskARRPoint is the ARR at each risk level at the end of one day: the
// CSMs' levels as they stood then ("none" for accounts not yet assessed),
// leaving out accounts whose newest outcome by then was a churn.
type RiskARRPoint struct {
	Day gtg.Day
	ARR map[string]float64 // high, medium, low, none
}

// RiskARRHistory returns ARR by risk level at the end of today and of each
// of the weeks-1 weeks before, oldest first, for the movement of ARR at
// risk. Amounts are today's ARR: the history is of the levels, not of
// contract values.
func RiskARRHistory(ctx context.Context, st *store.Store, today gtg.Day, weeks int) ([]RiskARRPoint, error) {
	accts, err := st.AccountBriefs(ctx)
	if err != nil {
		return nil, err
	}
	outcomes, err := st.Outcomes(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := make([]RiskARRPoint, 0, weeks)
	for w := weeks - 1; w >= 0; w-- {
		day := today - gtg.Day(7*w)
		profiles, err := st.RiskProfilesAt(ctx, (day + 1).Time())
		if err != nil {
			return nil, err
		}
		churned := map[int64]bool{}
		for _, o := range outcomes { // by date, so the newest by then wins
			if o.Day <= day {
				churned[o.AccountID] = o.Type == gtg.OutcomeChurned
			}
		}
		p := RiskARRPoint{Day: day, ARR: map[string]float64{gtg.RiskHigh: 0, gtg.RiskMedium: 0, gtg.RiskLow: 0, "none": 0}}
		for _, a := range accts {
			if churned[a.ID] {
				continue
			}
			level := "none"
			if pr := profiles[a.ID]; pr != nil {
				level = pr.Level
			}
			p.ARR[level] += a.ARR
		}
		out = append(out, p)
	}
	return out, nil
}
