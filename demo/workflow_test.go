package demo

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// workflowSnapshot is what Workflow wrote, read back through the store.
type workflowSnapshot struct {
	Stats         WorkflowStats
	Plans         []*gtg.Plan
	Risk          []save.RiskRow
	Handoffs      map[string][]*gtg.Handoff
	Rediscoveries map[string][]*gtg.Rediscovery
	Backtest      string
}

func loadWorkflow(t *testing.T, st *store.Store, cfg Config) workflowSnapshot {
	t.Helper()
	ctx := context.Background()
	now := cfg.Today.Time().Add(9 * time.Hour)
	st.Now = func() time.Time { return now }
	if _, err := Load(ctx, st, cfg, nil); err != nil {
		t.Fatal(err)
	}
	var snap workflowSnapshot
	var err error
	if snap.Stats, err = Workflow(ctx, st, cfg); err != nil {
		t.Fatal(err)
	}
	if snap.Plans, err = st.Plans(ctx, gtg.PlanFilter{}); err != nil {
		t.Fatal(err)
	}
	if snap.Risk, err = save.RiskBoard(ctx, st, false); err != nil {
		t.Fatal(err)
	}
	snap.Handoffs, snap.Rediscoveries = map[string][]*gtg.Handoff{}, map[string][]*gtg.Rediscovery{}
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accts {
		hs, err := st.Handoffs(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := st.Rediscoveries(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) > 0 {
			snap.Handoffs[a.ExternalID] = hs
		}
		if len(rs) > 0 {
			snap.Rediscoveries[a.ExternalID] = rs
		}
	}
	bts, err := st.Backtests(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bts {
		snap.Backtest += b.Label + ":" + string(b.Report)
	}
	return snap
}

// TestWorkflow checks that the demo's save workflow is there to see on the
// first run, and deterministic for a seed: the same on SQLite and on
// PostgreSQL, different for another seed.
func TestWorkflow(t *testing.T) {
	cfg := testConfig(120, 3)
	first := loadWorkflow(t, storetest.OpenSQLite(t), cfg)
	s := first.Stats
	if s.OpenPlans < 2 || s.NearGreen == "" || s.Stalled == "" || s.ClosedPlans < 5 || s.RiskProfiles < s.OpenPlans ||
		s.Handoffs == 0 || s.Rediscoveries == 0 || s.Backtests != 1 {
		t.Fatalf("stats = %+v", s)
	}
	open, outcomes := 0, map[string]int{}
	for _, p := range first.Plans {
		switch {
		case p.Status == gtg.PlanOpen:
			open++
			if p.StartedOn > cfg.Today-21 {
				t.Errorf("plan in flight for %s started %s, under three weeks ago", p.AccountExt, p.StartedOn)
			}
		case p.Outcome == gtg.OutcomeBackToGreen && (p.GreenOn != p.ClosedOn || !p.Objectives[0].Met):
			t.Errorf("plan closed back to green %+v", p)
		default:
			outcomes[p.Outcome]++
		}
		if p.Status == gtg.PlanClosed && (p.ClosedOn <= p.StartedOn || p.ClosedOn > cfg.Today || p.Lesson == "") {
			t.Errorf("closed plan %d: %s to %s, lesson %q", p.ID, p.StartedOn, p.ClosedOn, p.Lesson)
		}
	}
	if open != s.OpenPlans || outcomes[gtg.OutcomeChurned]+outcomes[gtg.OutcomeContracted] == 0 {
		t.Errorf("%d open plans, outcomes besides back to green %v", open, outcomes)
	}
	filled := 0
	for _, hs := range first.Handoffs {
		for _, h := range hs {
			if h.Completeness() > 0 {
				filled++
			}
		}
	}
	if filled < s.Handoffs/2 {
		t.Errorf("%d of %d handoff forms have anything filled in", filled, s.Handoffs)
	}
	if !strings.Contains(first.Backtest, `"auc"`) {
		t.Errorf("saved backtest = %.200s", first.Backtest)
	}

	t.Run("SameSeed", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, st *store.Store) {
			again := loadWorkflow(t, st, cfg)
			if diff := cmp.Diff(jsonOf(first), jsonOf(again)); diff != "" {
				t.Errorf("same seed, another run (-first +again):\n%s", diff)
			}
		})
	})
	t.Run("OtherSeed", func(t *testing.T) {
		other := loadWorkflow(t, storetest.OpenSQLite(t), testConfig(120, 4))
		if jsonOf(other.Plans) == jsonOf(first.Plans) {
			t.Error("another seed made the same plans")
		}
	})
	// serve --demo scores before the workflow and evaluates the plans after
	// it: the plans in flight must survive that evaluation.
	t.Run("Scored", func(t *testing.T) {
		ctx := context.Background()
		st := storetest.OpenSQLite(t)
		now := cfg.Today.Time().Add(9 * time.Hour)
		st.Now = func() time.Time { return now }
		if _, err := Load(ctx, st, cfg, nil); err != nil {
			t.Fatal(err)
		}
		cards, err := health.Cards(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := health.ScoreRange(ctx, st, cards, cfg.Today-59, cfg.Today, nil); err != nil {
			t.Fatal(err)
		}
		s, err := Workflow(ctx, st, cfg)
		if err != nil || s.OpenPlans < 2 {
			t.Fatalf("workflow on a scored portfolio: %+v %v", s, err)
		}
		checks, err := save.EvaluatePlans(ctx, st, cfg.Today, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if c.Closed {
				t.Errorf("plan %d for %s closed on the first evaluation", c.PlanID, c.AccountExt)
			}
		}
		if len(checks) != s.OpenPlans {
			t.Errorf("%d plans evaluated, %d in flight", len(checks), s.OpenPlans)
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		st := storetest.OpenSQLite(t)
		loadWorkflow(t, st, cfg)
		s, err := Workflow(context.Background(), st, cfg)
		if err != nil || s != (WorkflowStats{}) {
			t.Errorf("second run: %+v %v", s, err)
		}
	})
}

func jsonOf(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}
