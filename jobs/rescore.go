package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/store"
)

// RescoreAccount scores one account today and brings its alerts up to date,
// so a note or a contact change shows in its health and alerts at once
// instead of at the next daily run. When today is not scored yet for the
// portfolio it is scored first: a snapshot of one account alone would make
// the daily run think the day was done. deliver (nil: none) queues webhook
// deliveries of alerts that reach the inbox.
func RescoreAccount(ctx context.Context, st *store.Store, accountID int64, now time.Time,
	deliver func(context.Context, *store.Tx, []*gtg.Alert) error) error {
	day := gtg.DayOf(now)
	if _, err := health.EnsureToday(ctx, st, func() time.Time { return now }); err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	cards, err := health.Cards(ctx, st)
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	if _, err := health.ScoreAccounts(ctx, st, cards, []int64{accountID}, day, day); err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	sets, err := alerts.RuleSets(ctx, st)
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	_, err = alerts.Run(ctx, st, sets, day, alerts.Options{AccountIDs: []int64{accountID}, Deliver: deliver, Handoffs: st.HandoffCompleteness})
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	return nil
}

// RescoreAccount is the package function with the runner's clock and deliveries.
func (r *Runner) RescoreAccount(ctx context.Context, accountID int64) error {
	return RescoreAccount(ctx, r.cfg.Store, accountID, r.cfg.Now(), r.Deliver)
}
