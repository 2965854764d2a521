package cli

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/mailer"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func smtpCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "smtp", Short: "The mail server gtg sends through (weekly updates, notifications)"}
	var server, tlsMode, username, from, passwordEnv string
	var port int
	var passwordStdin, clearPassword bool
	set := &cobra.Command{
		Use:   "set --server HOST [--port N] [--tls none|starttls|tls] [--username U (--password-stdin | --password-env VAR)] --from ADDRESS",
		Short: "Set the SMTP server, port, TLS mode and credentials (an admin; the password is never shown back)",
		Args:  cobra.NoArgs,
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, _ []string) error {
			if !gtg.Can(u.Role, gtg.UserAdmin) {
				return gtg.Errorf(gtg.EFORBIDDEN, "only an admin can set the mail server")
			}
			m, err := s.MailSettings(c.Context())
			if err != nil {
				return err
			}
			old := m.SMTP
			flags := c.Flags()
			if flags.Changed("server") {
				m.SMTP.Host = server
			}
			if flags.Changed("port") {
				m.SMTP.Port = port
			} else if flags.Changed("tls") && flags.Changed("server") {
				m.SMTP.Port = 0 // the TLS mode's usual port
			}
			if flags.Changed("tls") {
				m.SMTP.TLS = tlsMode
			}
			if flags.Changed("username") {
				m.SMTP.Username = username
			}
			if flags.Changed("from") {
				m.SMTP.From = from
			}
			switch {
			case passwordStdin && passwordEnv != "":
				return gtg.Errorf(gtg.EINVALID, "password: give --password-stdin or --password-env, not both")
			case passwordStdin:
				line, err := bufio.NewReader(env.Stdin).ReadString('\n')
				if err != nil && line == "" {
					return gtg.Errorf(gtg.EINVALID, "password: nothing on standard input")
				}
				m.SMTP.Password = strings.TrimRight(line, "\r\n")
			case passwordEnv != "":
				m.SMTP.Password = env.Getenv(passwordEnv)
				if m.SMTP.Password == "" {
					return gtg.Errorf(gtg.EINVALID, "password: $%s is empty", passwordEnv)
				}
			case clearPassword:
				m.SMTP.Password = ""
			case m.SMTP.Username != old.Username || m.SMTP.Host != old.Host:
				m.SMTP.Password = "" // a password belongs to one account on one server
			}
			if m.SMTP.Host == "" {
				return gtg.Errorf(gtg.EINVALID, "server: required (--server HOST)")
			}
			if err := s.PutMailSettings(c.Context(), u.Email, &m); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "mail server: %s\n", m.SMTP)
			return nil
		}),
	}
	f := set.Flags()
	f.StringVar(&server, "server", "", "SMTP server host name")
	f.IntVar(&port, "port", 0, "port (default: 25 for none, 587 for starttls, 465 for tls)")
	f.StringVar(&tlsMode, "tls", "starttls", "TLS mode: none, starttls (required) or tls (implicit)")
	f.StringVar(&username, "username", "", "user name for SMTP authentication")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of standard input")
	f.StringVar(&passwordEnv, "password-env", "", "read the password from this environment variable")
	f.BoolVar(&clearPassword, "clear-password", false, "remove the stored password")
	f.StringVar(&from, "from", "", "the From address of gtg's email")

	var to string
	test := &cobra.Command{
		Use:   "test [--to EMAIL]",
		Short: "Connect to the mail server (and with --to, send a test message)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			m, err := s.MailSettings(c.Context())
			if err != nil {
				return err
			}
			if err := mailer.Test(c.Context(), m.SMTP, to); err != nil {
				return err
			}
			if to != "" {
				fmt.Fprintf(env.Stdout, "sent a test message to %s through %s\n", to, m.SMTP)
			} else {
				fmt.Fprintf(env.Stdout, "connected to %s\n", m.SMTP)
			}
			return nil
		}),
	}
	test.Flags().StringVar(&to, "to", "", "send a test message to this address")

	var asJSON bool
	show := &cobra.Command{
		Use:   "show [--json]",
		Short: "Show the mail settings (never the password)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			m, err := s.MailSettings(c.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, struct {
					gtg.MailSettings
					PasswordSet bool `json:"password_set"`
				}{m, m.SMTP.Password != ""})
			}
			if !m.SMTP.Configured() {
				fmt.Fprintln(env.Stdout, "mail server: not set (gtg smtp set)")
			} else {
				fmt.Fprintf(env.Stdout, "mail server: %s\n", m.SMTP)
			}
			fmt.Fprintf(env.Stdout, "outreach caps: %s per contact, %s per account, in any 7 days\n", capText(m.Caps.PerContact), capText(m.Caps.PerAccount))
			if m.WeeklyWeekday < 0 {
				fmt.Fprintln(env.Stdout, "weekly updates: off")
			} else {
				fmt.Fprintf(env.Stdout, "weekly updates: every %s from %02d:00 UTC\n", weekdays[m.WeeklyWeekday], m.WeeklyHour)
			}
			return nil
		}),
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(set, test, show)
	return cmd
}

func capText(n int) string {
	if n == 0 {
		return "no cap"
	}
	return fmt.Sprintf("%d", n)
}
