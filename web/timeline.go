package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
)

// timelineKinds are the filters above the timeline, so a CSM can look at
// just the tickets or just the surveys of a busy account.
var timelineKinds = []struct {
	key, label string
	types      []string
}{
	{"", "All", nil},
	{"tickets", "Tickets", []string{gtg.EventTicketOpened, gtg.EventTicketResolved}},
	{"surveys", "Surveys", []string{gtg.EventSurvey}},
	{"meetings", "Meetings & calls", []string{gtg.EventMeeting, gtg.EventCall}},
	{"notes", "Notes", []string{gtg.EventNote}},
	{"emails", "Emails", []string{gtg.EventEmail}},
	{"billing", "Billing", []string{gtg.EventInvoiceOverdue, gtg.EventInvoicePaid, gtg.EventContractChange}},
}

// timeline is the account page's timeline: its filters, the events shown
// and the link to show more.
type timeline struct {
	Kinds    []timelineChip
	Events   []eventView
	Filtered bool
	MoreURL  string
}

type timelineChip struct {
	Label, URL string
	Active     bool
}

// timeline reads the timeline of a, filtered by ?tl= and as long as ?n= asks.
func (s *server) timeline(r *http.Request, a *gtg.Account, contacts map[string]*gtg.Contact) (timeline, error) {
	var tl timeline
	kind := r.URL.Query().Get("tl")
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	n = min(max(n, timelinePage), timelineMax)
	link := func(kind string, n int) string {
		v := url.Values{}
		if kind != "" {
			v.Set("tl", kind)
		}
		if n > timelinePage {
			v.Set("n", strconv.Itoa(n))
		}
		u := "/accounts/" + url.PathEscape(a.ExternalID)
		if len(v) > 0 {
			u += "?" + v.Encode()
		}
		return u + "#timeline"
	}
	f := gtg.EventFilter{AccountID: a.ID, Limit: n + 1}
	for _, k := range timelineKinds {
		active := k.key == kind
		if active {
			f.Types = k.types
			tl.Filtered = k.key != ""
		}
		tl.Kinds = append(tl.Kinds, timelineChip{Label: k.label, URL: link(k.key, timelinePage), Active: active})
	}
	events, err := s.store.Events(r.Context(), f)
	if err != nil {
		return tl, fmt.Errorf("timeline: %w", err)
	}
	if len(events) > n {
		events = events[:n]
		if n < timelineMax {
			tl.MoreURL = link(kind, n+timelinePage)
		}
	}
	now := s.now()
	for _, e := range events {
		tl.Events = append(tl.Events, describeEvent(e, contacts, a.Currency, now))
	}
	return tl, nil
}

// eventView is a timeline event as people read it: what happened, the
// facts that matter for its type, and the words someone wrote.
type eventView struct {
	Icon    string // an icon id in the layout's sprite
	Tone    string // "good", "warn", "bad" or "" for neutral
	Label   string
	When    string
	Ago     string
	Contact string
	Facts   []fact
	Quote   string
	Other   []fact // attributes gtg has no rendering for, shown plainly
}

// fact is one short piece of an event ("NPS 3", "P1"), with a tone for colour.
type fact struct {
	Text, Tone string
}

// eventIcons gives each known event type its icon; others get "dot".
var eventIcons = map[string]string{
	gtg.EventTicketOpened: "ticket", gtg.EventTicketResolved: "check", gtg.EventSurvey: "star",
	gtg.EventMeeting: "calendar", gtg.EventEmail: "mail", gtg.EventCall: "phone", gtg.EventNote: "note",
	gtg.EventHandoff: "handoff", gtg.EventInvoiceOverdue: "alert", gtg.EventInvoicePaid: "coin",
	gtg.EventContractChange: "file",
}

