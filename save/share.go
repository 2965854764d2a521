package save

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// hashShare is how a share secret is stored: its SHA-256, hex.
func hashShare(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// SharePlan makes a secret link for the customer's read-only view of a plan
// and returns the secret, shown once (the web layer builds the URL from it).
// It needs a CSM or above.
func SharePlan(ctx context.Context, st *store.Store, u *gtg.User, planID int64) (string, *gtg.PlanShare, error) {
	if err := gtg.Require(u, gtg.UserCSM, "share a plan"); err != nil {
		return "", nil, err
	}
	if _, err := st.Plan(ctx, planID); err != nil {
		return "", nil, err
	}
	b := make([]byte, 24)
	rand.Read(b) // never fails (crypto/rand panics instead)
	secret := base64.RawURLEncoding.EncodeToString(b)
	sh := &gtg.PlanShare{PlanID: planID, Prefix: secret[:6], Hash: hashShare(secret), CreatedBy: u.Email}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddPlanShare(ctx, sh); err != nil {
			return err
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "share", Entity: "plan", EntityID: fmt.Sprint(planID),
			After: fmt.Sprintf(`{"share_id":%d,"prefix":%q}`, sh.ID, sh.Prefix)})
	})
	if err != nil {
		return "", nil, err
	}
	return secret, sh, nil
}

// RevokeShare revokes a plan's share link: it stops working at once. It needs a CSM or above.
func RevokeShare(ctx context.Context, st *store.Store, u *gtg.User, planID, shareID int64) error {
	if err := gtg.Require(u, gtg.UserCSM, "revoke a plan link"); err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.RevokePlanShare(ctx, planID, shareID); err != nil {
			return err
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "revoke_share", Entity: "plan", EntityID: fmt.Sprint(planID),
			After: fmt.Sprintf(`{"share_id":%d}`, shareID)})
	})
}

// SharedPlan is the customer's read-only view of a plan: what both sides
// committed to, without our internal risk reasons, notes or lessons.
type SharedPlan struct {
	AccountName string            `json:"account_name"`
	Status      string            `json:"status"`
	StartedOn   gtg.Day           `json:"started_on"`
	TargetDate  gtg.Day           `json:"target_date"`
	Objectives  []SharedGoal      `json:"objectives"`
	Tasks       []SharedTask      `json:"tasks"`
	Progress    *gtg.PlanProgress `json:"progress"`
}

// SharedGoal is an objective as the customer sees it.
type SharedGoal struct {
	Title string `json:"title"`
	Met   bool   `json:"met"`
}

// SharedTask is a task as the customer sees it.
type SharedTask struct {
	Title     string  `json:"title"`
	OwnerSide string  `json:"owner_side"`
	Owner     string  `json:"owner"`
	Due       gtg.Day `json:"due"`
	Status    string  `json:"status"`
}

// PlanByShare returns the customer's view of the plan a live share secret
// shows; ENOTFOUND for a wrong or revoked secret. It needs no user.
func PlanByShare(ctx context.Context, st *store.Store, secret string, today gtg.Day) (*SharedPlan, error) {
	id, err := st.PlanIDByShareHash(ctx, hashShare(secret))
	if err != nil {
		return nil, err
	}
	p, err := st.Plan(ctx, id)
	if err != nil {
		return nil, err
	}
	pr, err := Progress(ctx, st, p, today)
	if err != nil {
		return nil, err
	}
	v := &SharedPlan{AccountName: p.AccountName, Status: p.Status, StartedOn: p.StartedOn, TargetDate: p.TargetDate,
		Objectives: []SharedGoal{}, Tasks: []SharedTask{}, Progress: pr}
	for _, o := range p.Objectives {
		v.Objectives = append(v.Objectives, SharedGoal{Title: o.Title, Met: o.Met})
	}
	for _, t := range p.Tasks {
		if t.Status == gtg.TaskDropped {
			continue
		}
		v.Tasks = append(v.Tasks, SharedTask{Title: t.Title, OwnerSide: t.OwnerSide, Owner: t.Owner, Due: t.Due, Status: t.Status})
	}
	return v, nil
}
