package save

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

var zeroTime time.Time

// Suggestion is the risk level the data suggests, and why.
type Suggestion struct {
	Level string   `json:"level"` // high, medium, low, or "" when gtg knows too little
	Why   []string `json:"why"`
}

// Suggest returns the risk level health and open alerts suggest: red health
// or an open high-severity alert suggests high; yellow or a medium alert,
// medium; green or a low alert, low; the highest of these wins. An account
// with insufficient data and no alerts gets no suggestion.
func Suggest(h *gtg.Health, openAlerts map[string]int) Suggestion {
	var s Suggestion
	raise := func(level, why string) {
		if gtg.RiskRank(level) > gtg.RiskRank(s.Level) {
			s.Level = level
		}
		s.Why = append(s.Why, why)
	}
	if h != nil {
		switch h.Color {
		case gtg.Red:
			raise(gtg.RiskHigh, fmt.Sprintf("health %.0f is red", h.Score))
		case gtg.Yellow:
			raise(gtg.RiskMedium, fmt.Sprintf("health %.0f is yellow", h.Score))
		case gtg.Green:
			raise(gtg.RiskLow, fmt.Sprintf("health %.0f is green", h.Score))
		}
	}
	for _, sev := range gtg.Severities { // high, medium, low
		if n := openAlerts[sev]; n > 0 {
			level := map[string]string{gtg.SeverityHigh: gtg.RiskHigh, gtg.SeverityMedium: gtg.RiskMedium, gtg.SeverityLow: gtg.RiskLow}[sev]
			raise(level, fmt.Sprintf("%d open %s-severity alert(s)", n, sev))
		}
	}
	return s
}

// Ways judgment and data can disagree.
const (
	JudgmentHigher = "judgment_higher" // the CSM sees more risk than the data
	DataHigher     = "data_higher"     // the data sees more risk than the CSM
)

// Disagreement compares a CSM's level with the suggested one: JudgmentHigher,
// DataHigher, or "" when they agree or either is missing.
func Disagreement(judged, suggested string) string {
	j, d := gtg.RiskRank(judged), gtg.RiskRank(suggested)
	switch {
	case j == 0 || d == 0 || j == d:
		return ""
	case j > d:
		return JudgmentHigher
	}
	return DataHigher
}

// RiskRow is one account's risk: the CSM's judgment beside the data's.
type RiskRow struct {
	gtg.AccountRef
	Level        string     `json:"level"` // the CSM's; "" when never assessed
	Reasons      []string   `json:"reasons"`
	SetBy        string     `json:"set_by,omitempty"`
	SetAt        time.Time  `json:"set_at,omitzero"`
	Color        string     `json:"color"`
	Score        *float64   `json:"score"`
	Suggested    Suggestion `json:"suggested"`
	Disagreement string     `json:"disagreement"`
	LetChurn     bool       `json:"let_churn"`
}

func riskRow(a *accountState) RiskRow {
	r := RiskRow{AccountRef: a.ref(), Reasons: []string{}, Suggested: Suggest(a.health, a.alerts), LetChurn: a.churn != nil}
	if a.health != nil {
		r.Color = a.health.Color
		if a.health.Color != gtg.InsufficientData {
			score := a.health.Score
			r.Score = &score
		}
	}
	if p := a.profile; p != nil {
		r.Level, r.Reasons, r.SetBy, r.SetAt = p.Level, p.Reasons, p.SetBy, p.SetAt
	}
	r.Disagreement = Disagreement(r.Level, r.Suggested.Level)
	return r
}

// RiskBoard returns every account's risk row, most at risk first (by the
// CSM's level, else the suggestion), then by ARR. With onlyDisagreements it
// keeps the accounts where judgment and data disagree, for a manager to look at.
func RiskBoard(ctx context.Context, st *store.Store, onlyDisagreements bool) ([]RiskRow, error) {
	_, states, err := loadPortfolio(ctx, st, 0)
	if err != nil {
		return nil, err
	}
	return riskBoard(states, onlyDisagreements), nil
}