// describeEvent renders e; contacts resolves the contact's email to a name,
// currency formats the amounts of invoices and contract changes.
func describeEvent(e *gtg.Event, contacts map[string]*gtg.Contact, currency string, now time.Time) eventView {
	v := eventView{Icon: "dot", Label: humanize(e.Type), When: e.OccurredAt.UTC().Format("2 Jan 2006 15:04")}
	if icon, ok := eventIcons[e.Type]; ok {
		v.Icon = icon
	}
	if l, ok := gtg.EventLabels[e.Type]; ok {
		v.Label = l
	}
	v.Ago = daysText(int(gtg.DayOf(e.OccurredAt.UTC()) - gtg.DayOf(now.UTC())))
	if e.ContactEmail != "" {
		v.Contact = e.ContactEmail
		if c, ok := contacts[e.ContactEmail]; ok && c.Name != "" {
			v.Contact = c.Name
		}
	}

	attrs := maps.Clone(e.Attrs)
	if attrs == nil {
		attrs = map[string]any{}
	}
	// take removes an attribute so that what is left over is shown plainly.
	take := func(k string) (any, bool) {
		x, ok := attrs[k]
		delete(attrs, k)
		return x, ok && x != nil && x != ""
	}
	num := func(k string) (float64, bool) {
		x, ok := take(k)
		f, isNum := x.(float64)
		return f, ok && isNum
	}
	str := func(k string) string {
		x, _ := take(k)
		if x == nil {
			return ""
		}
		return fmt.Sprint(x)
	}
	add := func(tone, format string, args ...any) {
		v.Facts = append(v.Facts, fact{Text: fmt.Sprintf(format, args...), Tone: tone})
	}

	switch e.Type {
	case gtg.EventSurvey:
		if n, ok := num("nps"); ok {
			kind, tone := "detractor", "bad"
			switch {
			case n >= 9:
				kind, tone = "promoter", "good"
			case n >= 7:
				kind, tone = "passive", "warn"
			}
			add(tone, "NPS %s · %s", formatNumber(n), kind)
			v.Tone = tone
		}
		if n, ok := num("csat"); ok {
			tone := "bad"
			switch {
			case n >= 4:
				tone = "good"
			case n >= 3:
				tone = "warn"
			}
			add(tone, "CSAT %s/5", formatNumber(n))
			v.Tone = tone
		}
		if id := str("ticket_id"); id != "" {
			add("meta", "on ticket #%s", id)
		}
		v.Quote = str("comment")
	case gtg.EventTicketOpened:
		if p := str("priority"); p != "" {
			tone := ""
			switch strings.ToLower(p) {
			case "urgent", "critical", "high", "p0", "p1":
				tone = "bad"
			case "p2", "medium":
				tone = "warn"
			}
			add(tone, "Priority %s", p)
			v.Tone = tone
		}
		if m, ok := num("first_response_minutes"); ok {
			tone := ""
			switch {
			case m > 24*60:
				tone = "bad"
			case m > 4*60:
				tone = "warn"
			}
			add(tone, "first response %s", minutesText(m))
		}
		if id := str("ticket_id"); id != "" {
			add("", "#%s", id)
		}
		v.Quote = str("subject")
	case gtg.EventTicketResolved:
		if h, ok := num("resolution_hours"); ok {
			add("", "resolved in %s", minutesText(h*60))
		}
		if id := str("ticket_id"); id != "" {
			add("", "#%s", id)
		}
	case gtg.EventNote:
		switch s := str("sentiment"); s {
		case "positive":
			add("good", "positive")
			v.Tone = "good"
		case "negative":
			add("bad", "negative")
			v.Tone = "bad"
		case "":
		default:
			add("", "%s", s)
		}
		if a := str("author"); a != "" {
			add("meta", "by %s", a)
		}
		v.Quote = str("text")
	case gtg.EventMeeting, gtg.EventCall:
		if m, ok := num("duration_minutes"); ok {
			add("", "%s", minutesText(m))
		}
		if n, ok := num("attendees"); ok {
			add("", "%s attendees", formatNumber(n))
		}
		v.Quote = str("title")
	case gtg.EventEmail:
		if d := str("direction"); d != "" {
			add("", "%s", humanize(d))
		}
		v.Quote = str("subject")
	case gtg.EventHandoff:
		from, to := str("from"), str("to")
		if from != "" || to != "" {
			add("", "%s → %s", orDash(from), orDash(to))
		}
		if k := str("kind"); k != "" {
			add("", "%s", humanize(k))
		}
	case gtg.EventInvoiceOverdue, gtg.EventInvoicePaid:
		tone := "good"
		if e.Type == gtg.EventInvoiceOverdue {
			tone = "bad"
		}
		v.Tone = tone
		if amt, ok := num("amount"); ok {
			add(tone, "%s", formatMoney(amt, currency))
		}
		if id := str("invoice_id"); id != "" {
			add("", "#%s", id)
		}
	case gtg.EventContractChange:
		before, okB := num("arr_before")
		after, okA := num("arr_after")
		if okB && okA {
			tone := ""
			switch {
			case after > before:
				tone = "good"
			case after < before:
				tone = "bad"
			}
			add(tone, "ARR %s → %s", formatMoney(before, currency), formatMoney(after, currency))
			v.Tone = tone
		}
		v.Quote = str("reason")
	}
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		if attrs[k] == nil || attrs[k] == "" {
			continue
		}
		v.Other = append(v.Other, fact{Text: humanize(k) + ": " + formatAttr(attrs[k])})
	}
	return v
}

// minutesText writes a duration given in minutes the way people say it.
func minutesText(m float64) string {
	switch {
	case m < 120:
		return formatNumber(float64(int(m+0.5))) + " min"
	case m < 48*60:
		return formatNumber(float64(int(m/6+0.5))/10) + " h"
	default:
		return formatNumber(float64(int(m/144+0.5))/10) + " days"
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
