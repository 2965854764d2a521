package retention_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// portfolio is a hand-computed portfolio for the first quarter of 2026:
// expansion, contraction, churn, a pause that resumes, a pause that does
// not, accounts signed inside the quarter, one gone before it, and two whose
// only outcomes come after it.
func portfolio() ([]*gtg.Account, []*gtg.Outcome) {
	acct := func(id, seg, owner string, arr float64, start string) *gtg.Account {
		return &gtg.Account{ExternalID: id, Name: id, ARR: arr, Segment: seg, Owner: owner, ContractStart: day(start)}
	}
	accts := []*gtg.Account{
		acct("A", "smb", "ann", 1500, "2025-01-01"), // expands 1000 -> 1500 on Feb 1
		acct("B", "smb", "ann", 1200, "2025-03-01"), // contracts 2000 -> 1200 on Feb 15
		acct("C", "smb", "bob", 0, "2025-03-01"),    // churns 3000 on Mar 1
		acct("D", "ent", "bob", 500, "2024-06-01"),  // pauses on Jan 10, resumes on Mar 10
		acct("E", "ent", "bob", 0, "2024-06-01"),    // pauses on Feb 1 and stays paused
		acct("F", "ent", "ann", 4000, "2026-02-01"), // signed inside the quarter, no outcomes
		acct("G", "ent", "ann", 5000, "2026-02-01"), // signed inside the quarter, expands on Mar 1
		acct("H", "smb", "ann", 0, "2024-01-01"),    // churned before the quarter
		acct("I", "ent", "ann", 900, "2025-06-01"),  // first outcome after the quarter: ARR is its arr_before
		acct("J", "ent", "bob", 900, "2025-05-01"),  // expands after the quarter
	}
	oc := func(id, d, typ string, before, after float64) *gtg.Outcome {
		return &gtg.Outcome{AccountExternalID: id, Day: day(d), Type: typ, ARRBefore: before, ARRAfter: after}
	}
	outcomes := []*gtg.Outcome{
		oc("A", "2026-02-01", gtg.OutcomeExpanded, 1000, 1500),
		oc("B", "2026-02-15", gtg.OutcomeContracted, 2000, 1200),
		oc("C", "2026-03-01", gtg.OutcomeChurned, 3000, 0),
		oc("D", "2026-01-10", gtg.OutcomePaused, 500, 0),
		oc("D", "2026-03-10", gtg.OutcomeResumed, 0, 500),
		oc("E", "2026-02-01", gtg.OutcomePaused, 800, 0),
		oc("G", "2026-03-01", gtg.OutcomeExpanded, 4000, 5000),
		oc("H", "2025-12-01", gtg.OutcomeChurned, 1000, 0),
		oc("I", "2026-06-01", gtg.OutcomeRenewed, 700, 700),
		oc("J", "2026-05-01", gtg.OutcomeExpanded, 600, 900),
	}
	return accts, outcomes
}

func TestMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		accts, outcomes := portfolio()
		byExt := seed(t, s, accts, outcomes)
		from, to := day("2026-01-01"), day("2026-03-31")

		t.Run("OK", func(t *testing.T) {
			m, err := retention.Load(ctx, s, from, to, "")
			if err != nil {
				t.Fatal(err)
			}
			// Cohort A B C D E I J (ARR > 0 on Jan 1): from 1000+2000+3000+500+800+700+600 = 8600;
			// to 1500+1200+0+500+0+700+600 = 4500; kept 1000+1200+0+500+0+700+600 = 4000.
			if m.Accounts != 7 || m.Retained != 5 || !near(m.ARRFrom, 8600) || !near(m.ARRTo, 4500) || !near(m.ARRKept, 4000) {
				t.Fatalf("cohort %d retained %d from %v to %v kept %v, want 7 5 8600 4500 4000",
					m.Accounts, m.Retained, m.ARRFrom, m.ARRTo, m.ARRKept)
			}
			checkRatio(t, "grr", m.GRR, float64(m.GRR), 4000.0/8600)
			checkRatio(t, "nrr", m.NRR, float64(m.NRR), 4500.0/8600)
			checkRatio(t, "logo_retention", m.LogoRetention, float64(m.LogoRetention), 5.0/7)
			if m.SaveRate.Defined() || m.PlansClosed != 0 {
				t.Errorf("save rate %v over %d plans, want undefined over none", m.SaveRate, m.PlansClosed)
			}
		})

		t.Run("BySegment", func(t *testing.T) {
			m, err := retention.Load(ctx, s, from, to, retention.BySegment)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][4]float64{ // from, to, kept, logos retained of the cohort
				"smb": {6000, 2700, 2200, 2.0 / 3},
				"ent": {2600, 1800, 1800, 3.0 / 4},
			}
			if len(m.Groups) != len(want) {
				t.Fatalf("groups %+v, want smb and ent", m.Groups)
			}
			for _, g := range m.Groups {
				w := want[g.Key]
				if !near(g.ARRFrom, w[0]) || !near(g.ARRTo, w[1]) || !near(g.ARRKept, w[2]) {
					t.Errorf("%s: from %v to %v kept %v, want %v", g.Key, g.ARRFrom, g.ARRTo, g.ARRKept, w)
				}
				checkRatio(t, g.Key+" grr", g.GRR, float64(g.GRR), w[2]/w[0])
				checkRatio(t, g.Key+" nrr", g.NRR, float64(g.NRR), w[1]/w[0])
				checkRatio(t, g.Key+" logo_retention", g.LogoRetention, float64(g.LogoRetention), w[3])
			}
		})

		t.Run("ByCohort", func(t *testing.T) {
			m, err := retention.Load(ctx, s, from, to, retention.ByCohort)
			if err != nil {
				t.Fatal(err)
			}
			// 2025-03: B and C (2000 -> 1200, 3000 -> 0); the accounts signed in
			// 2026-02 are in no cohort of this period.
			for _, g := range m.Groups {
				switch g.Key {
				case "2025-03":
					checkRatio(t, "2025-03 nrr", g.NRR, float64(g.NRR), 1200.0/5000)
				case "2026-02":
					t.Errorf("accounts signed inside the period are grouped: %+v", g)
				}
			}
		})

		t.Run("InsideTheQuarter", func(t *testing.T) {
			// From Feb 1 the signed accounts F and G join the cohort (4000 each);
			// D is paused (0) so it is out; A is 1500 from Feb 1.
			m, err := retention.Load(ctx, s, day("2026-02-01"), to, "")
			if err != nil {
				t.Fatal(err)
			}
			// A 1500->1500, B 2000->1200, C 3000->0, F 4000->4000, G 4000->5000, I 700, J 600:
			// from 15800, to 13000, kept 12000.
			// E paused on Feb 1 (its outcome that day counts): out.
			if m.Accounts != 7 || !near(m.ARRFrom, 15800) || !near(m.ARRTo, 13000) || !near(m.ARRKept, 12000) {
				t.Errorf("cohort %d from %v to %v kept %v, want 7 15800 13000 12000", m.Accounts, m.ARRFrom, m.ARRTo, m.ARRKept)
			}
		})

		t.Run("ARRAtRisk", func(t *testing.T) {
			hs := []*gtg.Health{
				{AccountID: byExt["B"].ID, Day: day("2026-03-30"), Scorecard: "default", Version: 1, Score: 20, Color: gtg.Red},
				{AccountID: byExt["A"].ID, Day: day("2026-03-30"), Scorecard: "default", Version: 1, Score: 90, Color: gtg.Green},
				{AccountID: byExt["J"].ID, Day: day("2026-04-02"), Scorecard: "default", Version: 1, Score: 10, Color: gtg.Red}, // after the period
			}
			if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }); err != nil {
				t.Fatal(err)
			}
			m, err := retention.Load(ctx, s, from, to, "")
			if err != nil {
				t.Fatal(err)
			}
			if !near(m.ARRAtRisk, 1200) {
				t.Errorf("arr_at_risk = %v, want 1200 (B, red on the last scored day)", m.ARRAtRisk)
			}
		})

		t.Run("ErrPeriod", func(t *testing.T) {
			_, err := retention.Load(ctx, s, to, from, "")
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("to before from: %v, want EINVALID", err)
			}
			_, err = retention.Load(ctx, s, from, to, "region")
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("by region: %v, want EINVALID", err)
			}
		})
	})
}

