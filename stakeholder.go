package gtg

import (
	"slices"
	"strings"
	"time"
)

// Influence a CSM gives a contact: how much their word weighs at the customer.
const (
	InfluenceHigh   = "high"
	InfluenceMedium = "medium"
	InfluenceLow    = "low"
)

// Influences lists the valid influences, highest first.
var Influences = []string{InfluenceHigh, InfluenceMedium, InfluenceLow}

// KeyRoles are the roles coverage looks for, in the order pages show them:
// a renewal needs each of them engaged.
var KeyRoles = []string{RoleEconomicBuyer, RoleExecutiveSponsor, RoleChampion, RoleTechnicalOwner}

// TouchTypes are the timeline events that count as a touch with a contact.
var TouchTypes = []string{EventEmail, EventMeeting, EventCall, EventNote}

// IsTouch reports whether an event type is a touch.
func IsTouch(eventType string) bool { return slices.Contains(TouchTypes, eventType) }

// Seniority levels, from the top of the customer's organisation down.
const (
	SeniorityExecutive = "executive"
	SeniorityDirector  = "director"
	SeniorityManager   = "manager"
	SeniorityStaff     = "staff"
)

// Seniorities lists the levels, most senior first.
var Seniorities = []string{SeniorityExecutive, SeniorityDirector, SeniorityManager, SeniorityStaff}

// SeniorityOf reads a seniority level from a job title ("VP Operations" is
// executive, "Director of IT" director, "IT Manager" manager). Titles it does
// not recognise are staff.
func SeniorityOf(title string) string {
	t := " " + strings.ToLower(titleSeparators.Replace(title)) + " "
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(t, " "+w+" ") {
				return true
			}
		}
		return false
	}
	switch {
	case has("ceo", "cfo", "cto", "coo", "cio", "cro", "cmo", "cdo", "ciso", "chief", "president", "vp", "svp", "evp",
		"vice", "founder", "owner", "partner", "head"):
		return SeniorityExecutive
	case has("director"):
		return SeniorityDirector
	case has("manager", "lead", "architect", "principal"):
		return SeniorityManager
	}
	return SeniorityStaff
}

var titleSeparators = strings.NewReplacer(",", " ", "-", " ", "/", " ", ".", " ", "&", " ")

// Sentiments, from notes and survey answers.
const (
	SentimentPositive = "positive"
	SentimentNeutral  = "neutral"
	SentimentNegative = "negative"
)

// Sentiments lists the valid sentiments.
var Sentiments = []string{SentimentPositive, SentimentNeutral, SentimentNegative}

// SentimentOf reads the sentiment an event carries: a note's sentiment, or a
// survey's NPS (9-10 positive, 7-8 neutral, 0-6 negative) or CSAT (4-5, 3,
// 1-2). It is "" when the event says nothing about sentiment.
func SentimentOf(e *Event) string {
	switch e.Type {
	case EventNote:
		if s, _ := e.Attrs["sentiment"].(string); slices.Contains(Sentiments, s) {
			return s
		}
	case EventSurvey:
		if n, ok := e.Attrs["nps"].(float64); ok {
			switch {
			case n >= 9:
				return SentimentPositive
			case n >= 7:
				return SentimentNeutral
			}
			return SentimentNegative
		}
		if n, ok := e.Attrs["csat"].(float64); ok {
			switch {
			case n >= 4:
				return SentimentPositive
			case n >= 3:
				return SentimentNeutral
			}
			return SentimentNegative
		}
	}
	return ""
}

// Touch is a call, meeting, email or note a person logs against an account,
// from the app or the API. It becomes a timeline event.
type Touch struct {
	Type         string    `json:"type"`                    // email, meeting, call or note
	ContactEmail string    `json:"contact_email,omitempty"` // the contact touched; optional for a note
	OccurredAt   time.Time `json:"occurred_at"`             // zero: now
	Text         string    `json:"text,omitempty"`          // a note's text, or what was said
	Sentiment    string    `json:"sentiment,omitempty"`     // positive, neutral or negative; required for a note
	Subject      string    `json:"subject,omitempty"`       // an email's subject or a meeting's title
	Direction    string    `json:"direction,omitempty"`     // an email's direction: inbound or outbound
	Minutes      float64   `json:"duration_minutes,omitempty"`
}

