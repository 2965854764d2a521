package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
)

// offerCard is the save ladder on an account's page and its plan's page:
// the rungs tried so far, the offers with what each person may do next, the
// open follow-ups, and the form to propose the next offer.
type offerCard struct {
	AccountExt, Back, CSRF string
	Rungs                  []rungStep
	Offers                 []offerView
	More                   int // offers not listed
	FollowUps              []followUpView
	CanPropose             bool // the user may propose and no offer is in play
	FormOpen               bool // after an error, or when a rung was picked
	InPlay                 bool
	Form                   offerForm
	Policy                 string
	Err                    *formErr
}

// rungStep is one rung of the ladder strip: what became of it in the current ladder.
type rungStep struct {
	Rung, Label, State string // state: accepted, in_play, declined, skipped, "" (not reached)
	Title              string
}

// offerView is one offer as the pages show it.
type offerView struct {
	ID                     int64
	Account, AccountURL    string
	Owner                  string
	Rung, Status, StatusLb string
	Terms                  string
	Before, After          string
	Guardrails             []string
	Skipped                []gtg.SkippedRung
	Proposer, Proposed     string
	Approver, Decided      string
	Note                   string
	Expires                string
	CanApprove, CanAnswer  bool
	// For the buttons' forms: where they return, and whether htmx swaps the card in place.
	CSRF, Back string
	Swap       bool
	Err        string
}

// followUpView is one follow-up in a list.
type followUpView struct {
	ID                  int64
	Title, Kind, Owner  string
	Account, AccountURL string
	Due, Status         string
	Overdue             bool
	Days                int
	CanDo               bool
	CSRF, Back          string
	Swap                bool
}

// offerForm is the propose form: the rung chosen, the fields its terms
// need, and a reason box for each higher rung not yet tried.
type offerForm struct {
	Action, CSRF, Back, RefreshURL string
	Rung                           string
	Rungs                          []keyName
	NeedsARR, NeedsPercent         bool
	NeedsUntil                     bool
	UntilLabel, ARRLabel           string
	Skips                          []skipField
	Values                         url.Values
	Inside                         string // the guardrails in words
}

type skipField struct {
	Rung, Label, Name, Value string
}

var rungLabels = map[string]string{gtg.RungExpand: "Expand scope", gtg.RungReduce: "Reduce scope", gtg.RungDiscount: "Discount",
	gtg.RungPause: "Pause", gtg.RungChurn: "Churn & keep warm"}

func (s *server) offerViewOf(o *gtg.Offer, u *gtg.User, pol *gtg.OfferPolicy) offerView {
	v := offerView{ID: o.ID, Account: o.AccountName, AccountURL: accountURL(o.AccountExt), Owner: o.Owner, Rung: o.Rung,
		Status: o.Status, StatusLb: strings.ReplaceAll(o.Status, "_", " "), Terms: offers.TermsText(o),
		Before: gtg.Money(o.ARRBefore), After: gtg.Money(o.ARRAfter), Guardrails: o.Guardrails, Skipped: o.Skipped,
		Proposer: o.Proposer, Proposed: formatDate(o.ProposedOn), Approver: o.Approver, Note: o.Note}
	if o.DecidedOn != 0 {
		v.Decided = formatDate(o.DecidedOn)
	}
	if o.Open() && o.ExpiresOn != 0 {
		v.Expires = formatDate(o.ExpiresOn)
	}
	if u != nil {
		v.CanApprove = o.Status == gtg.OfferPendingApproval && gtg.Can(u.Role, pol.ApproverRole) && !strings.EqualFold(u.Email, o.Proposer)
		v.CanAnswer = (o.Status == gtg.OfferProposed || o.Status == gtg.OfferApproved) && canWrite(u)
	}
	return v
}

