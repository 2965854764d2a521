package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/update"
	"github.com/spf13/cobra"
)

func updateCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "update", Short: "The weekly update email of an account: preview, send, schedule, history"}
	var html bool
	var chart string
	preview := &cobra.Command{
		Use:   "preview ACCOUNT_ID [--html] [--chart FILE.png]",
		Short: "Print the weekly update's text part (recipients and warnings go to stderr)",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			d, err := update.Compose(c.Context(), s, args[0], env.Now())
			if err != nil {
				return err
			}
			if chart != "" {
				if err := os.WriteFile(chart, d.Chart, 0o644); err != nil {
					return gtg.Errorf(gtg.EINVALID, "chart: %v", err)
				}
			}
			printRecipients(env, d)
			if html {
				_, err = fmt.Fprint(env.Stdout, d.HTML)
			} else {
				_, err = fmt.Fprint(env.Stdout, d.Text)
			}
			return err
		}),
	}
	preview.Flags().BoolVar(&html, "html", false, "print the HTML part instead")
	preview.Flags().StringVar(&chart, "chart", "", "also write the health chart PNG to this file")

	var to []string
	send := &cobra.Command{
		Use:   "send ACCOUNT_ID [--to EMAIL,...]",
		Short: "Send the weekly update now (to the engaged contacts, or --to); refused over a cap or to an opted-out contact",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			if err := gtg.Require(u, gtg.UserCSM, "send a weekly update"); err != nil {
				return err
			}
			ctx := c.Context()
			d, err := update.Compose(ctx, s, args[0], env.Now())
			if err != nil {
				return err
			}
			printRecipients(env, d)
			r, err := jobs.New(ctx, jobs.Config{Store: s, Now: env.Now})
			if err != nil {
				return err
			}
			e, err := update.Queue(ctx, s, d, to, u.Email, env.Now(), jobs.Later)
			if err != nil {
				return err
			}
			if err := r.SendNow(ctx, e.ID); err != nil {
				return gtg.Errorf(gtg.ErrorCode(err), "email %d to %s not sent yet: %s", e.ID, strings.Join(e.Recipients, ", "), gtg.ErrorMessage(err))
			}
			fmt.Fprintf(env.Stdout, "sent email %d, %q, to %s\n", e.ID, e.Subject, strings.Join(e.Recipients, ", "))
			return nil
		}),
	}
	send.Flags().StringSliceVar(&to, "to", nil, "recipients (contacts of the account), instead of the engaged ones")

	var asJSON bool
	list := &cobra.Command{
		Use:   "list [ACCOUNT_ID] [--json]",
		Short: "List sent and pending emails with their delivery state",
		Args:  cobra.MaximumNArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			f := store.EmailSendFilter{Limit: 100}
			if len(args) == 1 {
				a, err := s.Account(c.Context(), args[0])
				if err != nil {
					return err
				}
				f.AccountID = a.ID
			}
			es, err := s.EmailSends(c.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(es))
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "ID\tACCOUNT\tKIND\tSTATUS\tATTEMPTS\tQUEUED\tRECIPIENTS\tLAST ERROR")
			for _, e := range es {
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", e.ID, e.AccountExt, e.Kind, e.Status, e.Attempts,
					e.CreatedAt.Format("2006-01-02 15:04"), strings.Join(e.Recipients, ", "), e.LastError)
			}
			return w.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var hour int
	schedule := &cobra.Command{
		Use:   "schedule WEEKDAY|off [--hour H]",
		Short: "Send the weekly update to every account with an open plan on this day, after this hour (UTC)",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			if !gtg.Can(u.Role, gtg.UserAdmin) {
				return gtg.Errorf(gtg.EFORBIDDEN, "only an admin can schedule the weekly update")
			}
			day, err := weekdayArg(args[0])
			if err != nil {
				return err
			}
			m, err := s.MailSettings(c.Context())
			if err != nil {
				return err
			}
			m.WeeklyWeekday, m.WeeklyHour = day, hour
			if err := s.PutMailSettings(c.Context(), u.Email, &m); err != nil {
				return err
			}
			if day < 0 {
				fmt.Fprintln(env.Stdout, "weekly updates: off")
			} else {
				fmt.Fprintf(env.Stdout, "weekly updates: every %s from %02d:00 UTC, by a running gtg serve\n", weekdays[day], hour)
			}
			return nil
		}),
	}
	schedule.Flags().IntVar(&hour, "hour", 9, "hour of the day (UTC) from which the updates go")
	cmd.AddCommand(preview, send, list, schedule)
	return cmd
}

var weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func weekdayArg(v string) (int, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "off" || v == "none" {
		return -1, nil
	}
	for i, d := range weekdays {
		if v == d || (len(v) >= 3 && strings.HasPrefix(d, v)) {
			return i, nil
		}
	}
	return 0, gtg.Errorf(gtg.EINVALID, "weekday: %q is not a day of the week or off", v)
}

// printRecipients tells, on stderr, who the update goes to and who it
// cannot go to, so a capped or opted-out contact is known before sending.
func printRecipients(env *Env, d *update.Draft) {
	for _, r := range d.Recipients {
		mark := "  "
		if r.Include {
			mark = "to"
		}
		note := r.Why
		if r.Blocked != "" {
			note = r.Blocked
		}
		fmt.Fprintf(env.Stderr, "%s %s <%s> (%s): %s\n", mark, r.Name, r.Email, gtg.KnownRoles[r.Role], note)
	}
	for _, w := range d.Warnings {
		fmt.Fprintf(env.Stderr, "warning: %s\n", w)
	}
}
