package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"github.com/gtg-dev/gtg"
)

// ScoringInput is everything scoring needs of one account for a window of days.
type ScoringInput struct {
	Account  *gtg.Account
	Contacts []*gtg.Contact
	Series   map[string]gtg.Series // every requested metric, NaN where there is no data
	Events   []*gtg.Event          // oldest first
}

// ScanQuery says what ScanScoringInputs reads.
type ScanQuery struct {
	Metrics  []string // metric keys to read
	From, To gtg.Day  // the days of metrics and events to read, inclusive
	// AccountIDs limits the scan to these accounts (nil: all).
	AccountIDs []int64
	// BlockSize is how many accounts are read per round of queries (default 500).
	BlockSize int
}

// ScanScoringInputs calls fn for every account in id order with its contacts,
// metrics and events in the window. It reads accounts a block at a time, so
// memory stays bounded however many accounts there are. The input passed to fn
// is only valid during the call.
func (s *Store) ScanScoringInputs(ctx context.Context, q ScanQuery, fn func(in *ScoringInput) error) error {
	if q.To < q.From {
		return gtg.Errorf(gtg.EINVALID, "scan: to %s is before from %s", q.To, q.From)
	}
	block := q.BlockSize
	if block <= 0 {
		block = 500
	}
	types, err := s.attrTypes(ctx, s.db)
	if err != nil {
		return err
	}
	metricIDs := map[int64]string{}
	if len(q.Metrics) > 0 {
		args := make([]any, len(q.Metrics))
		for i, k := range q.Metrics {
			args[i] = k
		}
		rows, err := s.query(ctx, s.db, `SELECT id, key FROM metric_keys WHERE key IN (`+strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var k string
			if err := rows.Scan(&id, &k); err != nil {
				rows.Close()
				return err
			}
			metricIDs[id] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	var after int64
	for {
		var accts []*gtg.Account
		var err error
		if q.AccountIDs != nil {
			accts, err = s.accountsByIDs(ctx, q.AccountIDs[:min(block, len(q.AccountIDs))], types)
			q.AccountIDs = q.AccountIDs[min(block, len(q.AccountIDs)):]
		} else {
			accts, err = s.accountBlock(ctx, after, block, types)
		}
		if err != nil {
			return err
		}
		if len(accts) == 0 {
			return nil
		}
		after = accts[len(accts)-1].ID
		if err := s.scanBlock(ctx, q, accts, metricIDs, fn); err != nil {
			return err
		}
		if q.AccountIDs != nil && len(q.AccountIDs) == 0 {
			return nil
		}
	}
}

func (s *Store) accountBlock(ctx context.Context, after int64, n int, types map[string]string) ([]*gtg.Account, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+accountCols+` FROM accounts WHERE id > ? ORDER BY id LIMIT ?`, after, n)
	return scanAccounts(rows, err, types)
}

// scanAccounts reads every account row of a query.
func scanAccounts(rows *sql.Rows, err error, types map[string]string) ([]*gtg.Account, error) {
	if err != nil {
		return nil, fmt.Errorf("scan accounts: %w", err)
	}
	defer rows.Close()
	var out []*gtg.Account
	for rows.Next() {
		a, err := scanAccount(rows, types)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Store) accountsByIDs(ctx context.Context, ids []int64, types map[string]string) ([]*gtg.Account, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, s.db, `SELECT `+accountCols+` FROM accounts WHERE id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`) ORDER BY id`, args...)
	return scanAccounts(rows, err, types)
}

func (s *Store) scanBlock(ctx context.Context, q ScanQuery, accts []*gtg.Account, metricIDs map[int64]string, fn func(*ScoringInput) error) error {
	lo, hi := accts[0].ID, accts[len(accts)-1].ID
	inputs := make(map[int64]*ScoringInput, len(accts))
	days := int(q.To-q.From) + 1
	for _, a := range accts {
		in := &ScoringInput{Account: a, Series: make(map[string]gtg.Series, len(metricIDs))}
		for _, k := range metricIDs {
			vals := make([]float64, days)
			for i := range vals {
				vals[i] = math.NaN()
			}
			in.Series[k] = gtg.Series{Key: k, From: q.From, Values: vals}
		}
		inputs[a.ID] = in
	}
	// Metrics.
	if len(metricIDs) > 0 {
		m0, _ := q.From.Month()
		m1, _ := q.To.Month()
		args := []any{lo, hi, m0, m1}
		var ph []string
		for id := range metricIDs {
			args = append(args, id)
			ph = append(ph, "?")
		}
		rows, err := s.query(ctx, s.db, `SELECT account_id, metric_id, month, data FROM metric_chunks
			WHERE account_id BETWEEN ? AND ? AND month BETWEEN ? AND ? AND metric_id IN (`+strings.Join(ph, ",")+`)`, args...)
		if err != nil {
			return fmt.Errorf("scan metrics: %w", err)
		}
		for rows.Next() {
			var acct, metric int64
			var month int
			var data []byte
			if err := rows.Scan(&acct, &metric, &month, &data); err != nil {
				rows.Close()
				return err
			}
			in := inputs[acct]
			if in == nil {
				continue
			}
			c, err := decodeChunk(data)
			if err != nil {
				rows.Close()
				return fmt.Errorf("account #%d month %d: %w", acct, month, err)
			}
			ser := in.Series[metricIDs[metric]]
			start := gtg.MonthStart(month)
			for off := 0; off < 31; off++ {
				if c.has(off) {
					if d := start + gtg.Day(off); d >= q.From && d <= q.To {
						ser.Values[d-q.From] = c.values[off]
					}
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	// Contacts.
	rows, err := s.query(ctx, s.db, `SELECT `+contactCols+` FROM contacts c JOIN accounts a ON a.id = c.account_id
		WHERE c.account_id BETWEEN ? AND ? ORDER BY c.account_id, c.id`, lo, hi)
	if err != nil {
		return fmt.Errorf("scan contacts: %w", err)
	}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			rows.Close()
			return err
		}
		if in := inputs[c.AccountID]; in != nil {
			in.Contacts = append(in.Contacts, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Events.
	rows, err = s.query(ctx, s.db, `SELECT e.id, e.account_id, COALESCE(e.contact_id, 0), COALESCE(c.email, ''), e.external_id,
		e.type, e.occurred_at, e.attrs FROM events e LEFT JOIN contacts c ON c.id = e.contact_id
		WHERE e.account_id BETWEEN ? AND ? AND e.occurred_at >= ? AND e.occurred_at < ? ORDER BY e.account_id, e.occurred_at, e.id`,
		lo, hi, q.From.Time(), (q.To + 1).Time())
	if err != nil {
		return fmt.Errorf("scan events: %w", err)
	}
	noTypes := map[string]string{}
	for rows.Next() {
		var e gtg.Event
		var attrs string
		if err := rows.Scan(&e.ID, &e.AccountID, &e.ContactID, &e.ContactEmail, &e.ExternalID, &e.Type, timeDest{&e.OccurredAt}, &attrs); err != nil {
			rows.Close()
			return err
		}
		if e.Attrs, err = decodeAttrs(attrs, noTypes); err != nil {
			rows.Close()
			return err
		}
		if in := inputs[e.AccountID]; in != nil {
			e.AccountExternalID = in.Account.ExternalID
			in.Events = append(in.Events, &e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range accts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(inputs[a.ID]); err != nil {
			return err
		}
	}
	return nil
}
