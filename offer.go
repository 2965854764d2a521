package gtg

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// The rungs of the save ladder, in the order a CSM tries them: add value to
// keep full revenue, then contract, then discount for a period, then pause
// for a period, and only then churn and keep warm. A CSM never leads with a
// concession: proposing a lower rung records why each higher one does not fit.
const (
	RungExpand   = "expand"
	RungReduce   = "reduce"
	RungDiscount = "discount"
	RungPause    = "pause"
	RungChurn    = "churn"
)

// Rungs lists the rungs in ladder order, the first tried first.
var Rungs = []string{RungExpand, RungReduce, RungDiscount, RungPause, RungChurn}

// RungIndex returns a rung's place on the ladder (0 for expand) or -1.
func RungIndex(rung string) int {
	for i, r := range Rungs {
		if r == rung {
			return i
		}
	}
	return -1
}

// Offer statuses. An offer inside the guardrails is proposed and the CSM
// decides alone; outside them it waits for approval. The customer then
// accepts or declines an offer that is proposed or approved; offers nobody
// decides on expire.
const (
	OfferProposed        = "proposed"
	OfferPendingApproval = "pending_approval"
	OfferApproved        = "approved"
	OfferRejected        = "rejected"
	OfferAccepted        = "accepted"
	OfferDeclined        = "declined"
	OfferExpired         = "expired"
)

// OfferStatuses lists the valid statuses.
var OfferStatuses = []string{OfferProposed, OfferPendingApproval, OfferApproved, OfferRejected, OfferAccepted, OfferDeclined, OfferExpired}

// OfferOpenStatuses are the statuses of an offer still in play; an account
// has at most one such offer.
var OfferOpenStatuses = []string{OfferProposed, OfferPendingApproval, OfferApproved}

// OfferTerms are what an offer gives: the ARR after it (expand and reduce), a
// discount's percentage, and the day a discount or a pause ends (full price
// is reinstated, or the contract resumes).
type OfferTerms struct {
	ARR     float64 `json:"arr,omitempty"`     // expand, reduce: the ARR the account pays after
	Percent float64 `json:"percent,omitempty"` // discount: 0-100
	Until   Day     `json:"until,omitempty"`   // discount: full price again; pause: resume
	Summary string  `json:"summary,omitempty"` // the terms in the CSM's words
}

// SkippedRung is a higher rung a CSM passed over, and why it does not fit.
type SkippedRung struct {
	Rung   string `json:"rung"`
	Reason string `json:"reason"`
}

