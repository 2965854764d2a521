package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

// withStore is the RunE of a command whose first step is opening the store:
// run gets it open and it is closed when run returns.
func withStore(env *Env, run func(c *cobra.Command, s *store.Store, args []string) error) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, args []string) error {
		return useStore(env, c, func(s *store.Store) error { return run(c, s, args) })
	}
}

// withActor is withStore for a command that changes something: run also
// gets the user it acts as (see cliActor).
func withActor(env *Env, run func(c *cobra.Command, s *store.Store, u *gtg.User, args []string) error) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, args []string) error {
		return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error { return run(c, s, u, args) })
	}
}

// useStore opens the store, calls fn with it and closes it; a command that
// checks its arguments before touching the database calls it after them.
func useStore(env *Env, c *cobra.Command, fn func(s *store.Store) error) error {
	s, err := openStore(env, c)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}

// useStoreAs is useStore that also gives fn the user the command acts as
// (see cliActor), whose role the domain packages check.
func useStoreAs(env *Env, c *cobra.Command, fn func(s *store.Store, u *gtg.User) error) error {
	return useStore(env, c, func(s *store.Store) error {
		email, role, err := cliActor(env, c, s)
		if err != nil {
			return err
		}
		return fn(s, &gtg.User{Email: email, Role: role})
	})
}

// printJSON writes v as indented JSON, the form every --json flag prints.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonList is s, or an empty slice when s is nil, so that --json prints []
// rather than null for an empty list.
func jsonList[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// newTable is the tab-aligned writer every table the CLI prints goes through;
// Flush it when done.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
}

// dayFlag parses the date given to --flag; empty gives def.
func dayFlag(flag, v string, def gtg.Day) (gtg.Day, error) {
	if v == "" {
		return def, nil
	}
	d, err := gtg.ParseDay(v)
	if err != nil {
		return 0, gtg.Errorf(gtg.EINVALID, "--%s: %s", flag, gtg.ErrorMessage(err))
	}
	return d, nil
}

// idArg parses a numeric id argument such as PLAN_ID.
func idArg(name, v string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, gtg.Errorf(gtg.EINVALID, "%s: %q is not a number (see gtg plan list)", name, v)
	}
	return id, nil
}

// today is the CLI's day: the environment's clock in UTC.
func today(env *Env) gtg.Day { return gtg.DayOf(env.Now().UTC()) }

// printApplied says whether applying version of the named card or rule set
// (what) stored it, or found it already applied.
func printApplied(w io.Writer, what, name string, version int, changed bool) {
	if !changed {
		fmt.Fprintf(w, "%s %s version %d was already applied\n", what, name, version)
		return
	}
	fmt.Fprintf(w, "applied %s %s version %d\n", what, name, version)
}

// readFile reads a file named on the command line; failing is the user's
// error, not an internal one.
func readFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, gtg.Errorf(gtg.EINVALID, "cannot read %s: %v", path, err)
	}
	return data, nil
}

// readScorecard reads and parses a scorecard file.
func readScorecard(path string) (*scorecard.Scorecard, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return scorecard.Parse(path, data)
}
