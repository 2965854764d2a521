// Package jobs runs gtg's background work on River, a job queue kept in the
// same database as everything else (SQLite or PostgreSQL): the daily
// rescoring and alert evaluation, and the delivery of alerts to webhooks
// with retries. Jobs are inserted in the transaction that causes them, so an
// alert and its deliveries land together or not at all; any number of
// `gtg serve` processes can share the work, and periodic jobs run once,
// on the elected leader.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/gtg-dev/gtg/store"
)

// Config says how background work runs.
type Config struct {
	Store  *store.Store
	Logger *slog.Logger
	Now    func() time.Time
	// BaseURL is where people open gtg, for links in webhook messages
	// (e.g. https://gtg.example.com); empty leaves links out.
	BaseURL string
	// HTTPClient sends webhooks (default: a client with a 10 s timeout).
	HTTPClient *http.Client
	// DailyEvery is how often the daily job checks whether today is scored
	// (default 10 minutes, so a server running past midnight rescores soon after).
	DailyEvery time.Duration
	// RetryPolicy overrides River's exponential backoff (tests use a fast one).
	RetryPolicy river.ClientRetryPolicy
	// PollInterval is how often workers look for new jobs (default 1 s).
	PollInterval time.Duration
}

// Runner is a River client with gtg's workers.
type Runner struct {
	cfg    Config
	client *river.Client[*sql.Tx]
}

func driver(st *store.Store) riverdriver.Driver[*sql.Tx] {
	if st.Dialect() == "sqlite" {
		return riversqlite.New(st.DB())
	}
	return riverdatabasesql.New(st.DB())
}

// Migrate creates or updates River's tables in the store's database.
func Migrate(ctx context.Context, st *store.Store) error {
	m, err := rivermigrate.New(driver(st), &rivermigrate.Config{Logger: quiet()})
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	return nil
}

func quiet() *slog.Logger {
	return slog.New(slog.NewTextHandler(discard{}, &slog.HandlerOptions{Level: slog.LevelError + 1}))
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// New migrates River's tables and returns a runner. Without Start it can
// only insert jobs, which is what CLI commands need: a running server (any
// one of them) works the jobs.
func New(ctx context.Context, cfg Config) (*Runner, error) {
	if err := Migrate(ctx, cfg.Store); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = quiet()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.DailyEvery <= 0 {
		cfg.DailyEvery = 10 * time.Minute
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	r := &Runner{cfg: cfg}
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliverWorker{r: r})
	river.AddWorker(workers, &dailyWorker{r: r})
	river.AddWorker(workers, &emailWorker{r: r})
	river.AddWorker(workers, &weeklyWorker{r: r})
	rc := &river.Config{
		Logger:            cfg.Logger,
		Workers:           workers,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		FetchPollInterval: cfg.PollInterval,
		RetryPolicy:       cfg.RetryPolicy,
		JobTimeout:        -1, // the daily job can take minutes on a big portfolio
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cfg.DailyEvery),
			func() (river.JobArgs, *river.InsertOpts) { return DailyArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(weeklyEvery),
				func() (river.JobArgs, *river.InsertOpts) { return WeeklyArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})},
	}
	client, err := river.NewClient(driver(cfg.Store), rc)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	r.client = client
	return r, nil
}

// Start works jobs until ctx ends or Stop is called.
func (r *Runner) Start(ctx context.Context) error { return r.client.Start(ctx) }

// Stop waits for running jobs to finish, then stops.
func (r *Runner) Stop(ctx context.Context) error { return r.client.Stop(ctx) }
