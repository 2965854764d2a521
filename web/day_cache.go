package web

import (
	"context"
	"sync"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// dayCache keeps a value derived from one scored day's snapshots until that
// day is scored again (its HealthVersion changes), as health.TrendCache does
// for trends: pages that read every account's latest health then cost one
// small query instead of reading and decoding the whole day. The cached
// value is shared; callers must not change it. The zero value is ready.
type dayCache[T any] struct {
	mu     sync.Mutex
	day    gtg.Day
	n      int
	newest time.Time
	ok     bool
	v      T
}

// get returns the value for day, computing it with fn when the day's
// snapshots changed since it was last computed.
func (c *dayCache[T]) get(ctx context.Context, st *store.Store, day gtg.Day, fn func() (T, error)) (T, error) {
	n, newest, err := st.HealthVersion(ctx, day)
	if err != nil {
		var zero T
		return zero, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.day == day && c.n == n && c.newest.Equal(newest) {
		return c.v, nil
	}
	v, err := fn()
	if err != nil {
		return v, err
	}
	c.day, c.n, c.newest, c.v, c.ok = day, n, newest, v, true
	return v, nil
}
