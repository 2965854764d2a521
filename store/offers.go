package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

const offerCols = `o.id, o.account_id, a.external_id, a.name, o.owner, o.segment, o.plan_id, o.rung, o.terms, o.arr_before,
	o.arr_after, o.skipped, o.status, o.guardrails, o.policy, o.proposer, o.proposed_on, o.expires_on, o.approver,
	o.decided_on, o.closed_by, o.closed_on, o.note, o.created_at, o.updated_at`

func scanOffer(row interface{ Scan(...any) error }) (*gtg.Offer, error) {
	var o gtg.Offer
	var plan sql.NullInt64
	var terms, skipped, guardrails string
	if err := row.Scan(&o.ID, &o.AccountID, &o.AccountExt, &o.AccountName, &o.Owner, &o.Segment, &plan, &o.Rung, &terms,
		&o.ARRBefore, &o.ARRAfter, &skipped, &o.Status, &guardrails, &o.Policy, &o.Proposer, dayDest{&o.ProposedOn},
		dayDest{&o.ExpiresOn}, &o.Approver, dayDest{&o.DecidedOn}, &o.ClosedBy, dayDest{&o.ClosedOn}, &o.Note,
		timeDest{&o.CreatedAt}, timeDest{&o.UpdatedAt}); err != nil {
		return nil, err
	}
	o.PlanID = plan.Int64
	o.Skipped, o.Guardrails = []gtg.SkippedRung{}, []string{}
	if err := decodeJSONColumn(terms, "offer terms", &o.Terms); err != nil {
		return nil, err
	}
	if err := decodeJSONColumn(skipped, "offer skipped", &o.Skipped); err != nil {
		return nil, err
	}
	if err := decodeJSONColumn(guardrails, "offer guardrails", &o.Guardrails); err != nil {
		return nil, err
	}
	return &o, nil
}

// idArg binds an optional reference: NULL when 0.
func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateOffer records a new offer after checking, in the same transaction,
// the save ladder's order: every rung above the offer's must have been tried
// on the account since its last accepted offer (declined, rejected or
// expired) or carry a reason for skipping it. A skip without a reason is
// EINVALID naming the rung, and nothing is written; an account with an offer
// still in play is ECONFLICT. The proposal is written to the audit log.
func (tx *Tx) CreateOffer(ctx context.Context, o *gtg.Offer) error {
	s := tx.s
	if err := o.Validate(); err != nil {
		return err
	}
	var open int64
	err := s.queryRow(ctx, tx.tx, `SELECT id FROM offers WHERE account_id = ? AND status IN ('proposed', 'pending_approval', 'approved')
		ORDER BY id LIMIT 1`, o.AccountID).Scan(&open)
	if err == nil {
		return gtg.Errorf(gtg.ECONFLICT, "account %s already has offer #%d in play: accept, decline or reject it first", o.AccountExt, open)
	} else if err != sql.ErrNoRows {
		return fmt.Errorf("offers of %s: %w", o.AccountExt, err)
	}
	tried, err := s.triedRungs(ctx, tx.tx, o.AccountID)
	if err != nil {
		return err
	}
	if err := o.CheckLadder(tried); err != nil {
		return err
	}
	now := s.now()
	o.CreatedAt, o.UpdatedAt = now, now
	terms, _ := json.Marshal(o.Terms)
	skipped, err := encodeJSONList(o.Skipped)
	if err != nil {
		return err
	}
	guardrails, err := encodeJSONList(o.Guardrails)
	if err != nil {
		return err
	}
	err = s.queryRow(ctx, tx.tx, `INSERT INTO offers (account_id, plan_id, owner, segment, rung, terms, arr_before, arr_after, skipped,
		status, guardrails, policy, proposer, proposed_on, expires_on, note, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`, o.AccountID, idArg(o.PlanID), o.Owner, o.Segment, o.Rung,
		string(terms), o.ARRBefore, o.ARRAfter, skipped, o.Status, guardrails, o.Policy, o.Proposer, dayArg(o.ProposedOn),
		dayArg(o.ExpiresOn), o.Note, now, now).Scan(&o.ID)
	if err = s.d.mapErr(err); gtg.ErrorCode(err) == gtg.ECONFLICT {
		return gtg.Errorf(gtg.ECONFLICT, "account %s already has an offer in play: accept, decline or reject it first", o.AccountExt)
	} else if err != nil {
		return fmt.Errorf("store offer for %s: %w", o.AccountExt, err)
	}
	return tx.AuditOffer(ctx, o.Proposer, "propose", nil, o)
}

