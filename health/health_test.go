package health_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

var ctx = context.Background()

func TestSlope(t *testing.T) {
	for _, tc := range []struct {
		xs, ys []float64
		want   float64
	}{
		{[]float64{0, 1, 2, 3}, []float64{10, 12, 14, 16}, 2},
		{[]float64{-2, -1, 0}, []float64{5, 5, 5}, 0},
		{[]float64{0, 1, 2}, []float64{3, 1, 2}, -0.5}, // hand-computed: Sxy=-1, Sxx=2
		{[]float64{7}, []float64{1}, 0},
	} {
		if got := health.Slope(tc.xs, tc.ys); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Slope(%v, %v) = %v, want %v", tc.xs, tc.ys, got, tc.want)
		}
	}
}

func TestScoreRange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		today := gtg.MustParseDay("2026-06-30")
		if _, err := demo.Load(ctx, s, demo.Config{Accounts: 20, Seed: 5, Today: today, Days: 200}, nil); err != nil {
			t.Fatal(err)
		}
		cards := scorecard.Builtin()
		from := today - 29
		st, err := health.ScoreRange(ctx, s, cards, from, today, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.Accounts != 20 || st.Snapshots == 0 || st.Snapshots > 20*30 {
			t.Fatalf("stats %+v", st)
		}
		// Each stored snapshot equals scoring that account directly with the same card.
		accts, _, err := s.Accounts(ctx, gtg.AccountFilter{})
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, a := range accts[:5] {
			hist, err := s.HealthHistory(ctx, a.ID, from, today)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hist {
				sc := scorecard.Select(cards, a, h.Day)
				contacts, _ := s.Contacts(ctx, a.ID)
				ser, _ := s.Series(ctx, a.ID, sc.MetricKeys(), h.Day-gtg.Day(sc.Lookback()), h.Day)
				evs, _ := s.Events(ctx, gtg.EventFilter{AccountID: a.ID, From: (h.Day - gtg.Day(sc.Lookback())).Time(), To: (h.Day + 1).Time()})
				m := map[string]gtg.Series{}
				for _, x := range ser {
					m[x.Key] = x
				}
				want := sc.Score(&scorecard.AccountData{Account: a, Contacts: contacts, Series: m, Events: evs, AsOf: h.Day})
				if want.Color != h.Color || math.Abs(finite(want.Score)-h.Score) > 1e-9 || h.Scorecard != want.Scorecard {
					t.Fatalf("%s on %s: stored %s %.3f (%s), direct %s %.3f (%s)", a.ExternalID, h.Day, h.Color, h.Score, h.Scorecard, want.Color, want.Score, want.Scorecard)
				}
				checked++
			}
		}
		if checked == 0 {
			t.Fatal("no snapshot checked")
		}
		// Scoring the same days again replaces, never duplicates.
		if _, err := health.ScoreRange(ctx, s, cards, today, today, nil); err != nil {
			t.Fatal(err)
		}
		on, err := s.HealthOn(ctx, today)
		if err != nil || len(on) != st.Colors[gtg.Green]+st.Colors[gtg.Yellow]+st.Colors[gtg.Red]+st.Colors[gtg.InsufficientData] {
			t.Fatalf("snapshots on %s: %d (%v), colors %v", today, len(on), err, st.Colors)
		}
		trends, err := health.Trends(ctx, s, 0)
		if err != nil {
			t.Fatal(err)
		}
		for id, tr := range trends {
			if tr.Day != today || on[id] == nil || on[id].Score != tr.Score {
				t.Fatalf("trend %+v disagrees with snapshot %+v", tr, on[id])
			}
			if (tr.Movement == "up") != (tr.Slope30 > 0.1) || (tr.Movement == "down") != (tr.Slope30 < -0.1) {
				t.Fatalf("movement %q for slope %v", tr.Movement, tr.Slope30)
			}
			// One account's trend from its own history is the same.
			hist, err := s.HealthHistory(ctx, id, today-89, today)
			if err != nil {
				t.Fatal(err)
			}
			if one := health.TrendOf(hist); one == nil || *one != *tr {
				t.Fatalf("TrendOf = %+v, Trends = %+v", one, tr)
			}
		}
	})
}

func TestScoreRangeErrors(t *testing.T) {
	s := storetest.OpenSQLite(t)
	if _, err := health.ScoreRange(ctx, s, nil, 1, 2, nil); gtg.ErrorCode(err) != gtg.EINVALID {
		t.Fatalf("no cards: %v", err)
	}
	if _, err := health.ScoreRange(ctx, s, scorecard.Builtin(), 5, 2, nil); gtg.ErrorCode(err) != gtg.EINVALID {
		t.Fatalf("reversed range: %v", err)
	}
}

func finite(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

func TestEnsureToday(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		today := gtg.MustParseDay("2026-06-30")
		now := func() time.Time { return today.Time().Add(9 * time.Hour) }
		if _, err := demo.Load(ctx, s, demo.Config{Accounts: 5, Seed: 1, Today: today, Days: 90}, nil); err != nil {
			t.Fatal(err)
		}
		for i, want := range []bool{true, false} {
			did, err := health.EnsureToday(ctx, s, now)
			if err != nil || did != want {
				t.Fatalf("call %d: did=%v err=%v, want %v", i, did, err, want)
			}
		}
		if d, _ := s.LatestHealthDay(ctx); d != today {
			t.Fatalf("latest day %s, want %s", d, today)
		}
	})
}
