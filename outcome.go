package gtg

import "time"

// Outcome types: what became of an account's contract on a date. Outcomes are
// the ground truth that backtests and playbook records learn from.
const (
	OutcomeRenewed    = "renewed"
	OutcomeExpanded   = "expanded"
	OutcomeContracted = "contracted"
	OutcomeChurned    = "churned"
	OutcomePaused     = "paused"
	OutcomeResumed    = "resumed"
)

// OutcomeTypes lists the valid outcome types.
var OutcomeTypes = []string{OutcomeRenewed, OutcomeExpanded, OutcomeContracted, OutcomeChurned, OutcomePaused, OutcomeResumed}

// Outcome records a renewal, expansion, contraction, churn, pause or resumption.
type Outcome struct {
	ID                int64     `json:"-"`
	AccountID         int64     `json:"-"`
	AccountExternalID string    `json:"account_id"`
	Day               Day       `json:"date"`
	Type              string    `json:"type"`
	ARRBefore         float64   `json:"arr_before"`
	ARRAfter          float64   `json:"arr_after"`
	CreatedAt         time.Time `json:"created_at"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (o *Outcome) Validate() error {
	switch {
	case o.AccountExternalID == "" && o.AccountID == 0:
		return Errorf(EINVALID, "account_id: required")
	case o.Day <= 0:
		return Errorf(EINVALID, "date: required")
	case !contains(OutcomeTypes, o.Type):
		return Errorf(EINVALID, "type: %q is not one of renewed, expanded, contracted, churned, paused, resumed", o.Type)
	case o.ARRBefore < 0:
		return Errorf(EINVALID, "arr_before: must not be negative")
	case o.ARRAfter < 0:
		return Errorf(EINVALID, "arr_after: must not be negative")
	case o.Type == OutcomeChurned && o.ARRAfter != 0:
		return Errorf(EINVALID, "arr_after: a churned account keeps no ARR (got %v)", o.ARRAfter)
	case o.Type == OutcomeExpanded && o.ARRAfter <= o.ARRBefore:
		return Errorf(EINVALID, "arr_after: an expansion must raise ARR (%v -> %v)", o.ARRBefore, o.ARRAfter)
	case o.Type == OutcomeContracted && o.ARRAfter >= o.ARRBefore:
		return Errorf(EINVALID, "arr_after: a contraction must lower ARR (%v -> %v)", o.ARRBefore, o.ARRAfter)
	}
	return nil
}
