package update_test

import (
	"context"
	"math"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
	"github.com/gtg-dev/gtg/update"
	"github.com/gtg-dev/gtg/update/updatetest"
)

// TestResourceRecords: what followed a resource's sends, against the
// fixture's health, computed by hand: its score is 97 until 14 Apr 2026,
// then 97 − 51·(i−30)/59 on day i of the 90 ending 12 Jun.
func TestResourceRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := updatetest.Seed(t, s)
		rs, err := save.Resources(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		key := map[string]int64{}
		for _, r := range rs {
			key[r.Key] = r.ID
		}
		score := func(day string) *float64 {
			i := float64(gtg.MustParseDay(day) - (gtg.DayOf(updatetest.Now) - 89))
			v := 97 - 51*math.Max(0, (i-30)/59)
			return &v
		}
		e := &gtg.EmailSend{AccountID: a.ID, Kind: gtg.EmailWeeklyUpdate, Subject: "s", Recipients: []string{"eve@freight.example"},
			Text: "t", MessageID: "m1", CreatedBy: "t"}
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.CreateEmailSend(ctx, e) }); err != nil {
			t.Fatal(err)
		}
		sends := []*gtg.ResourceSend{
			// 1 Apr (day 17, score 97); 30 days later, 1 May (day 47): 97 − 51·17/59.
			{ResourceID: key["roi_quick_guide"], AccountID: a.ID, SentOn: gtg.MustParseDay("2026-04-01"), Mode: gtg.ModePropose, Score: score("2026-04-01"), Color: gtg.Green},
			// 1 Jun (day 78); 30 days later is past the data: the latest, 12 Jun, 46.
			{ResourceID: key["cost_savings_use_case"], AccountID: a.ID, SentOn: gtg.MustParseDay("2026-06-01"), Mode: gtg.ModePropose, Score: score("2026-06-01"), Color: gtg.Yellow},
			{ResourceID: key["cost_savings_use_case"], AccountID: a.ID, SentOn: gtg.MustParseDay("2026-06-12"), Mode: gtg.ModePropose, Score: score("2026-06-12"), Color: gtg.Yellow},
		}
		if err := s.CompleteEmailSend(ctx, e, 1, nil, sends); err != nil {
			t.Fatal(err)
		}
		recs, err := update.ResourceRecords(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		roi := recs[key["roi_quick_guide"]]
		if want := -51.0 * 17 / 59; roi.Sends != 1 || roi.Measured != 1 || roi.Improved != 0 || roi.MeanChange == nil || math.Abs(*roi.MeanChange-want) > 1e-9 {
			t.Errorf("ROI guide record %+v, want a change of %.4f", roi, want)
		}
		// The send on the last scored day has nothing after it yet.
		cost := recs[key["cost_savings_use_case"]]
		if want := 46 - (97 - 51.0*48/59); cost.Sends != 2 || cost.Measured != 1 || cost.MeanChange == nil || math.Abs(*cost.MeanChange-want) > 1e-9 {
			t.Errorf("cost-savings record %+v, want 2 sends, 1 measured, a change of %.4f", cost, want)
		}
		if r := recs[key["benchmark_report"]]; r.Sends != 0 {
			t.Errorf("an unsent resource has %+v", r)
		}
	})
}