// Normalize tidies values before validation; now fills a missing time.
func (t *Touch) Normalize(now time.Time) {
	t.Type = strings.ToLower(strings.TrimSpace(t.Type))
	t.ContactEmail = strings.ToLower(strings.TrimSpace(t.ContactEmail))
	t.Text = strings.TrimSpace(t.Text)
	t.Subject = strings.TrimSpace(t.Subject)
	t.Sentiment = strings.ToLower(strings.TrimSpace(t.Sentiment))
	t.Direction = strings.ToLower(strings.TrimSpace(t.Direction))
	if t.OccurredAt.IsZero() {
		t.OccurredAt = now
	}
	t.OccurredAt = t.OccurredAt.UTC()
}

// Validate returns an EINVALID error naming the first field that is wrong.
// A touch may not be in the future (beyond now plus a minute of clock skew).
func (t *Touch) Validate(now time.Time) error {
	switch {
	case !IsTouch(t.Type):
		return Errorf(EINVALID, "type: %q is not one of %s", t.Type, strings.Join(TouchTypes, ", "))
	case t.Type != EventNote && t.ContactEmail == "":
		return Errorf(EINVALID, "contact_email: required for a %s", t.Type)
	case t.Type == EventNote && t.Sentiment == "":
		return Errorf(EINVALID, "sentiment: required for a note (positive, neutral or negative)")
	case t.Sentiment != "" && !slices.Contains(Sentiments, t.Sentiment):
		return Errorf(EINVALID, "sentiment: %q is not positive, neutral or negative", t.Sentiment)
	case t.Type == EventNote && t.Text == "":
		return Errorf(EINVALID, "text: required for a note")
	case len(t.Text) > MaxFieldLen:
		return Errorf(EINVALID, "text: longer than %d bytes", MaxFieldLen)
	case len(t.Subject) > MaxFieldLen:
		return Errorf(EINVALID, "subject: longer than %d bytes", MaxFieldLen)
	case t.Direction != "" && t.Direction != "inbound" && t.Direction != "outbound":
		return Errorf(EINVALID, "direction: %q is not inbound or outbound", t.Direction)
	case t.Minutes < 0 || t.Minutes > 24*60:
		return Errorf(EINVALID, "duration_minutes: %v is not from 0 to 1440", t.Minutes)
	case t.OccurredAt.After(now.Add(time.Minute)):
		return Errorf(EINVALID, "occurred_at: %s is in the future", t.OccurredAt.Format(time.RFC3339))
	}
	return nil
}

// Event turns the touch into the timeline event it is recorded as; author
// is who logged it.
func (t *Touch) Event(accountExt, author string) *Event {
	attrs := map[string]any{}
	set := func(k, v string) {
		if v != "" {
			attrs[k] = v
		}
	}
	switch t.Type {
	case EventNote:
		set("text", t.Text)
		set("sentiment", t.Sentiment)
	case EventEmail:
		set("subject", t.Subject)
		set("direction", t.Direction)
		set("text", t.Text)
		set("sentiment", t.Sentiment)
	case EventMeeting:
		set("title", t.Subject)
		set("text", t.Text)
		set("sentiment", t.Sentiment)
	case EventCall:
		set("text", t.Text)
		set("sentiment", t.Sentiment)
	}
	if t.Minutes > 0 && (t.Type == EventCall || t.Type == EventMeeting) {
		attrs["duration_minutes"] = t.Minutes
	}
	set("author", author)
	return &Event{AccountExternalID: accountExt, ContactEmail: t.ContactEmail, Type: t.Type, OccurredAt: t.OccurredAt, Attrs: attrs}
}
