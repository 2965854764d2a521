package health

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
)

func TestMovers(t *testing.T) {
	h := func(score float64, color string) *gtg.Health { return &gtg.Health{Score: score, Color: color} }
	before := map[int64]*gtg.Health{
		1: h(50, gtg.Yellow), 2: h(80, gtg.Green), 3: h(40, gtg.Red), 4: h(60, gtg.Yellow),
		5: h(0, gtg.InsufficientData), 6: h(70, gtg.Green), 7: h(30, gtg.Red), 8: h(55, gtg.Yellow),
	}
	now := map[int64]*gtg.Health{
		1: h(62, gtg.Yellow),          // +12
		2: h(61, gtg.Yellow),          // -19
		3: h(45, gtg.Yellow),          // +5
		4: h(60, gtg.Yellow),          // unchanged: neither list
		5: h(90, gtg.Green),           // was insufficient: not a move
		6: h(0, gtg.InsufficientData), // now insufficient: not a move
		7: h(42, gtg.Red),             // +12, ties with 1: lower id first
		9: h(99, gtg.Green),           // not scored before
		8: h(50, gtg.Yellow),          // -5
	}
	risers, fallers := Movers(now, before, 2)
	wantR := []Move{{1, 50, 62, 12}, {7, 30, 42, 12}}
	wantF := []Move{{2, 80, 61, -19}, {8, 55, 50, -5}}
	if d := cmp.Diff(wantR, risers); d != "" {
		t.Errorf("risers (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantF, fallers); d != "" {
		t.Errorf("fallers (-want +got):\n%s", d)
	}
	risers, _ = Movers(now, before, 10)
	if len(risers) != 3 {
		t.Errorf("all risers = %v, want 1, 7, 3", risers)
	}
}

func TestTrendingOutOfGreen(t *testing.T) {
	trends := map[int64]*Trend{
		1: {Score: 80, Color: gtg.Green, Slope30: -0.5},  // (80-70)/0.5 = 20 days
		2: {Score: 76, Color: gtg.Green, Slope30: -0.6},  // 6/0.6 = 10 days
		3: {Score: 95, Color: gtg.Green, Slope30: -0.5},  // 50 days: beyond the horizon
		4: {Score: 80, Color: gtg.Green, Slope30: 0.4},   // rising
		5: {Score: 60, Color: gtg.Yellow, Slope30: -1.0}, // already out of green
		6: {Score: 70, Color: gtg.Green, Slope30: -0.1},  // on the line: 0 days
	}
	got := TrendingOutOfGreen(trends, 70, 30)
	want := []Exit{
		{AccountID: 6, Score: 70, Slope: -0.1, DaysToYellow: 0},
		{AccountID: 2, Score: 76, Slope: -0.6, DaysToYellow: 10},
		{AccountID: 1, Score: 80, Slope: -0.5, DaysToYellow: 20},
	}
	approx := cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })
	if d := cmp.Diff(want, got, approx); d != "" {
		t.Errorf("TrendingOutOfGreen (-want +got):\n%s", d)
	}
}
