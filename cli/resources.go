package cli

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/update"
	"github.com/spf13/cobra"
)

func resourcesCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "resources", Short: "The library of resources for value perception (use cases, guides, webinars, reports)"}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the library with what followed each resource's sends",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			ctx := c.Context()
			rs, err := save.Resources(ctx, s)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(rs))
			}
			records, err := update.ResourceRecords(ctx, s)
			if err != nil {
				return err
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "KEY\tKIND\tTITLE\tREASONS\tSENT\tHEALTH AFTER")
			for _, r := range rs {
				rec := records[r.ID]
				after := "—"
				if rec.MeanChange != nil {
					after = fmt.Sprintf("%+.1f points (%d of %d improved)", *rec.MeanChange, rec.Improved, rec.Measured)
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\n", r.Key, r.Kind, r.Title, strings.Join(r.Reasons, ","), rec.Sends, after)
			}
			return w.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	apply := &cobra.Command{
		Use:   "apply FILE.yaml",
		Short: "Add or replace resources from a file (a list under resources:), all or none",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			data, err := readFile(args[0])
			if err != nil {
				return err
			}
			rs, err := save.ParseResources(args[0], data)
			if err != nil {
				return err
			}
			if err := save.PutResources(c.Context(), s, u, rs); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%d resources applied\n", len(rs))
			return nil
		}),
	}
	remove := &cobra.Command{
		Use:   "remove KEY",
		Short: "Remove a resource from the library",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			if err := gtg.Require(u, gtg.UserCSM, "change the resources library"); err != nil {
				return err
			}
			if err := s.DeleteResource(c.Context(), u.Email, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "resource %s removed\n", args[0])
			return nil
		}),
	}
	suggest := &cobra.Command{
		Use:   "suggest ACCOUNT_ID",
		Short: "Suggest resources for an account, and how to share them for its risk",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			sg, err := update.Suggest(c.Context(), s, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "risk %s: %s\n", orNone(sg.RiskLevel), sg.Ask)
			for _, x := range sg.Resources {
				fmt.Fprintf(env.Stdout, "- %s (%s) %s — %s\n", x.Resource.Title, x.Resource.Kind, x.Resource.URL, strings.Join(x.Why, ", "))
			}
			if len(sg.Resources) == 0 {
				fmt.Fprintln(env.Stdout, "no resource in the library fits this account")
			}
			return nil
		}),
	}
	cmd.AddCommand(list, apply, remove, suggest)
	return cmd
}

func orNone(s string) string {
	if s == "" {
		return "not set"
	}
	return s
}
