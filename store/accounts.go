package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

const accountCols = `id, external_id, name, arr, currency, plan, seats, segment, stage, contract_start,
	renewal_date, owner, account_executive, icp_fit, attrs, created_at, updated_at`

func scanAccount(row interface{ Scan(...any) error }, types map[string]string) (*gtg.Account, error) {
	var a gtg.Account
	var attrs string
	if err := row.Scan(&a.ID, &a.ExternalID, &a.Name, &a.ARR, &a.Currency, &a.Plan, &a.Seats, &a.Segment,
		&a.Stage, dayDest{&a.ContractStart}, dayDest{&a.RenewalDate}, &a.Owner, &a.AccountExecutive,
		&a.ICPFit, &attrs, timeDest{&a.CreatedAt}, timeDest{&a.UpdatedAt}); err != nil {
		return nil, err
	}
	m, err := decodeAttrs(attrs, types)
	if err != nil {
		return nil, err
	}
	a.Attrs = m
	return &a, nil
}

// attrTypes loads the declared type of every custom attribute.
func (s *Store) attrTypes(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := s.query(ctx, q, `SELECT name, type FROM attribute_defs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var n, t string
		if err := rows.Scan(&n, &t); err != nil {
			return nil, err
		}
		m[n] = t
	}
	return m, rows.Err()
}

// AttributeTypes returns the type (number, text, date, bool) of every custom account attribute.
func (s *Store) AttributeTypes(ctx context.Context) (map[string]string, error) {
	return s.attrTypes(ctx, s.db)
}

// accountState is what an audit entry records of an account.
func accountState(a *gtg.Account) string {
	c := *a
	c.ID = 0
	b, _ := json.Marshal(struct {
		*gtg.Account
		CreatedAt, UpdatedAt struct{} `json:"-"`
	}{Account: &c})
	return string(b)
}

// UpsertAccounts inserts or updates accounts by external id, fills their IDs,
// and records each creation or change in the audit log and, dated today, in
// the account history. It returns how many
// were created or changed; an account equal to the stored one is left alone.
// Custom attributes keep the type of the first value ever stored for them: a
// value of another type is EINVALID.
func (tx *Tx) UpsertAccounts(ctx context.Context, actor string, accts []*gtg.Account) (int, error) {
	s := tx.s
	types, err := s.attrTypes(ctx, tx.tx)
	if err != nil {
		return 0, fmt.Errorf("upsert accounts: %w", err)
	}
	existing := map[string]*gtg.Account{}
	const batch = 500
	for i := 0; i < len(accts); i += batch {
		part := accts[i:min(i+batch, len(accts))]
		args := make([]any, len(part))
		for j, a := range part {
			args[j] = a.ExternalID
		}
		rows, err := s.query(ctx, tx.tx, `SELECT `+accountCols+` FROM accounts WHERE external_id IN (`+
			strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")+`)`, args...)
		if err != nil {
			return 0, fmt.Errorf("upsert accounts: %w", err)
		}
		for rows.Next() {
			a, err := scanAccount(rows, types)
			if err != nil {
				rows.Close()
				return 0, fmt.Errorf("upsert accounts: %w", err)
			}
			existing[a.ExternalID] = a
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	now := s.now()
	changed := 0
	for _, a := range accts {
		a.Normalize()
		if err := a.Validate(); err != nil {
			return changed, fmt.Errorf("account %s: %w", a.ExternalID, err)
		}
		for k, v := range a.Attrs {
			if v == nil {
				continue
			}
			t := gtg.AttrType(v)
			if have, ok := types[k]; !ok {
				if _, err := s.exec(ctx, tx.tx, `INSERT INTO attribute_defs (name, type) VALUES (?, ?)`, k, t); err != nil {
					return changed, fmt.Errorf("account %s attribute %s: %w", a.ExternalID, k, err)
				}
				types[k] = t
			} else if have != t {
				return changed, gtg.Errorf(gtg.EINVALID, "attribute %q: want %s, got %s (%v)", k, have, t, v)
			}
		}
		attrs, err := encodeAttrs(a.Attrs)
		if err != nil {
			return changed, err
		}
		old := existing[a.ExternalID]
		if old != nil {
			a.ID, a.CreatedAt, a.UpdatedAt = old.ID, old.CreatedAt, old.UpdatedAt
			if accountState(old) == accountState(a) {
				continue
			}
			a.UpdatedAt = now
			if _, err := s.exec(ctx, tx.tx, `UPDATE accounts SET name=?, arr=?, currency=?, plan=?, seats=?,
				segment=?, stage=?, contract_start=?, renewal_date=?, owner=?, account_executive=?, icp_fit=?,
				attrs=?, updated_at=? WHERE id=?`,
				a.Name, a.ARR, a.Currency, a.Plan, a.Seats, a.Segment, a.Stage, dayArg(a.ContractStart),
				dayArg(a.RenewalDate), a.Owner, a.AccountExecutive, a.ICPFit, attrs, now, a.ID); err != nil {
				return changed, fmt.Errorf("update account %s: %w", a.ExternalID, err)
			}
			if err := tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "update", Entity: "account",
				EntityID: a.ExternalID, Before: accountState(old), After: accountState(a)}); err != nil {
				return changed, err
			}
			if err := tx.PutAccountStates(ctx, a.ID, []gtg.AccountState{gtg.StateOf(a, gtg.DayOf(now))}); err != nil {
				return changed, err
			}
		} else {
			a.CreatedAt, a.UpdatedAt = now, now
			if err := s.queryRow(ctx, tx.tx, `INSERT INTO accounts (external_id, name, arr, currency, plan, seats,
				segment, stage, contract_start, renewal_date, owner, account_executive, icp_fit, attrs, created_at,
				updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
				a.ExternalID, a.Name, a.ARR, a.Currency, a.Plan, a.Seats, a.Segment, a.Stage, dayArg(a.ContractStart),
				dayArg(a.RenewalDate), a.Owner, a.AccountExecutive, a.ICPFit, attrs, now, now).Scan(&a.ID); err != nil {
				return changed, fmt.Errorf("insert account %s: %w", a.ExternalID, s.d.mapErr(err))
			}
			existing[a.ExternalID] = a
			if err := tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "create", Entity: "account",
				EntityID: a.ExternalID, After: accountState(a)}); err != nil {
				return changed, err
			}
			if err := tx.PutAccountStates(ctx, a.ID, []gtg.AccountState{gtg.StateOf(a, gtg.DayOf(now))}); err != nil {
				return changed, err
			}
		}
		changed++
	}
	return changed, nil
}

