package gtg

import (
	"slices"
	"strings"
	"time"
)

// CadencePolicy is how often a team means to touch each key role, per
// segment, and how recent a touch must be for a contact to count as engaged.
// It is kept as YAML (see scorecard.ParseCadence) and versioned like a
// scorecard.
type CadencePolicy struct {
	Name        string
	Version     int
	Description string
	// Default applies to accounts whose segment has no entry of its own.
	Default  SegmentCadence
	Segments map[string]SegmentCadence
	Source   []byte
}

// SegmentCadence is one segment's policy.
type SegmentCadence struct {
	// EngagedDays is how recent a touch must be for a contact to count as
	// engaged (the N of "engaged in the last N days").
	EngagedDays int `json:"engaged_days"`
	// Targets are touches per month (the last 30 days) per key role.
	Targets map[string]int `json:"targets"`
}

// For returns the policy of an account's segment, matched by SegmentKey.
func (p *CadencePolicy) For(segment string) SegmentCadence {
	if s, ok := p.Segments[SegmentKey(segment)]; ok {
		return s
	}
	return p.Default
}

// SegmentKey is how a policy names a segment: "Mid-Market" is mid_market.
func SegmentKey(segment string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(segment)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// TouchStats is what the timeline says about touches with one contact.
type TouchStats struct {
	LastTouch time.Time // zero: never touched
	Touches30 int       // in the 30 days up to the day
	Touches90 int       // in the 90 days up to the day
	Sentiment string    // the latest from a note or survey answer with them in SentimentDays; "" when none
	// SentimentOn is the day of that note or answer.
	SentimentOn Day
}

// Stakeholder is one row of an account's stakeholder map.
type Stakeholder struct {
	Email           string `json:"email"`
	Name            string `json:"name"`
	Title           string `json:"title"`
	Role            string `json:"role"`
	Seniority       string `json:"seniority"`
	Influence       string `json:"influence"`
	Sentiment       string `json:"sentiment"`
	SentimentOn     Day    `json:"sentiment_on,omitempty"`
	LastTouch       Day    `json:"last_touch,omitempty"`
	DaysSinceTouch  int    `json:"days_since_touch"` // -1: never touched
	Touches30       int    `json:"touches_30d"`
	Touches90       int    `json:"touches_90d"`
	Status          string `json:"status"`
	StatusChangedOn Day    `json:"status_changed_on,omitempty"` // the day they left, or joined
	Engaged         bool   `json:"engaged"`                     // active and touched in the segment's engaged_days
}

// RoleCoverage says whether a key role is filled and engaged at an account.
type RoleCoverage struct {
	Role     string   `json:"role"`
	Present  bool     `json:"present"`  // an active contact holds it
	Engaged  bool     `json:"engaged"`  // one of them was touched in the last engaged_days
	Contacts []string `json:"contacts"` // the active contacts in it
	// LeftOn is the day the last one in this role left, when nobody active holds it.
	LeftOn Day `json:"left_on,omitempty"`
}

// Coverage is an account's multi-threading: which key roles are engaged,
// how many contacts are, and the flags a CSM should act on.
type Coverage struct {
	AccountID       string         `json:"account_id"`
	AccountName     string         `json:"account_name"`
	Owner           string         `json:"owner"`
	Segment         string         `json:"segment"`
	AsOf            Day            `json:"as_of"`
	EngagedDays     int            `json:"engaged_days"`
	Roles           []RoleCoverage `json:"roles"`
	KeyRolesEngaged int            `json:"key_roles_engaged"`
	ActiveContacts  int            `json:"active_contacts"`
	EngagedContacts int            `json:"engaged_contacts"`
	// SingleThreaded: exactly one contact engaged.
	SingleThreaded bool `json:"single_threaded"`
	// NoEngagement: nobody engaged at all.
	NoEngagement bool `json:"no_engagement"`
	// NoPersistentContact: no technical owner or admin who has been there
	// PersistentDays or more, so nobody bridges the gap when others leave.
	NoPersistentContact bool `json:"no_persistent_technical_contact"`
}

// SentimentDays is how far back a contact's sentiment is read: an NPS
// answer from two years ago says little about today.
const SentimentDays = 180

// PersistentDays is how long a technical owner or admin must have been at the
// account to count as a persistent contact.
const PersistentDays = 90

// persistentRoles are the roles that keep a relationship alive through
// turnover: the seed's "persistent technical or support contact".
var persistentRoles = []string{RoleTechnicalOwner, RoleAdmin}

// CadenceGap is one key role at one account touched less than the policy wants.
type CadenceGap struct {
	AccountID   string `json:"account_id"`
	AccountName string `json:"account_name"`
	Owner       string `json:"owner"`
	Segment     string `json:"segment"`
	Role        string `json:"role"`
	Target      int    `json:"target"` // touches per month
	Actual      int    `json:"actual"` // touches with active contacts in the role, last 30 days
	Short       int    `json:"short"`  // target - actual
	NoContact   bool   `json:"no_contact"`
}

// OwnerCoverage sums coverage and cadence gaps over one CSM's accounts.
type OwnerCoverage struct {
	Owner               string `json:"owner"`
	Accounts            int    `json:"accounts"`
	MultiThreaded       int    `json:"multi_threaded"` // two or more contacts engaged
	SingleThreaded      int    `json:"single_threaded"`
	NoEngagement        int    `json:"no_engagement"`
	NoPersistentContact int    `json:"no_persistent_technical_contact"`
	// KeyRolesEngaged and KeyRolesTotal: engaged key roles over all key roles
	// of all the owner's accounts.
	KeyRolesEngaged int `json:"key_roles_engaged"`
	KeyRolesTotal   int `json:"key_roles_total"`
	AccountsBehind  int `json:"accounts_behind"` // with at least one cadence gap
	TouchesShort    int `json:"touches_short"`   // summed over the gaps
}

// StakeholderInput is what the map of one account is computed from.
type StakeholderInput struct {
	Account  *Account
	Contacts []*Contact
	Stats    map[int64]TouchStats // by contact id
}

// Stakeholders builds an account's map as of day: a row per contact, active
// ones first by role rank and influence.
func Stakeholders(in StakeholderInput, sc SegmentCadence, day Day) []Stakeholder {
	out := make([]Stakeholder, 0, len(in.Contacts))
	for _, c := range in.Contacts {
		st := in.Stats[c.ID]
		s := Stakeholder{Email: c.Email, Name: c.Name, Title: c.Title, Role: c.Role, Seniority: SeniorityOf(c.Title),
			Influence: c.Influence, Sentiment: st.Sentiment, SentimentOn: st.SentimentOn, Touches30: st.Touches30,
			Touches90: st.Touches90, Status: c.Status, StatusChangedOn: c.StatusChangedOn, DaysSinceTouch: -1}
		if !st.LastTouch.IsZero() {
			s.LastTouch = DayOf(st.LastTouch)
			s.DaysSinceTouch = int(day - s.LastTouch)
		}
		s.Engaged = c.Status == ContactActive && s.DaysSinceTouch >= 0 && s.DaysSinceTouch < sc.EngagedDays
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Stakeholder) int {
		if (a.Status == ContactActive) != (b.Status == ContactActive) {
			if a.Status == ContactActive {
				return -1
			}
			return 1
		}
		if d := RoleRank(a.Role) - RoleRank(b.Role); d != 0 {
			return d
		}
		return influenceRank(a.Influence) - influenceRank(b.Influence)
	})
	return out
}