func TestARROn(t *testing.T) {
	a := &gtg.Account{ARR: 900, ContractStart: day("2025-06-01")}
	later := []*gtg.Outcome{{Day: day("2026-06-01"), Type: gtg.OutcomeRenewed, ARRBefore: 700, ARRAfter: 700}}
	for _, c := range []struct {
		name     string
		outcomes []*gtg.Outcome
		day      string
		want     float64
	}{
		{"BeforeContract", later, "2025-05-31", 0},
		{"BeforeFirstOutcome", later, "2026-01-01", 700},
		{"OnOutcome", later, "2026-06-01", 700},
		{"NoOutcomes", nil, "2026-01-01", 900},
		{"NoOutcomesBeforeContract", nil, "2025-01-01", 0},
	} {
		if got := retention.ARROn(a, c.outcomes, day(c.day)); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSaveRate(t *testing.T) {
	accts, outcomes := portfolio()
	for i, a := range accts {
		a.ID = int64(i + 1)
	}
	ids := map[string]int64{}
	for _, a := range accts {
		ids[a.ExternalID] = a.ID
	}
	for _, o := range outcomes {
		o.AccountID = ids[o.AccountExternalID]
	}
	l := retention.NewLedger(accts, outcomes, nil)
	plan := func(acct, closed, outcome string) *gtg.Plan {
		return &gtg.Plan{AccountID: ids[acct], Status: gtg.PlanClosed, ClosedOn: day(closed), Outcome: outcome}
	}
	plans := []*gtg.Plan{
		plan("A", "2026-01-20", gtg.OutcomeBackToGreen),
		plan("B", "2026-02-15", gtg.OutcomeContracted),
		plan("C", "2026-03-01", gtg.OutcomeChurned),
		plan("E", "2026-02-01", gtg.OutcomePaused),
		plan("D", "2025-12-20", gtg.OutcomeRenewed), // closed before the period
		{AccountID: ids["J"], Status: gtg.PlanOpen},
	}
	m, err := retention.Compute(l, day("2026-01-01"), day("2026-03-31"), retention.ByOwner, retention.Inputs{Plans: plans})
	if err != nil {
		t.Fatal(err)
	}
	if m.PlansClosed != 4 || m.PlansRetained != 2 {
		t.Fatalf("plans closed %d retained %d, want 4 and 2", m.PlansClosed, m.PlansRetained)
	}
	checkRatio(t, "save_rate", m.SaveRate, float64(m.SaveRate), 0.5)
	for _, g := range m.Groups {
		if g.Key == "bob" { // C churned, E paused
			checkRatio(t, "bob save_rate", g.SaveRate, float64(g.SaveRate), 0)
		}
	}
}

// TestMonthly pins the month-by-month chaining: an outcome on the first of
// a month is already in that month's ARR_from, so it must count in the
// month before (a regression: months cut at their last day lost it).
func TestMonthly(t *testing.T) {
	accts, outcomes := portfolio()
	for i, a := range accts {
		a.ID = int64(i + 1)
	}
	ids := map[string]int64{}
	for _, a := range accts {
		ids[a.ExternalID] = a.ID
	}
	for _, o := range outcomes {
		o.AccountID = ids[o.AccountExternalID]
	}
	l := retention.NewLedger(accts, outcomes, nil)
	ms, err := retention.Monthly(l, day("2026-01-01"), day("2026-03-31"), retention.Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 {
		t.Fatalf("%d months, want 3", len(ms))
	}
	// January (to Feb 1): A 1000 -> 1500 and E 800 -> 0 on Feb 1, D paused
	// on Jan 10 (500 -> 0); B 2000, C 3000, I 700, J 600 unchanged.
	jan := ms[0]
	if !near(jan.ARRFrom, 8600) || !near(jan.ARRTo, 1500+2000+3000+700+600) {
		t.Errorf("January from %v to %v, want 8600 and 7800", jan.ARRFrom, jan.ARRTo)
	}
	// February (to Mar 1): C's churn on Mar 1 is February's: A 1500, B
	// 2000 -> 1200, C 3000 -> 0, F 4000 and G 4000 signed on Feb 1, I, J.
	feb := ms[1]
	if !near(feb.ARRFrom, 1500+2000+3000+4000+4000+700+600) || !near(feb.ARRTo, 1500+1200+0+4000+5000+700+600) {
		t.Errorf("February from %v to %v, want 15800 and 13000", feb.ARRFrom, feb.ARRTo)
	}
	// The product of the months' NRRs is not the quarter's, but every
	// outcome is in one month: the ARR lost in the months adds up.
	var lost float64
	for _, m := range ms {
		lost += m.ARRFrom - m.ARRKept
	}
	if !near(lost, 500+800+800+3000) { // D paused, E paused, B contracted, C churned
		t.Errorf("ARR lost over the months %v, want %v", lost, 500+800+800+3000)
	}
}
