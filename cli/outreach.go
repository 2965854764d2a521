package cli

import (
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/update"
	"github.com/spf13/cobra"
)

func outreachCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "outreach", Short: "Outreach caps and opt-outs: more contact, without annoying anyone"}
	var perContact, perAccount int
	caps := &cobra.Command{
		Use:   "caps [--per-contact N] [--per-account N]",
		Short: "Show or set the caps: at most N outreach messages per contact and per account in any 7 days (0: no cap)",
		Args:  cobra.NoArgs,
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, _ []string) error {
			m, err := s.MailSettings(c.Context())
			if err != nil {
				return err
			}
			if c.Flags().Changed("per-contact") || c.Flags().Changed("per-account") {
				if !gtg.Can(u.Role, gtg.UserManager) {
					return gtg.Errorf(gtg.EFORBIDDEN, "only a manager or an admin can set the outreach caps")
				}
				if c.Flags().Changed("per-contact") {
					m.Caps.PerContact = perContact
				}
				if c.Flags().Changed("per-account") {
					m.Caps.PerAccount = perAccount
				}
				if err := s.PutMailSettings(c.Context(), u.Email, &m); err != nil {
					return err
				}
			}
			fmt.Fprintf(env.Stdout, "outreach caps: %s per contact, %s per account, in any 7 days\n", capText(m.Caps.PerContact), capText(m.Caps.PerAccount))
			return nil
		}),
	}
	caps.Flags().IntVar(&perContact, "per-contact", 0, "messages per contact in 7 days (0: no cap)")
	caps.Flags().IntVar(&perAccount, "per-account", 0, "messages per account in 7 days (0: no cap)")

	optOut := func(out bool) *cobra.Command {
		use, short := "opt-in ACCOUNT_ID EMAIL", "Let a contact who opted out receive gtg's email again"
		if out {
			use, short = "opt-out ACCOUNT_ID EMAIL", "Record that a contact wants no email from gtg (honoured by every send)"
		}
		return &cobra.Command{
			Use: use, Short: short, Args: cobra.ExactArgs(2),
			RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
				if err := gtg.Require(u, gtg.UserCSM, "change a contact's opt-out"); err != nil {
					return err
				}
				if err := s.SetOptOut(c.Context(), u.Email, args[0], args[1], out); err != nil {
					return err
				}
				state := "opted out: gtg sends them nothing"
				if !out {
					state = "opted back in"
				}
				fmt.Fprintf(env.Stdout, "%s (%s): %s\n", args[1], args[0], state)
				return nil
			}),
		}
	}

	check := &cobra.Command{
		Use:   "check ACCOUNT_ID",
		Short: "Say who at an account may get one more message now, and who is capped or opted out until when",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			ctx := c.Context()
			a, err := s.Account(ctx, args[0])
			if err != nil {
				return err
			}
			m, err := s.MailSettings(ctx)
			if err != nil {
				return err
			}
			cs, err := s.Contacts(ctx, a.ID)
			if err != nil {
				return err
			}
			outs, err := s.OptOuts(ctx, a.ID)
			if err != nil {
				return err
			}
			ids := make([]int64, len(cs))
			for i, ct := range cs {
				ids[i] = ct.ID
			}
			hits, err := update.CapHits(ctx, s, m.Caps, a.ID, ids, env.Now())
			if err != nil {
				return err
			}
			byContact := map[int64]gtg.CapHit{}
			for _, h := range hits {
				if h.ContactID == 0 {
					fmt.Fprintf(env.Stdout, "%s: %s\n", a.ExternalID, h)
				}
				byContact[h.ContactID] = h
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "CONTACT\tROLE\tSTATUS\tOUTREACH")
			for _, ct := range cs {
				state := "may be contacted"
				if ct.Status != gtg.ContactActive {
					state = "left the company: not contacted"
				} else if at, ok := outs[ct.ID]; ok {
					state = "opted out on " + at.Format("2006-01-02")
				} else if h, ok := byContact[ct.ID]; ok {
					h.Email = ct.Email
					state = h.String()
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", ct.Email, ct.Role, ct.Status, state)
			}
			return w.Flush()
		}),
	}
	cmd.AddCommand(caps, optOut(true), optOut(false), check)
	return cmd
}
