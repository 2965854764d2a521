package cli

import (
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func renewalsCmd(env *Env) *cobra.Command {
	var within string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "renewals [--within 90d] [--json]",
		Short: "Renewals due, with health, risk, open plan and the forecast of renewing ARR by month",
		Long: `Renewals due from today to --within days ahead, nearest first, in the
30/60/90/180-day buckets, each with its ARR, health and trend, risk level,
open plan and the ARR expected to renew: from the calibrated churn
probability when a calibrated card scored it, otherwise from the historical
renewal rate of its health color (the method is shown).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			days, err := parseDays("within", within)
			if err != nil {
				return err
			}
			if days > retention.MaxWithin {
				return gtg.Errorf(gtg.EINVALID, "--within: %d days is more than %d", days, retention.MaxWithin)
			}
			return useStore(env, c, func(s *store.Store) error {
				r, err := retention.Renewals(c.Context(), s, retention.Options{Today: today(env), Within: days})
				if err != nil {
					return err
				}
				if asJSON {
					r.Calibrated = jsonList(r.Calibrated)
					return printJSON(env.Stdout, r)
				}
				printRenewals(env, r)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&within, "within", "90d", "how far ahead: 30d, 60d, 90d, 180d, 12w…")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(renewalsBacktestCmd(env))
	return cmd
}

func printRenewals(env *Env, r *retention.Report) {
	out := env.Stdout
	var arr, exp float64
	for _, rn := range r.Renewals {
		arr += rn.ARR
		exp += rn.ExpectedARR
	}
	fmt.Fprintf(out, "%d renewals in the next %d days: %s ARR, %s expected to renew\n\n", len(r.Renewals), r.Within, num(arr, 0), num(exp, 0))
	if len(r.Renewals) > 0 {
		w := newTable(out)
		fmt.Fprintln(w, "  RENEWAL\tDAYS\tACCOUNT\tOWNER\tARR\tHEALTH\tTREND\tRISK\tPLAN\tOFFER\tEXPECTED\tMETHOD")
		for _, rn := range r.Renewals {
			plan := "-"
			if rn.PlanID != 0 {
				plan = fmt.Sprintf("#%d", rn.PlanID)
			}
			offer := "-"
			if rn.OfferID != 0 {
				offer = fmt.Sprintf("#%d %s", rn.OfferID, rn.OfferRung)
			}
			fmt.Fprintf(w, "  %s\t%d\t%s %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rn.RenewalDate, rn.Days, rn.Account, rn.Name, dash(rn.Owner),
				num(rn.ARR, 0), rn.Color, dash(rn.Trend), dash(rn.RiskLevel), plan, offer, num(rn.ExpectedARR, 0), rn.Method)
		}
		w.Flush()
		fmt.Fprintln(out)
	}
	fmt.Fprintln(out, "  FORECAST BY MONTH")
	w := newTable(out)
	fmt.Fprintln(w, "  MONTH\tRENEWALS\tARR\tEXPECTED")
	for _, m := range r.Forecast {
		fmt.Fprintf(w, "  %s\t%d\t%s\t%s\n", m.Month, m.Renewals, num(m.ARR, 0), num(m.ExpectedARR, 0))
	}
	w.Flush()
	fmt.Fprintln(out, "\n  RENEWAL RATES BY HEALTH A MONTH BEFORE (renewals so far)")
	w = newTable(out)
	for _, c := range r.Rates {
		fmt.Fprintf(w, "  %s\t%s\t(%d renewals)\n", c.Color, pct(c.Rate), c.Renewals)
	}
	w.Flush()
}

func renewalsBacktestCmd(env *Env) *cobra.Command {
	var from, to string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "backtest --from DATE --to DATE [--json]",
		Short: "Replay the renewal forecast over past months against what renewed",
		Long: `Replays the renewal forecast for each month from --from to --to as it would
have been made the day before the month began, with only what was known
then (renewal dates and ARR of that day, the newest health snapshot, the
renewal rates of the renewals before it), and compares it with each
account's ARR on its renewal date. Without dates: the last 12 full months.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			mo, _ := today(env).Month()
			hi, err := dayFlag("to", to, gtg.MonthStart(mo)-1)
			if err != nil {
				return err
			}
			last, _ := hi.Month()
			lo, err := dayFlag("from", from, gtg.MonthStart(last-11))
			if err != nil {
				return err
			}
			if err := retention.CheckPeriod(lo, hi); err != nil {
				return gtg.Errorf(gtg.EINVALID, "--to %s is before --from %s", hi, lo)
			}
			return useStore(env, c, func(s *store.Store) error {
				bt, err := retention.RunBacktest(c.Context(), s, lo, hi)
				if err != nil {
					return err
				}
				if asJSON {
					bt.Months, bt.Calibration = jsonList(bt.Months), jsonList(bt.Calibration)
					return printJSON(env.Stdout, bt)
				}
				printRenewalBacktest(env, bt)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "first month (default 12 months before --to)")
	cmd.Flags().StringVar(&to, "to", "", "last month (default the last full month)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printRenewalBacktest(env *Env, bt *retention.Backtest) {
	out := env.Stdout
	fmt.Fprintf(out, "Renewal forecast backtest, %s to %s: forecast %s, actual %s, error %s (%s); mean absolute monthly error %s\n",
		bt.From, bt.To, num(bt.Forecast, 0), num(bt.Actual, 0), signedNum(bt.Error, 0), pct(bt.PctError), pct(bt.MAPE))
	fmt.Fprintf(out, "Baseline (all the ARR due renews as it is): error %s, mean absolute monthly error %s\n\n", pct(bt.BaselinePctError), pct(bt.BaselineMAPE))
	w := newTable(out)
	fmt.Fprintln(w, "  MONTH\tRENEWALS\tARR DUE\tFORECAST\tACTUAL\tERROR\tERROR %")
	for _, m := range bt.Months {
		fmt.Fprintf(w, "  %s\t%d\t%s\t%s\t%s\t%s\t%s\n", m.Month, m.Renewals, num(m.ARR, 0), num(m.Forecast, 0), num(m.Actual, 0),
			signedNum(m.Error, 0), pct(m.PctError))
	}
	w.Flush()
	fmt.Fprintln(out, "\n  CALIBRATION (by expected renewal rate)")
	w = newTable(out)
	fmt.Fprintln(w, "  EXPECTED RATE\tRENEWALS\tPREDICTED\tOBSERVED")
	for _, b := range bt.Calibration {
		hi := "+"
		if b.Hi.Defined() {
			hi = "–" + num(float64(b.Hi), 2)
		}
		fmt.Fprintf(w, "  %s%s\t%d\t%s\t%s\n", num(b.Lo, 2), hi, b.Renewals, pct(b.Predicted), pct(b.Observed))
	}
	w.Flush()
	fmt.Fprintf(out, "\n  methods:")
	for _, k := range retention.Methods {
		if n := bt.Methods[k]; n > 0 {
			fmt.Fprintf(out, " %s %d", k, n)
		}
	}
	fmt.Fprintln(out)
}
