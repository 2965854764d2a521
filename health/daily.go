package health

import (
	"context"
	"log/slog"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// EnsureToday scores today when no snapshot for today exists yet, and reports
// whether it did. Scoring is idempotent, so two servers racing here only
// repeat work.
func EnsureToday(ctx context.Context, st *store.Store, now func() time.Time) (bool, error) {
	today := gtg.DayOf(now())
	latest, err := st.LatestHealthDay(ctx)
	if err != nil || latest >= today {
		return false, err
	}
	cards, err := Cards(ctx, st)
	if err != nil {
		return false, err
	}
	_, err = ScoreRange(ctx, st, cards, today, today, nil)
	return err == nil, err
}

// RunDaily keeps today's health scored until ctx ends: it checks at start and
// then every interval, so a server that runs past midnight rescores on its own.
func RunDaily(ctx context.Context, st *store.Store, now func() time.Time, interval time.Duration, logger *slog.Logger) {
	for {
		start := time.Now()
		if did, err := EnsureToday(ctx, st, now); err != nil {
			if ctx.Err() != nil {
				return
			}
			logger.Error("daily health scoring failed", "err", err)
		} else if did {
			logger.Info("scored today's health", "day", gtg.DayOf(now()), "took", time.Since(start).Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
