package web

import (
	"context"
	"sync"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/stakeholders"
)

// coverageTTL is how long the portfolio's coverage is served without a
// refresh. Past it, or after a capture, the page still gets the copy it has
// while a fresh one is computed in the background.
const coverageTTL = time.Minute

// coverageCache keeps the whole portfolio's coverage: the page needs every
// account for the per-owner totals, and at ten thousand accounts computing
// them takes seconds (a 90-day sum over the touches), longer than a page
// should. Only the very first view, or the first of a new day, waits.
type coverageCache struct {
	mu         sync.Mutex
	day        gtg.Day
	at         time.Time
	port       *stakeholders.Portfolio
	refreshing bool
}

// get returns the portfolio as of day.
func (c *coverageCache) get(ctx context.Context, s *server, day gtg.Day) (*stakeholders.Portfolio, error) {
	c.mu.Lock()
	if c.port != nil && c.day == day {
		p := c.port
		if time.Since(c.at) >= coverageTTL && !c.refreshing {
			c.refreshing = true
			go c.refresh(s, day)
		}
		c.mu.Unlock()
		return p, nil
	}
	c.mu.Unlock()
	p, err := stakeholders.PortfolioOf(ctx, s.store, day, "")
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.day, c.at, c.port = day, time.Now(), p
	c.mu.Unlock()
	return p, nil
}

// refresh recomputes the portfolio in the background; a failure keeps the
// old copy and is logged.
func (c *coverageCache) refresh(s *server, day gtg.Day) {
	p, err := stakeholders.PortfolioOf(context.Background(), s.store, day, "")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if err != nil {
		s.logger.Error("refresh coverage", "err", err)
		return
	}
	if c.day == day {
		c.at, c.port = time.Now(), p
	}
}

// stale marks the cached portfolio out of date after a capture changed it:
// the next view starts a refresh.
func (c *coverageCache) stale() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}
