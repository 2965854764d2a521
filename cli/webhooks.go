package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/gtg-dev/gtg"
	"github.com/spf13/cobra"
)

func webhooksCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "webhooks", Short: "Outbound webhooks that receive new alerts (Slack-compatible)"}
	var minSeverity string
	add := &cobra.Command{
		Use:   "add NAME URL [--min-severity high|medium|low]",
		Short: "Send new alerts to a URL (a Slack incoming webhook, or any endpoint taking JSON)",
		Args:  cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			s, err := openStore(env, c)
			if err != nil {
				return err
			}
			defer s.Close()
			actor, role, err := cliActor(env, c, s)
			if err != nil {
				return err
			}
			if !gtg.Can(role, gtg.UserAdmin) {
				return gtg.Errorf(gtg.EFORBIDDEN, "only an admin can add webhooks")
			}
			w := &gtg.Webhook{Name: args[0], URL: args[1], MinSeverity: minSeverity}
			if err := s.CreateWebhook(c.Context(), actor, w); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "webhook %s added: %s alerts and above go to %s\n", w.Name, w.MinSeverity, w.URL)
			return nil
		},
	}
	add.Flags().StringVar(&minSeverity, "min-severity", "low", "send alerts of this severity and above")
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Stop sending alerts to a webhook",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			s, err := openStore(env, c)
			if err != nil {
				return err
			}
			defer s.Close()
			actor, role, err := cliActor(env, c, s)
			if err != nil {
				return err
			}
			if !gtg.Can(role, gtg.UserAdmin) {
				return gtg.Errorf(gtg.EFORBIDDEN, "only an admin can remove webhooks")
			}
			if err := s.DeleteWebhook(c.Context(), actor, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "webhook %s removed\n", args[0])
			return nil
		},
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List webhooks and their latest deliveries",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := openStore(env, c)
			if err != nil {
				return err
			}
			defer s.Close()
			hooks, err := s.Webhooks(c.Context())
			if err != nil {
				return err
			}
			ds, err := s.Deliveries(c.Context(), 0)
			if err != nil {
				return err
			}
			if asJSON {
				if hooks == nil {
					hooks = []*gtg.Webhook{}
				}
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(hooks)
			}
			count := map[string]map[string]int{}
			for _, d := range ds {
				if count[d.Webhook] == nil {
					count[d.Webhook] = map[string]int{}
				}
				count[d.Webhook][d.Status]++
			}
			w := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tURL\tMIN SEVERITY\tRECENT DELIVERIES")
			for _, h := range hooks {
				n := count[h.Name]
				fmt.Fprintf(w, "%s\t%s\t%s\t%d delivered, %d retrying, %d failed\n", h.Name, h.URL, h.MinSeverity,
					n[gtg.DeliveryDelivered], n[gtg.DeliveryPending], n[gtg.DeliveryFailed])
			}
			return w.Flush()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, remove, list)
	return cmd
}
