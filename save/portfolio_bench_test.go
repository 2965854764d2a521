package save_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store/storetest"
)

// BenchmarkPortfolioReports times the save queue, the risk board and the
// standup over a scored demo portfolio of 1,000 accounts (SQLite), as the
// pages and the API compute them on each request.
func BenchmarkPortfolioReports(b *testing.B) {
	st := storetest.OpenSQLite(b)
	today := gtg.MustParseDay("2025-06-30")
	cfg := demo.Config{Accounts: 1000, Seed: 1, Days: 120, Today: today}
	if _, err := demo.Load(ctx, st, cfg, nil); err != nil {
		b.Fatal(err)
	}
	cards, err := health.Cards(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := health.ScoreRange(ctx, st, cards, today-1, today, nil); err != nil {
		b.Fatal(err)
	}
	b.Run("Queue", func(b *testing.B) {
		for b.Loop() {
			if _, err := save.Queue(ctx, st, today); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("RiskBoard", func(b *testing.B) {
		for b.Loop() {
			if _, err := save.RiskBoard(ctx, st, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Standup", func(b *testing.B) {
		for b.Loop() {
			if _, err := save.Standup(ctx, st, today-1, today); err != nil {
				b.Fatal(err)
			}
		}
	})
}
