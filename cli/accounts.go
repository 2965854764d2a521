package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/gtg-dev/gtg"
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
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := openStore(env, c)
			if err != nil {
				return err
			}
			defer s.Close()
			accts, _, err := s.Accounts(c.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				if accts == nil {
					accts = []*gtg.Account{}
				}
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(accts)
			}
			w := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tARR\tOWNER\tSEGMENT\tSTAGE\tRENEWAL")
			for _, a := range accts {
				fmt.Fprintf(w, "%s\t%s\t%.0f %s\t%s\t%s\t%s\t%s\n", a.ExternalID, a.Name, a.ARR, a.Currency, a.Owner, a.Segment, a.Stage, a.RenewalDate)
			}
			return w.Flush()
		},
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
