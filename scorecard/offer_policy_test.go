package scorecard

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
)

func TestParseOfferPolicy(t *testing.T) {
	t.Run("OKShippedFileIsTheDefault", func(t *testing.T) {
		pol, err := ParseOfferPolicy("offers.yaml", OfferPolicyYAML)
		if err != nil {
			t.Fatal(err)
		}
		want := gtg.DefaultOfferPolicy()
		want.Description = pol.Description
		if diff := cmp.Diff(want, pol); diff != "" {
			t.Fatalf("offers.yaml differs from gtg.DefaultOfferPolicy (-want +got):\n%s", diff)
		}
	})
	t.Run("OKEveryField", func(t *testing.T) {
		pol, err := ParseOfferPolicy("p.yaml", []byte(`name: strict
version: 3
approver: admin
expire_after: 2w
guardrails:
  account_arr_over: 100_000
  reduce: {max_cut: 25}
  discount: {max_percent: 10%, max_months: 3}
  pause: {max_months: 1}
  always_approve: [churn, pause]
keep_warm: {every: 14d, touches: 4}
`))
		if err != nil {
			t.Fatal(err)
		}
		want := &gtg.OfferPolicy{Name: "strict", Version: 3, ApproverRole: gtg.UserAdmin, ExpireDays: 14, AccountARROver: 100000,
			MaxCutPercent: 25, MaxDiscountPercent: 10, MaxDiscountMonths: 3, MaxPauseMonths: 1,
			AlwaysApprove: []string{"churn", "pause"}, KeepWarmEveryDays: 14, KeepWarmTouches: 4}
		if diff := cmp.Diff(want, pol); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
	t.Run("ErrEveryProblemWithFileLineField", func(t *testing.T) {
		_, err := ParseOfferPolicy("bad.yaml", []byte(`name: bad
version: 1
approver: csm
guardrails:
  discount:
    max_percnt: 20%
    max_months: 1.5
  pause: {max_months: -1}
  always_approve: [haggle]
keep_warm:
  every: 2y
`))
		if gtg.ErrorCode(err) != gtg.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
		want := []string{
			`bad.yaml:3: approver: "csm" is not one of manager, admin`,
			`bad.yaml:6: guardrails.discount.max_percnt: unknown field (did you mean "max_percent"?)`,
			`bad.yaml:7: guardrails.discount.max_months: 1.5 is not a whole number of months from 1 to 120`,
			`bad.yaml:8: guardrails.pause.max_months: -1 is not a whole number of months from 1 to 120`,
			`bad.yaml:9: guardrails.always_approve: "haggle" is not one of expand, reduce, discount, pause, churn`,
			`bad.yaml:11: keep_warm.every: "2y" is not a window (want days like 30d, weeks like 12w, or a number of days)`,
		}
		if diff := cmp.Diff(want, strings.Split(gtg.ErrorMessage(err), "\n")); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
	t.Run("ErrNotYAML", func(t *testing.T) {
		_, err := ParseOfferPolicy("x.yaml", []byte("name: [\n"))
		if err == nil || !strings.HasPrefix(gtg.ErrorMessage(err), "x.yaml:") {
			t.Fatalf("err = %v", err)
		}
	})
}
