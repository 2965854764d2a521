package scorecard

import (
	_ "embed"
	"math"
	"strings"

	"github.com/gtg-dev/gtg"
)

// OfferPolicyYAML is the guardrail policy gtg ships, the same as
// gtg.DefaultOfferPolicy written out as a file to copy and edit.
//
//go:embed offers.yaml
var OfferPolicyYAML []byte

var (
	policyTopFields      = []string{"name", "version", "description", "approver", "expire_after", "guardrails", "keep_warm"}
	policyGuardFields    = []string{"account_arr_over", "reduce", "discount", "pause", "always_approve"}
	policyReduceFields   = []string{"max_cut"}
	policyDiscountFields = []string{"max_percent", "max_months"}
	policyPauseFields    = []string{"max_months"}
	policyKeepWarmFields = []string{"every", "touches"}
)

// ParseOfferPolicy reads and validates a save-ladder guardrail policy. Like
// Parse, every problem is reported at once as "file:line: field: why", and
// nothing of a refused file is usable.
func ParseOfferPolicy(filename string, data []byte) (*gtg.OfferPolicy, error) {
	p := &problems{file: filename}
	top, err := parseDoc(filename, "offer policy", data)
	if err != nil {
		return nil, err
	}
	pol := &gtg.OfferPolicy{ApproverRole: gtg.UserManager, KeepWarmEveryDays: 30}
	o := p.asObject(top, "", policyTopFields...)
	pol.Name, pol.Version = nameVersion(o)
	pol.Description = o.str("description", false)
	if o.has("approver") {
		pol.ApproverRole = strings.ToLower(o.str("approver", true))
		if pol.ApproverRole != gtg.UserManager && pol.ApproverRole != gtg.UserAdmin {
			o.errf("approver", "%q is not one of manager, admin", pol.ApproverRole)
		}
	}
	if s := o.str("expire_after", false); s != "" {
		d, err := parseWindow(s)
		if err != nil {
			o.errf("expire_after", "%v", err)
		}
		pol.ExpireDays = d
	}
	if n := o.vals["guardrails"]; n != nil {
		g := p.asObject(n, "guardrails", policyGuardFields...)
		pol.AccountARROver = nonNegative(g, "account_arr_over")
		if n := g.vals["reduce"]; n != nil {
			pol.MaxCutPercent = policyPercent(p.asObject(n, "guardrails.reduce", policyReduceFields...), "max_cut")
		}
		if n := g.vals["discount"]; n != nil {
			d := p.asObject(n, "guardrails.discount", policyDiscountFields...)
			pol.MaxDiscountPercent = policyPercent(d, "max_percent")
			pol.MaxDiscountMonths = policyMonths(d, "max_months")
		}
		if n := g.vals["pause"]; n != nil {
			pol.MaxPauseMonths = policyMonths(p.asObject(n, "guardrails.pause", policyPauseFields...), "max_months")
		}
		for _, r := range g.list("always_approve") {
			if gtg.RungIndex(r) < 0 {
				g.errf("always_approve", "%q is not one of %s", r, strings.Join(gtg.Rungs, ", "))
				continue
			}
			pol.AlwaysApprove = append(pol.AlwaysApprove, r)
		}
	}
	if n := o.vals["keep_warm"]; n != nil {
		k := p.asObject(n, "keep_warm", policyKeepWarmFields...)
		if s := k.str("every", true); s != "" {
			d, err := parseWindow(s)
			if err != nil {
				k.errf("every", "%v", err)
			} else if d > 366 {
				k.errf("every", "%q is longer than a year", s)
			}
			pol.KeepWarmEveryDays = d
		}
		if v, ok := k.num("touches", 0); ok {
			if v < 0 || v > 52 || v != math.Trunc(v) {
				k.errf("touches", "%v is not a whole number from 0 to 52", v)
			}
			pol.KeepWarmTouches = int(v)
		}
	}
	if len(p.list) > 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s", strings.Join(p.list, "\n"))
	}
	if err := pol.Validate(); err != nil {
		return nil, gtg.Errorf(gtg.EINVALID, "%s:%d: %s", filename, top.Line, gtg.ErrorMessage(err))
	}
	return pol, nil
}

func nonNegative(o *object, name string) float64 {
	v, ok := o.num(name, 0)
	if ok && v < 0 {
		o.errf(name, "%v must not be negative", v)
		return 0
	}
	return v
}

// policyPercent reads a share written as 20% or 20 (both meaning twenty percent).
func policyPercent(o *object, name string) float64 {
	if !o.has(name) {
		return 0
	}
	s := o.str(name, true)
	v, ok := o.num(name, 0)
	if !ok {
		return 0
	}
	if strings.HasSuffix(strings.TrimSpace(s), "%") {
		v *= 100
	}
	if v <= 0 || v >= 100 {
		o.errf(name, "%q is not a percentage above 0 and below 100", s)
		return 0
	}
	return math.Round(v*1e6) / 1e6
}

func policyMonths(o *object, name string) int {
	v, ok := o.num(name, 0)
	if !ok || !o.has(name) {
		return 0
	}
	if v < 1 || v > 120 || v != math.Trunc(v) {
		o.errf(name, "%v is not a whole number of months from 1 to 120", v)
		return 0
	}
	return int(v)
}
