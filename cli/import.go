package cli

import (
	"fmt"
	"os"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/csvimport"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func importCmd(env *Env) *cobra.Command {
	var mapFile, rejectsFile string
	var partial bool
	cmd := &cobra.Command{
		Use:       "import accounts|contacts|metrics|events|outcomes FILE.csv",
		Short:     "Import a CSV file: all-or-nothing unless --partial",
		ValidArgs: []string{"accounts", "contacts", "metrics", "events", "outcomes"},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageErr(c, "want a kind and a file")
			}
			kind, path := args[0], args[1]
			switch kind {
			case "accounts", "contacts", "metrics", "events", "outcomes":
			default:
				return usageErr(c, "unknown kind %q: want accounts, contacts, metrics, events or outcomes", kind)
			}
			if partial && rejectsFile == "" {
				return usageErr(c, "--partial needs --rejects FILE")
			}
			opts := csvimport.Options{Partial: partial, Actor: "cli"}
			if mapFile != "" {
				m, err := csvimport.LoadMapping(mapFile)
				if err != nil {
					return err
				}
				opts.Map = m
			}
			f, err := os.Open(path)
			if err != nil {
				return gtg.Errorf(gtg.EINVALID, "cannot open %s: %v", path, err)
			}
			defer f.Close()
			return useStore(env, c, func(s *store.Store) error {
				if rejectsFile != "" {
					rf, err := os.Create(rejectsFile)
					if err != nil {
						return gtg.Errorf(gtg.EINVALID, "cannot create %s: %v", rejectsFile, err)
					}
					defer rf.Close()
					opts.Rejects = rf
				}
				if fi, err := f.Stat(); err == nil {
					if bar := progress(env, fi.Size(), "import "+kind, true); bar != nil {
						opts.Progress = func(n int64) { bar.Set64(n) }
						defer bar.Finish()
					}
				}
				res, err := csvimport.Import(c.Context(), s, kind, f, path, opts)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%s: %d rows read, %d loaded, %d records created or changed", path, res.Rows, res.Loaded, res.Changed)
				if partial {
					fmt.Fprintf(env.Stdout, ", %d rejected (see %s)", res.Rejected, rejectsFile)
				}
				fmt.Fprintln(env.Stdout)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&mapFile, "map", "", "YAML mapping of a foreign export's columns")
	cmd.Flags().BoolVar(&partial, "partial", false, "load the good rows and write the bad ones to --rejects")
	cmd.Flags().StringVar(&rejectsFile, "rejects", "", "where --partial writes rejected rows with their reasons")
	return cmd
}
