package cli

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/spf13/cobra"
)

func handoffCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{Use: "handoff", Short: "Handoff knowledge-transfer forms (sale to onboarding, AE to AM, CSM change)"}
	var h gtg.Handoff
	var date string
	add := &cobra.Command{
		Use:   "add ACCOUNT_ID --kind sale_to_onboarding|ae_to_am|csm_change [--date DATE] [--from WHO] [--to WHO] [--bought TEXT] ...",
		Short: "Record a handoff form; its completeness is scored (an incomplete one raises an alert)",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			var err error
			if h.Day, err = dayFlag("date", date, today(env)); err != nil {
				return err
			}
			h.AccountExt = args[0]
			return useStoreAs(env, c, func(s *store.Store, u *gtg.User) error {
				if err := save.RecordHandoff(c.Context(), s, u, &h); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "handoff %d for %s recorded: %.0f%% complete", h.ID, h.AccountExt, 100*h.Completeness())
				if m := h.Missing(); len(m) > 0 {
					fmt.Fprintf(env.Stdout, " (missing: %s)", strings.Join(m, ", "))
				}
				fmt.Fprintln(env.Stdout)
				return nil
			})
		},
	}
	f := add.Flags()
	f.StringVar(&h.Kind, "kind", "", "sale_to_onboarding, ae_to_am or csm_change")
	f.StringVar(&date, "date", "", "the day of the handoff (default today)")
	f.StringVar(&h.From, "from", "", "who hands over")
	f.StringVar(&h.To, "to", "", "who takes over")
	f.StringVar(&h.WhatWasBought, "bought", "", "what was bought")
	f.StringVar(&h.BusinessObjectives, "business-objectives", "", "the customer's business objectives")
	f.StringVar(&h.TechnicalObjectives, "technical-objectives", "", "the customer's technical objectives")
	f.StringVar(&h.SuccessCriteria, "success-criteria", "", "how the customer measures success")
	f.StringVar(&h.Timeline, "timeline", "", "the agreed timeline")
	f.StringVar(&h.Stakeholders, "stakeholders", "", "who is who at the customer")
	f.StringVar(&h.PromisesMade, "promises", "", "promises made in the sale")
	f.StringVar(&h.KnownRisks, "risks", "", "known risks")
	add.MarkFlagRequired("kind")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list ACCOUNT_ID [--json]",
		Short: "List an account's handoff forms, newest first, with their completeness",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(env, func(c *cobra.Command, s *store.Store, args []string) error {
			hs, err := save.Handoffs(c.Context(), s, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, jsonList(hs))
			}
			for _, h := range hs {
				fmt.Fprintf(env.Stdout, "%d  %s  %s  %s -> %s  %.0f%% complete  missing: %s\n", h.ID, h.Day, h.Kind, dash(h.From), dash(h.To),
					100*h.Completeness(), dash(strings.Join(h.Missing(), ", ")))
			}
			return nil
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list)
	return cmd
}