func riskBoard(states []*accountState, onlyDisagreements bool) []RiskRow {
	rows := []RiskRow{}
	for _, a := range states {
		r := riskRow(a)
		if onlyDisagreements && r.Disagreement == "" {
			continue
		}
		rows = append(rows, r)
	}
	rank := func(r RiskRow) int {
		if r.Level != "" {
			return gtg.RiskRank(r.Level)
		}
		return gtg.RiskRank(r.Suggested.Level)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if ri, rj := rank(rows[i]), rank(rows[j]); ri != rj {
			return ri > rj
		}
		if rows[i].ARR != rows[j].ARR {
			return rows[i].ARR > rows[j].ARR
		}
		return rows[i].AccountExt < rows[j].AccountExt
	})
	return rows
}

// RiskView is one account's risk for its page: the current profile, its
// history, the data's suggestion and any "let it churn" decision.
type RiskView struct {
	RiskRow
	Current *gtg.RiskProfile   `json:"current"`
	History []*gtg.RiskProfile `json:"history"` // newest first
	Churn   *gtg.ChurnDecision `json:"churn_decision"`
}

// Risk returns an account's risk view; ENOTFOUND for an unknown account.
func Risk(ctx context.Context, st *store.Store, accountExt string) (*RiskView, error) {
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	s := &accountState{acct: a}
	if s.health, err = latestHealth(ctx, st, a.ID, 0); err != nil {
		return nil, err
	}
	all, err := st.OpenAlertCounts(ctx)
	if err != nil {
		return nil, err
	}
	s.alerts = all[a.ID]
	v := &RiskView{}
	if v.History, err = st.RiskHistory(ctx, a.ID); err != nil {
		return nil, err
	}
	if len(v.History) > 0 {
		v.Current, s.profile = v.History[0], v.History[0]
	}
	ds, err := st.ChurnDecisions(ctx, true)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.AccountID == a.ID {
			v.Churn, s.churn = d, d
		}
	}
	v.RiskRow = riskRow(s)
	return v, nil
}

// latestHealth returns an account's newest snapshot on or before day (0: any
// day), looking back at most 31 days; nil when there is none.
func latestHealth(ctx context.Context, st *store.Store, accountID int64, day gtg.Day) (*gtg.Health, error) {
	if day == 0 {
		var err error
		if day, err = st.LatestHealthDay(ctx); err != nil || day == 0 {
			return nil, err
		}
	}
	hs, err := st.HealthHistory(ctx, accountID, day-31, day)
	if err != nil || len(hs) == 0 {
		return nil, err
	}
	return hs[len(hs)-1], nil
}

// SetRisk sets an account's risk level with reasons (the first is primary)
// and a note, keeping the previous profiles as history. It needs a CSM or
// above; EINVALID names the field that is wrong, ENOTFOUND an unknown account.
func SetRisk(ctx context.Context, st *store.Store, u *gtg.User, accountExt string, ch gtg.RiskChange) (*gtg.RiskProfile, error) {
	if err := gtg.Require(u, gtg.UserCSM, "set a risk level"); err != nil {
		return nil, err
	}
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	p, err := newProfile(ctx, st, u, a, ch, gtg.RiskSourceManual)
	if err != nil {
		return nil, err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error { return addProfile(ctx, tx, p) })
	return p, err
}

// newProfile checks a change against the taxonomy and makes the profile it records.
func newProfile(ctx context.Context, st *store.Store, u *gtg.User, a *gtg.Account, ch gtg.RiskChange, source string) (*gtg.RiskProfile, error) {
	ch.Normalize()
	if err := ch.Validate(); err != nil {
		return nil, err
	}
	idx, err := reasonIndex(ctx, st)
	if err != nil {
		return nil, err
	}
	if err := checkReasons(idx, "reason", ch.Reasons); err != nil {
		return nil, err
	}
	return &gtg.RiskProfile{AccountID: a.ID, AccountExt: a.ExternalID, Level: ch.Level, Reasons: ch.Reasons,
		Note: ch.Note, Source: source, SetBy: u.Email}, nil
}

func addProfile(ctx context.Context, tx *store.Tx, p *gtg.RiskProfile) error {
	if err := tx.AddRiskProfile(ctx, p); err != nil {
		return err
	}
	after, _ := json.Marshal(p)
	return tx.Audit(ctx, gtg.AuditEntry{Actor: p.SetBy, Action: "update", Entity: "risk_profile", EntityID: p.AccountExt, After: string(after)})
}
