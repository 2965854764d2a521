package stakeholders_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/scorecard"
)

// The built-in rules for a departed champion or economic buyer suggest a
// playbook gtg ships and ask for a successor in the same role.
func TestDepartureRulesSuggestPlaybookAndSuccessor(t *testing.T) {
	pbs, err := save.ParsePlaybooks("playbooks.yaml", save.SeedYAML("playbooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	shipped := map[string]bool{}
	for _, pb := range pbs {
		shipped[pb.Key] = true
	}
	rs := scorecard.DefaultRules()
	for key, role := range map[string]string{"champion_left": gtg.RoleChampion, "economic_buyer_left": gtg.RoleEconomicBuyer} {
		r := rs.Rule(key)
		if r == nil {
			t.Fatalf("no built-in rule %s", key)
		}
		if !shipped[r.Playbook] {
			t.Errorf("%s: playbook %q is not one gtg ships", key, r.Playbook)
		}
		if r.Successor != role {
			t.Errorf("%s: successor %q, want %q", key, r.Successor, role)
		}
	}
	for _, r := range rs.Rules {
		if r.Playbook != "" && !shipped[r.Playbook] {
			t.Errorf("%s: playbook %q is not one gtg ships", r.Key, r.Playbook)
		}
	}
}
