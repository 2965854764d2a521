package cli

import (
	"fmt"

	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func migrateCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := store.OpenNoMigrate(c.Context(), dsn(env, c))
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Migrate(c.Context()); err != nil {
				return err
			}
			if err := jobs.Migrate(c.Context(), s); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "database %s is up to date\n", s.Dialect())
			return nil
		},
	}
}
