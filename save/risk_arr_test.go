package save_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestRiskARRHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		at(st, "2026-01-01T09:00:00Z")
		a1 := &gtg.Account{ExternalID: "H1", Name: "H1", ARR: 1000}
		a2 := &gtg.Account{ExternalID: "H2", Name: "H2", ARR: 2000}
		seed(t, st, a1, a2)
		at(st, "2026-01-05T10:00:00Z")
		_, err := save.SetRisk(ctx, st, csm, "H1", gtg.RiskChange{Level: gtg.RiskHigh, Reasons: []string{"budget_cut"}})
		must(t, err)
		at(st, "2026-01-12T23:59:00Z") // still that day
		_, err = save.SetRisk(ctx, st, csm, "H2", gtg.RiskChange{Level: gtg.RiskMedium, Reasons: []string{"training"}})
		must(t, err)
		putOutcome(t, st, a1, day("2026-01-20"), gtg.OutcomeChurned, 1000, 0)

		got, err := save.RiskARRHistory(ctx, st, day("2026-01-26"), 4)
		must(t, err)
		arr := func(high, medium, none float64) map[string]float64 {
			return map[string]float64{gtg.RiskHigh: high, gtg.RiskMedium: medium, gtg.RiskLow: 0, "none": none}
		}
		want := []save.RiskARRPoint{
			{Day: day("2026-01-05"), ARR: arr(1000, 0, 2000)},
			{Day: day("2026-01-12"), ARR: arr(1000, 2000, 0)},
			{Day: day("2026-01-19"), ARR: arr(1000, 2000, 0)},
			{Day: day("2026-01-26"), ARR: arr(0, 2000, 0)}, // H1 churned on the 20th
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ARR by risk level, weekly (-want +got):\n%s", diff)
		}
	})
}
