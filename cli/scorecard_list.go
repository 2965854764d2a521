package cli

import (
	"fmt"
	"sort"

	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

// listScorecards prints one line per card in force, saying whether it was
// applied or is built in and how many accounts its version scored on the
// latest scored day, then one line per older card version that still stands
// behind some accounts' latest health until they are rescored.
func listScorecards(c *cobra.Command, env *Env, s *store.Store) error {
	ctx := c.Context()
	cards, err := health.Cards(ctx, s)
	if err != nil {
		return err
	}
	stored, err := s.Scorecards(ctx)
	if err != nil {
		return err
	}
	applied := map[string]store.StoredScorecard{}
	for _, sc := range stored {
		applied[sc.Name] = sc
	}
	day, err := s.LatestHealthDay(ctx)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	var behind []store.CardCount
	if day != 0 {
		if behind, err = s.HealthCards(ctx, day); err != nil {
			return err
		}
		for _, cc := range behind {
			counts[fmt.Sprintf("%s@%d", cc.Scorecard, cc.Version)] = cc.Accounts
		}
	}
	scores := func(name string, version int) string {
		if day == 0 {
			return "not scored yet"
		}
		return fmt.Sprintf("scores %d accounts on %s", counts[fmt.Sprintf("%s@%d", name, version)], day)
	}
	sort.Slice(cards, func(i, j int) bool { return cards[i].Name < cards[j].Name })
	inForce := map[string]bool{}
	for _, sc := range cards {
		inForce[fmt.Sprintf("%s@%d", sc.Name, sc.Version)] = true
		from := "built-in"
		if a, ok := applied[sc.Name]; ok {
			from = fmt.Sprintf("applied %s by %s", a.AppliedAt, a.AppliedBy)
		}
		fmt.Fprintf(env.Stdout, "%s\tversion %d\t%d measures\t%s\t%s\t%s\n", sc.Name, sc.Version, len(sc.Measures), from, scores(sc.Name, sc.Version), sc.Description)
	}
	for _, cc := range behind {
		if !inForce[fmt.Sprintf("%s@%d", cc.Scorecard, cc.Version)] {
			fmt.Fprintf(env.Stdout, "%s\tversion %d\t-\tnot in force\t%s\tuntil those accounts are rescored (gtg score)\n", cc.Scorecard, cc.Version, scores(cc.Scorecard, cc.Version))
		}
	}
	return nil
}
