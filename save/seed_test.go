package save_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestSeedFiles(t *testing.T) {
	reasons, err := save.ParseReasons("reasons.yaml", save.SeedYAML("reasons.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	byStage := map[string][]string{}
	known := map[string]bool{}
	for _, r := range reasons {
		byStage[r.Stage] = append(byStage[r.Stage], r.Key)
		known[r.Key] = true
	}
	want := map[string][]string{
		"early":  {"onboarding_speed", "expectation_misalignment", "no_success_plan", "presales_handoff", "ae_am_handoff"},
		"mid":    {"champion_left", "am_change", "support_volume", "support_response", "support_resolution", "training", "missed_expectations"},
		"end":    {"roi_doubts", "rerun_poc", "competitive_threat"},
		"crisis": {"cash_flow", "budget_cut", "downsizing", "goals_changed"},
	}
	if diff := cmp.Diff(want, byStage); diff != "" {
		t.Fatalf("taxonomy by stage (-want +got):\n%s", diff)
	}
	pbs, err := save.ParsePlaybooks("playbooks.yaml", save.SeedYAML("playbooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range pbs {
		keys = append(keys, p.Key)
		for _, r := range p.Reasons {
			if !known[r] {
				t.Errorf("playbook %s names reason %q, not in the taxonomy", p.Key, r)
			}
		}
		for _, o := range p.Objectives {
			if _, err := save.CompileCriterion(o.Criterion, nil); err != nil {
				t.Errorf("playbook %s: %v", p.Key, err)
			}
		}
		if len(p.Tasks) < 4 {
			t.Errorf("playbook %s has %d tasks", p.Key, len(p.Tasks))
		}
	}
	wantKeys := []string{"onboarding_education", "handoff_audit", "support_engagement", "value_reinforcement", "executive_realignment", "crisis_rediscovery"}
	if diff := cmp.Diff(wantKeys, keys); diff != "" {
		t.Fatalf("playbooks (-want +got):\n%s", diff)
	}
	qs, err := save.ParseQuestionnaires("questionnaires.yaml", save.SeedYAML("questionnaires.yaml"))
	if err != nil || len(qs) != 1 || len(qs[0].Questions) != 5 || qs[0].Key != save.DefaultQuestionnaire {
		t.Fatalf("questionnaires = %+v, %v", qs, err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"ErrSyntax", "playbooks:\n  - key: a\n    name: [b\n", "pb.yaml:2: did not find expected"},
		{"ErrTopField", "playbook:\n  - key: a\n", "pb.yaml:1: playbook: unknown field (want playbooks)"},
		{"ErrNotList", "playbooks: 3\n", "pb.yaml:1: playbooks: want a list"},
		{"ErrUnknownField", "playbooks:\n  - key: a\n    name: A\n    tasks:\n      - title: t\n        owner_side: ours\n        due_day: 3\n", "pb.yaml:7: field due_day not found"},
		{"ErrType", "playbooks:\n  - key: a\n    name: A\n    target_days: soon\n", "pb.yaml:4:"},
		{"ErrField", "playbooks:\n  - key: a\n    name: A\n    tasks:\n      - title: t\n        owner_side: theirs\n", `pb.yaml:6: playbooks[0].tasks[0].owner_side: "theirs" is not one of ours, customer`},
		{"ErrDuplicate", "playbooks:\n  - key: a\n    name: A\n  - key: a\n    name: B\n", `pb.yaml:4: playbooks[1].key: "a" is also playbooks[0]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := save.ParsePlaybooks("pb.yaml", []byte(tc.yaml))
			wantErr(t, err, gtg.EINVALID, tc.want)
		})
	}
}

func TestTaxonomy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		rs, err := save.Reasons(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 19 || rs[0].Key != "onboarding_speed" || rs[18].Key != "goals_changed" {
			t.Fatalf("seeded %d reasons, first %s", len(rs), rs[0].Key)
		}
		wantErr(t, save.PutReasons(ctx, st, csm, &gtg.RiskReason{Key: "cash_flow", Stage: "crisis", Label: "x"}), gtg.EFORBIDDEN, "needs the manager role")
		wantErr(t, save.PutReasons(ctx, st, manager, &gtg.RiskReason{Key: "cash_flow", Stage: "later", Label: "x"}), gtg.EINVALID, `stage: "later"`)
		must(t, save.PutReasons(ctx, st, manager, &gtg.RiskReason{Key: "cash_flow", Stage: "crisis", Label: "Immediate cash-flow problems"}))
		must(t, save.PutReasons(ctx, st, manager, &gtg.RiskReason{Key: "price_increase", Stage: "end", Label: "Price increase"}))
		rs, err = save.Reasons(ctx, st) // edits stay: the seeds are written once
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 20 || rs[15].Key != "cash_flow" || rs[15].Label != "Immediate cash-flow problems" || rs[19].Key != "price_increase" {
			t.Fatalf("after edits: %d reasons, [15] = %+v, last %s", len(rs), rs[15], rs[len(rs)-1].Key)
		}
		log, err := st.AuditLog(ctx, "risk_reason", "cash_flow", 5)
		if err != nil || len(log) != 1 || log[0].Actor != "mo@x.io" {
			t.Fatalf("audit = %+v, %v", log, err)
		}
	})
}
