package scorecard

import (
	"testing"

	"github.com/gtg-dev/gtg"
)

func card(t *testing.T, name, applies string) *Scorecard {
	t.Helper()
	return parse(t, "name: "+name+"\nversion: 1\n"+applies+"\nthresholds: {green: 70, yellow: 40}\n"+
		"groups: [{key: g, measures: [x]}]\nmeasures:\n  - {key: x, kind: account, field: arr, bands: [{points: 1}]}\n")
}

func TestSelect(t *testing.T) {
	cards := []*Scorecard{
		card(t, "default", ""),
		card(t, "onboarding", "applies: {tenure_days: {max: 90}}"),
		card(t, "enterprise", "applies: {segment: [Enterprise]}"),
		card(t, "enterprise-renewal", "applies: {segment: enterprise, days_to_renewal: {min: 0, max: 120}}"),
		card(t, "starter-smb", "applies: {segment: SMB, plan: [starter]}"),
		card(t, "late-stage", "applies: {stage: [renewal, mature]}"),
	}
	acct := func(segment, plan, stage string, tenure, toRenewal int) *gtg.Account {
		a := account()
		a.Segment, a.Plan, a.Stage = segment, plan, stage
		a.ContractStart, a.RenewalDate = asOf.AddDays(-tenure), asOf.AddDays(toRenewal)
		return a
	}
	tests := []struct {
		name string
		a    *gtg.Account
		want string
	}{
		{"NothingSpecific", acct("Mid-Market", "growth", gtg.StageAdoption, 200, 165), "default"},
		{"Onboarding", acct("Mid-Market", "growth", gtg.StageAdoption, 89, 276), "onboarding"},
		{"OnboardingEnds", acct("Mid-Market", "growth", gtg.StageAdoption, 90, 275), "default"},
		{"Segment", acct("Enterprise", "enterprise", gtg.StageAdoption, 200, 165), "enterprise"},
		{"TwoFieldsBeatOne", acct("Enterprise", "enterprise", gtg.StageRenewal, 300, 65), "enterprise-renewal"},
		{"RenewalPassed", acct("Enterprise", "enterprise", gtg.StageAdoption, 300, -1), "enterprise"},
		{"PlanAndSegment", acct("SMB", "Starter", gtg.StageAdoption, 200, 165), "starter-smb"},
		{"Stage", acct("SMB", "growth", gtg.StageMature, 800, 300), "late-stage"},
		// Tied at one field each: the earlier card in the list wins.
		{"TieGoesToTheEarlier", acct("Enterprise", "growth", gtg.StageAdoption, 30, 335), "onboarding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Select(cards, tt.a, asOf); got == nil || got.Name != tt.want {
				t.Errorf("Select = %v, want %s", got, tt.want)
			}
		})
	}
	// Without a contract start the tenure is unknown: the onboarding card does not apply.
	a := acct("SMB", "growth", gtg.StageAdoption, 10, 300)
	a.ContractStart = 0
	if got := Select(cards, a, asOf); got.Name != "default" {
		t.Errorf("no contract start: %s", got.Name)
	}
	if got := Select(cards[1:2], acct("SMB", "growth", gtg.StageAdoption, 300, 60), asOf); got != nil {
		t.Errorf("no card applies: got %s, want nil", got.Name)
	}
}

func TestSelectBuiltin(t *testing.T) {
	a := account()
	if got := Select(Builtin(), a, asOf); got != Default() {
		t.Errorf("established account: %v", got)
	}
	a.ContractStart = asOf.AddDays(-30)
	if got := Select(Builtin(), a, asOf); got != Onboarding() {
		t.Errorf("30-day-old account: %v", got)
	}
}
