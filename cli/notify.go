package cli

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func notifyCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "notify", Short: "Alerts and the standup by email: immediate, a daily digest, or off"}
	set := &cobra.Command{
		Use:   "set USER_EMAIL immediate|daily|off",
		Short: "Choose how a user gets alerts (and, for managers, the standup) by email",
		Args:  cobra.ExactArgs(2),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			target, err := s.UserByEmail(c.Context(), args[0])
			if err != nil {
				return err
			}
			if !strings.EqualFold(target.Email, u.Email) && !gtg.Can(u.Role, gtg.UserAdmin) {
				return gtg.Errorf(gtg.EFORBIDDEN, "only an admin can choose notifications for someone else")
			}
			mode := strings.ToLower(args[1])
			if err := s.SetNotifyMode(c.Context(), u.Email, target.ID, mode); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: email notifications %s\n", target.Email, mode)
			return nil
		}),
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List users' email notification choices",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			modes, last, err := s.NotifyModes(c.Context())
			if err != nil {
				return err
			}
			users, err := s.Users(c.Context())
			if err != nil {
				return err
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "USER\tROLE\tEMAIL NOTIFICATIONS\tLAST DIGEST")
			for _, u := range users {
				m := modes[u.ID]
				if m == "" {
					m = gtg.NotifyOff
				}
				d := "—"
				if last[u.ID] != 0 {
					d = last[u.ID].String()
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.Email, u.Role, m, d)
			}
			return w.Flush()
		}),
	}
	cmd.AddCommand(set, list)
	return cmd
}
