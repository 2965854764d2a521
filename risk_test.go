package gtg_test

import (
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
)

// wantInvalid fails unless err is EINVALID and its message has want.
func wantInvalid(t *testing.T, err error, want string) {
	t.Helper()
	if gtg.ErrorCode(err) != gtg.EINVALID || !strings.Contains(gtg.ErrorMessage(err), want) {
		t.Fatalf("got %v, want invalid with %q", err, want)
	}
}

func TestRiskChangeValidate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c := gtg.RiskChange{Level: " High ", Reasons: []string{"budget_cut ", "champion_left"}, Note: " cash "}
		c.Normalize()
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		if c.Level != "high" || c.Reasons[0] != "budget_cut" || c.Note != "cash" {
			t.Fatalf("normalized = %+v", c)
		}
	})
	for _, tc := range []struct {
		name string
		c    gtg.RiskChange
		want string
	}{
		{"ErrLevel", gtg.RiskChange{Level: "severe", Reasons: []string{"x"}}, `level: "severe" is not one of high, medium, low`},
		{"ErrReasonRequired", gtg.RiskChange{Level: "low"}, "reason: at least one is required"},
		{"ErrReasonKey", gtg.RiskChange{Level: "low", Reasons: []string{"Budget Cut"}}, `reason: "Budget Cut" is not a reason key`},
		{"ErrReasonTwice", gtg.RiskChange{Level: "low", Reasons: []string{"a", "a"}}, `reason: "a" is given twice`},
		{"ErrNoteLong", gtg.RiskChange{Level: "low", Reasons: []string{"a"}, Note: strings.Repeat("n", gtg.MaxFieldLen+1)}, "note: longer than"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantInvalid(t, tc.c.Validate(), tc.want) })
	}
}

func TestRiskReasonValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    gtg.RiskReason
		want string
	}{
		{"OK", gtg.RiskReason{Key: "cash_flow", Stage: "Crisis", Label: " Cash "}, ""},
		{"ErrKey", gtg.RiskReason{Key: "1x", Stage: "early", Label: "x"}, `key: "1x"`},
		{"ErrStage", gtg.RiskReason{Key: "x", Stage: "late", Label: "x"}, `stage: "late" is not one of early, mid, end, crisis`},
		{"ErrLabel", gtg.RiskReason{Key: "x", Stage: "mid"}, "label: required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.Normalize()
			if tc.want == "" {
				if err := tc.r.Validate(); err != nil || tc.r.Stage != "crisis" || tc.r.Label != "Cash" {
					t.Fatalf("%+v %v", tc.r, err)
				}
				return
			}
			wantInvalid(t, tc.r.Validate(), tc.want)
		})
	}
}

func TestRiskRankAndPrimary(t *testing.T) {
	if !(gtg.RiskRank("high") > gtg.RiskRank("medium") && gtg.RiskRank("medium") > gtg.RiskRank("low") && gtg.RiskRank("low") > gtg.RiskRank("")) {
		t.Fatal("risk ranks out of order")
	}
	p := gtg.RiskProfile{Reasons: []string{"budget_cut", "training"}}
	if p.Primary() != "budget_cut" || (&gtg.RiskProfile{}).Primary() != "" {
		t.Fatal("primary is the first reason")
	}
}

func TestRequire(t *testing.T) {
	for _, tc := range []struct {
		user *gtg.User
		role string
		code string
	}{
		{nil, gtg.UserViewer, gtg.EUNAUTHORIZED},
		{&gtg.User{Email: "v@x.io", Role: gtg.UserViewer}, gtg.UserCSM, gtg.EFORBIDDEN},
		{&gtg.User{Email: "c@x.io", Role: gtg.UserCSM}, gtg.UserCSM, ""},
		{&gtg.User{Email: "c@x.io", Role: gtg.UserCSM}, gtg.UserManager, gtg.EFORBIDDEN},
		{&gtg.User{Email: "m@x.io", Role: gtg.UserManager}, gtg.UserManager, ""},
		{&gtg.User{Email: "a@x.io", Role: gtg.UserAdmin}, gtg.UserManager, ""},
	} {
		err := gtg.Require(tc.user, tc.role, "do it")
		if gtg.ErrorCode(err) != tc.code {
			t.Errorf("Require(%v, %s) = %v, want code %q", tc.user, tc.role, err, tc.code)
		}
		if err != nil && !strings.Contains(gtg.ErrorMessage(err), "do it") {
			t.Errorf("message %q does not name the action", gtg.ErrorMessage(err))
		}
	}
}
