// Package web serves gtg's server-rendered web app: sign-in, first-run setup,
// the account list and the account page. Templates and assets are embedded,
// so the gtg binary is all a deployment needs.
package web

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
)

// Config is what the web app needs from its caller.
type Config struct {
	Store  *store.Store
	Logger *slog.Logger
	// SecureCookies marks cookies Secure; set it when gtg is served over HTTPS.
	// Cookies are always HttpOnly and SameSite=Lax.
	SecureCookies bool
	// Now is the clock (time.Now when nil); tests and replays set it.
	Now func() time.Time
	// SessionMax ends a sign-in this long after it began, however it is used
	// (DefaultSessionMax when 0); SessionIdle ends it after this long unused
	// (DefaultSessionIdle when 0, never when negative).
	SessionMax, SessionIdle time.Duration
	// Rescore scores one account today and updates its alerts, after a
	// person wrote a note or changed a contact. When nil it is
	// jobs.RescoreAccount without webhook deliveries.
	Rescore func(ctx context.Context, accountID int64) error
	// OfferProposed is told of every offer proposed through the pages and
	// the API, to email its approvers (jobs.Runner.NotifyApproval); nil: no emails.
	OfferProposed func(ctx context.Context, o *gtg.Offer) error
	// EnqueueEmail queues an outbox email's delivery in the transaction
	// that stores it (jobs.Runner.EnqueueEmail); nil: the app cannot send.
	EnqueueEmail func(ctx context.Context, tx *store.Tx, sendID int64) error
}

// Session lifetimes by default, those of OWASP ASVS 4.0 level 2 (3.3.2).
const (
	DefaultSessionMax  = 12 * time.Hour
	DefaultSessionIdle = 30 * time.Minute
)

// server holds what every handler shares.
type server struct {
	store  *store.Store
	logger *slog.Logger
	secure bool
	now    func() time.Time
	// sessionMax and sessionIdle are the absolute and idle session timeouts.
	sessionMax, sessionIdle time.Duration
	// offerProposed is Config.OfferProposed.
	offerProposed func(ctx context.Context, o *gtg.Offer) error
	// rescore is Config.Rescore.
	rescore func(ctx context.Context, accountID int64) error

	tmpl   *templates
	assets *assets
	cop    *http.CrossOriginProtection
	// enqueueEmail is Config.EnqueueEmail.
	enqueueEmail func(ctx context.Context, tx *store.Tx, sendID int64) error
	// trends keeps every account's health trend until the day is rescored.
	trends health.TrendCache
	// logins limits failed sign-ins per email and per address.
	logins *loginLimiter
	// coverage keeps the portfolio's stakeholder coverage, refreshed in the background.
	coverage coverageCache
	// latest keeps the newest day's snapshots, changes the score changes
	// the account list shows, until the day is rescored.
	latest  dayCache[map[int64]*gtg.Health]
	changes dayCache[scoreChanges]
	// arrChart keeps the dashboard's ARR-by-color chart.
	arrChart dayCache[arrChartValue]
	// touches keeps which accounts were touched lately, for "my book today".
	touches touchCache

	// hasUsers caches "setup is done" so that pages do not count users on
	// every request. It only ever goes from false to true: an instance whose
	// last user was deleted keeps asking for a sign-in, not for setup.
	hasUsers atomic.Bool
	// setupMu makes the check-then-create of the first admin atomic within
	// one process, so two racing setup forms cannot both create an admin.
	setupMu sync.Mutex
}

// NewHandler returns the web app. It panics if the embedded templates or
// assets are broken, which the package's tests rule out.
func NewHandler(cfg Config) http.Handler {
	s, err := newServer(cfg)
	if err != nil {
		panic(fmt.Sprintf("web: %v", err))
	}
	return s.routes()
}

func newServer(cfg Config) (*server, error) {
	s := &server{store: cfg.Store, logger: cfg.Logger, secure: cfg.SecureCookies, now: cfg.Now, logins: newLoginLimiter(),
		rescore: cfg.Rescore, enqueueEmail: cfg.EnqueueEmail, offerProposed: cfg.OfferProposed}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.sessionMax, s.sessionIdle = cfg.SessionMax, cfg.SessionIdle
	if s.sessionMax <= 0 {
		s.sessionMax = DefaultSessionMax
	}
	if s.sessionIdle == 0 {
		s.sessionIdle = DefaultSessionIdle
	}
	if s.rescore == nil {
		s.rescore = func(ctx context.Context, id int64) error { return jobs.RescoreAccount(ctx, s.store, id, s.now(), nil) }
	}
	s.cop = s.newCrossOriginProtection()
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.tmpl, err = loadTemplates(s.assets); err != nil {
		return nil, err
	}
	return s, nil
}
