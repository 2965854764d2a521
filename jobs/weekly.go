package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/update"
)

// WeeklyArgs is the weekly update job: on the team's day, after its hour,
// every account with an open plan that has no update this week gets one.
type WeeklyArgs struct{}

// Kind names the job in River's table.
func (WeeklyArgs) Kind() string { return "gtg_weekly_updates" }

// InsertOpts: at most one weekly job waits or runs at a time.
func (WeeklyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateRetryable,
		rivertype.JobStateScheduled}}}
}

type weeklyWorker struct {
	river.WorkerDefaults[WeeklyArgs]
	r *Runner
}

// Work queues the week's updates; it is idempotent, so checking often is harmless.
func (w *weeklyWorker) Work(ctx context.Context, _ *river.Job[WeeklyArgs]) error {
	_, err := w.r.Weekly(ctx)
	return err
}

// WeeklyReport says what a weekly run did.
type WeeklyReport struct {
	Due     bool              // today is the day and the hour has come
	Queued  []string          // accounts whose update was queued
	Skipped map[string]string // account → why not (no recipients, a cap, ...)
}

// Weekly queues the weekly update of every account with an open plan that
// has none this week yet, when the settings' day and hour have come. A
// refusal (opt-outs, caps, no engaged contact) skips that account and is
// reported, never retried into a cap.
func (r *Runner) Weekly(ctx context.Context) (WeeklyReport, error) {
	st := r.cfg.Store
	rep := WeeklyReport{Skipped: map[string]string{}}
	settings, err := st.MailSettings(ctx)
	if err != nil {
		return rep, err
	}
	now := r.cfg.Now().UTC()
	if !settings.SMTP.Configured() || settings.WeeklyWeekday < 0 || int(now.Weekday()) != settings.WeeklyWeekday ||
		now.Hour() < settings.WeeklyHour {
		return rep, nil
	}
	rep.Due = true
	plans, err := st.Plans(ctx, gtg.PlanFilter{Status: gtg.PlanOpen})
	if err != nil {
		return rep, err
	}
	week := gtg.ISOWeek(now)
	done := map[int64]bool{}
	for _, p := range plans {
		if done[p.AccountID] {
			continue
		}
		done[p.AccountID] = true
		prior, err := st.EmailSendsFor(ctx, p.AccountID, gtg.EmailWeeklyUpdate, week)
		if err != nil {
			return rep, err
		}
		if prior > 0 {
			continue
		}
		d, err := update.Compose(ctx, st, p.AccountExt, now)
		if err != nil {
			return rep, err
		}
		if len(d.Included()) == 0 {
			rep.Skipped[p.AccountExt] = "no engaged contact can receive it"
			continue
		}
		if _, err := update.Queue(ctx, st, d, nil, "gtg-weekly", now, r.EnqueueEmail); err != nil {
			if code := gtg.ErrorCode(err); code == gtg.ECONFLICT || code == gtg.EINVALID {
				rep.Skipped[p.AccountExt] = gtg.ErrorMessage(err)
				r.cfg.Logger.Warn("weekly update not queued", "account", p.AccountExt, "why", gtg.ErrorMessage(err))
				continue
			}
			return rep, err
		}
		rep.Queued = append(rep.Queued, p.AccountExt)
	}
	r.cfg.Logger.Info("weekly updates", "week", week, "queued", len(rep.Queued), "skipped", len(rep.Skipped))
	return rep, nil
}

// weeklyEvery is how often the weekly job checks whether its hour has come.
const weeklyEvery = 30 * time.Minute
