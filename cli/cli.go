// Package cli is gtg's command line: every command is a thin layer that builds
// a Config, opens the store and calls into the domain packages.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

// Env is what a command may use of the world outside: arguments come through cobra.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
}

// Main runs gtg with args and returns the process exit code.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr, Now: time.Now}
	err := Run(ctx, env, args)
	if err != nil {
		fmt.Fprintf(stderr, "gtg: %s\n", gtg.ErrorMessage(err))
		if gtg.ErrorCode(err) == gtg.EINTERNAL {
			slog.New(slog.NewTextHandler(stderr, nil)).Error("internal error", "err", err)
		}
	}
	return gtg.ExitCode(err)
}

// Run runs gtg with args, returning the error of the command.
func Run(ctx context.Context, env *Env, args []string) error {
	root := newRoot(env)
	usageErrors(root)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	return root.ExecuteContext(ctx)
}

func newRoot(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:           "gtg",
		Short:         "Get To Green: customer health scores as code, early warnings and save plans",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("db", "", "database: a SQLite path, sqlite:PATH or postgres://… (default $GTG_DB or ./gtg.db)")
	root.PersistentFlags().String("as", "", "act as this user (email), with their role, for the audit trail (default $GTG_USER, else \"cli\" as admin)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return gtg.Errorf(gtg.EINVALID, "%v (see gtg %s --help)", err, c.Name())
	})
	root.AddCommand(
		serveCmd(env),
		migrateCmd(env),
		backupCmd(env),
		restoreCmd(env),
		demoCmd(env),
		importCmd(env),
		accountsCmd(env),
		usersCmd(env),
		tokensCmd(env),
		scoreCmd(env),
		scorecardCmd(env),
		alertsCmd(env),
		rulesCmd(env),
		explainCmd(env),
		webhooksCmd(env),
		backtestCmd(env),
		calibrateCmd(env),
		riskCmd(env),
		queueCmd(env),
		planCmd(env),
		playbooksCmd(env),
		standupCmd(env),
		handoffCmd(env),
		rediscoveryCmd(env),
		metricsCmd(env),
		renewalsCmd(env),
		offersCmd(env),
		stakeholdersCmd(env),
		coverageCmd(env),
		cadenceCmd(env),
		updateCmd(env),
		smtpCmd(env),
		outreachCmd(env),
		resourcesCmd(env),
		notifyCmd(env),
	)
	return root
}

// dsn returns the database named by --db, $GTG_DB or the default.
func dsn(env *Env, c *cobra.Command) string {
	if v, _ := c.Flags().GetString("db"); v != "" {
		return v
	}
	if v := env.Getenv("GTG_DB"); v != "" {
		return v
	}
	return store.DefaultDSN
}

// openStore opens and migrates the database for a command.
func openStore(env *Env, c *cobra.Command) (*store.Store, error) {
	s, err := store.Open(c.Context(), dsn(env, c))
	if err != nil {
		return nil, err
	}
	s.Now = env.Now
	return s, nil
}

// usageErr is the error for arguments that do not fit the command.
func usageErr(c *cobra.Command, format string, args ...any) error {
	return gtg.Errorf(gtg.EINVALID, "%s (usage: %s)", fmt.Sprintf(format, args...), c.UseLine())
}
