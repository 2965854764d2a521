package demo

import (
	"context"
	"fmt"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store/storetest"
)

// BenchmarkLoad measures loading portfolios into a fresh SQLite file:
// go test -run X -bench Load/500 -benchtime 1x ./demo/
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{500, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				st := storetest.OpenSQLite(b)
				b.StartTimer()
				stats, err := Load(context.Background(), st, Config{Accounts: n, Seed: 1, Today: gtg.MustParseDay("2025-06-30")}, nil)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(stats.MetricPoints), "points")
				b.ReportMetric(float64(stats.Events), "events")
			}
		})
	}
}

// BenchmarkSimulate measures generation alone, usage included.
func BenchmarkSimulate(b *testing.B) {
	cfg, _ := Config{Accounts: 500, Seed: 1, Today: gtg.MustParseDay("2025-06-30")}.withDefaults()
	i := 0
	for b.Loop() {
		s := simulate(cfg, i%cfg.Accounts)
		s.usage(1, func(gtg.MetricPoint) error { return nil })
		i++
	}
}