func followUpViewOf(f *gtg.FollowUp, u *gtg.User, today gtg.Day) followUpView {
	return followUpView{ID: f.ID, Title: f.Title, Kind: f.Kind, Owner: f.Owner, Account: f.AccountName,
		AccountURL: accountURL(f.AccountExt), Due: formatDate(f.Due), Status: f.Status, Overdue: f.Overdue(today),
		Days: int(today - f.Due), CanDo: !f.Closed() && canWrite(u)}
}

// offerCardOf builds the ladder card for an account; back is the page the
// card's forms return to. form holds what was sent after an error.
func (s *server) offerCardOf(ctx context.Context, a *gtg.Account, b basePage, back, rung string, form url.Values, fe *formErr) (*offerCard, error) {
	pol, err := offers.Policy(ctx, s.store)
	if err != nil {
		return nil, err
	}
	os, err := s.store.Offers(ctx, gtg.OfferFilter{AccountID: a.ID})
	if err != nil {
		return nil, err
	}
	tried, err := s.store.TriedRungs(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	fs, err := s.store.FollowUps(ctx, gtg.FollowUpFilter{AccountID: a.ID, Open: true})
	if err != nil {
		return nil, err
	}
	today := gtg.DayOf(s.now())
	c := &offerCard{AccountExt: a.ExternalID, Back: back, CSRF: b.CSRF, Policy: pol.Ref(), Err: fe}
	// The current ladder: offers since the last accepted one (os is newest first).
	state := map[string]string{}
	for _, o := range os {
		if o.Status == gtg.OfferAccepted {
			if len(state) == 0 {
				state[o.Rung] = "accepted"
				for _, sk := range o.Skipped {
					state[sk.Rung] = "skipped"
				}
			}
			break
		}
		if o.Open() {
			c.InPlay = true
			state[o.Rung] = "in_play"
			for _, sk := range o.Skipped {
				if state[sk.Rung] == "" {
					state[sk.Rung] = "skipped"
				}
			}
		} else if state[o.Rung] == "" {
			state[o.Rung] = "declined"
		}
	}
	for i, r := range gtg.Rungs {
		st := state[r]
		c.Rungs = append(c.Rungs, rungStep{Rung: r, Label: fmt.Sprintf("%d. %s", i+1, rungLabels[r]), State: st,
			Title: map[string]string{"accepted": "accepted", "in_play": "offer in play", "declined": "offered, not taken up",
				"skipped": "skipped, with a reason", "": "not tried"}[st]})
	}
	for i, o := range os {
		if i == 5 {
			c.More = len(os) - 5
			break
		}
		v := s.offerViewOf(o, b.User, pol)
		v.CSRF, v.Back, v.Swap = b.CSRF, back, true
		if fe.Is(fmt.Sprintf("offer-%d", o.ID)) {
			v.Err = fe.Msg
		}
		c.Offers = append(c.Offers, v)
	}
	for _, f := range fs {
		v := followUpViewOf(f, b.User, today)
		v.CSRF, v.Back, v.Swap = b.CSRF, back, true
		c.FollowUps = append(c.FollowUps, v)
	}
	c.CanPropose = canWrite(b.User) && !c.InPlay
	c.FormOpen = fe.Is("offer-new") || rung != ""
	c.Form = offerFormFor(a.ExternalID, b.CSRF, back, rung, tried, form, pol)
	return c, nil
}

// offerFormFor builds the propose form for a rung (expand when unset or unknown).
func offerFormFor(accountExt, csrf, back, rung string, tried map[string]bool, form url.Values, pol *gtg.OfferPolicy) offerForm {
	if gtg.RungIndex(rung) < 0 {
		rung = gtg.RungExpand
	}
	if form == nil {
		form = url.Values{}
	}
	f := offerForm{Action: accountURL(accountExt) + "/offers", CSRF: csrf, Back: back, Rung: rung, Values: form,
		RefreshURL: accountURL(accountExt) + "/offers"}
	for _, r := range gtg.Rungs {
		f.Rungs = append(f.Rungs, keyName{Key: r, Name: rungLabels[r]})
	}
	switch rung {
	case gtg.RungExpand:
		f.NeedsARR, f.ARRLabel = true, "ARR after (at least today's)"
	case gtg.RungReduce:
		f.NeedsARR, f.ARRLabel = true, "ARR after the reduction"
	case gtg.RungDiscount:
		f.NeedsPercent, f.NeedsUntil, f.UntilLabel = true, true, "Full price reinstated on"
	case gtg.RungPause:
		f.NeedsUntil, f.UntilLabel = true, "Resumes on"
	}
	for _, r := range gtg.Rungs[:gtg.RungIndex(rung)] {
		if tried[r] {
			continue
		}
		f.Skips = append(f.Skips, skipField{Rung: r, Label: fmt.Sprintf("Why not %s?", strings.ToLower(rungLabels[r])),
			Name: "skip_" + r, Value: form.Get("skip_" + r)})
	}
	f.Inside = policyText(pol)
	return f
}

// policyText says in a line what a CSM may decide alone.
func policyText(p *gtg.OfferPolicy) string {
	var parts []string
	if p.MaxDiscountPercent > 0 || p.MaxDiscountMonths > 0 {
		d := "discounts"
		if p.MaxDiscountPercent > 0 {
			d += fmt.Sprintf(" up to %v%%", p.MaxDiscountPercent)
		}
		if p.MaxDiscountMonths > 0 {
			d += fmt.Sprintf(" for up to %d months", p.MaxDiscountMonths)
		}
		parts = append(parts, d)
	}
	if p.MaxPauseMonths > 0 {
		parts = append(parts, fmt.Sprintf("pauses up to %d months", p.MaxPauseMonths))
	}
	if p.MaxCutPercent > 0 {
		parts = append(parts, fmt.Sprintf("reductions up to %v%% of ARR", p.MaxCutPercent))
	}
	if p.AccountARROver > 0 {
		parts = append(parts, fmt.Sprintf("accounts up to %s ARR", gtg.Money(p.AccountARROver)))
	}
	s := "You decide alone: " + strings.Join(parts, ", ")
	if len(parts) == 0 {
		s = "You decide alone on any offer"
	}
	if len(p.AlwaysApprove) > 0 {
		s += "; " + strings.Join(p.AlwaysApprove, ", ") + " always needs a " + p.ApproverRole
	}
	return s + ". Past that, a " + p.ApproverRole + " approves."
}

// approvalsFor returns the offers waiting for approval that the signed-in
// user may decide on (none for a CSM), for the inbox.
func (s *server) approvalsFor(r *http.Request, b basePage) ([]offerView, error) {
	if b.User == nil {
		return nil, nil
	}
	pol, err := offers.Policy(r.Context(), s.store)
	if err != nil {
		return nil, err
	}
	if !gtg.Can(b.User.Role, pol.ApproverRole) {
		return nil, nil
	}
	pending, err := offers.Pending(r.Context(), s.store)
	if err != nil {
		return nil, err
	}
	var out []offerView
	for _, o := range pending {
		v := s.offerViewOf(o, b.User, pol)
		if !v.CanApprove {
			continue
		}
		v.CSRF, v.Back = b.CSRF, "/alerts"
		out = append(out, v)
	}
	return out, nil
}

// standupOffers fills the standup's offers waiting for approval and missed follow-ups.
func (s *server) standupOffers(r *http.Request, p *standupPage, su *gtg.Standup) error {
	pol, err := offers.Policy(r.Context(), s.store)
	if err != nil {
		return err
	}
	today := gtg.DayOf(s.now())
	for _, o := range su.OffersPending {
		v := s.offerViewOf(o, p.User, pol)
		v.CSRF, v.Back = p.CSRF, "/standup"
		p.OffersPending = append(p.OffersPending, v)
	}
	for _, f := range su.FollowUpsMissed {
		v := followUpViewOf(f, p.User, today)
		v.CSRF, v.Back = p.CSRF, "/standup"
		p.FollowUpsMissed = append(p.FollowUpsMissed, v)
	}
	return nil
}
