package save

import (
	"context"
	"slices"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// offerItems fills the offers waiting for approval (oldest first) and the
// save-ladder follow-ups open past their due day.
func offerItems(ctx context.Context, st *store.Store, su *gtg.Standup, today gtg.Day) error {
	pending, err := st.Offers(ctx, gtg.OfferFilter{Statuses: []string{gtg.OfferPendingApproval}})
	if err != nil {
		return err
	}
	slices.Reverse(pending)
	su.OffersPending = pending
	open, err := st.FollowUps(ctx, gtg.FollowUpFilter{Open: true})
	if err != nil {
		return err
	}
	su.FollowUpsMissed = []*gtg.FollowUp{}
	for _, f := range open {
		if f.Overdue(today) {
			su.FollowUpsMissed = append(su.FollowUpsMissed, f)
		}
	}
	return nil
}