// RoleRank orders roles by how much they weigh on a renewal: the key roles
// first, then admins, other roles and end users.
func RoleRank(role string) int {
	if i := slices.Index(KeyRoles, role); i >= 0 {
		return i
	}
	switch role {
	case RoleAdmin:
		return len(KeyRoles)
	case RoleEndUser:
		return len(KeyRoles) + 2
	}
	return len(KeyRoles) + 1
}

func influenceRank(s string) int {
	if i := slices.Index(Influences, s); i >= 0 {
		return i
	}
	return len(Influences)
}

// CoverageOf computes an account's coverage from its stakeholder map.
func CoverageOf(a *Account, people []Stakeholder, sc SegmentCadence, day Day) Coverage {
	cv := Coverage{AccountID: a.ExternalID, AccountName: a.Name, Owner: a.Owner, Segment: a.Segment, AsOf: day,
		EngagedDays: sc.EngagedDays}
	persistent := false
	for _, p := range people {
		if p.Status != ContactActive {
			continue
		}
		cv.ActiveContacts++
		if p.Engaged {
			cv.EngagedContacts++
		}
		if slices.Contains(persistentRoles, p.Role) && (p.StatusChangedOn == 0 || int(day-p.StatusChangedOn) >= PersistentDays) {
			persistent = true
		}
	}
	for _, role := range KeyRoles {
		rc := RoleCoverage{Role: role, Contacts: []string{}}
		for _, p := range people {
			switch {
			case p.Role != role:
			case p.Status == ContactActive:
				rc.Present = true
				rc.Engaged = rc.Engaged || p.Engaged
				rc.Contacts = append(rc.Contacts, p.Email)
			case p.StatusChangedOn > rc.LeftOn:
				rc.LeftOn = p.StatusChangedOn
			}
		}
		if rc.Present {
			rc.LeftOn = 0
		}
		if rc.Engaged {
			cv.KeyRolesEngaged++
		}
		cv.Roles = append(cv.Roles, rc)
	}
	cv.SingleThreaded = cv.EngagedContacts == 1
	cv.NoEngagement = cv.EngagedContacts == 0
	cv.NoPersistentContact = !persistent
	return cv
}

// CadenceGaps lists the key roles whose touches in the last 30 days fall
// short of the policy's monthly target, in KeyRoles order. A role nobody
// active holds is a gap with NoContact set (when its target is above 0).
func CadenceGaps(a *Account, people []Stakeholder, sc SegmentCadence) []CadenceGap {
	var out []CadenceGap
	for _, role := range KeyRoles {
		target := sc.Targets[role]
		if target <= 0 {
			continue
		}
		g := CadenceGap{AccountID: a.ExternalID, AccountName: a.Name, Owner: a.Owner, Segment: a.Segment, Role: role,
			Target: target, NoContact: true}
		for _, p := range people {
			if p.Role == role && p.Status == ContactActive {
				g.NoContact = false
				g.Actual += p.Touches30
			}
		}
		if g.Actual < g.Target {
			g.Short = g.Target - g.Actual
			out = append(out, g)
		}
	}
	return out
}

// AddTo counts an account's coverage and gaps into its owner's totals.
func (o *OwnerCoverage) AddTo(cv Coverage, gaps []CadenceGap) {
	o.Accounts++
	switch {
	case cv.EngagedContacts >= 2:
		o.MultiThreaded++
	case cv.SingleThreaded:
		o.SingleThreaded++
	default:
		o.NoEngagement++
	}
	if cv.NoPersistentContact {
		o.NoPersistentContact++
	}
	o.KeyRolesEngaged += cv.KeyRolesEngaged
	o.KeyRolesTotal += len(cv.Roles)
	if len(gaps) > 0 {
		o.AccountsBehind++
	}
	for _, g := range gaps {
		o.TouchesShort += g.Short
	}
}
