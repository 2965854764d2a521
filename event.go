package gtg

import (
	"strings"
	"time"
)

// Timeline event types gtg knows. Any valid key is accepted; these carry meaning.
const (
	EventTicketOpened   = "ticket_opened"   // attrs: ticket_id, priority, first_response_minutes
	EventTicketResolved = "ticket_resolved" // attrs: ticket_id, resolution_hours
	EventSurvey         = "survey"          // attrs: nps (0-10) or csat (1-5), comment
	EventMeeting        = "meeting"         // attrs: title, attendees, duration_minutes
	EventEmail          = "email"           // attrs: direction (inbound|outbound), subject
	EventCall           = "call"            // attrs: duration_minutes
	EventNote           = "note"            // attrs: text, sentiment (positive|neutral|negative), author
	EventHandoff        = "handoff"         // attrs: from, to, kind
	EventInvoiceOverdue = "invoice_overdue" // attrs: invoice_id, amount
	EventInvoicePaid    = "invoice_paid"    // attrs: invoice_id, amount
	EventContractChange = "contract_change" // attrs: arr_before, arr_after, reason
)

// EventLabels names the known event types for people.
var EventLabels = map[string]string{
	EventTicketOpened:   "Ticket opened",
	EventTicketResolved: "Ticket resolved",
	EventSurvey:         "Survey answer",
	EventMeeting:        "Meeting",
	EventEmail:          "Email",
	EventCall:           "Call",
	EventNote:           "Note",
	EventHandoff:        "Handoff",
	EventInvoiceOverdue: "Invoice overdue",
	EventInvoicePaid:    "Invoice paid",
	EventContractChange: "Contract change",
}

// Event is one thing that happened on an account's timeline.
type Event struct {
	ID                int64          `json:"-"`
	AccountID         int64          `json:"-"`
	AccountExternalID string         `json:"account_id"`
	ContactID         int64          `json:"-"` // 0: none
	ContactEmail      string         `json:"contact_email,omitempty"`
	ExternalID        string         `json:"event_id"` // the source's id, or a digest of the event when it has none
	Type              string         `json:"type"`
	OccurredAt        time.Time      `json:"occurred_at"`
	Attrs             map[string]any `json:"attrs"` // float64, string or bool values
}

// Normalize tidies values before validation.
func (e *Event) Normalize() {
	e.Type = strings.ToLower(strings.TrimSpace(e.Type))
	e.ContactEmail = strings.ToLower(strings.TrimSpace(e.ContactEmail))
	e.OccurredAt = e.OccurredAt.UTC()
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (e *Event) Validate() error {
	switch {
	case e.AccountExternalID == "" && e.AccountID == 0:
		return Errorf(EINVALID, "account_id: required")
	case !ValidKey(e.Type):
		return Errorf(EINVALID, "type: %q must be lowercase letters, digits and _", e.Type)
	case e.OccurredAt.IsZero():
		return Errorf(EINVALID, "occurred_at: required")
	}
	for k, v := range e.Attrs {
		if !ValidKey(k) {
			return Errorf(EINVALID, "attribute %q: name must be lowercase letters, digits and _", k)
		}
		switch x := v.(type) {
		case float64, bool, nil:
		case string:
			if len(x) > MaxFieldLen {
				return Errorf(EINVALID, "attribute %q: longer than %d bytes", k, MaxFieldLen)
			}
		default:
			return Errorf(EINVALID, "attribute %q: unsupported value type %T", k, v)
		}
	}
	if n, ok := e.Attrs["nps"].(float64); ok && (n < 0 || n > 10 || n != float64(int(n))) {
		return Errorf(EINVALID, "nps: %v is not a whole number from 0 to 10", n)
	}
	if n, ok := e.Attrs["csat"].(float64); ok && (n < 1 || n > 5) {
		return Errorf(EINVALID, "csat: %v is not from 1 to 5", n)
	}
	return nil
}

// EventFilter selects timeline events.
type EventFilter struct {
	AccountID int64
	Types     []string
	From, To  time.Time // To is exclusive; zero means open
	Limit     int
}
