package gtg

import (
	"strings"
	"time"
)

// Handoff kinds: the moments knowledge passes from one person to another.
const (
	HandoffSaleToOnboarding = "sale_to_onboarding"
	HandoffAEToAM           = "ae_to_am"
	HandoffCSMChange        = "csm_change"
)

// HandoffKinds lists the valid handoff kinds.
var HandoffKinds = []string{HandoffSaleToOnboarding, HandoffAEToAM, HandoffCSMChange}

// Handoff is the knowledge-transfer form completed at a handoff, so the
// customer never hears "so tell me what you bought".
type Handoff struct {
	ID                  int64     `json:"id"`
	AccountID           int64     `json:"-"`
	AccountExt          string    `json:"account_id"`
	Kind                string    `json:"kind"`
	Day                 Day       `json:"date"`
	From                string    `json:"from"` // who hands over
	To                  string    `json:"to"`   // who takes over
	WhatWasBought       string    `json:"what_was_bought"`
	BusinessObjectives  string    `json:"business_objectives"`
	TechnicalObjectives string    `json:"technical_objectives"`
	SuccessCriteria     string    `json:"success_criteria"`
	Timeline            string    `json:"timeline"`
	Stakeholders        string    `json:"stakeholders"`
	PromisesMade        string    `json:"promises_made"`
	KnownRisks          string    `json:"known_risks"`
	CreatedBy           string    `json:"created_by"`
	CreatedAt           time.Time `json:"created_at"`
}

// HandoffField is one knowledge field of the form.
type HandoffField struct {
	Key   string
	Label string
	Value *string
}

// Fields returns the form's knowledge fields in order: these are what
// completeness is scored on.
func (h *Handoff) Fields() []HandoffField {
	return []HandoffField{
		{"what_was_bought", "What was bought", &h.WhatWasBought},
		{"business_objectives", "Business objectives", &h.BusinessObjectives},
		{"technical_objectives", "Technical objectives", &h.TechnicalObjectives},
		{"success_criteria", "Success criteria", &h.SuccessCriteria},
		{"timeline", "Timeline", &h.Timeline},
		{"stakeholders", "Stakeholders", &h.Stakeholders},
		{"promises_made", "Promises made", &h.PromisesMade},
		{"known_risks", "Known risks", &h.KnownRisks},
	}
}

// Completeness is the share of knowledge fields filled in, 0 to 1.
func (h *Handoff) Completeness() float64 {
	fs := h.Fields()
	n := 0
	for _, f := range fs {
		if strings.TrimSpace(*f.Value) != "" {
			n++
		}
	}
	return float64(n) / float64(len(fs))
}

// Missing lists the keys of the knowledge fields left empty.
func (h *Handoff) Missing() []string {
	var out []string
	for _, f := range h.Fields() {
		if strings.TrimSpace(*f.Value) == "" {
			out = append(out, f.Key)
		}
	}
	return out
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (h *Handoff) Validate() error {
	h.Kind = strings.ToLower(strings.TrimSpace(h.Kind))
	switch {
	case h.AccountID == 0 && h.AccountExt == "":
		return Errorf(EINVALID, "account_id: required")
	case !contains(HandoffKinds, h.Kind):
		return Errorf(EINVALID, "kind: %q is not one of %s", h.Kind, strings.Join(HandoffKinds, ", "))
	case h.Day == 0:
		return Errorf(EINVALID, "date: required")
	case len(h.From) > 200:
		return Errorf(EINVALID, "from: longer than 200 bytes")
	case len(h.To) > 200:
		return Errorf(EINVALID, "to: longer than 200 bytes")
	}
	for _, f := range h.Fields() {
		if len(*f.Value) > MaxFieldLen {
			return Errorf(EINVALID, "%s: longer than %d bytes", f.Key, MaxFieldLen)
		}
	}
	return nil
}
