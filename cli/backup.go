package cli

import (
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func backupCmd(env *Env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup --out FILE",
		Short: "Write a consistent copy of the SQLite database, while gtg serve keeps running",
		Long: `backup copies a SQLite database with SQLite's online backup API: the copy is one
consistent moment of the database, taken while gtg serve and imports keep working.
FILE must not exist. A PostgreSQL database is backed up with pg_dump (see the README).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if out == "" {
				return gtg.Errorf(gtg.EINVALID, "--out: required (the file to write)")
			}
			return useStore(env, c, func(s *store.Store) error {
				if err := s.Backup(c.Context(), out); err != nil {
					return err
				}
				sums, err := s.Checksums(c.Context())
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "backed up to %s (%d accounts)\n", out, sums["accounts"].Rows)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the file to write")
	return cmd
}

func restoreCmd(env *Env) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "restore FILE [--yes]",
		Short: "Replace the SQLite database with a backup",
		Long: `restore checks that FILE is an intact gtg database (SQLite's integrity check, a schema this
gtg knows), then replaces every table with the backup's in one step and applies any newer
migrations. A database that holds accounts or users is only replaced with --yes.
A PostgreSQL database is restored with pg_restore (see the README).`,
		Args: cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			ctx := c.Context()
			if !yes {
				n, err := s.CountAccounts(ctx)
				if err != nil {
					return err
				}
				u, err := s.CountUsers(ctx)
				if err != nil {
					return err
				}
				if n+u > 0 {
					return gtg.Errorf(gtg.ECONFLICT, "restore: the database holds %d accounts and %d users; add --yes to replace them with %s", n, u, args[0])
				}
			}
			if err := s.Restore(ctx, args[0]); err != nil {
				return err
			}
			n, err := s.CountAccounts(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "restored %s (%d accounts)\n", args[0], n)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "replace a database that holds data")
	return cmd
}
