package api

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gtg-dev/gtg"
)

// writeGate admits at most a few writing requests at once and keeps a
// bounded queue of those waiting their turn. A request that finds the queue
// full, or waits longer than maxWait, is answered 429 with Retry-After
// before it has read or written anything, so a burst (a backfill, a Segment
// replay) slows its sender down instead of piling up until the database's
// lock times out. Every request that is answered 2xx was written whole.
type writeGate struct {
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
	maxWait    time.Duration
}

// Defaults: SQLite has one writer at a time anyway, and PostgreSQL gains
// little past a few concurrent bulk writers on a small server.
const (
	gateWriters = 4
	gateWaiting = 64
	gateMaxWait = 5 * time.Second
)

func newWriteGate(writers, waiting int, maxWait time.Duration) *writeGate {
	return &writeGate{slots: make(chan struct{}, writers), maxWaiting: int64(waiting), maxWait: maxWait}
}

// enter waits for a slot and returns its release, or an EBUSY error.
func (g *writeGate) enter(ctx context.Context) (func(), error) {
	release := func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.waiting.Add(1) > g.maxWaiting {
		g.waiting.Add(-1)
		return nil, gtg.Errorf(gtg.EBUSY, "too many writes at once (%d waiting); retry after the time in Retry-After", g.maxWaiting)
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.maxWait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, gtg.Errorf(gtg.EBUSY, "too many writes at once (waited %v for a turn); retry after the time in Retry-After", g.maxWait)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// writes reports whether a request writes (and so goes through the gate):
// whatever needs more than a viewer's role.
func writes(r *http.Request) bool { return requiredRole(r.Method) != gtg.UserViewer }
