package save

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// QueueFormula is how the save queue is ordered, in words, for the page
// and the command line to show beside the queue.
const QueueFormula = `priority = ARR at risk × likelihood of saving × ICP weight × urgency
  ARR at risk          = ARR × 1.0 at high risk, × 0.6 at medium (the CSM's level, else the level the data suggests)
  likelihood of saving = health score ÷ 100, kept between 0.1 and 0.9 (0.5 when not scored)
  ICP weight           = 1.0 for ICP fit A, 0.75 for B, 0.5 for C, 0.25 for D, a score from 0 to 100 as its share (at least 0.25); 0.75 when unknown
  urgency              = 1 + (180 − days to renewal) ÷ 180, from 1 (180 days or more, or no renewal date) to 2 (renewal due or past)
The queue holds accounts at high or medium risk that have not churned and are not marked "let it churn".`

// QueueItem is one account in the save queue with every factor of its priority.
type QueueItem struct {
	gtg.AccountRef
	Level         string   `json:"level"`
	LevelSource   string   `json:"level_source"` // csm or data
	PrimaryReason string   `json:"primary_reason,omitempty"`
	Color         string   `json:"color"`
	Score         *float64 `json:"score"`
	ARRAtRisk     float64  `json:"arr_at_risk"`
	Likelihood    float64  `json:"likelihood"`
	ICPFit        string   `json:"icp_fit"`
	ICPWeight     float64  `json:"icp_weight"`
	DaysToRenewal *int     `json:"days_to_renewal"`
	Urgency       float64  `json:"urgency"`
	Priority      float64  `json:"priority"`
	// Working is the formula with this account's numbers in it.
	Working string `json:"working"`
}

// riskWeight is the share of ARR at stake at each risk level.
var riskWeight = map[string]float64{gtg.RiskHigh: 1.0, gtg.RiskMedium: 0.6, gtg.RiskLow: 0.3}

// Likelihood is the chance of saving an account, from its health (see QueueFormula).
func Likelihood(h *gtg.Health) float64 {
	if h == nil || h.Color == gtg.InsufficientData {
		return 0.5
	}
	return math.Min(0.9, math.Max(0.1, h.Score/100))
}

// ICPWeight turns an account's ICP fit, a tier or a 0-100 score, into a weight (see QueueFormula).
func ICPWeight(fit string) float64 {
	switch f := strings.ToUpper(strings.TrimSpace(fit)); f {
	case "A":
		return 1
	case "B":
		return 0.75
	case "C":
		return 0.5
	case "D":
		return 0.25
	default:
		if v, err := strconv.ParseFloat(f, 64); err == nil && v >= 0 && v <= 100 {
			return math.Max(0.25, v/100)
		}
	}
	return 0.75
}

// Urgency grows from 1 to 2 as the renewal comes within 180 days (see QueueFormula).
func Urgency(renewal, today gtg.Day) float64 {
	if renewal == 0 {
		return 1
	}
	d := float64(renewal - today)
	return 1 + math.Min(180, math.Max(0, 180-d))/180
}

// Queue returns the prioritised save queue as of today, highest priority
// first (ties: higher ARR, then account id).
func Queue(ctx context.Context, st *store.Store, today gtg.Day) ([]QueueItem, error) {
	_, states, err := loadPortfolio(ctx, st, today)
	if err != nil {
		return nil, err
	}
	out := []QueueItem{}
	for _, a := range states {
		level, source := a.level(), "data"
		if a.profile != nil {
			source = "csm"
		}
		if gtg.RiskRank(level) < gtg.RiskRank(gtg.RiskMedium) || a.churn != nil || a.churned() {
			continue
		}
		it := QueueItem{AccountRef: a.ref(), Level: level, LevelSource: source, ICPFit: a.acct.ICPFit,
			ARRAtRisk: a.acct.ARR * riskWeight[level], Likelihood: Likelihood(a.health),
			ICPWeight: ICPWeight(a.acct.ICPFit), Urgency: Urgency(a.acct.RenewalDate, today)}
		if a.profile != nil {
			it.PrimaryReason = a.profile.Primary()
		}
		if a.health != nil {
			it.Color = a.health.Color
			if a.health.Color != gtg.InsufficientData {
				s := a.health.Score
				it.Score = &s
			}
		}
		if a.acct.RenewalDate != 0 {
			d := int(a.acct.RenewalDate - today)
			it.DaysToRenewal = &d
		}
		it.Priority = it.ARRAtRisk * it.Likelihood * it.ICPWeight * it.Urgency
		it.Working = fmt.Sprintf("%.0f × %.2f × %.2f × %.2f = %.0f", it.ARRAtRisk, it.Likelihood, it.ICPWeight, it.Urgency, it.Priority)
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Priority != out[j].Priority {
			return out[i].Priority > out[j].Priority
		}
		if out[i].ARR != out[j].ARR {
			return out[i].ARR > out[j].ARR
		}
		return out[i].AccountExt < out[j].AccountExt
	})
	return out, nil
}

// LetChurn marks an account "let it churn" with a reason, taking it out of
// the save queue. Only a manager or admin may; ECONFLICT when it is already marked.
func LetChurn(ctx context.Context, st *store.Store, u *gtg.User, accountExt, reason string) (*gtg.ChurnDecision, error) {
	if err := gtg.Require(u, gtg.UserManager, "mark an account \"let it churn\""); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, gtg.Errorf(gtg.EINVALID, "reason: required (why let it churn, for example: not our ideal customer)")
	case len(reason) > gtg.MaxFieldLen:
		return nil, gtg.Errorf(gtg.EINVALID, "reason: longer than %d bytes", gtg.MaxFieldLen)
	}
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	d := &gtg.ChurnDecision{AccountID: a.ID, AccountExt: a.ExternalID, AccountName: a.Name, ARR: a.ARR, Reason: reason, DecidedBy: u.Email}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddChurnDecision(ctx, d); err != nil {
			return err
		}
		after, _ := json.Marshal(d)
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "let_churn", Entity: "account", EntityID: a.ExternalID, After: string(after)})
	})
	return d, err
}

// UndoLetChurn reverses an account's "let it churn" decision, putting it back
// in the queue. Only a manager or admin may; ENOTFOUND when it is not marked.
func UndoLetChurn(ctx context.Context, st *store.Store, u *gtg.User, accountExt, note string) error {
	if err := gtg.Require(u, gtg.UserManager, "reverse \"let it churn\""); err != nil {
		return err
	}
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.ReverseChurnDecision(ctx, a.ID, u.Email, strings.TrimSpace(note))
		if gtg.ErrorCode(err) == gtg.ENOTFOUND {
			return gtg.Errorf(gtg.ENOTFOUND, "account %s is not marked \"let it churn\"", a.ExternalID)
		} else if err != nil {
			return err
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "undo_let_churn", Entity: "account", EntityID: a.ExternalID,
			After: fmt.Sprintf(`{"decision_id":%d,"note":%q}`, id, note)})
	})
}

// ChurnReport returns every "let it churn" decision, standing and reversed, newest first.
func ChurnReport(ctx context.Context, st *store.Store) ([]*gtg.ChurnDecision, error) {
	return st.ChurnDecisions(ctx, false)
}
