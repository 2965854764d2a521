package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/offers"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
)

// DailyArgs is the daily job: score today if it is not scored yet, then
// evaluate the early-warning rules and queue the new alerts' deliveries.
type DailyArgs struct{}

// Kind names the job in River's table.
func (DailyArgs) Kind() string { return "gtg_daily" }

// InsertOpts: at most one daily job waits or runs at a time.
func (DailyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateRetryable,
		rivertype.JobStateScheduled}}}
}

type dailyWorker struct {
	river.WorkerDefaults[DailyArgs]
	r *Runner
}

// Work runs the daily steps; each is idempotent, so a retry or a second
// server repeats nothing harmful.
func (w *dailyWorker) Work(ctx context.Context, _ *river.Job[DailyArgs]) error {
	_, err := w.r.Daily(ctx)
	return err
}

// DailyReport says what a daily run did.
type DailyReport struct {
	Day    gtg.Day
	Scored bool
	Alerts alerts.Stats
	Plans  []save.PlanCheck
	// Digests is how many daily notification digests were queued.
	Digests int
}

// Daily scores today when it is not scored yet and, when it scored,
// evaluates the rules and the open plans on today's health. It is the daily job's body, also
// callable directly (tests, `gtg serve` at start).
func (r *Runner) Daily(ctx context.Context) (DailyReport, error) {
	st, now := r.cfg.Store, r.cfg.Now
	rep := DailyReport{Day: gtg.DayOf(now())}
	start := time.Now()
	did, err := health.EnsureToday(ctx, st, now)
	if err != nil || !did {
		return rep, err
	}
	rep.Scored = true
	rep.Alerts, err = r.EvaluateAlerts(ctx, rep.Day)
	if err != nil {
		return rep, err
	}
	// Plans whose exit criteria today's health meets close back to green;
	// those without improvement get the "adjust the plan" prompt.
	if rep.Plans, err = save.EvaluatePlans(ctx, st, rep.Day, now()); err != nil {
		return rep, err
	}
	// The daily email digests, for those who want one.
	if rep.Digests, err = r.Digests(ctx, rep.Day); err != nil {
		return rep, err
	}
	r.cfg.Logger.Info("daily run", "day", rep.Day, "alerts_new", rep.Alerts.Opened, "alerts_held", rep.Alerts.Held,
		"alerts_resolved", rep.Alerts.Resolved, "took", time.Since(start).Round(time.Millisecond))
	return rep, nil
}

// EvaluateAlerts runs the rule sets in force as of day and queues the
// deliveries of the alerts that reach the inbox.
func (r *Runner) EvaluateAlerts(ctx context.Context, day gtg.Day) (alerts.Stats, error) {
	return EvaluateAlerts(ctx, r.cfg.Store, day, r.Deliver)
}

// EvaluateAlerts runs the rule sets in force as of day; deliver (nil: none)
// queues deliveries in the same transaction. Then the save ladder's daily
// check expires undecided offers and raises (or resolves) the alerts for
// missed follow-ups, counted in the stats.
func EvaluateAlerts(ctx context.Context, st *store.Store, day gtg.Day, deliver func(context.Context, *store.Tx, []*gtg.Alert) error) (alerts.Stats, error) {
	sets, err := alerts.RuleSets(ctx, st)
	if err != nil {
		return alerts.Stats{}, err
	}
	stats, err := alerts.Run(ctx, st, sets, day, alerts.Options{Deliver: deliver, Handoffs: st.HandoffCompleteness})
	if err != nil {
		return stats, err
	}
	oc, err := offers.Check(ctx, st, day, deliver)
	stats.Opened += oc.AlertsOpened
	stats.Resolved += oc.AlertsResolved
	return stats, err
}
