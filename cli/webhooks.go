package cli

import (
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func webhooksCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "webhooks", Short: "Outbound webhooks that receive new alerts (Slack-compatible)"}
	var minSeverity string
	add := &cobra.Command{
		Use:   "add NAME URL [--min-severity high|medium|low]",
		Short: "Send new alerts to a URL (a Slack incoming webhook, or any endpoint taking JSON)",
		Args:  cobra.ExactArgs(2),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			if !gtg.Can(u.Role, gtg.UserAdmin) {
				return gtg.Errorf(gtg.EFORBIDDEN, "only an admin can add webhooks")
			}
			w := &gtg.Webhook{Name: args[0], URL: args[1], MinSeverity: minSeverity}
			if err := s.CreateWebhook(c.Context(), u.Email, w); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "webhook %s added: %s alerts and above go to %s\n", w.Name, w.MinSeverity, w.URL)
			return nil
		}),
	}
	add.Flags().StringVar(&minSeverity, "min-severity", "low", "send alerts of this severity and above")
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Stop sending alerts to a webhook",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			if !gtg.Can(u.Role, gtg.UserAdmin) {
				return gtg.Errorf(gtg.EFORBIDDEN, "only an admin can remove webhooks")
			}
			if err := s.DeleteWebhook(c.Context(), u.Email, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "webhook %s removed\n", args[0])
			return nil
		}),
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List webhooks and their latest deliveries",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			hooks, err := s.Webhooks(c.Context())
			if err != nil {
				return err
			}
			ds, err := s.Deliveries(c.Context(), 0)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(hooks))
			}
			count := map[string]map[string]int{}
			for _, d := range ds {
				if count[d.Webhook] == nil {
					count[d.Webhook] = map[string]int{}
				}
				count[d.Webhook][d.Status]++
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "NAME\tURL\tMIN SEVERITY\tRECENT DELIVERIES")
			for _, h := range hooks {
				n := count[h.Name]
				fmt.Fprintf(w, "%s\t%s\t%s\t%d delivered, %d retrying, %d failed\n", h.Name, h.URL, h.MinSeverity,
					n[gtg.DeliveryDelivered], n[gtg.DeliveryPending], n[gtg.DeliveryFailed])
			}
			return w.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, remove, list)
	return cmd
}
