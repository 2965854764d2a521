package cli

import (
	"fmt"
	"sort"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

func playbooksCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "playbooks", Short: "Playbooks: templates for get-to-green plans, with each one's record"}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List playbooks with their record: plans started, share reaching green, median days to green, outcomes",
		Args:  cobra.NoArgs,
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, _ []string) error {
			pbs, err := save.Playbooks(c.Context(), s)
			if err != nil {
				return err
			}
			recs, err := save.PlaybookRecords(c.Context(), s)
			if err != nil {
				return err
			}
			type row struct {
				*gtg.Playbook
				Stats *gtg.PlaybookStats `json:"stats"`
			}
			rows := make([]row, 0, len(pbs))
			for _, p := range pbs {
				st := recs[p.Key]
				if st == nil {
					st = &gtg.PlaybookStats{Outcomes: map[string]int{}}
				}
				rows = append(rows, row{p, st})
			}
			if asJSON {
				return printJSON(env.Stdout, rows)
			}
			w := newTable(env.Stdout)
			fmt.Fprintln(w, "KEY\tNAME\tSTAGES\tTASKS\tSTARTED\tOPEN\tREACHED GREEN\tMEDIAN DAYS\tOUTCOMES")
			for _, r := range rows {
				median := "-"
				if r.Stats.MedianDaysToGreen != nil {
					median = fmt.Sprintf("%.0f", *r.Stats.MedianDaysToGreen)
				}
				fmt.Fprintf(w, "%s\t%s\t%v\t%d\t%d\t%d\t%d (%.0f%%)\t%s\t%s\n", r.Key, r.Name, r.Stages, len(r.Tasks), r.Stats.Started,
					r.Stats.Open, r.Stats.ReachedGreen, 100*r.Stats.GreenShare, median, outcomesText(r.Stats.Outcomes))
			}
			return w.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON: objects with key, name, stats and the template")
	show := &cobra.Command{
		Use:   "show [KEY]",
		Short: "Print playbooks (one, or all) as YAML that gtg playbooks apply takes back",
		Args:  cobra.MaximumNArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			var pbs []*gtg.Playbook
			var err error
			if len(args) == 1 {
				p, err := save.Playbook(c.Context(), s, args[0])
				if err != nil {
					return err
				}
				pbs = []*gtg.Playbook{p}
			} else if pbs, err = save.Playbooks(c.Context(), s); err != nil {
				return err
			}
			enc := yaml.NewEncoder(env.Stdout)
			enc.SetIndent(2)
			return enc.Encode(map[string]any{"playbooks": pbs})
		}),
	}
	apply := &cobra.Command{
		Use:   "apply FILE.yaml",
		Short: "Add or replace the playbooks in a file (managers); all or nothing",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			data, err := readFile(args[0])
			if err != nil {
				return err
			}
			pbs, err := save.ParsePlaybooks(args[0], data)
			if err != nil {
				return err
			}
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if err := save.PutPlaybook(c.Context(), s, u, pbs...); err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				fmt.Fprintf(env.Stdout, "applied %d playbooks from %s\n", len(pbs), args[0])
				return nil
			})
		},
	}
	cmd.AddCommand(list, show, apply)
	return cmd
}

func outcomesText(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%s %d", k, m[k])
	}
	return out
}