// Offer is one commercial offer on the save ladder for an account (and its
// open plan, when there is one).
type Offer struct {
	ID          int64         `json:"id"`
	AccountID   int64         `json:"-"`
	AccountExt  string        `json:"account_id"`
	AccountName string        `json:"account_name"`
	Owner       string        `json:"owner"`   // the account's CSM when proposed
	Segment     string        `json:"segment"` // the account's segment when proposed
	PlanID      int64         `json:"plan_id,omitempty"`
	Rung        string        `json:"rung"`
	Terms       OfferTerms    `json:"terms"`
	ARRBefore   float64       `json:"arr_before"`
	ARRAfter    float64       `json:"arr_after"`
	Skipped     []SkippedRung `json:"skipped"`
	Status      string        `json:"status"`
	// Guardrails lists the guardrails the offer goes past; empty when the CSM may decide alone.
	Guardrails []string `json:"guardrails"`
	Policy     string   `json:"policy"` // name@version of the guardrail policy applied
	Proposer   string   `json:"proposer"`
	ProposedOn Day      `json:"proposed_on"`
	ExpiresOn  Day      `json:"expires_on,omitempty"`
	Approver   string   `json:"approver,omitempty"` // who approved or rejected it
	DecidedOn  Day      `json:"decided_on,omitempty"`
	// ClosedBy and ClosedOn record the customer's answer (accepted, declined) or the expiry.
	ClosedBy  string    `json:"closed_by,omitempty"`
	ClosedOn  Day       `json:"closed_on,omitempty"`
	Note      string    `json:"note,omitempty"` // the latest note: the proposal's, then the decision's
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Open reports whether the offer is still in play.
func (o *Offer) Open() bool { return contains(OfferOpenStatuses, o.Status) }

// Normalize tidies values and works out ARR after from the terms.
func (o *Offer) Normalize() {
	o.Rung = strings.ToLower(strings.TrimSpace(o.Rung))
	o.Terms.Summary = strings.TrimSpace(o.Terms.Summary)
	o.Note = strings.TrimSpace(o.Note)
	for i := range o.Skipped {
		o.Skipped[i].Rung = strings.ToLower(strings.TrimSpace(o.Skipped[i].Rung))
		o.Skipped[i].Reason = strings.TrimSpace(o.Skipped[i].Reason)
	}
	switch o.Rung {
	case RungExpand, RungReduce:
		o.ARRAfter = o.Terms.ARR
	case RungDiscount:
		o.ARRAfter = math.Round(o.ARRBefore*(100-o.Terms.Percent)) / 100
	case RungPause, RungChurn:
		o.ARRAfter = 0
	}
}

// MaxSkipReason is the longest reason for skipping a rung.
const MaxSkipReason = 500

// Validate returns an EINVALID error naming the first field that is wrong.
// It checks the terms the rung needs; the ladder order (a reason for each
// higher rung not tried) is checked by the store against the account's
// earlier offers, in the transaction that records the offer.
func (o *Offer) Validate() error {
	t := o.Terms
	switch {
	case o.AccountID == 0:
		return Errorf(EINVALID, "account_id: required")
	case RungIndex(o.Rung) < 0:
		return Errorf(EINVALID, "rung: %q is not one of %s", o.Rung, strings.Join(Rungs, ", "))
	case !contains(OfferStatuses, o.Status):
		return Errorf(EINVALID, "status: %q is not one of %s", o.Status, strings.Join(OfferStatuses, ", "))
	case o.ProposedOn == 0:
		return Errorf(EINVALID, "proposed_on: required")
	case o.ARRBefore < 0 || math.IsNaN(o.ARRBefore):
		return Errorf(EINVALID, "arr_before: must not be negative")
	case len(t.Summary) > MaxFieldLen:
		return Errorf(EINVALID, "terms.summary: longer than %d bytes", MaxFieldLen)
	case len(o.Note) > MaxFieldLen:
		return Errorf(EINVALID, "note: longer than %d bytes", MaxFieldLen)
	case math.IsNaN(t.ARR) || math.IsInf(t.ARR, 0) || math.IsNaN(t.Percent):
		return Errorf(EINVALID, "terms: not a number")
	}
	switch o.Rung {
	case RungExpand:
		if t.ARR < o.ARRBefore || t.ARR <= 0 {
			return Errorf(EINVALID, "terms.arr: expanding scope keeps full revenue: want ARR of at least %s, got %s", Money(o.ARRBefore), Money(t.ARR))
		}
	case RungReduce:
		if t.ARR <= 0 || t.ARR >= o.ARRBefore {
			return Errorf(EINVALID, "terms.arr: a reduced scope needs the ARR it contracts to, above 0 and below %s (got %s)", Money(o.ARRBefore), Money(t.ARR))
		}
	case RungDiscount:
		if t.Percent <= 0 || t.Percent >= 100 {
			return Errorf(EINVALID, "terms.percent: a discount is a percentage above 0 and below 100 (got %v)", t.Percent)
		}
	}
	switch o.Rung {
	case RungDiscount, RungPause:
		what := map[string]string{RungDiscount: "the day full price is reinstated", RungPause: "the day the contract resumes"}[o.Rung]
		if t.Until == 0 {
			return Errorf(EINVALID, "terms.until: a %s needs %s", o.Rung, what)
		}
		if t.Until <= o.ProposedOn {
			return Errorf(EINVALID, "terms.until: %s is not after the offer (%s)", t.Until, o.ProposedOn)
		}
	default:
		if t.Until != 0 {
			return Errorf(EINVALID, "terms.until: only a discount or a pause has an end date")
		}
	}
	if o.Rung != RungDiscount && t.Percent != 0 {
		return Errorf(EINVALID, "terms.percent: only a discount has a percentage")
	}
	if (o.Rung == RungPause || o.Rung == RungChurn || o.Rung == RungDiscount) && t.ARR != 0 {
		return Errorf(EINVALID, "terms.arr: a %s sets no ARR of its own", o.Rung)
	}
	seen := map[string]bool{}
	for i, s := range o.Skipped {
		switch {
		case RungIndex(s.Rung) < 0:
			return Errorf(EINVALID, "skip[%d].rung: %q is not one of %s", i, s.Rung, strings.Join(Rungs, ", "))
		case RungIndex(s.Rung) >= RungIndex(o.Rung):
			return Errorf(EINVALID, "skip.%s: only a rung above %s can be skipped", s.Rung, o.Rung)
		case seen[s.Rung]:
			return Errorf(EINVALID, "skip.%s: given twice", s.Rung)
		case len(s.Reason) > MaxSkipReason:
			return Errorf(EINVALID, "skip.%s: longer than %d bytes", s.Rung, MaxSkipReason)
		}
		seen[s.Rung] = true
	}
	return nil
}

// SkipReason returns the reason given for skipping a rung ("" for none).
func (o *Offer) SkipReason(rung string) string {
	for _, s := range o.Skipped {
		if s.Rung == rung {
			return s.Reason
		}
	}
	return ""
}

// CheckLadder refuses an offer that passes over a higher rung without a
// reason. tried holds the rungs already offered to the account in the current
// ladder (declined, rejected or expired offers since its last accepted one):
// those need no reason. The error names the first missing rung.
func (o *Offer) CheckLadder(tried map[string]bool) error {
	for _, r := range Rungs[:max(RungIndex(o.Rung), 0)] {
		if !tried[r] && o.SkipReason(r) == "" {
			return Errorf(EINVALID, "skip.%s: a %s offer skips the %s rung: say why %s does not fit", r, o.Rung, r, r)
		}
	}
	return nil
}

// OutcomeType is the contract outcome accepting the offer records:
// expanded, contracted, paused or churned; renewed for an expansion of scope
// at the same ARR (full revenue kept).
func (o *Offer) OutcomeType() string {
	switch o.Rung {
	case RungExpand:
		if o.ARRAfter > o.ARRBefore {
			return OutcomeExpanded
		}
		return OutcomeRenewed
	case RungReduce, RungDiscount:
		return OutcomeContracted
	case RungPause:
		return OutcomePaused
	}
	return OutcomeChurned
}

// Ladder results, best first: the article's ranking of what a save achieved.
const (
	ResultFullRevenue  = "full_revenue" // revenue defended in full (expand)
	ResultLogoRetained = "logo_retained"
	ResultPaused       = "paused"
	ResultChurned      = "churned"
)

// LadderResults lists the results best first.
var LadderResults = []string{ResultFullRevenue, ResultLogoRetained, ResultPaused, ResultChurned}

// Result is where an accepted offer ranks: full revenue defended > logo
// retained > paused > churned.
func (o *Offer) Result() string {
	switch o.Rung {
	case RungExpand:
		return ResultFullRevenue
	case RungReduce, RungDiscount:
		return ResultLogoRetained
	case RungPause:
		return ResultPaused
	}
	return ResultChurned
}

// OfferDecision is a person's answer on an offer: approve, reject, accept or decline.
type OfferDecision struct {
	Status string `json:"status"` // approved, rejected, accepted or declined
	Note   string `json:"note"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (d *OfferDecision) Validate() error {
	d.Status = strings.ToLower(strings.TrimSpace(d.Status))
	d.Note = strings.TrimSpace(d.Note)
	switch d.Status {
	case OfferApproved, OfferRejected, OfferAccepted, OfferDeclined:
	default:
		return Errorf(EINVALID, "status: %q is not one of approved, rejected, accepted, declined", d.Status)
	}
	if len(d.Note) > MaxFieldLen {
		return Errorf(EINVALID, "note: longer than %d bytes", MaxFieldLen)
	}
	return nil
}

// OfferFilter selects offers.
type OfferFilter struct {
	AccountID int64
	PlanID    int64
	Statuses  []string // empty: every status
	Owner     string
	Limit     int
}

// Follow-up kinds: what accepting an offer leaves to do on a date.
const (
	FollowUpReinstate = "reinstate" // a discount ends: full price again
	FollowUpResume    = "resume"    // a pause ends: the contract resumes
	FollowUpKeepWarm  = "keep_warm" // a touch with a churned customer
)

// FollowUp is a dated task an accepted offer schedules in its owner's list;
// open past its due day, it raises an alert.
type FollowUp struct {
	ID          int64  `json:"id"`
	OfferID     int64  `json:"offer_id"`
	AccountID   int64  `json:"-"`
	AccountExt  string `json:"account_id"`
	AccountName string `json:"account_name"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Owner       string `json:"owner"`
	Due         Day    `json:"due"`
	Status      string `json:"status"` // todo, done or dropped (the task statuses)
	DoneOn      Day    `json:"done_on,omitempty"`
	DoneBy      string `json:"done_by,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Closed reports whether the follow-up needs no more work.
func (f *FollowUp) Closed() bool { return f.Status == TaskDone || f.Status == TaskDropped }

// Overdue reports whether the follow-up is open past its due day.
func (f *FollowUp) Overdue(today Day) bool { return !f.Closed() && f.Due < today }

// FollowUpFilter selects follow-ups.
type FollowUpFilter struct {
	AccountID int64
	OfferID   int64
	Owner     string
	Open      bool // only todo ones
}

// Money formats an amount of ARR for messages: 12,500.
func Money(v float64) string {
	neg := v < 0
	s := fmt.Sprintf("%.0f", math.Abs(v))
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