// AccountIDs maps external ids to internal ids; unknown ids are absent.
func (tx *Tx) AccountIDs(ctx context.Context, externalIDs []string) (map[string]int64, error) {
	return tx.s.accountIDs(ctx, tx.tx, externalIDs)
}

func (s *Store) accountIDs(ctx context.Context, q querier, externalIDs []string) (map[string]int64, error) {
	m := make(map[string]int64, len(externalIDs))
	const batch = 900
	for i := 0; i < len(externalIDs); i += batch {
		part := externalIDs[i:min(i+batch, len(externalIDs))]
		args := make([]any, len(part))
		for j, v := range part {
			args[j] = v
		}
		rows, err := s.query(ctx, q, `SELECT external_id, id FROM accounts WHERE external_id IN (`+
			strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("look up accounts: %w", err)
		}
		for rows.Next() {
			var ext string
			var id int64
			if err := rows.Scan(&ext, &id); err != nil {
				rows.Close()
				return nil, err
			}
			m[ext] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Account returns the account with the given external id.
func (s *Store) Account(ctx context.Context, externalID string) (*gtg.Account, error) {
	types, err := s.attrTypes(ctx, s.db)
	if err != nil {
		return nil, err
	}
	a, err := scanAccount(s.queryRow(ctx, s.db, `SELECT `+accountCols+` FROM accounts WHERE external_id = ?`, externalID), types)
	if err != nil {
		return nil, notFound(err, "account %q not found", externalID)
	}
	return a, nil
}

// AccountByID returns the account with the given internal id.
func (s *Store) AccountByID(ctx context.Context, id int64) (*gtg.Account, error) {
	types, err := s.attrTypes(ctx, s.db)
	if err != nil {
		return nil, err
	}
	a, err := scanAccount(s.queryRow(ctx, s.db, `SELECT `+accountCols+` FROM accounts WHERE id = ?`, id), types)
	if err != nil {
		return nil, notFound(err, "account #%d not found", id)
	}
	return a, nil
}

var accountSorts = map[string]string{
	"name": "name", "id": "external_id", "arr": "arr", "renewal_date": "renewal_date", "renewal": "renewal_date",
	"owner": "owner", "segment": "segment", "stage": "stage", "updated_at": "updated_at",
}

func accountWhere(f gtg.AccountFilter) (string, []any) {
	var conds []string
	var args []any
	if q := strings.TrimSpace(f.Search); q != "" {
		like := "%" + strings.ToLower(q) + "%"
		conds = append(conds, "(LOWER(name) LIKE ? OR LOWER(external_id) LIKE ?)")
		args = append(args, like, like)
	}
	for _, c := range []struct{ col, v string }{{"owner", f.Owner}, {"segment", f.Segment}, {"stage", f.Stage}} {
		if c.v != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Accounts lists accounts matching f, and how many match in all.
func (s *Store) Accounts(ctx context.Context, f gtg.AccountFilter) ([]*gtg.Account, int, error) {
	list, total, _, err := s.AccountsWithARR(ctx, f)
	return list, total, err
}

// AccountsWithARR is Accounts that also returns the total ARR of all matching accounts.
func (s *Store) AccountsWithARR(ctx context.Context, f gtg.AccountFilter) ([]*gtg.Account, int, float64, error) {
	where, args := accountWhere(f)
	var total int
	var arr float64
	if err := s.queryRow(ctx, s.db, `SELECT COUNT(*), COALESCE(SUM(arr), 0) FROM accounts`+where, args...).Scan(&total, &arr); err != nil {
		return nil, 0, 0, fmt.Errorf("count accounts: %w", err)
	}
	sortKey, dir := strings.TrimPrefix(f.Sort, "-"), "ASC"
	if strings.HasPrefix(f.Sort, "-") {
		dir = "DESC"
	}
	col, ok := accountSorts[sortKey]
	if sortKey == "" {
		col = "name"
	} else if !ok {
		return nil, 0, 0, gtg.Errorf(gtg.EINVALID, "sort: %q is not one of name, id, arr, renewal_date, owner, segment, stage, updated_at", f.Sort)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1 << 30
	}
	types, err := s.attrTypes(ctx, s.db)
	if err != nil {
		return nil, 0, 0, err
	}
	// NULLs (no renewal date) go last either way; external_id breaks ties so pages are stable.
	rows, err := s.query(ctx, s.db, `SELECT `+accountCols+` FROM accounts`+where+
		` ORDER BY (`+col+` IS NULL), `+col+` `+dir+`, external_id LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
	list, err := scanAccounts(rows, err, types)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("list accounts: %w", err)
	}
	return list, total, arr, nil
}

// AccountFacets returns the distinct owners and segments, for filters.
func (s *Store) AccountFacets(ctx context.Context) (owners, segments []string, err error) {
	get := func(col string) ([]string, error) {
		rows, err := s.query(ctx, s.db, `SELECT DISTINCT `+col+` FROM accounts WHERE `+col+` <> '' ORDER BY `+col)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, rows.Err()
	}
	if owners, err = get("owner"); err != nil {
		return nil, nil, err
	}
	segments, err = get("segment")
	return owners, segments, err
}

// CountAccounts returns how many accounts there are.
func (s *Store) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM accounts`).Scan(&n)
	return n, err
}
