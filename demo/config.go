// Package demo simulates a customer portfolio for gtg: accounts whose latent
// health drifts over time and drives the usage, tickets, surveys, meetings,
// notes, invoices and renewal outcomes the data shows. It is a simulator, not
// a fixture, so backtests run on it find real signal and meet real noise.
package demo

import (
	"github.com/gtg-dev/gtg"
)

// Limits and defaults of a simulated portfolio.
const (
	DefaultAccounts = 500
	MaxAccounts     = 100000
	DefaultDays     = 365
	MaxDays         = 5 * 365
	MaxExtraMetrics = 99
)

// Actor is the name the demo loader writes to the audit log.
const Actor = "demo"

// Config of a simulated portfolio.
type Config struct {
	Accounts     int     // default 500; up to 100000
	Seed         int64   // deterministic for a seed
	Today        gtg.Day // the last day of history; Load takes the store clock's today when zero
	Days         int     // days of history, default 365
	ExtraMetrics int     // extra synthetic usage metrics (feature_01..), for benchmarks wanting ~20 metrics
}

// Stats counts what Load wrote.
type Stats struct {
	Accounts, Contacts, MetricPoints, Events, Outcomes int
}

// withDefaults fills zero fields and rejects values out of range. Today has
// no default here: it comes from the caller's clock.
func (c Config) withDefaults() (Config, error) {
	if c.Accounts == 0 {
		c.Accounts = DefaultAccounts
	}
	if c.Days == 0 {
		c.Days = DefaultDays
	}
	switch {
	case c.Accounts < 0 || c.Accounts > MaxAccounts:
		return c, gtg.Errorf(gtg.EINVALID, "accounts: %d is not from 1 to %d", c.Accounts, MaxAccounts)
	case c.Days < 0 || c.Days > MaxDays:
		return c, gtg.Errorf(gtg.EINVALID, "days: %d is not from 1 to %d", c.Days, MaxDays)
	case c.ExtraMetrics < 0 || c.ExtraMetrics > MaxExtraMetrics:
		return c, gtg.Errorf(gtg.EINVALID, "extra metrics: %d is not from 0 to %d", c.ExtraMetrics, MaxExtraMetrics)
	case c.Today <= 0:
		return c, gtg.Errorf(gtg.EINVALID, "today: required")
	case int(c.Today) <= c.Days+5*365:
		// Contracts start up to four years before history; keep every day positive.
		return c, gtg.Errorf(gtg.EINVALID, "today: %s is too early for %d days of history", c.Today, c.Days)
	}
	return c, nil
}

// firstDay is the first day of history.
func (c Config) firstDay() gtg.Day { return c.Today.AddDays(1 - c.Days) }
