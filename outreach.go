package gtg

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// CapWindow is the span over which outreach caps count messages: a message
// counts for seven days after it went out.
const CapWindow = 7 * 24 * time.Hour

// Caps are the team's limits on outreach, so that more contact with an
// account at risk does not become annoying: at most PerContact messages to
// one contact and PerAccount messages to one account in any CapWindow.
// Zero means no cap.
type Caps struct {
	PerContact int `json:"per_contact_week"`
	PerAccount int `json:"per_account_week"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (c Caps) Validate() error {
	switch {
	case c.PerContact < 0 || c.PerContact > 100:
		return Errorf(EINVALID, "per_contact_week: %d is not from 0 (no cap) to 100", c.PerContact)
	case c.PerAccount < 0 || c.PerAccount > 1000:
		return Errorf(EINVALID, "per_account_week: %d is not from 0 (no cap) to 1000", c.PerAccount)
	}
	return nil
}

// Outreach is one outreach message that reached (or is queued for) one
// contact. A message to several people of an account is one Outreach per
// contact with the same Message.
type Outreach struct {
	ContactID int64
	Message   string // the message's id: one email to five people is one message for the account cap
	At        time.Time
}

// CapHit says who a new message would take over a cap, and until when.
type CapHit struct {
	ContactID int64     `json:"-"` // 0: the account's cap
	Email     string    `json:"email,omitempty"`
	Count     int       `json:"count"` // messages already in the window
	Limit     int       `json:"limit"`
	Until     time.Time `json:"until"` // the first moment one more message is within the cap
}

// String says who is capped and until when, for people.
func (h CapHit) String() string {
	who := "the account"
	if h.ContactID != 0 {
		who = h.Email
		if who == "" {
			who = fmt.Sprintf("contact %d", h.ContactID)
		}
	}
	return fmt.Sprintf("%s is capped (%d of %d messages in 7 days) until %s", who, h.Count, h.Limit,
		h.Until.UTC().Format("2006-01-02 15:04 UTC"))
}

// CapError is the ECONFLICT error that refuses a send over a cap; its
// message lists every hit.
func CapError(hits []CapHit) error {
	parts := make([]string, len(hits))
	for i, h := range hits {
		parts[i] = h.String()
	}
	return Errorf(ECONFLICT, "over the outreach cap: %s", strings.Join(parts, "; "))
}

// Check returns the caps a new message to contacts at now would exceed,
// given the outreach already sent or queued (past), the account's first.
// A message counts while it is less than CapWindow old; a hit's Until is
// when enough of the oldest messages have aged out for one more to fit.
func (c Caps) Check(past []Outreach, contacts []int64, now time.Time) []CapHit {
	from := now.Add(-CapWindow)
	var hits []CapHit
	if c.PerAccount > 0 {
		first := map[string]time.Time{} // message → when it first went out
		for _, o := range past {
			if !o.At.After(from) || o.At.After(now) {
				continue
			}
			if t, ok := first[o.Message]; !ok || o.At.Before(t) {
				first[o.Message] = o.At
			}
		}
		times := make([]time.Time, 0, len(first))
		for _, t := range first {
			times = append(times, t)
		}
		if h, over := capHit(times, c.PerAccount); over {
			hits = append(hits, h)
		}
	}
	if c.PerContact > 0 {
		byContact := map[int64]map[string]time.Time{}
		for _, o := range past {
			if !o.At.After(from) || o.At.After(now) || o.ContactID == 0 {
				continue
			}
			m := byContact[o.ContactID]
			if m == nil {
				m = map[string]time.Time{}
				byContact[o.ContactID] = m
			}
			if t, ok := m[o.Message]; !ok || o.At.Before(t) {
				m[o.Message] = o.At
			}
		}
		for _, id := range contacts {
			var times []time.Time
			for _, t := range byContact[id] {
				times = append(times, t)
			}
			if h, over := capHit(times, c.PerContact); over {
				h.ContactID = id
				hits = append(hits, h)
			}
		}
	}
	return hits
}

// capHit reports whether one more message over times would pass limit and,
// if so, when it would not: once the (count-limit+1) oldest have aged out.
func capHit(times []time.Time, limit int) (CapHit, bool) {
	if len(times)+1 <= limit {
		return CapHit{}, false
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	return CapHit{Count: len(times), Limit: limit, Until: times[len(times)-limit].Add(CapWindow)}, true
}
