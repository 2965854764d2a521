package health

import (
	"context"
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
