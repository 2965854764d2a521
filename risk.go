package gtg

import (
	"strings"
	"time"
)

// Risk levels a CSM assigns to an account, from most to least at risk.
const (
	RiskHigh   = "high"
	RiskMedium = "medium"
	RiskLow    = "low"
)

// RiskLevels lists the valid risk levels, most at risk first.
var RiskLevels = []string{RiskHigh, RiskMedium, RiskLow}

// RiskRank orders risk levels: high 3, medium 2, low 1, anything else (no level) 0.
func RiskRank(level string) int {
	switch level {
	case RiskHigh:
		return 3
	case RiskMedium:
		return 2
	case RiskLow:
		return 1
	}
	return 0
}

// Stages of the customer journey a risk reason belongs to, plus crisis
// reasons that come from the customer's own business.
const (
	ReasonEarly  = "early"
	ReasonMid    = "mid"
	ReasonEnd    = "end"
	ReasonCrisis = "crisis"
)

// ReasonStages lists the reason stages in journey order.
var ReasonStages = []string{ReasonEarly, ReasonMid, ReasonEnd, ReasonCrisis}

// RiskReason is one entry of the editable taxonomy of reasons an account is at risk.
type RiskReason struct {
	Key         string `json:"key" yaml:"key"`
	Stage       string `json:"stage" yaml:"stage"`
	Label       string `json:"label" yaml:"label"`
	Description string `json:"description,omitempty" yaml:"description"`
	// Retired reasons stay on old profiles but cannot be chosen any more.
	Retired bool `json:"retired,omitempty" yaml:"retired"`
}

// Normalize tidies values before validation.
func (r *RiskReason) Normalize() {
	r.Key = strings.TrimSpace(r.Key)
	r.Stage = strings.ToLower(strings.TrimSpace(r.Stage))
	r.Label = strings.TrimSpace(r.Label)
	r.Description = strings.TrimSpace(r.Description)
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (r *RiskReason) Validate() error {
	switch {
	case !ValidKey(r.Key):
		return Errorf(EINVALID, "key: %q must be lowercase letters, digits and _, starting with a letter", r.Key)
	case !contains(ReasonStages, r.Stage):
		return Errorf(EINVALID, "stage: %q is not one of %s", r.Stage, strings.Join(ReasonStages, ", "))
	case r.Label == "":
		return Errorf(EINVALID, "label: required")
	case len(r.Label) > 200:
		return Errorf(EINVALID, "label: longer than 200 bytes")
	case len(r.Description) > MaxFieldLen:
		return Errorf(EINVALID, "description: longer than %d bytes", MaxFieldLen)
	}
	return nil
}

// Sources of a risk profile change.
const (
	RiskSourceManual      = "manual"
	RiskSourceRediscovery = "rediscovery"
)

// RiskProfile is a CSM's judgment of an account's risk at one moment. Every
// change adds a profile; the newest is the account's current one, and the
// rest are its history.
type RiskProfile struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"-"`
	AccountExt string    `json:"account_id"`
	Level      string    `json:"level"`
	Reasons    []string  `json:"reasons"` // reason keys; the first is the primary reason
	Note       string    `json:"note,omitempty"`
	Source     string    `json:"source"` // manual or rediscovery
	SetBy      string    `json:"set_by"`
	SetAt      time.Time `json:"set_at"`
}

// Primary returns the primary reason's key ("" when there is none).
func (p *RiskProfile) Primary() string {
	if len(p.Reasons) == 0 {
		return ""
	}
	return p.Reasons[0]
}

// RiskChange is what a person submits to set an account's risk.
type RiskChange struct {
	Level   string   `json:"level"`
	Reasons []string `json:"reasons"` // the first is primary
	Note    string   `json:"note"`
}

// Normalize tidies values before validation.
func (c *RiskChange) Normalize() {
	c.Level = strings.ToLower(strings.TrimSpace(c.Level))
	c.Note = strings.TrimSpace(c.Note)
	for i, r := range c.Reasons {
		c.Reasons[i] = strings.TrimSpace(r)
	}
}

// Validate checks the change on its own; whether each reason is in the
// taxonomy is checked where the taxonomy is at hand.
func (c *RiskChange) Validate() error {
	if !contains(RiskLevels, c.Level) {
		return Errorf(EINVALID, "level: %q is not one of high, medium, low", c.Level)
	}
	if len(c.Reasons) == 0 {
		return Errorf(EINVALID, "reason: at least one is required (the first is the primary reason)")
	}
	seen := map[string]bool{}
	for _, r := range c.Reasons {
		if !ValidKey(r) {
			return Errorf(EINVALID, "reason: %q is not a reason key", r)
		}
		if seen[r] {
			return Errorf(EINVALID, "reason: %q is given twice", r)
		}
		seen[r] = true
	}
	if len(c.Note) > MaxFieldLen {
		return Errorf(EINVALID, "note: longer than %d bytes", MaxFieldLen)
	}
	return nil
}

// ChurnDecision is a manager's call to stop trying to save an account ("let
// it churn"), for example because it is not an ideal customer. It takes the
// account out of the save queue until it is reversed.
type ChurnDecision struct {
	ID          int64     `json:"id"`
	AccountID   int64     `json:"-"`
	AccountExt  string    `json:"account_id"`
	AccountName string    `json:"account_name"`
	ARR         float64   `json:"arr"` // the account's ARR when decided
	Reason      string    `json:"reason"`
	DecidedBy   string    `json:"decided_by"`
	DecidedAt   time.Time `json:"decided_at"`
	ReversedBy  string    `json:"reversed_by,omitempty"`
	ReversedAt  time.Time `json:"reversed_at,omitzero"`
	ReverseNote string    `json:"reverse_note,omitempty"`
}

// Active reports whether the decision still stands.
func (d *ChurnDecision) Active() bool { return d.ReversedAt.IsZero() }
