package scorecard

import (
	"testing"
)

// BenchmarkScore scores one established account on the default card: 22
// measures over 8 daily metrics (180 days) and its timeline. The scoring job
// calls this for every account, so it must stay allocation-light.
func BenchmarkScore(b *testing.B) {
	d := newPortfolio().healthy(400)
	sc := Default()
	b.ReportMetric(float64(len(d.Events)), "events")
	b.Run("Score", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sc.Score(d)
		}
	})
	b.Run("ScoreTo", func(b *testing.B) {
		b.ReportAllocs()
		var r Result
		for b.Loop() {
			sc.ScoreTo(&r, d)
		}
	})
	// A busy account: five times the timeline.
	busy := *d
	for range 4 {
		busy.Events = append(busy.Events, d.Events...)
	}
	b.Run("ScoreToBusy", func(b *testing.B) {
		b.ReportAllocs()
		var r Result
		for b.Loop() {
			sc.ScoreTo(&r, &busy)
		}
	})
	b.Run("Parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			var r Result
			for pb.Next() {
				sc.ScoreTo(&r, d)
			}
		})
	})
}
