// Package offers is the save ladder: commercial offers proposed in the
// ladder's order (expand, reduce, discount, pause, churn), checked against the
// guardrail policy, approved or rejected by a manager when they go past it,
// accepted or declined by the customer, and the follow-ups an accepted offer
// schedules (reinstate full price, resume, keep warm), with an alert when one
// is missed. Accepting an offer records the matching contract outcome, so
// retention metrics follow from it.
//
// Like package save, every function that changes anything takes the user
// doing it, checks the role and writes the audit log in the same
// transaction; the web app, the API and the command line call the same
// functions. The ladder's order itself is enforced by the store.
package offers

import (
	"context"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// Policy returns the guardrail policy in force: the one applied last, or
// gtg.DefaultOfferPolicy when none has been applied.
func Policy(ctx context.Context, st *store.Store) (*gtg.OfferPolicy, error) {
	v, err := st.OfferPolicy(ctx)
	if gtg.ErrorCode(err) == gtg.ENOTFOUND {
		return gtg.DefaultOfferPolicy(), nil
	} else if err != nil {
		return nil, err
	}
	p, err := scorecard.ParseOfferPolicy(fmt.Sprintf("%s@%d", v.Name, v.Version), v.YAML)
	if err != nil {
		return nil, fmt.Errorf("stored offer policy: %w", err)
	}
	return p, nil
}

// ApplyPolicy validates a policy file and puts it in force (an admin's job).
// changed is false when the same version was applied before with the same text.
func ApplyPolicy(ctx context.Context, st *store.Store, u *gtg.User, filename string, data []byte) (*gtg.OfferPolicy, bool, error) {
	if err := gtg.Require(u, gtg.UserAdmin, "apply the offer policy"); err != nil {
		return nil, false, err
	}
	p, err := scorecard.ParseOfferPolicy(filename, data)
	if err != nil {
		return nil, false, err
	}
	changed, err := st.SaveOfferPolicy(ctx, u.Email, p.Name, p.Version, data)
	return p, changed, err
}

// Proposal is what a CSM offers: the rung, its terms, why each higher rung
// was skipped, and a note.
type Proposal struct {
	Rung    string            `json:"rung"`
	Terms   gtg.OfferTerms    `json:"terms"`
	Skipped []gtg.SkippedRung `json:"skipped"`
	Note    string            `json:"note"`
}

// Propose records an offer on an account (and its open plan). Its ARR before
// is the account's ARR today (see ARROn). Inside the guardrails it is
// proposed and the CSM decides alone; past any, it waits for approval. It
// needs a CSM or above. EINVALID names the field that is wrong, including a
// skipped rung with no reason (and nothing is written); ECONFLICT when the
// account already has an offer in play; ENOTFOUND for an unknown account.
func Propose(ctx context.Context, st *store.Store, u *gtg.User, accountExt string, p Proposal, today gtg.Day) (*gtg.Offer, error) {
	if err := gtg.Require(u, gtg.UserCSM, "propose an offer"); err != nil {
		return nil, err
	}
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	pol, err := Policy(ctx, st)
	if err != nil {
		return nil, err
	}
	arr, err := ARROn(ctx, st, a, today)
	if err != nil {
		return nil, err
	}
	o := &gtg.Offer{AccountID: a.ID, AccountExt: a.ExternalID, AccountName: a.Name, Owner: a.Owner, Segment: a.Segment,
		Rung: p.Rung, Terms: p.Terms, ARRBefore: arr, Skipped: p.Skipped, Proposer: u.Email, ProposedOn: today,
		Note: p.Note, Policy: pol.Ref(), Status: gtg.OfferProposed}
	if o.Skipped == nil {
		o.Skipped = []gtg.SkippedRung{}
	}
	plans, err := st.Plans(ctx, gtg.PlanFilter{AccountID: a.ID, Status: gtg.PlanOpen})
	if err != nil {
		return nil, err
	}
	if len(plans) > 0 {
		o.PlanID = plans[0].ID
	}
	o.Normalize()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.ARRBefore == 0 && o.Rung != gtg.RungExpand {
		return nil, gtg.Errorf(gtg.EINVALID, "account_id: %s has no ARR to defend", a.ExternalID)
	}
	o.Guardrails = pol.Guardrails(o)
	if len(o.Guardrails) > 0 {
		o.Status = gtg.OfferPendingApproval
	}
	if pol.ExpireDays > 0 {
		o.ExpiresOn = today.AddDays(pol.ExpireDays)
	}
	err = st.InTx(ctx, func(tx *store.Tx) error { return tx.CreateOffer(ctx, o) })
	if err != nil {
		return nil, err
	}
	return o, nil
}

// ARROn is an account's ARR on a day as the retention metrics define it: the
// arr_after of its latest outcome on or before the day; before its first
// outcome, that outcome's arr_before; with no outcomes, the account's ARR.
func ARROn(ctx context.Context, st *store.Store, a *gtg.Account, day gtg.Day) (float64, error) {
	os, err := st.Outcomes(ctx, a.ID)
	if err != nil {
		return 0, err
	}
	if len(os) == 0 {
		return a.ARR, nil
	}
	arr := os[0].ARRBefore
	for _, o := range os { // by day
		if o.Day > day {
			break
		}
		arr = o.ARRAfter
	}
	return arr, nil
}

// Decide records a decision on an offer: a manager (the policy's approver
// role) approves or rejects one waiting for approval, never their own; a CSM
// records the customer's answer, accepted or declined, on an offer that is
// proposed or approved. Accepting writes the matching outcome dated today
// and schedules the follow-ups, returned with the offer. ECONFLICT when the
// offer's status does not allow the decision; EFORBIDDEN for the wrong role.
func Decide(ctx context.Context, st *store.Store, u *gtg.User, id int64, d gtg.OfferDecision, today gtg.Day) (*gtg.Offer, []*gtg.FollowUp, error) {
	if err := d.Validate(); err != nil {
		return nil, nil, err
	}
	pol, err := Policy(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	verb := map[string]string{gtg.OfferApproved: "approve", gtg.OfferRejected: "reject", gtg.OfferAccepted: "accept",
		gtg.OfferDeclined: "decline"}[d.Status]
	approval := d.Status == gtg.OfferApproved || d.Status == gtg.OfferRejected
	role := gtg.UserCSM
	if approval {
		role = pol.ApproverRole
	}
	if err := gtg.Require(u, role, verb+" an offer"); err != nil {
		return nil, nil, err
	}
	var o *gtg.Offer
	var fs []*gtg.FollowUp
	err = st.InTx(ctx, func(tx *store.Tx) error {
		before, err := tx.OfferForUpdate(ctx, id)
		if err != nil {
			return err
		}
		cp := *before
		o = &cp
		switch {
		case approval && o.Status != gtg.OfferPendingApproval:
			return gtg.Errorf(gtg.ECONFLICT, "offer #%d is %s: only an offer pending approval can be %s", id, label(o.Status), d.Status)
		case approval && strings.EqualFold(o.Proposer, u.Email):
			return gtg.Errorf(gtg.EFORBIDDEN, "%s an offer: %s proposed offer #%d; another %s decides on it", verb, u.Email, id, pol.ApproverRole)
		case !approval && o.Status == gtg.OfferPendingApproval:
			return gtg.Errorf(gtg.ECONFLICT, "offer #%d waits for approval (%s): a %s approves it first",
				id, strings.Join(o.Guardrails, "; "), pol.ApproverRole)
		case !approval && o.Status != gtg.OfferProposed && o.Status != gtg.OfferApproved:
			return gtg.Errorf(gtg.ECONFLICT, "offer #%d is %s: only a proposed or approved offer can be %s", id, label(o.Status), d.Status)
		}
		o.Status = d.Status
		if d.Note != "" {
			o.Note = d.Note
		}
		if approval {
			o.Approver, o.DecidedOn = u.Email, today
		} else {
			o.ClosedBy, o.ClosedOn = u.Email, today
		}
		if err := tx.UpdateOffer(ctx, o); err != nil {
			return err
		}
		if err := tx.AuditOffer(ctx, u.Email, verb, before, o); err != nil {
			return err
		}
		if o.Status != gtg.OfferAccepted {
			return nil
		}
		out := &gtg.Outcome{AccountID: o.AccountID, AccountExternalID: o.AccountExt, Day: today, Type: o.OutcomeType(),
			ARRBefore: o.ARRBefore, ARRAfter: o.ARRAfter}
		if _, err := tx.UpsertOutcomes(ctx, []*gtg.Outcome{out}); err != nil {
			return fmt.Errorf("offer #%d outcome: %w", id, err)
		}
		if err := tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "create", Entity: "outcome", EntityID: o.AccountExt,
			After: fmt.Sprintf(`{"date":%q,"type":%q,"arr_before":%v,"arr_after":%v,"offer_id":%d}`, today, out.Type, out.ARRBefore, out.ARRAfter, id)}); err != nil {
			return err
		}
		fs = Schedule(o, pol, today)
		if err := tx.AddFollowUps(ctx, fs); err != nil {
			return err
		}
		for _, f := range fs {
			if err := auditFollowUp(ctx, tx, u.Email, "create", f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return o, fs, nil
}

func label(status string) string { return strings.ReplaceAll(status, "_", " ") }

// Offers returns the offers the filter selects, newest first.
func Offers(ctx context.Context, st *store.Store, f gtg.OfferFilter) ([]*gtg.Offer, error) {
	return st.Offers(ctx, f)
}

// Pending returns the offers waiting for approval, oldest first: the approver's inbox.
func Pending(ctx context.Context, st *store.Store) ([]*gtg.Offer, error) {
	os, err := st.Offers(ctx, gtg.OfferFilter{Statuses: []string{gtg.OfferPendingApproval}})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(os)-1; i < j; i, j = i+1, j-1 {
		os[i], os[j] = os[j], os[i]
	}
	return os, nil
}

// TermsText describes an offer's terms in a few words.
func TermsText(o *gtg.Offer) string {
	var s string
	switch o.Rung {
	case gtg.RungExpand:
		s = fmt.Sprintf("expand scope, ARR %s → %s", gtg.Money(o.ARRBefore), gtg.Money(o.ARRAfter))
	case gtg.RungReduce:
		s = fmt.Sprintf("reduce scope, ARR %s → %s", gtg.Money(o.ARRBefore), gtg.Money(o.ARRAfter))
	case gtg.RungDiscount:
		s = fmt.Sprintf("%v%% off until %s (ARR %s → %s)", o.Terms.Percent, o.Terms.Until, gtg.Money(o.ARRBefore), gtg.Money(o.ARRAfter))
	case gtg.RungPause:
		s = fmt.Sprintf("pause until %s (ARR %s on hold)", o.Terms.Until, gtg.Money(o.ARRBefore))
	case gtg.RungChurn:
		s = fmt.Sprintf("churn and keep warm (ARR %s lost)", gtg.Money(o.ARRBefore))
	}
	if o.Terms.Summary != "" {
		s += ": " + o.Terms.Summary
	}
	return s
}
