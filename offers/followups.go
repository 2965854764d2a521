package offers

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Schedule returns the follow-ups an offer accepted on day leaves, owned by
// the account's CSM (the proposer when the account has none): reinstate full
// price the day a discount ends, resume the day a pause ends, and after a
// churn the policy's keep-warm touches, every KeepWarmEveryDays days.
func Schedule(o *gtg.Offer, pol *gtg.OfferPolicy, day gtg.Day) []*gtg.FollowUp {
	owner := o.Owner
	if owner == "" {
		owner = o.Proposer
	}
	mk := func(kind, title string, due gtg.Day) *gtg.FollowUp {
		return &gtg.FollowUp{OfferID: o.ID, AccountID: o.AccountID, AccountExt: o.AccountExt, AccountName: o.AccountName,
			Kind: kind, Title: title, Owner: owner, Due: due, Status: gtg.TaskTodo}
	}
	var out []*gtg.FollowUp
	switch o.Rung {
	case gtg.RungDiscount:
		out = append(out, mk(gtg.FollowUpReinstate, fmt.Sprintf("Reinstate full price: the %v%% discount ends, ARR back to %s",
			o.Terms.Percent, gtg.Money(o.ARRBefore)), o.Terms.Until))
	case gtg.RungPause:
		out = append(out, mk(gtg.FollowUpResume, fmt.Sprintf("Resume the contract: the pause ends, ARR %s again",
			gtg.Money(o.ARRBefore)), o.Terms.Until))
	case gtg.RungChurn:
		for k := 1; k <= pol.KeepWarmTouches; k++ {
			out = append(out, mk(gtg.FollowUpKeepWarm, fmt.Sprintf("Keep-warm touch %d of %d", k, pol.KeepWarmTouches),
				day.AddDays(k*pol.KeepWarmEveryDays)))
		}
	}
	return out
}

func auditFollowUp(ctx context.Context, tx *store.Tx, actor, action string, f *gtg.FollowUp) error {
	b, _ := json.Marshal(f)
	return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: action, Entity: "offer_followup", EntityID: fmt.Sprint(f.ID), After: string(b)})
}

// FollowUps returns the follow-ups the filter selects, by due day.
func FollowUps(ctx context.Context, st *store.Store, f gtg.FollowUpFilter) ([]*gtg.FollowUp, error) {
	return st.FollowUps(ctx, f)
}

// CompleteFollowUp marks a follow-up done or dropped (status) with a note. A
// reinstatement done records the expansion back to full price, and a resume
// the resumed contract, each dated the follow-up's due day (the contract's
// date), so retention metrics follow. It needs a CSM or above; ECONFLICT when
// the follow-up is already closed.
func CompleteFollowUp(ctx context.Context, st *store.Store, u *gtg.User, id int64, status, note string, today gtg.Day) (*gtg.FollowUp, error) {
	if err := gtg.Require(u, gtg.UserCSM, "complete a follow-up"); err != nil {
		return nil, err
	}
	status = strings.ToLower(strings.TrimSpace(status))
	note = strings.TrimSpace(note)
	if status != gtg.TaskDone && status != gtg.TaskDropped {
		return nil, gtg.Errorf(gtg.EINVALID, "status: %q is not one of done, dropped", status)
	}
	if len(note) > gtg.MaxFieldLen {
		return nil, gtg.Errorf(gtg.EINVALID, "note: longer than %d bytes", gtg.MaxFieldLen)
	}
	var f *gtg.FollowUp
	err := st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if f, err = tx.FollowUpForUpdate(ctx, id); err != nil {
			return err
		}
		if f.Closed() {
			return gtg.Errorf(gtg.ECONFLICT, "follow-up #%d is already %s", id, f.Status)
		}
		f.Status, f.DoneOn, f.DoneBy, f.Note = status, today, u.Email, note
		if err := tx.UpdateFollowUp(ctx, f); err != nil {
			return err
		}
		if err := auditFollowUp(ctx, tx, u.Email, status, f); err != nil {
			return err
		}
		if status != gtg.TaskDone || (f.Kind != gtg.FollowUpReinstate && f.Kind != gtg.FollowUpResume) {
			return nil
		}
		o, err := tx.OfferForUpdate(ctx, f.OfferID)
		if err != nil {
			return err
		}
		out := &gtg.Outcome{AccountID: o.AccountID, AccountExternalID: o.AccountExt, Day: f.Due, Type: gtg.OutcomeExpanded,
			ARRBefore: o.ARRAfter, ARRAfter: o.ARRBefore}
		if f.Kind == gtg.FollowUpResume {
			out.Type, out.ARRBefore = gtg.OutcomeResumed, 0
		}
		if _, err := tx.UpsertOutcomes(ctx, []*gtg.Outcome{out}); err != nil {
			return fmt.Errorf("follow-up #%d outcome: %w", id, err)
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "create", Entity: "outcome", EntityID: o.AccountExt,
			After: fmt.Sprintf(`{"date":%q,"type":%q,"arr_before":%v,"arr_after":%v,"followup_id":%d}`, out.Day, out.Type, out.ARRBefore, out.ARRAfter, id)})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}
