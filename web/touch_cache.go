package web

import (
	"context"
	"sync"
	"time"

	"github.com/gtg-dev/gtg/store"
)

// touchCacheTTL bounds how stale "no touch in N days" may be when an event
// is edited in place (which does not change the events' version).
const touchCacheTTL = 5 * time.Minute

// touchCache keeps the accounts touched since a cutoff day until an event
// is added or the TTL passes: reading the window's events is the costly
// part of "my book today" on a large portfolio.
type touchCache struct {
	mu      sync.Mutex
	version int64
	days    int
	cutoff  time.Time
	at      time.Time
	v       map[int64]time.Time
}

// get returns the accounts touched since now minus days (whole days, so a
// cached window is reused through the day).
func (c *touchCache) get(ctx context.Context, st *store.Store, types []string, now time.Time, days int) (map[int64]time.Time, error) {
	version, err := st.EventsVersion(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -days)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != nil && c.version == version && c.days == days && c.cutoff.Equal(cutoff) && now.Sub(c.at) < touchCacheTTL {
		return c.v, nil
	}
	v, err := st.LastTouches(ctx, types, cutoff)
	if err != nil {
		return nil, err
	}
	c.version, c.days, c.cutoff, c.at, c.v = version, days, cutoff, now, v
	return v, nil
}
