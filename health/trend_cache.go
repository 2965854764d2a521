package health

import (
	"context"
	"sync"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// TrendCache keeps the trends of a scored day until that day is scored
// again, so pages that show every account's trend do not read 90 days of
// snapshots on each request. It is safe for concurrent use; the zero value
// is ready.
type TrendCache struct {
	mu     sync.Mutex
	day    gtg.Day
	n      int
	newest time.Time
	trends map[int64]*Trend
}

// Get returns the trends as of day (0: the newest scored day), computing
// them only when the day's snapshots changed since the last call. A
// backfill of earlier days alone does not refresh them; rescoring the day does.
func (c *TrendCache) Get(ctx context.Context, st *store.Store, day gtg.Day) (map[int64]*Trend, error) {
	if day == 0 {
		var err error
		if day, err = st.LatestHealthDay(ctx); err != nil || day == 0 {
			return map[int64]*Trend{}, err
		}
	}
	n, newest, err := st.HealthVersion(ctx, day)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.trends != nil && c.day == day && c.n == n && c.newest.Equal(newest) {
		return c.trends, nil
	}
	trends, err := Trends(ctx, st, day)
	if err != nil {
		return nil, err
	}
	c.day, c.n, c.newest, c.trends = day, n, newest, trends
	return trends, nil
}
