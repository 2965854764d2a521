package cli

import (
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func metricsCmd(env *Env) *cobra.Command {
	var from, to, by string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "metrics --from DATE --to DATE [--by segment|owner|cohort] [--json]",
		Short: "Retention metrics of a period: GRR, NRR, logo retention, save rate and ARR at risk",
		Long: `Retention metrics of a period, computed from the outcomes (see the README's
"Retention metrics" for the exact definitions). The cohort is the accounts
with ARR on --from; GRR, NRR and logo retention compare each one's ARR on
--from with its ARR on --to. --by groups them by segment, owner or cohort
(the signing month). Without dates: the year up to today.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			hi, err := dayFlag("to", to, today(env))
			if err != nil {
				return err
			}
			lo, err := dayFlag("from", from, hi-365)
			if err != nil {
				return err
			}
			if err := retention.CheckGrouping(by); err != nil {
				return gtg.Errorf(gtg.EINVALID, "--by: %q is not one of segment, owner, cohort", by)
			}
			if err := retention.CheckPeriod(lo, hi); err != nil {
				return gtg.Errorf(gtg.EINVALID, "--to %s is before --from %s", hi, lo)
			}
			return useStore(env, c, func(s *store.Store) error {
				m, err := retention.Load(c.Context(), s, lo, hi, by)
				if err != nil {
					return err
				}
				if asJSON {
					m.Groups = jsonList(m.Groups)
					return printJSON(env.Stdout, m)
				}
				printMetrics(env, m)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "first day of the period (default a year before --to)")
	cmd.Flags().StringVar(&to, "to", "", "last day of the period (default today)")
	cmd.Flags().StringVar(&by, "by", "", "group by segment, owner or cohort (signing month)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printMetrics(env *Env, m *retention.Metrics) {
	out := env.Stdout
	fmt.Fprintf(out, "Retention from %s to %s: %d accounts with ARR on %s\n", m.From, m.To, m.Accounts, m.From)
	fmt.Fprintf(out, "  GRR             %s\n  NRR             %s\n  logo retention  %s (%d of %d)\n",
		pct(m.GRR), pct(m.NRR), pct(m.LogoRetention), m.Retained, m.Accounts)
	fmt.Fprintf(out, "  save rate       %s (%d of %d plans closed)\n  ARR at risk     %s\n",
		pct(m.SaveRate), m.PlansRetained, m.PlansClosed, num(m.ARRAtRisk, 0))
	if m.By == "" {
		return
	}
	fmt.Fprintln(out)
	w := newTable(out)
	fmt.Fprintf(w, "  %s\tACCOUNTS\tARR FROM\tARR TO\tGRR\tNRR\tLOGOS\tSAVE RATE\tARR AT RISK\n", upper(m.By))
	for _, g := range m.Groups {
		fmt.Fprintf(w, "  %s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", g.Key, g.Accounts, num(g.ARRFrom, 0), num(g.ARRTo, 0),
			pct(g.GRR), pct(g.NRR), pct(g.LogoRetention), pct(g.SaveRate), num(g.ARRAtRisk, 0))
	}
	w.Flush()
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
