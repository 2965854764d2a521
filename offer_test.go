package gtg

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOfferValidate(t *testing.T) {
	day := MustParseDay("2026-03-01")
	base := func(rung string, terms OfferTerms, skips ...SkippedRung) *Offer {
		o := &Offer{AccountID: 1, Rung: rung, Terms: terms, ARRBefore: 100000, Status: OfferProposed, ProposedOn: day, Skipped: skips}
		o.Normalize()
		return o
	}
	for _, tc := range []struct {
		name string
		o    *Offer
		want string // "" for valid; else the error's field prefix
	}{
		{"OKExpand", base("expand", OfferTerms{ARR: 120000}), ""},
		{"OKExpandSameARR", base("expand", OfferTerms{ARR: 100000}), ""},
		{"OKDiscount", base("discount", OfferTerms{Percent: 25, Until: day.AddMonths(6)}), ""},
		{"ErrExpandLessARR", base("expand", OfferTerms{ARR: 90000}), "terms.arr:"},
		{"ErrReduceNoARR", base("reduce", OfferTerms{}), "terms.arr:"},
		{"ErrReduceMore", base("reduce", OfferTerms{ARR: 110000}), "terms.arr:"},
		{"ErrDiscountNoPercent", base("discount", OfferTerms{Until: day + 30}), "terms.percent:"},
		{"ErrDiscountNoEnd", base("discount", OfferTerms{Percent: 10}), "terms.until:"},
		{"ErrPauseEndsBefore", base("pause", OfferTerms{Until: day}), "terms.until:"},
		{"ErrChurnWithEnd", base("churn", OfferTerms{Until: day + 5}), "terms.until:"},
		{"ErrRung", base("haggle", OfferTerms{}), "rung:"},
		{"ErrSkipBelow", base("reduce", OfferTerms{ARR: 50000}, SkippedRung{"pause", "no"}), "skip.pause:"},
		{"ErrSkipTwice", base("pause", OfferTerms{Until: day + 30}, SkippedRung{"expand", "a"}, SkippedRung{"expand", "b"}), "skip.expand:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || !strings.HasPrefix(ErrorMessage(err), tc.want) {
				t.Fatalf("err = %v, want EINVALID starting %q", err, tc.want)
			}
		})
	}
}

func TestOfferARRAfterAndOutcome(t *testing.T) {
	day := MustParseDay("2026-03-01")
	for _, tc := range []struct {
		rung    string
		terms   OfferTerms
		after   float64
		outcome string
		result  string
	}{
		{"expand", OfferTerms{ARR: 130000}, 130000, OutcomeExpanded, ResultFullRevenue},
		{"expand", OfferTerms{ARR: 100000}, 100000, OutcomeRenewed, ResultFullRevenue},
		{"reduce", OfferTerms{ARR: 60000}, 60000, OutcomeContracted, ResultLogoRetained},
		{"discount", OfferTerms{Percent: 25, Until: day + 90}, 75000, OutcomeContracted, ResultLogoRetained},
		{"pause", OfferTerms{Until: day + 60}, 0, OutcomePaused, ResultPaused},
		{"churn", OfferTerms{}, 0, OutcomeChurned, ResultChurned},
	} {
		o := &Offer{Rung: tc.rung, Terms: tc.terms, ARRBefore: 100000}
		o.Normalize()
		if o.ARRAfter != tc.after || o.OutcomeType() != tc.outcome || o.Result() != tc.result {
			t.Errorf("%s: arr_after %v outcome %s result %s, want %v %s %s", tc.rung, o.ARRAfter, o.OutcomeType(), o.Result(),
				tc.after, tc.outcome, tc.result)
		}
	}
}

func TestOfferCheckLadder(t *testing.T) {
	o := &Offer{Rung: RungDiscount, Skipped: []SkippedRung{{RungExpand, "no budget for more seats"}}}
	err := o.CheckLadder(nil)
	if ErrorCode(err) != EINVALID || !strings.HasPrefix(ErrorMessage(err), "skip.reduce: ") {
		t.Fatalf("err = %v, want the missing reduce rung named", err)
	}
	if err := o.CheckLadder(map[string]bool{RungReduce: true}); err != nil {
		t.Fatalf("a reduce offer already tried needs no reason: %v", err)
	}
	if err := (&Offer{Rung: RungExpand}).CheckLadder(nil); err != nil {
		t.Fatalf("the top rung skips nothing: %v", err)
	}
}

func TestOfferPolicyGuardrails(t *testing.T) {
	day := MustParseDay("2026-01-31")
	p := DefaultOfferPolicy()
	p.MaxCutPercent = 30
	p.AlwaysApprove = []string{RungChurn}
	for _, tc := range []struct {
		name string
		o    Offer
		want []string
	}{
		{"InsideDiscount", Offer{Rung: RungDiscount, ARRBefore: 50000, Terms: OfferTerms{Percent: 20, Until: day.AddMonths(6)}}, []string{}},
		{"DeepDiscount", Offer{Rung: RungDiscount, ARRBefore: 50000, Terms: OfferTerms{Percent: 25, Until: day + 30}},
			[]string{"a 25% discount is over 20%"}},
		{"LongDiscount", Offer{Rung: RungDiscount, ARRBefore: 50000, Terms: OfferTerms{Percent: 10, Until: day.AddMonths(6) + 1}},
			[]string{"a discount until 2026-08-01 is longer than 6 months"}},
		{"LongPause", Offer{Rung: RungPause, ARRBefore: 50000, Terms: OfferTerms{Until: day.AddMonths(4)}},
			[]string{"a pause until 2026-05-31 is longer than 3 months"}},
		{"BigAccountAndDeepCut", Offer{Rung: RungReduce, ARRBefore: 300000, Terms: OfferTerms{ARR: 150000}},
			[]string{"account ARR 300,000 is over 250,000", "a 50% cut is over 30%"}},
		{"ChurnAlways", Offer{Rung: RungChurn, ARRBefore: 1000}, []string{"every churn offer needs approval"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			o.ProposedOn = day
			o.Normalize()
			if diff := cmp.Diff(tc.want, p.Guardrails(&o)); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
}
