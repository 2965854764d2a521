package cli

import (
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func accountsCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "accounts", Short: "List and inspect customer accounts"}
	var asJSON bool
	var f gtg.AccountFilter
	list := &cobra.Command{
		Use:   "list",
		Short: "List accounts (--json: one array of account objects)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			accts, _, err := s.Accounts(c.Context(), f)
			if err != nil {
				return err
			}
			trends, err := health.Trends(c.Context(), s, 0)
			if err != nil {
				return err
			}
			if asJSON {
				// Each account as the API shows it, plus its current health.
				type row struct {
					*gtg.Account
					Score    *float64 `json:"score"`
					Color    string   `json:"color"`
					Trend    string   `json:"trend"`
					Slope14  *float64 `json:"slope_14d"`
					Slope30  *float64 `json:"slope_30d"`
					Slope90  *float64 `json:"slope_90d"`
					ScoredOn gtg.Day  `json:"scored_on"`
				}
				rows := make([]row, 0, len(accts))
				for _, a := range accts {
					r := row{Account: a, Color: gtg.InsufficientData}
					if t := trends[a.ID]; t != nil {
						r.Score, r.Color, r.Trend, r.ScoredOn = &t.Score, t.Color, t.Movement, t.Day
						r.Slope14, r.Slope30, r.Slope90 = &t.Slope14, &t.Slope30, &t.Slope90
					}
					rows = append(rows, r)
				}
				return printJSON(env.Stdout, rows)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "ID\tNAME\tARR\tOWNER\tSEGMENT\tSTAGE\tRENEWAL\tHEALTH")
			for _, a := range accts {
				h := "-"
				if t := trends[a.ID]; t != nil {
					h = fmt.Sprintf("%.0f %s %s", t.Score, t.Color, t.Movement)
				}
				fmt.Fprintf(w, "%s\t%s\t%.0f %s\t%s\t%s\t%s\t%s\t%s\n", a.ExternalID, a.Name, a.ARR, a.Currency, a.Owner, a.Segment, a.Stage, a.RenewalDate, h)
			}
			return w.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.Flags().StringVar(&f.Search, "search", "", "only accounts whose name or id contains this")
	list.Flags().StringVar(&f.Owner, "owner", "", "only this CSM's accounts")
	list.Flags().StringVar(&f.Segment, "segment", "", "only this segment")
	list.Flags().StringVar(&f.Stage, "stage", "", "only this lifecycle stage")
	list.Flags().StringVar(&f.Sort, "sort", "name", "name, arr, renewal_date or owner; prefix - for descending")
	list.Flags().IntVar(&f.Limit, "limit", 0, "at most this many (0: all)")
	cmd.AddCommand(list)
	return cmd
}
