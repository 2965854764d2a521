package save

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// RecordHandoff stores a handoff knowledge-transfer form for the account
// h.AccountExt; its completeness is scored on save. It needs a CSM or above.
func RecordHandoff(ctx context.Context, st *store.Store, u *gtg.User, h *gtg.Handoff) error {
	if err := gtg.Require(u, gtg.UserCSM, "record a handoff"); err != nil {
		return err
	}
	a, err := st.Account(ctx, h.AccountExt)
	if err != nil {
		return err
	}
	h.AccountID, h.AccountExt, h.CreatedBy = a.ID, a.ExternalID, u.Email
	if err := h.Validate(); err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddHandoff(ctx, h); err != nil {
			return err
		}
		after, _ := json.Marshal(h)
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "create", Entity: "handoff", EntityID: fmt.Sprint(h.ID), After: string(after)})
	})
}

// Handoffs returns an account's handoff forms, newest first.
func Handoffs(ctx context.Context, st *store.Store, accountExt string) ([]*gtg.Handoff, error) {
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	return st.Handoffs(ctx, a.ID)
}