// triedRungs returns the rungs offered to an account since its last accepted
// offer and not taken up (declined, rejected or expired).
func (s *Store) triedRungs(ctx context.Context, q querier, accountID int64) (map[string]bool, error) {
	rows, err := s.query(ctx, q, `SELECT rung FROM offers WHERE account_id = ? AND status IN ('declined', 'rejected', 'expired')
		AND id > COALESCE((SELECT MAX(id) FROM offers WHERE account_id = ? AND status = 'accepted'), 0)`, accountID, accountID)
	if err != nil {
		return nil, fmt.Errorf("rungs tried: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out[r] = true
	}
	return out, rows.Err()
}

// TriedRungs returns the rungs an account was offered since its last
// accepted offer and did not take up: those a new offer need not explain.
func (s *Store) TriedRungs(ctx context.Context, accountID int64) (map[string]bool, error) {
	return s.triedRungs(ctx, s.db, accountID)
}

// AuditOffer writes an offer change to the audit log: the action and the
// offer before (nil for a new one) and after.
func (tx *Tx) AuditOffer(ctx context.Context, actor, action string, before, after *gtg.Offer) error {
	e := gtg.AuditEntry{Actor: actor, Action: action, Entity: "offer", EntityID: fmt.Sprint(after.ID)}
	if before != nil {
		b, _ := json.Marshal(before)
		e.Before = string(b)
	}
	a, _ := json.Marshal(after)
	e.After = string(a)
	return tx.Audit(ctx, e)
}

// OfferForUpdate reads an offer inside a transaction; ENOTFOUND when there is none.
func (tx *Tx) OfferForUpdate(ctx context.Context, id int64) (*gtg.Offer, error) {
	o, err := scanOffer(tx.s.queryRow(ctx, tx.tx, `SELECT `+offerCols+` FROM offers o JOIN accounts a ON a.id = o.account_id
		WHERE o.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "no offer #%d", id)
	}
	return o, nil
}

// UpdateOffer writes what a decision changes: status, approver, dates, note.
func (tx *Tx) UpdateOffer(ctx context.Context, o *gtg.Offer) error {
	s := tx.s
	o.UpdatedAt = s.now()
	res, err := s.exec(ctx, tx.tx, `UPDATE offers SET status = ?, approver = ?, decided_on = ?, closed_by = ?, closed_on = ?, note = ?,
		updated_at = ? WHERE id = ?`, o.Status, o.Approver, dayArg(o.DecidedOn), o.ClosedBy, dayArg(o.ClosedOn), o.Note, o.UpdatedAt, o.ID)
	if err != nil {
		return fmt.Errorf("update offer %d: %w", o.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "no offer #%d", o.ID)
	}
	return nil
}

// Offer returns one offer; ENOTFOUND when there is none.
func (s *Store) Offer(ctx context.Context, id int64) (*gtg.Offer, error) {
	o, err := scanOffer(s.queryRow(ctx, s.db, `SELECT `+offerCols+` FROM offers o JOIN accounts a ON a.id = o.account_id WHERE o.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "no offer #%d", id)
	}
	return o, nil
}

// Offers returns the offers the filter selects, newest first.
func (s *Store) Offers(ctx context.Context, f gtg.OfferFilter) ([]*gtg.Offer, error) {
	var where []string
	var args []any
	if f.AccountID != 0 {
		where, args = append(where, "o.account_id = ?"), append(args, f.AccountID)
	}
	if f.PlanID != 0 {
		where, args = append(where, "o.plan_id = ?"), append(args, f.PlanID)
	}
	if f.Owner != "" {
		where, args = append(where, "o.owner = ?"), append(args, f.Owner)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "o.status IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.Statuses)), ",")+")")
		for _, st := range f.Statuses {
			args = append(args, st)
		}
	}
	q := `SELECT ` + offerCols + ` FROM offers o JOIN accounts a ON a.id = o.account_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY o.proposed_on DESC, o.id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.query(ctx, s.db, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list offers: %w", err)
	}
	defer rows.Close()
	out := []*gtg.Offer{}
	for rows.Next() {
		o, err := scanOffer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ExpirableOffers returns the open offers whose expiry day is before day.
func (tx *Tx) ExpirableOffers(ctx context.Context, day gtg.Day) ([]*gtg.Offer, error) {
	rows, err := tx.s.query(ctx, tx.tx, `SELECT `+offerCols+` FROM offers o JOIN accounts a ON a.id = o.account_id
		WHERE o.status IN ('proposed', 'pending_approval', 'approved') AND o.expires_on IS NOT NULL AND o.expires_on < ? ORDER BY o.id`, dayArg(day))
	if err != nil {
		return nil, fmt.Errorf("expirable offers: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Offer
	for rows.Next() {
		o, err := scanOffer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

const followUpCols = `f.id, f.offer_id, f.account_id, a.external_id, a.name, f.kind, f.title, f.owner, f.due, f.status, f.done_on,
	f.done_by, f.note`

func scanFollowUp(row interface{ Scan(...any) error }) (*gtg.FollowUp, error) {
	var f gtg.FollowUp
	if err := row.Scan(&f.ID, &f.OfferID, &f.AccountID, &f.AccountExt, &f.AccountName, &f.Kind, &f.Title, &f.Owner, dayDest{&f.Due},
		&f.Status, dayDest{&f.DoneOn}, &f.DoneBy, &f.Note); err != nil {
		return nil, err
	}
	return &f, nil
}

// AddFollowUps stores follow-ups and fills their IDs.
func (tx *Tx) AddFollowUps(ctx context.Context, fs []*gtg.FollowUp) error {
	for _, f := range fs {
		if err := tx.s.queryRow(ctx, tx.tx, `INSERT INTO offer_followups (offer_id, account_id, kind, title, owner, due, status, done_on,
			done_by, note) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id`, f.OfferID, f.AccountID, f.Kind, f.Title, f.Owner, dayArg(f.Due),
			f.Status, dayArg(f.DoneOn), f.DoneBy, f.Note).Scan(&f.ID); err != nil {
			return fmt.Errorf("store follow-up %q: %w", f.Title, tx.s.d.mapErr(err))
		}
	}
	return nil
}

// FollowUpForUpdate reads a follow-up inside a transaction; ENOTFOUND when there is none.
func (tx *Tx) FollowUpForUpdate(ctx context.Context, id int64) (*gtg.FollowUp, error) {
	f, err := scanFollowUp(tx.s.queryRow(ctx, tx.tx, `SELECT `+followUpCols+` FROM offer_followups f JOIN accounts a ON a.id = f.account_id
		WHERE f.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "no follow-up #%d", id)
	}
	return f, nil
}

