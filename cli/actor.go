package cli

import (
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

// cliActor is who a change made on the command line is recorded as, and
// with which role it is checked: the user named by --as (or $GTG_USER) with
// that user's role, or "cli" as admin — whoever can run commands against the
// database directly already holds every key to it.
func cliActor(env *Env, c *cobra.Command, s *store.Store) (actor, role string, err error) {
	email, _ := c.Flags().GetString("as")
	if email == "" {
		email = env.Getenv("GTG_USER")
	}
	if email == "" {
		return "cli", gtg.UserAdmin, nil
	}
	u, err := s.UserByEmail(c.Context(), email)
	if err != nil {
		if gtg.ErrorCode(err) == gtg.ENOTFOUND {
			return "", "", gtg.Errorf(gtg.EINVALID, "--as: no user %q (gtg users create adds one)", email)
		}
		return "", "", err
	}
	return u.Email, u.Role, nil
}
