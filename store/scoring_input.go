package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"

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
	// EventTypes limits the events read to these types: nil reads every
	// type, an empty non-nil list none (a scorecard that reads no events).
	EventTypes []string
	// SkipContacts leaves Contacts nil, for a scorecard that reads none.
	SkipContacts bool
	// AccountIDs limits the scan to these accounts (nil: all).
	AccountIDs []int64
	// BlockSize is how many accounts are read per round of queries (default 500).
	BlockSize int
}

// ScanScoringInputs calls fn for every account in id order with its contacts,
// metrics and events in the window. It reads accounts a block at a time, so
// memory stays bounded however many accounts there are. The input passed to fn
// is only valid during the call.
//
// Blocks are read ahead by a few goroutines while fn works on the current
// one, so reading and scoring use more than one core; fn is still called
// from the caller's goroutine, one account at a time and in order.
func (s *Store) ScanScoringInputs(ctx context.Context, q ScanQuery, fn func(in *ScoringInput) error) error {
	if q.To < q.From {
		return gtg.Errorf(gtg.EINVALID, "scan: to %s is before from %s", q.To, q.From)
	}
	if q.BlockSize <= 0 {
		q.BlockSize = 500
	}
	types, err := s.attrTypes(ctx, s.db)
	if err != nil {
		return err
	}
	plan, err := s.planScoring(ctx, q)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	// Two readers keep two cores busy with fn; more would only take
	// connections from fn (SQLite's pool is small).
	readers := min(max(runtime.GOMAXPROCS(0), 1), 2)
	queue := make(chan *scoringBlock, readers+1) // blocks in id order, loaded or being loaded
	jobs := make(chan *scoringBlock)
	free := make(chan *scoringBuf, readers+2) // buffers back from fn, to reuse
	var wg sync.WaitGroup
	wg.Add(1 + readers)
	go func() { // pages through the accounts and hands out blocks
		defer wg.Done()
		defer close(queue)
		defer close(jobs)
		s.planScoringBlocks(ctx, q, types, plan, queue, jobs, free, readers+2)
	}()
	for range readers {
		go func() {
			defer wg.Done()
			// Each reader keeps one connection for the whole scan: handing
			// it back to the pool after each query would let the pool close
			// it (it keeps two idle) and lose its page cache.
			conn, err := s.db.Conn(ctx)
			if conn != nil {
				defer conn.Close()
			}
			for b := range jobs {
				if b.err = err; err == nil {
					b.err = s.loadScoringBlock(ctx, conn, q, plan, b.buf)
				}
				close(b.done)
			}
		}()
	}
	defer func() { // on every return, stop the readers and wait for them
		cancel()
		wg.Wait()
	}()
	for b := range queue {
		select {
		case <-b.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if b.err != nil {
			return b.err
		}
		for i := range b.buf.inputs {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(&b.buf.inputs[i]); err != nil {
				return err
			}
		}
		free <- b.buf // never blocks: it holds every buffer ever made
	}
	return ctx.Err()
}

// scoringPlan is what every block's queries share: the metrics by id, in the
// order their series are laid out, and the first day of each month read.
type scoringPlan struct {
	keys       []string      // metric keys found, by position
	pos        map[int64]int // metric id → position in keys
	ids        []any         // metric ids, as query arguments
	m0, m1     int           // months read
	monthStart []gtg.Day     // first day of each month from m0
	days       int
}

func (s *Store) planScoring(ctx context.Context, q ScanQuery) (*scoringPlan, error) {
	p := &scoringPlan{pos: map[int64]int{}, days: int(q.To-q.From) + 1}
	p.m0, _ = q.From.Month()
	p.m1, _ = q.To.Month()
	for m := p.m0; m <= p.m1; m++ {
		p.monthStart = append(p.monthStart, gtg.MonthStart(m))
	}
	if len(q.Metrics) == 0 {
		return p, nil
	}
	args := make([]any, len(q.Metrics))
	for i, k := range q.Metrics {
		args[i] = k
	}
	rows, err := s.query(ctx, s.db, `SELECT id, key FROM metric_keys WHERE key IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			return nil, err
		}
		p.pos[id] = len(p.keys)
		p.keys = append(p.keys, k)
		p.ids = append(p.ids, id)
	}
	return p, rows.Err()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// scoringBlock is one block of accounts on its way to fn.
type scoringBlock struct {
	buf  *scoringBuf
	done chan struct{} // closed when buf is loaded or err is set
	err  error
}

// scoringBuf holds a block's inputs. Buffers go round between the readers and
// fn, so a scan allocates the series of a few blocks, not of every account.
type scoringBuf struct {
	inputs []ScoringInput
	at     map[int64]int // account id → index in inputs
	values []float64     // every series of the block, back to back
}

// planScoringBlocks reads the accounts a block at a time and queues each block,
// in order, for the readers; it stops early when ctx ends.
func (s *Store) planScoringBlocks(ctx context.Context, q ScanQuery, types map[string]string, plan *scoringPlan,
	queue, jobs chan<- *scoringBlock, free chan *scoringBuf, maxBufs int) {
	var after int64
	made := 0
	ids := q.AccountIDs
	for {
		var accts []*gtg.Account
		var err error
		if ids != nil {
			n := min(q.BlockSize, len(ids))
			accts, err = s.accountsByIDs(ctx, ids[:n], types)
			ids = ids[n:]
		} else {
			accts, err = s.accountBlock(ctx, after, q.BlockSize, types)
		}
		if err == nil && len(accts) == 0 {
			return
		}
		b := &scoringBlock{done: make(chan struct{})}
		if err != nil {
			b.err = err
			close(b.done)
			select {
			case queue <- b:
			case <-ctx.Done():
			}
			return
		}
		after = accts[len(accts)-1].ID
		select { // a buffer fn has finished with, or a new one while there are few
		case b.buf = <-free:
		default:
			if made < maxBufs {
				b.buf = &scoringBuf{at: map[int64]int{}}
				made++
			} else {
				select {
				case b.buf = <-free:
				case <-ctx.Done():
					return
				}
			}
		}
		b.buf.reset(accts, plan, q.From)
		select {
		case queue <- b:
		case <-ctx.Done():
			return
		}
		select {
		case jobs <- b:
		case <-ctx.Done():
			return
		}
		if ids != nil && len(ids) == 0 {
			return
		}
	}
}

// reset readies the buffer for a block: every series NaN (no data), reusing
// the previous block's memory and maps.
func (b *scoringBuf) reset(accts []*gtg.Account, plan *scoringPlan, from gtg.Day) {
	n := len(accts) * len(plan.keys) * plan.days
	if cap(b.values) < n {
		b.values = make([]float64, n)
	}
	b.values = b.values[:n]
	nan := math.NaN()
	for i := range b.values {
		b.values[i] = nan
	}
	if cap(b.inputs) < len(accts) {
		b.inputs = append(b.inputs[:cap(b.inputs)], make([]ScoringInput, len(accts)-cap(b.inputs))...)
	}
	b.inputs = b.inputs[:len(accts)]
	clear(b.at)
	for i, a := range accts {
		in := &b.inputs[i]
		in.Account, in.Contacts, in.Events = a, nil, nil
		if in.Series == nil { // later blocks overwrite the same keys
			in.Series = make(map[string]gtg.Series, len(plan.keys))
		}
		for k, key := range plan.keys {
			off := (i*len(plan.keys) + k) * plan.days
			in.Series[key] = gtg.Series{Key: key, From: from, Values: b.values[off : off+plan.days : off+plan.days]}
		}
		b.at[a.ID] = i
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
	rows, err := s.query(ctx, s.db, `SELECT `+accountCols+` FROM accounts WHERE id IN (`+placeholders(len(ids))+`) ORDER BY id`, args...)
	return scanAccounts(rows, err, types)
}

// loadScoringBlock reads the block's metrics, contacts and events into b,
// each with one query over the block's id range.
func (s *Store) loadScoringBlock(ctx context.Context, conn querier, q ScanQuery, plan *scoringPlan, b *scoringBuf) error {
	lo, hi := b.inputs[0].Account.ID, b.inputs[len(b.inputs)-1].Account.ID
	if len(plan.ids) > 0 {
		if err := s.loadScoringMetrics(ctx, conn, q, plan, b, lo, hi); err != nil {
			return err
		}
	}
	if !q.SkipContacts {
		if err := s.loadScoringContacts(ctx, conn, b, lo, hi); err != nil {
			return err
		}
	}
	if q.EventTypes != nil && len(q.EventTypes) == 0 {
		return nil
	}
	return s.loadScoringEvents(ctx, conn, q, b, lo, hi)
}

func (s *Store) loadScoringEvents(ctx context.Context, conn querier, q ScanQuery, b *scoringBuf, lo, hi int64) error {
	query := `SELECT e.id, e.account_id, COALESCE(e.contact_id, 0), COALESCE(c.email, ''), e.external_id,
		e.type, e.occurred_at, e.attrs FROM events e LEFT JOIN contacts c ON c.id = e.contact_id
		WHERE e.account_id BETWEEN ? AND ? AND e.occurred_at >= ? AND e.occurred_at < ?`
	args := []any{lo, hi, q.From.Time(), (q.To + 1).Time()}
	// For a few named accounts (one just written about) the types are
	// filtered here: given "type IN" SQLite's planner prefers the type
	// index and reads every account's events in the window (a second at
	// 10,000 accounts) instead of the few accounts' own.
	var wanted map[string]bool
	if q.EventTypes != nil && q.AccountIDs != nil {
		wanted = make(map[string]bool, len(q.EventTypes))
		for _, t := range q.EventTypes {
			wanted[t] = true
		}
	} else if q.EventTypes != nil {
		query += ` AND e.type IN (` + placeholders(len(q.EventTypes)) + `)`
		for _, t := range q.EventTypes {
			args = append(args, t)
		}
	}
	rows, err := s.query(ctx, conn, query+` ORDER BY e.account_id, e.occurred_at, e.id`, args...)
	if err != nil {
		return fmt.Errorf("scan events: %w", err)
	}
	defer rows.Close()
	noTypes := map[string]string{}
	for rows.Next() {
		var e gtg.Event
		var attrs string
		if err := rows.Scan(&e.ID, &e.AccountID, &e.ContactID, &e.ContactEmail, &e.ExternalID, &e.Type, timeDest{&e.OccurredAt}, &attrs); err != nil {
			return err
		}
		if wanted != nil && !wanted[e.Type] {
			continue
		}
		if e.Attrs, err = decodeAttrs(attrs, noTypes); err != nil {
			return err
		}
		if i, ok := b.at[e.AccountID]; ok {
			in := &b.inputs[i]
			e.AccountExternalID = in.Account.ExternalID
			in.Events = append(in.Events, &e)
		}
	}
	return rows.Err()
}

func (s *Store) loadScoringContacts(ctx context.Context, conn querier, b *scoringBuf, lo, hi int64) error {
	rows, err := s.query(ctx, conn, `SELECT `+contactCols+` FROM contacts c JOIN accounts a ON a.id = c.account_id
		WHERE c.account_id BETWEEN ? AND ? ORDER BY c.account_id, c.id`, lo, hi)
	if err != nil {
		return fmt.Errorf("scan contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return err
		}
		if i, ok := b.at[c.AccountID]; ok {
			b.inputs[i].Contacts = append(b.inputs[i].Contacts, c)
		}
	}
	return rows.Err()
}

// loadScoringMetrics decodes the block's metric chunks straight into its series.
func (s *Store) loadScoringMetrics(ctx context.Context, conn querier, q ScanQuery, plan *scoringPlan, b *scoringBuf, lo, hi int64) error {
	args := append([]any{lo, hi, plan.m0, plan.m1}, plan.ids...)
	rows, err := s.query(ctx, conn, `SELECT account_id, metric_id, month, data FROM metric_chunks
		WHERE account_id BETWEEN ? AND ? AND month BETWEEN ? AND ? AND metric_id IN (`+placeholders(len(plan.ids))+`)`, args...)
	if err != nil {
		return fmt.Errorf("scan metrics: %w", err)
	}
	defer rows.Close()
	nm := len(plan.keys)
	var acct, metric int64 // declared once: Scan's pointers would move them to the heap every row
	var month int
	var data sql.RawBytes // decoded before the next row, so never copied
	for rows.Next() {
		if err := rows.Scan(&acct, &metric, &month, &data); err != nil {
			return err
		}
		i, ok := b.at[acct]
		k, known := plan.pos[metric]
		if !ok || !known || month < plan.m0 || month > plan.m1 {
			continue
		}
		off := (i*nm + k) * plan.days
		if err := decodeInto(data, int(plan.monthStart[month-plan.m0]-q.From), b.values[off:off+plan.days]); err != nil {
			return fmt.Errorf("account #%d month %d: %w", acct, month, err)
		}
	}
	return rows.Err()
}
