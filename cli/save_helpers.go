package cli

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

// saveJSON writes v as indented JSON, the form every --json flag prints.
func saveJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// saveActor is the user a save-workflow command acts as (see cliActor); the
// save package checks that user's role.
func saveActor(env *Env, c *cobra.Command, s *store.Store) (*gtg.User, error) {
	email, role, err := cliActor(env, c, s)
	if err != nil {
		return nil, err
	}
	return &gtg.User{Email: email, Role: role}, nil
}

// dayFlag parses a --flag date; empty gives def.
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
