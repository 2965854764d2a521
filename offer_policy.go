package gtg

import (
	"fmt"
	"strings"
)

// OfferPolicy is the guardrails an admin sets for the save ladder, kept as a
// small YAML file (see scorecard.ParseOfferPolicy). Inside them a CSM decides
// alone; an offer past any of them waits for a manager's approval.
type OfferPolicy struct {
	Name        string
	Version     int
	Description string
	// ApproverRole is the least role that may approve: manager or admin.
	ApproverRole string
	// ExpireDays is how long an offer nobody decides on stays open (0: forever).
	ExpireDays int
	// AccountARROver: any offer on an account with more ARR than this needs
	// approval (0: no such limit).
	AccountARROver float64
	// MaxCutPercent: a reduction giving up more than this share of ARR (0-100) needs approval (0: none).
	MaxCutPercent float64
	// MaxDiscountPercent and MaxDiscountMonths: a deeper or longer discount needs approval (0: none).
	MaxDiscountPercent float64
	MaxDiscountMonths  int
	// MaxPauseMonths: a longer pause needs approval (0: none).
	MaxPauseMonths int
	// AlwaysApprove lists rungs that need approval whatever the terms.
	AlwaysApprove []string
	// KeepWarmEveryDays and KeepWarmTouches are the team's cadence of
	// keep-warm touches after a churn: that many, that many days apart.
	KeepWarmEveryDays int
	KeepWarmTouches   int
}

// Ref names the policy version, as offers record it.
func (p *OfferPolicy) Ref() string { return fmt.Sprintf("%s@%d", p.Name, p.Version) }

// DefaultOfferPolicy is in force until an admin applies one: the examples
// from the crisis-response article (a discount over 20% or longer than 6
// months, a pause over 3 months, or any offer on an account over 250,000 ARR
// needs a manager), offers expire after 30 days, and a churned customer gets
// a keep-warm touch every 30 days, six times.
func DefaultOfferPolicy() *OfferPolicy {
	return &OfferPolicy{Name: "default", Version: 1, ApproverRole: UserManager, ExpireDays: 30, AccountARROver: 250000,
		MaxDiscountPercent: 20, MaxDiscountMonths: 6, MaxPauseMonths: 3, KeepWarmEveryDays: 30, KeepWarmTouches: 6}
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (p *OfferPolicy) Validate() error {
	switch {
	case p.ApproverRole != UserManager && p.ApproverRole != UserAdmin:
		return Errorf(EINVALID, "approver: %q is not one of manager, admin", p.ApproverRole)
	case p.ExpireDays < 0:
		return Errorf(EINVALID, "expire_after: must not be negative")
	case p.AccountARROver < 0:
		return Errorf(EINVALID, "guardrails.account_arr_over: must not be negative")
	case p.MaxCutPercent < 0 || p.MaxCutPercent > 100:
		return Errorf(EINVALID, "guardrails.reduce.max_cut: %v is not from 0 to 100", p.MaxCutPercent)
	case p.MaxDiscountPercent < 0 || p.MaxDiscountPercent > 100:
		return Errorf(EINVALID, "guardrails.discount.max_percent: %v is not from 0 to 100", p.MaxDiscountPercent)
	case p.MaxDiscountMonths < 0:
		return Errorf(EINVALID, "guardrails.discount.max_months: must not be negative")
	case p.MaxPauseMonths < 0:
		return Errorf(EINVALID, "guardrails.pause.max_months: must not be negative")
	case p.KeepWarmEveryDays < 1 || p.KeepWarmEveryDays > 366:
		return Errorf(EINVALID, "keep_warm.every: %d days is not from 1 to 366", p.KeepWarmEveryDays)
	case p.KeepWarmTouches < 0 || p.KeepWarmTouches > 52:
		return Errorf(EINVALID, "keep_warm.touches: %d is not from 0 to 52", p.KeepWarmTouches)
	}
	for i, r := range p.AlwaysApprove {
		if RungIndex(r) < 0 {
			return Errorf(EINVALID, "guardrails.always_approve[%d]: %q is not one of %s", i, r, strings.Join(Rungs, ", "))
		}
	}
	return nil
}

// Guardrails returns the guardrails an offer goes past, in words; none means
// the CSM decides alone. The offer must be normalized and valid.
func (p *OfferPolicy) Guardrails(o *Offer) []string {
	out := []string{}
	if contains(p.AlwaysApprove, o.Rung) {
		out = append(out, fmt.Sprintf("every %s offer needs approval", o.Rung))
	}
	if p.AccountARROver > 0 && o.ARRBefore > p.AccountARROver {
		out = append(out, fmt.Sprintf("account ARR %s is over %s", Money(o.ARRBefore), Money(p.AccountARROver)))
	}
	switch o.Rung {
	case RungReduce:
		if cut := 100 * (o.ARRBefore - o.ARRAfter) / o.ARRBefore; p.MaxCutPercent > 0 && cut > p.MaxCutPercent+1e-9 {
			out = append(out, fmt.Sprintf("a %.0f%% cut is over %v%%", cut, p.MaxCutPercent))
		}
	case RungDiscount:
		if p.MaxDiscountPercent > 0 && o.Terms.Percent > p.MaxDiscountPercent {
			out = append(out, fmt.Sprintf("a %v%% discount is over %v%%", o.Terms.Percent, p.MaxDiscountPercent))
		}
		if p.MaxDiscountMonths > 0 && o.Terms.Until > o.ProposedOn.AddMonths(p.MaxDiscountMonths) {
			out = append(out, fmt.Sprintf("a discount until %s is longer than %d months", o.Terms.Until, p.MaxDiscountMonths))
		}
	case RungPause:
		if p.MaxPauseMonths > 0 && o.Terms.Until > o.ProposedOn.AddMonths(p.MaxPauseMonths) {
			out = append(out, fmt.Sprintf("a pause until %s is longer than %d months", o.Terms.Until, p.MaxPauseMonths))
		}
	}
	return out
}

// AddMonths returns the same day of the month n months later; a day past the
// end of the shorter month rolls over as time.AddDate does.
func (d Day) AddMonths(n int) Day { return DayOf(d.Time().AddDate(0, n, 0)) }
