package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/web"
	"github.com/spf13/cobra"
)

func serveCmd(env *Env) *cobra.Command {
	var addr, baseURL string
	var withDemo, secure bool
	var sessionMax, sessionIdle time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the web app and the JSON API",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			ctx := c.Context()
			if baseURL == "" {
				baseURL = env.Getenv("GTG_BASE_URL")
			}
			secure = secureCookies(baseURL, secure, c.Flags().Changed("secure-cookies"))
			logger := slog.New(slog.NewTextHandler(env.Stderr, nil))
			if withDemo {
				n, err := s.CountAccounts(ctx)
				if err != nil {
					return err
				}
				if n == 0 {
					if err := loadDemo(c, env, s, demo.Config{Accounts: 500, Seed: 1, Days: 365}); err != nil {
						return err
					}
					// Half a year of health history, so trends and movers show from the first page.
					today := gtg.DayOf(env.Now())
					cards, err := health.Cards(ctx, s)
					if err != nil {
						return err
					}
					st, err := health.ScoreRange(ctx, s, cards, today-179, today, nil)
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stderr, "demo health history: %d snapshots\n", st.Snapshots)
					// Today is scored, so the daily job will not run the
					// rules until tomorrow: run them now for the inbox.
					ast, err := jobs.EvaluateAlerts(ctx, s, today, nil)
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stderr, "demo alerts: %d open, %d held back by budgets\n", ast.Opened-ast.Held, ast.Held)
					if err := loadWorkflow(c, env, s, demo.Config{Accounts: 500, Seed: 1, Days: 365}); err != nil {
						return err
					}
					// The plans in flight are evaluated as the daily job does, so
					// the stalled one shows its "adjust the plan" prompt.
					if _, err := save.EvaluatePlans(ctx, s, today, env.Now()); err != nil {
						return err
					}
				} else {
					logger.Info("demo: the database already holds accounts; leaving them as they are", "accounts", n)
				}
			}
			// Background work on the job queue: the daily rescoring and
			// alerts (a check every 10 minutes catches midnight), webhook
			// deliveries and emails with retries, the weekly updates.
			runner, err := jobs.New(ctx, jobs.Config{Store: s, Logger: logger, Now: env.Now, BaseURL: baseURL})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return gtg.Errorf(gtg.EINVALID, "cannot listen on %s: %v", addr, err)
			}
			if err := runner.Start(ctx); err != nil {
				return fmt.Errorf("start jobs: %w", err)
			}
			defer func() {
				stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				runner.Stop(stop)
			}()
			srv := &http.Server{
				Handler: web.NewHandler(web.Config{Store: s, Logger: logger, SecureCookies: secure, Now: env.Now,
					SessionMax: sessionMax, SessionIdle: sessionIdle, Rescore: runner.RescoreAccount, EnqueueEmail: runner.EnqueueEmail,
					OfferProposed: runner.NotifyApproval}),
				ReadHeaderTimeout: 10 * time.Second,
				ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
			}
			fmt.Fprintf(env.Stderr, "gtg is serving http://%s (database: %s)\n", ln.Addr(), s.Dialect())
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case err := <-errc:
				return err
			case <-ctx.Done():
				shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
					return err
				}
				return nil
			}
		}),
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().BoolVar(&withDemo, "demo", false, "load the demo portfolio when the database has no accounts")
	cmd.Flags().BoolVar(&secure, "secure-cookies", false, "mark cookies Secure (default: when --base-url is https)")
	cmd.Flags().DurationVar(&sessionMax, "session-max", web.DefaultSessionMax, "end a sign-in this long after it began")
	cmd.Flags().DurationVar(&sessionIdle, "session-idle", web.DefaultSessionIdle, "end a sign-in after this long unused (negative: never)")
	cmd.Flags().StringVar(&baseURL, "base-url", "", "the address people open gtg at, for links in webhook messages (default $GTG_BASE_URL)")
	return cmd
}

// secureCookies is --secure-cookies when given, else whether gtg is
// reached over HTTPS (so a production --base-url gets Secure cookies
// without anyone remembering the flag).
func secureCookies(baseURL string, flag, given bool) bool {
	if given {
		return flag
	}
	return strings.HasPrefix(strings.ToLower(baseURL), "https://")
}
