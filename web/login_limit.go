package web

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Sign-in limits. An email gets loginFreeTries wrong passwords, an address
// (many people may share one) addrFreeTries, within loginWindow; after that
// each further failure locks the key for twice as long as the last, from
// loginFirstLock up to loginMaxLock. A lock answers 429 with Retry-After
// before any password is checked, so guessing costs the guesser time and
// the server no bcrypt work. A successful sign-in clears its email's count
// (not its address's: one good password must not reset a spraying address).
const (
	loginFreeTries = 5
	addrFreeTries  = 20
	loginWindow    = 15 * time.Minute
	loginFirstLock = 30 * time.Second
	loginMaxLock   = 15 * time.Minute
	loginMaxKeys   = 100_000 // memory bound; past it, idle keys are swept
)

// loginLimiter counts failed sign-ins per email and per address in memory.
// Each gtg serve process keeps its own counts: with N processes behind a
// balancer a guesser gets at most N times the tries, still bounded.
type loginLimiter struct {
	mu   sync.Mutex
	keys map[string]*loginFailures
}

type loginFailures struct {
	count       int
	first, last time.Time
	lockedUntil time.Time
}

func newLoginLimiter() *loginLimiter { return &loginLimiter{keys: map[string]*loginFailures{}} }

// loginKeys are the limiter's keys for a sign-in attempt.
func loginKeys(r *http.Request, email string) (emailKey, addrKey string) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "email:" + strings.ToLower(strings.TrimSpace(email)), "addr:" + host
}

// wait returns how long the attempt must wait (0: go ahead).
func (l *loginLimiter) wait(now time.Time, keys ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var d time.Duration
	for _, k := range keys {
		if f := l.keys[k]; f != nil && f.lockedUntil.After(now) {
			d = max(d, f.lockedUntil.Sub(now))
		}
	}
	return d
}

// fail records a wrong password for each key.
func (l *loginLimiter) fail(now time.Time, emailKey, addrKey string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.keys) >= loginMaxKeys {
		l.sweep(now)
	}
	l.failKey(now, emailKey, loginFreeTries)
	l.failKey(now, addrKey, addrFreeTries)
}

func (l *loginLimiter) failKey(now time.Time, k string, free int) {
	f := l.keys[k]
	if f == nil || (now.Sub(f.last) > loginWindow && !f.lockedUntil.After(now)) {
		f = &loginFailures{first: now}
		l.keys[k] = f
	}
	f.count++
	f.last = now
	if over := f.count - free; over > 0 {
		lock := loginFirstLock
		for i := 1; i < over && lock < loginMaxLock; i++ {
			lock *= 2
		}
		f.lockedUntil = now.Add(min(lock, loginMaxLock))
	}
}

// succeed forgets an email's failures.
func (l *loginLimiter) succeed(emailKey string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, emailKey)
}

// sweep drops keys idle for a window and not locked.
func (l *loginLimiter) sweep(now time.Time) {
	for k, f := range l.keys {
		if now.Sub(f.last) > loginWindow && !f.lockedUntil.After(now) {
			delete(l.keys, k)
		}
	}
}
