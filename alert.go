package gtg

import (
	"strings"
	"time"
)

// Alert severities, from most to least urgent.
const (
	SeverityHigh   = "high"
	SeverityMedium = "medium"
	SeverityLow    = "low"
)

// Severities lists the valid severities, most urgent first.
var Severities = []string{SeverityHigh, SeverityMedium, SeverityLow}

// SeverityRank orders severities: high 3, medium 2, low 1, anything else 0.
func SeverityRank(s string) int {
	switch s {
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// Alert statuses. An alert is open until someone acknowledges, snoozes or
// resolves it, or until the condition that raised it clears (then it is
// resolved by gtg). Only one alert per rule and account is ever unresolved.
const (
	AlertOpen         = "open"
	AlertAcknowledged = "acknowledged"
	AlertSnoozed      = "snoozed"
	AlertResolved     = "resolved"
)

// AlertStatuses lists the valid statuses.
var AlertStatuses = []string{AlertOpen, AlertAcknowledged, AlertSnoozed, AlertResolved}

// Alert is an early warning raised by a rule on an account.
type Alert struct {
	ID          int64  `json:"id"`
	AccountID   int64  `json:"-"`
	AccountExt  string `json:"account_id"`
	AccountName string `json:"account_name"`
	Owner       string `json:"owner"` // the account's CSM when the alert opened
	Rule        string `json:"rule"`  // the rule's key
	RuleSet     string `json:"rule_set"`
	RuleVersion int    `json:"rule_version"`
	Severity    string `json:"severity"`
	Title       string `json:"title"`
	// Evidence is what the rule saw, in words a CSM understands.
	Evidence []string `json:"evidence"`
	// Value ranks alerts for the weekly budget: severity weighted by the ARR at stake.
	Value float64 `json:"value"`
	// Held is true when the owner's weekly budget was spent and the alert was
	// held back from the inbox and webhooks. It still counts for deduplication.
	Held         bool      `json:"held"`
	Status       string    `json:"status"`
	OpenedOn     Day       `json:"opened_on"`          // the scoring day that raised it
	ShownOn      Day       `json:"shown_on,omitempty"` // the day it reached the inbox; 0 while held back
	LastSeenOn   Day       `json:"last_seen_on"`       // the last day the condition held
	SnoozedUntil Day       `json:"snoozed_until,omitempty"`
	ResolvedOn   Day       `json:"resolved_on,omitempty"`
	UpdatedBy    string    `json:"updated_by,omitempty"` // who last changed the status; "gtg" when the condition cleared
	Note         string    `json:"note,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Unresolved reports whether the alert still needs attention (or is snoozed).
func (a *Alert) Unresolved() bool { return a.Status != AlertResolved }

// AlertFilter selects alerts.
type AlertFilter struct {
	AccountID int64
	Statuses  []string // empty: every status
	Owner     string
	Rule      string
	Held      *bool // nil: both
	Since     Day   // opened on or after; 0: any
	Limit     int
}

// AlertChange is a person's change to an alert's status.
type AlertChange struct {
	Status string // acknowledged, snoozed, resolved or open (reopen)
	Until  Day    // for snoozed: the first day it shows again
	Note   string
	By     string
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (c *AlertChange) Validate(today Day) error {
	c.Status = strings.ToLower(strings.TrimSpace(c.Status))
	switch c.Status {
	case AlertAcknowledged, AlertResolved, AlertOpen:
		if c.Until != 0 {
			return Errorf(EINVALID, "until: only a snooze has an end date")
		}
	case AlertSnoozed:
		if c.Until == 0 {
			return Errorf(EINVALID, "until: a snooze needs the date it ends")
		}
		if c.Until <= today {
			return Errorf(EINVALID, "until: %s is not in the future", c.Until)
		}
	default:
		return Errorf(EINVALID, "status: %q is not one of acknowledged, snoozed, resolved, open", c.Status)
	}
	if len(c.Note) > MaxFieldLen {
		return Errorf(EINVALID, "note: longer than %d bytes", MaxFieldLen)
	}
	return nil
}
