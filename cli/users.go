package cli

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/api"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/web"
	"github.com/spf13/cobra"
)

func usersCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "users", Short: "Manage the people who sign in to gtg"}
	var u gtg.User
	create := &cobra.Command{
		Use:   "create --email E --role admin|manager|csm|viewer",
		Short: "Create a user; the password is read from standard input",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			u.Normalize()
			if err := u.Validate(); err != nil {
				return err
			}
			line, err := bufio.NewReader(env.Stdin).ReadString('\n')
			pw := strings.TrimRight(line, "\r\n")
			if pw == "" && err != nil {
				return gtg.Errorf(gtg.EINVALID, "password: none on standard input (pipe it in: echo secret | gtg users create …)")
			}
			if len(pw) < 10 {
				return gtg.Errorf(gtg.EINVALID, "password: at least 10 characters")
			}
			hash, err := web.HashPassword(pw)
			if err != nil {
				return err
			}
			u.PasswordHash = hash
			return useStore(env, c, func(s *store.Store) error {
				if err := s.CreateUser(c.Context(), "cli", &u); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "created %s user %s\n", u.Role, u.Email)
				return nil
			})
		},
	}
	create.Flags().StringVar(&u.Email, "email", "", "email address (the login)")
	create.Flags().StringVar(&u.Role, "role", "", "admin, manager, csm or viewer")
	create.Flags().StringVar(&u.Name, "name", "", "display name")
	create.MarkFlagRequired("email")
	create.MarkFlagRequired("role")
	cmd.AddCommand(create)
	return cmd
}

func tokensCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "tokens", Short: "Create, list and revoke API tokens"}
	var email, name, scope, expires string
	create := &cobra.Command{
		Use:   "create --email E [--name N] [--scope read|write|admin] [--expires 90d|never]",
		Short: "Create an API token for a user and print its secret (shown once)",
		Long: `create makes an API token acting as a user. Its scope caps what it may do: read (as a
viewer), write (reads and writes, up to a manager's), admin (everything the user may).
It expires after --expires (90 days by default; "never" for none).`,
		Args: cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			u, err := s.UserByEmail(c.Context(), strings.ToLower(strings.TrimSpace(email)))
			if err != nil {
				return err
			}
			var until time.Time
			if expires != "never" {
				days, err := parseDays("expires", expires)
				if err != nil {
					return err
				}
				until = env.Now().UTC().AddDate(0, 0, days)
			}
			secret, prefix, hash := api.NewToken()
			t := &gtg.APIToken{UserID: u.ID, Name: name, Prefix: prefix, Hash: hash, Scope: scope, ExpiresAt: until}
			if err := s.CreateAPIToken(c.Context(), "cli", t); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, secret)
			return nil
		}),
	}
	create.Flags().StringVar(&email, "email", "", "the user the token acts as")
	create.Flags().StringVar(&name, "name", "cli", "a name to tell tokens apart")
	create.Flags().StringVar(&scope, "scope", gtg.TokenWrite, "read, write or admin")
	create.Flags().StringVar(&expires, "expires", "90d", `how long it lasts ("never": no expiry)`)
	create.MarkFlagRequired("email")

	var listEmail string
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--email E] [--json]",
		Short: "List API tokens (never their secrets), revoked and expired ones included",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			var userID int64
			if listEmail != "" {
				u, err := s.UserByEmail(c.Context(), strings.ToLower(strings.TrimSpace(listEmail)))
				if err != nil {
					return err
				}
				userID = u.ID
			}
			ts, err := s.APITokens(c.Context(), userID)
			if err != nil {
				return err
			}
			if asJSON {
				if ts == nil {
					ts = []*gtg.APIToken{}
				}
				return printJSON(env.Stdout, ts)
			}
			now := env.Now()
			fmt.Fprintf(env.Stdout, "%-4s %-28s %-12s %-14s %-6s %-10s %-10s %s\n", "ID", "USER", "NAME", "PREFIX", "SCOPE", "EXPIRES", "LAST USED", "STATE")
			for _, t := range ts {
				state := "live"
				switch {
				case !t.RevokedAt.IsZero():
					state = "revoked " + t.RevokedAt.Format("2006-01-02")
				case !t.Live(now):
					state = "expired"
				}
				fmt.Fprintf(env.Stdout, "%-4d %-28s %-12s %-14s %-6s %-10s %-10s %s\n", t.ID, t.UserEmail, t.Name, t.Prefix+"…", t.Scope,
					dateOr(t.ExpiresAt, "never"), dateOr(t.LastUsedAt, "-"), state)
			}
			return nil
		}),
	}
	list.Flags().StringVar(&listEmail, "email", "", "only this user's tokens")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API token for good",
		Args:  cobra.ExactArgs(1),
		RunE: withActor(env, func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return gtg.Errorf(gtg.EINVALID, "ID: %q is not a token id (see gtg tokens list)", args[0])
			}
			var only int64
			if !gtg.Can(u.Role, gtg.UserAdmin) {
				only = u.ID
			}
			if err := s.RevokeAPIToken(c.Context(), u.Email, id, only); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "token %d revoked\n", id)
			return nil
		}),
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}

func dateOr(t time.Time, none string) string {
	if t.IsZero() {
		return none
	}
	return t.UTC().Format("2006-01-02")
}
