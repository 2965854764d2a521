package save

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// DefaultQuestionnaire is the questionnaire a re-discovery uses when it names none.
const DefaultQuestionnaire = "crisis_rediscovery"

// Questionnaires returns the re-discovery questionnaires, seeding them on first use.
func Questionnaires(ctx context.Context, st *store.Store) ([]*gtg.Questionnaire, error) {
	if err := ensureSeeded(ctx, st, seedQuestionnaires); err != nil {
		return nil, err
	}
	return st.Questionnaires(ctx)
}

// Questionnaire returns one questionnaire, or ENOTFOUND.
func Questionnaire(ctx context.Context, st *store.Store, key string) (*gtg.Questionnaire, error) {
	if err := ensureSeeded(ctx, st, seedQuestionnaires); err != nil {
		return nil, err
	}
	return st.Questionnaire(ctx, key)
}

// PutQuestionnaire adds or replaces a questionnaire (a manager's job).
func PutQuestionnaire(ctx context.Context, st *store.Store, u *gtg.User, q *gtg.Questionnaire) error {
	if err := gtg.Require(u, gtg.UserManager, "edit questionnaires"); err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return err
	}
	if err := ensureSeeded(ctx, st, seedQuestionnaires); err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.PutQuestionnaire(ctx, u.Email, q); err != nil {
			return err
		}
		after, _ := json.Marshal(q)
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "update", Entity: "questionnaire", EntityID: q.Key, After: string(after)})
	})
}

// RecordRediscovery stores a re-discovery call for the account r.AccountExt
// and, when risk is not nil, sets the account's risk profile in the same
// step (and transaction). It needs a CSM or above.
func RecordRediscovery(ctx context.Context, st *store.Store, u *gtg.User, r *gtg.Rediscovery, risk *gtg.RiskChange) error {
	if err := gtg.Require(u, gtg.UserCSM, "record a re-discovery"); err != nil {
		return err
	}
	a, err := st.Account(ctx, r.AccountExt)
	if err != nil {
		return err
	}
	r.AccountID, r.AccountExt, r.CreatedBy, r.RiskProfileID = a.ID, a.ExternalID, u.Email, 0
	if r.Questionnaire == "" {
		r.Questionnaire = DefaultQuestionnaire
	}
	q, err := Questionnaire(ctx, st, r.Questionnaire)
	if gtg.ErrorCode(err) == gtg.ENOTFOUND {
		return gtg.Errorf(gtg.EINVALID, "questionnaire: no questionnaire %q", r.Questionnaire)
	} else if err != nil {
		return err
	}
	if err := r.Validate(q); err != nil {
		return err
	}
	var p *gtg.RiskProfile
	if risk != nil {
		if p, err = newProfile(ctx, st, u, a, *risk, gtg.RiskSourceRediscovery); err != nil {
			return err
		}
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		if p != nil {
			if err := addProfile(ctx, tx, p); err != nil {
				return err
			}
			r.RiskProfileID = p.ID
		}
		if err := tx.AddRediscovery(ctx, r); err != nil {
			return err
		}
		after, _ := json.Marshal(r)
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "create", Entity: "rediscovery", EntityID: fmt.Sprint(r.ID), After: string(after)})
	})
}

// Rediscoveries returns an account's re-discovery records, newest first.
func Rediscoveries(ctx context.Context, st *store.Store, accountExt string) ([]*gtg.Rediscovery, error) {
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	return st.Rediscoveries(ctx, a.ID)
}
