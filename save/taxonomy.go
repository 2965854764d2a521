package save

import (
	"context"
	"encoding/json"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Reasons returns the risk reason taxonomy in its order, retired reasons
// included, seeding it on first use.
func Reasons(ctx context.Context, st *store.Store) ([]*gtg.RiskReason, error) {
	if err := ensureSeeded(ctx, st, seedReasons); err != nil {
		return nil, err
	}
	return st.RiskReasons(ctx)
}

// PutReasons adds reasons to the taxonomy or edits them (a manager's job),
// all or nothing. Retiring a reason keeps it on old profiles but stops it
// being chosen.
func PutReasons(ctx context.Context, st *store.Store, u *gtg.User, rs ...*gtg.RiskReason) error {
	if err := gtg.Require(u, gtg.UserManager, "edit the risk taxonomy"); err != nil {
		return err
	}
	for _, r := range rs {
		r.Normalize()
		if err := r.Validate(); err != nil {
			return gtg.Errorf(gtg.EINVALID, "reason %s: %s", r.Key, gtg.ErrorMessage(err))
		}
	}
	if err := ensureSeeded(ctx, st, seedReasons); err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		for _, r := range rs {
			if err := tx.PutRiskReason(ctx, u.Email, r); err != nil {
				return err
			}
			after, _ := json.Marshal(r)
			if err := tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "update", Entity: "risk_reason", EntityID: r.Key, After: string(after)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// reasonIndex maps reason keys to reasons.
func reasonIndex(ctx context.Context, st *store.Store) (map[string]*gtg.RiskReason, error) {
	rs, err := Reasons(ctx, st)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*gtg.RiskReason, len(rs))
	for _, r := range rs {
		m[r.Key] = r
	}
	return m, nil
}

// checkReasons returns EINVALID naming the first key that is not a live reason of the taxonomy.
func checkReasons(idx map[string]*gtg.RiskReason, field string, keys []string) error {
	for _, k := range keys {
		r := idx[k]
		if r == nil {
			return gtg.Errorf(gtg.EINVALID, "%s: %q is not in the risk taxonomy (see gtg risk reasons)", field, k)
		}
		if r.Retired {
			return gtg.Errorf(gtg.EINVALID, "%s: %q is retired from the risk taxonomy", field, k)
		}
	}
	return nil
}
