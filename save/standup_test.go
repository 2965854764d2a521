package save_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// summary is the standup in a form easy to compare by hand.
type summary struct {
	Levels, High, Colors, Alerts, Stalled, Overdue, Renewals []string
	ARR                                                      map[string]float64
}

func summarize(su *gtg.Standup) summary {
	s := summary{ARR: su.ARRByRisk}
	for _, m := range su.LevelChanges {
		s.Levels = append(s.Levels, m.AccountExt+" "+m.From+">"+m.To)
	}
	for _, m := range su.BecameHighRisk {
		s.High = append(s.High, m.AccountExt)
	}
	for _, c := range su.ColorChanges {
		s.Colors = append(s.Colors, c.AccountExt+" "+c.From+">"+c.To)
	}
	for _, a := range su.NewAlerts {
		s.Alerts = append(s.Alerts, a.AccountExt+" "+a.Rule)
	}
	for _, p := range su.StalledPlans {
		s.Stalled = append(s.Stalled, p.AccountExt+" "+p.AdjustSince.String())
	}
	for _, tk := range su.OverdueTasks {
		s.Overdue = append(s.Overdue, tk.AccountExt+" "+tk.Due.String())
	}
	for _, r := range su.RenewalsNotGreen {
		s.Renewals = append(s.Renewals, r.AccountExt+" "+r.Color+" "+r.RiskLevel)
	}
	return s
}

func TestStandup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		at(st, "2026-02-20T08:00:00Z")
		u := []*gtg.Account{
			{ExternalID: "U1", Name: "U1", ARR: 1000, RenewalDate: day("2026-03-01")},
			{ExternalID: "U2", Name: "U2", ARR: 2000, RenewalDate: day("2026-04-01")},
			{ExternalID: "U3", Name: "U3", ARR: 3000, RenewalDate: day("2026-06-08")},
			{ExternalID: "U4", Name: "U4", ARR: 4000, RenewalDate: day("2026-03-20")},
			{ExternalID: "U5", Name: "U5", ARR: 5000, RenewalDate: day("2026-06-09")},
		}
		seed(t, st, u...)
		// A crisis plan on U5 since 02-20, with one of its tasks done.
		p, err := save.NewPlan(ctx, st, csm, "U5", "crisis_rediscovery", 0, day("2026-02-20"))
		must(t, err)
		_, err = save.UpdateTask(ctx, st, csm, p.ID, p.Tasks[1].ID, gtg.TaskChange{Status: ptr("done")}, day("2026-02-26"))
		must(t, err)
		for i, s := range []float64{75, 60, 80, 50, 30} {
			putScores(t, st, u[i], day("2026-03-09"), s)
		}
		risk := func(when, id, level string) {
			at(st, when)
			_, err := save.SetRisk(ctx, st, csm, id, gtg.RiskChange{Level: level, Reasons: []string{"budget_cut"}})
			must(t, err)
		}
		risk("2026-03-09T08:00:00Z", "U1", "low")
		risk("2026-03-09T08:00:00Z", "U2", "medium")
		risk("2026-03-09T08:00:00Z", "U5", "high")
		at(st, "2026-03-09T08:30:00Z")
		putAlert(t, st, u[3], "usage_drop", "medium", "open", day("2026-03-09"))

		at(st, "2026-03-09T09:00:00Z")
		_, err = save.MarkReviewed(ctx, st, csm, day("2026-03-09"))
		wantErr(t, err, gtg.EFORBIDDEN, "mark the standup reviewed")
		r, err := save.MarkReviewed(ctx, st, manager, day("2026-03-09"))
		must(t, err)
		if r.HealthDay != day("2026-03-09") {
			t.Fatalf("review = %+v", r)
		}

		risk("2026-03-09T11:00:00Z", "U2", "high")
		risk("2026-03-09T12:00:00Z", "U1", "medium") // and back: no net change
		risk("2026-03-09T13:00:00Z", "U1", "low")
		risk("2026-03-10T09:00:00Z", "U3", "medium")
		at(st, "2026-03-10T07:00:00Z")
		putAlert(t, st, u[1], "nps_detractor", "high", "open", day("2026-03-10"))
		for i, s := range []float64{76, 40, 65, 72, 30} {
			putScores(t, st, u[i], day("2026-03-10"), s)
		}
		_, err = save.EvaluatePlans(ctx, st, day("2026-03-10"), at(st, "2026-03-10T09:30:00Z"))
		must(t, err)

		// Since the review: U5's plan has not improved since it started on 02-20 (prompt from 03-06);
		// its tasks due 02-25, 03-02, 03-06 and 03-06 are overdue (02-26 is done, 03-13 not due).
		su, err := save.Standup(ctx, st, 0, day("2026-03-10"))
		must(t, err)
		want := summary{
			Levels:   []string{"U2 medium>high", "U3 >medium"},
			High:     []string{"U2"},
			Colors:   []string{"U4 yellow>green", "U3 green>yellow", "U2 yellow>red"},
			Alerts:   []string{"U2 nps_detractor"},
			Stalled:  []string{"U5 2026-03-06"},
			Overdue:  []string{"U5 2026-02-25", "U5 2026-03-02", "U5 2026-03-06", "U5 2026-03-06"},
			Renewals: []string{"U2 red high", "U3 yellow medium"}, // U4 is green, U5 renews in 91 days, U1's renewal passed
			ARR:      map[string]float64{"high": 7000, "medium": 3000, "low": 1000, "none": 4000},
		}
		if diff := cmp.Diff(want, summarize(su)); diff != "" {
			t.Fatalf("standup since the review (-want +got):\n%s", diff)
		}
		if su.LastReview == nil || su.LastReview.ReviewedBy != "mo@x.io" || su.ColorsSince != day("2026-03-09") || su.ColorsOn != day("2026-03-10") {
			t.Fatalf("window: %+v", su)
		}

		// --since 03-09: every assessment of the day is new; no scored day before it to compare colors with.
		su, err = save.Standup(ctx, st, day("2026-03-09"), day("2026-03-10"))
		must(t, err)
		got := summarize(su)
		if diff := cmp.Diff([]string{"U5 >high", "U2 >high", "U1 >low", "U3 >medium"}, got.Levels); diff != "" {
			t.Errorf("levels since 03-09 (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"U5", "U2"}, got.High); diff != "" {
			t.Errorf("became high since 03-09 (-want +got):\n%s", diff)
		}
		if len(got.Colors) != 0 || len(got.Alerts) != 2 {
			t.Errorf("since 03-09: colors %v, alerts %v", got.Colors, got.Alerts)
		}

		// Reviewed again: the next standup starts from there.
		at(st, "2026-03-10T10:00:00Z")
		_, err = save.MarkReviewed(ctx, st, manager, day("2026-03-10"))
		must(t, err)
		su, err = save.Standup(ctx, st, 0, day("2026-03-10"))
		must(t, err)
		got = summarize(su)
		if len(got.Levels)+len(got.High)+len(got.Colors)+len(got.Alerts) != 0 || len(got.Overdue) != 4 {
			t.Fatalf("right after a review: %+v", got)
		}
	})
}