// UpdateFollowUp writes a follow-up's status, done day, who and note.
func (tx *Tx) UpdateFollowUp(ctx context.Context, f *gtg.FollowUp) error {
	res, err := tx.s.exec(ctx, tx.tx, `UPDATE offer_followups SET status = ?, done_on = ?, done_by = ?, note = ? WHERE id = ?`,
		f.Status, dayArg(f.DoneOn), f.DoneBy, f.Note, f.ID)
	if err != nil {
		return fmt.Errorf("update follow-up %d: %w", f.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "no follow-up #%d", f.ID)
	}
	return nil
}

// FollowUps returns the follow-ups the filter selects, by due day.
func (s *Store) FollowUps(ctx context.Context, f gtg.FollowUpFilter) ([]*gtg.FollowUp, error) {
	return s.followUps(ctx, s.db, f)
}

// FollowUps returns the follow-ups the filter selects inside a transaction.
func (tx *Tx) FollowUps(ctx context.Context, f gtg.FollowUpFilter) ([]*gtg.FollowUp, error) {
	return tx.s.followUps(ctx, tx.tx, f)
}

func (s *Store) followUps(ctx context.Context, q querier, f gtg.FollowUpFilter) ([]*gtg.FollowUp, error) {
	var where []string
	var args []any
	if f.AccountID != 0 {
		where, args = append(where, "f.account_id = ?"), append(args, f.AccountID)
	}
	if f.OfferID != 0 {
		where, args = append(where, "f.offer_id = ?"), append(args, f.OfferID)
	}
	if f.Owner != "" {
		where, args = append(where, "f.owner = ?"), append(args, f.Owner)
	}
	if f.Open {
		where = append(where, "f.status = 'todo'")
	}
	query := `SELECT ` + followUpCols + ` FROM offer_followups f JOIN accounts a ON a.id = f.account_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.query(ctx, q, query+" ORDER BY f.due, f.id", args...)
	if err != nil {
		return nil, fmt.Errorf("list follow-ups: %w", err)
	}
	defer rows.Close()
	out := []*gtg.FollowUp{}
	for rows.Next() {
		f, err := scanFollowUp(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

var offerPolicyTable = versionedTable{"offer_policies", "offer policy"}

// SaveOfferPolicy records an applied guardrail policy version (see saveVersioned).
func (s *Store) SaveOfferPolicy(ctx context.Context, actor, name string, version int, yaml []byte) (bool, error) {
	return s.saveVersioned(ctx, offerPolicyTable, actor, name, version, yaml)
}

// OfferPolicy returns the guardrail policy in force: the version applied
// last. ENOTFOUND when none has been applied.
func (s *Store) OfferPolicy(ctx context.Context) (*Versioned, error) {
	var v Versioned
	var y string
	var at sql.NullTime
	err := s.queryRow(ctx, s.db, `SELECT name, version, yaml, applied_by, applied_at FROM offer_policies
		ORDER BY applied_at DESC, version DESC LIMIT 1`).Scan(&v.Name, &v.Version, &y, &v.AppliedBy, timeDest{&at.Time})
	if err != nil {
		return nil, notFound(err, "no offer policy applied")
	}
	v.YAML, v.AppliedAt = []byte(y), gtg.DayOf(at.Time)
	return &v, nil
}

// AlertsFor returns the alerts the filter selects, inside a transaction (as Store.Alerts).
func (tx *Tx) AlertsFor(ctx context.Context, f gtg.AlertFilter) ([]*gtg.Alert, error) {
	return tx.s.alerts(ctx, tx.tx, f)
}
