package web

import (
	"context"
	"sync"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/stakeholders"
)

// coverageTTL is how long the portfolio's coverage is reused. Touches from
// imports and the API show within it; the app's own captures drop it at once.
const coverageTTL = time.Minute

// coverageCache keeps the whole portfolio's coverage for a short while: the
// page needs every account for the per-owner totals, and at ten thousand
// accounts computing them takes longer than a page should.
type coverageCache struct {
	mu   sync.Mutex
	day  gtg.Day
	at   time.Time
	port *stakeholders.Portfolio
}

// get returns the portfolio as of day, computing it when the cached one is
// for another day, older than coverageTTL, or dropped.
func (c *coverageCache) get(ctx context.Context, s *server, day gtg.Day) (*stakeholders.Portfolio, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.port != nil && c.day == day && now.Sub(c.at) < coverageTTL {
		return c.port, nil
	}
	p, err := stakeholders.PortfolioOf(ctx, s.store, day, "")
	if err != nil {
		return nil, err
	}
	c.day, c.at, c.port = day, now, p
	return p, nil
}

// drop forgets the cached portfolio, after a capture changed it.
func (c *coverageCache) drop() {
	c.mu.Lock()
	c.port = nil
	c.mu.Unlock()
}
