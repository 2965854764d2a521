package save

import (
	"cmp"
	"context"
	"slices"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// accountState is what the save workflow knows of one account at once.
type accountState struct {
	acct    *gtg.Account
	profile *gtg.RiskProfile   // current risk profile; nil when never assessed
	health  *gtg.Health        // on the newest scored day; nil when not scored
	alerts  map[string]int     // alerts needing attention, by severity
	churn   *gtg.ChurnDecision // standing "let it churn"; nil when none
	last    *gtg.Outcome       // the newest outcome; nil when none
}

func (a *accountState) ref() gtg.AccountRef {
	return gtg.AccountRef{AccountExt: a.acct.ExternalID, Name: a.acct.Name, Owner: a.acct.Owner, ARR: a.acct.ARR}
}

// level is the account's risk level: the CSM's when assessed, else the data's suggestion.
func (a *accountState) level() string {
	if a.profile != nil {
		return a.profile.Level
	}
	return Suggest(a.health, a.alerts).Level
}

// churned reports whether the account's newest outcome is a churn.
func (a *accountState) churned() bool { return a.last != nil && a.last.Type == gtg.OutcomeChurned }

// loadPortfolio reads every account with its current risk, its health on
// the newest scored day on or before asOf (0: the newest scored day), its
// alerts, churn decision and newest outcome. It returns that scored day (0: none).
func loadPortfolio(ctx context.Context, st *store.Store, asOf gtg.Day) (gtg.Day, []*accountState, error) {
	// The reports use no custom attributes: the brief read skips decoding them.
	briefs, err := st.AccountBriefs(ctx)
	if err != nil {
		return 0, nil, err
	}
	accts := make([]*gtg.Account, 0, len(briefs))
	for _, b := range briefs {
		accts = append(accts, b.Account())
	}
	slices.SortFunc(accts, func(a, b *gtg.Account) int { return cmp.Compare(a.ID, b.ID) })
	var day gtg.Day
	if asOf == 0 {
		day, err = st.LatestHealthDay(ctx)
	} else {
		day, err = st.ScoredDayOnOrBefore(ctx, asOf)
	}
	if err != nil {
		return 0, nil, err
	}
	// Reports need each account's score and color, not its breakdown:
	// decoding every snapshot's measures was two thirds of the time.
	health := map[int64]*gtg.Health{}
	if day != 0 {
		scores, err := st.ScoresOn(ctx, day)
		if err != nil {
			return 0, nil, err
		}
		for id, sc := range scores {
			health[id] = &gtg.Health{AccountID: id, Day: day, Score: sc.Score, Color: sc.Color}
		}
	}
	profiles, err := st.RiskProfilesAt(ctx, zeroTime)
	if err != nil {
		return 0, nil, err
	}
	alerts, err := st.OpenAlertCounts(ctx)
	if err != nil {
		return 0, nil, err
	}
	decisions, err := st.ChurnDecisions(ctx, true)
	if err != nil {
		return 0, nil, err
	}
	churn := map[int64]*gtg.ChurnDecision{}
	for _, d := range decisions {
		churn[d.AccountID] = d
	}
	outcomes, err := st.Outcomes(ctx, 0)
	if err != nil {
		return 0, nil, err
	}
	last := map[int64]*gtg.Outcome{}
	for _, o := range outcomes { // by date, so the newest wins
		last[o.AccountID] = o
	}
	out := make([]*accountState, len(accts))
	for i, a := range accts {
		out[i] = &accountState{acct: a, profile: profiles[a.ID], health: health[a.ID], alerts: alerts[a.ID],
			churn: churn[a.ID], last: last[a.ID]}
	}
	return day, out, nil
}
