package cli

import (
	"bufio"
	"fmt"
	"strings"

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
	cmd := &cobra.Command{Use: "tokens", Short: "Manage API tokens"}
	var email, name string
	create := &cobra.Command{
		Use:   "create --email E [--name N]",
		Short: "Create an API token for a user and print its secret (shown once)",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			u, err := s.UserByEmail(c.Context(), strings.ToLower(strings.TrimSpace(email)))
			if err != nil {
				return err
			}
			secret, prefix, hash := api.NewToken()
			t := &gtg.APIToken{UserID: u.ID, Name: name, Prefix: prefix, Hash: hash}
			if err := s.CreateAPIToken(c.Context(), "cli", t); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, secret)
			return nil
		}),
	}
	create.Flags().StringVar(&email, "email", "", "the user the token acts as")
	create.Flags().StringVar(&name, "name", "cli", "a name to tell tokens apart")
	create.MarkFlagRequired("email")
	cmd.AddCommand(create)
	return cmd
}
