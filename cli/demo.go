package cli

import (
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func demoCmd(env *Env) *cobra.Command {
	var cfg demo.Config
	var noWorkflow bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Load a simulated demo portfolio (deterministic for a seed)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if cfg.Accounts < 1 || cfg.Accounts > 100000 {
				return usageErr(c, "--accounts must be from 1 to 100000, got %d", cfg.Accounts)
			}
			return useStore(env, c, func(s *store.Store) error {
				if err := loadDemo(c, env, s, cfg); err != nil {
					return err
				}
				if noWorkflow {
					return nil
				}
				return loadWorkflow(c, env, s, cfg)
			})
		},
	}
	cmd.Flags().IntVar(&cfg.Accounts, "accounts", 500, "how many accounts (up to 100000)")
	cmd.Flags().Int64Var(&cfg.Seed, "seed", 1, "random seed: the same seed gives the same portfolio")
	cmd.Flags().IntVar(&cfg.Days, "days", 365, "days of history")
	cmd.Flags().IntVar(&cfg.ExtraMetrics, "extra-metrics", 0, "extra synthetic usage metrics (for benchmarks)")
	cmd.Flags().BoolVar(&noWorkflow, "no-workflow", false, "load only the data: no risk profiles, plans, handoffs, re-discoveries or backtest")
	return cmd
}

func loadDemo(c *cobra.Command, env *Env, s *store.Store, cfg demo.Config) error {
	if cfg.Today == 0 {
		cfg.Today = gtg.DayOf(env.Now())
	}
	start := time.Now()
	bar := progress(env, int64(cfg.Accounts), "demo portfolio", false)
	st, err := demo.Load(c.Context(), s, cfg, func(done int) {
		if bar != nil {
			bar.Set(done)
		}
	})
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(env.Stderr, "demo portfolio: %d accounts, %d contacts, %d metric points, %d events, %d outcomes in %s\n",
		st.Accounts, st.Contacts, st.MetricPoints, st.Events, st.Outcomes, time.Since(start).Round(time.Millisecond))
	return nil
}

// loadWorkflow adds the demo's save workflow to a portfolio loadDemo wrote with cfg.
func loadWorkflow(c *cobra.Command, env *Env, s *store.Store, cfg demo.Config) error {
	if cfg.Today == 0 {
		cfg.Today = gtg.DayOf(env.Now())
	}
	start := time.Now()
	st, err := demo.Workflow(c.Context(), s, cfg)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(env.Stderr, "demo save workflow: %d risk profiles, %d plans in flight (near green: %s, stalled: %s), %d closed plans, %d handoffs, %d re-discoveries, %d backtest in %s\n",
		st.RiskProfiles, st.OpenPlans, dash(st.NearGreen), dash(st.Stalled), st.ClosedPlans, st.Handoffs, st.Rediscoveries, st.Backtests, time.Since(start).Round(time.Millisecond))
	return nil
}
