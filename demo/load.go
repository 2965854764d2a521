package demo

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// batchSize is how many accounts go into one transaction: enough to amortize
// commits, few enough that a batch's events and contacts stay small in memory.
const batchSize = 250

// flushPoints is how many metric points are buffered before they are merged
// into the store; only whole accounts are flushed, so no chunk is written twice.
const flushPoints = 100_000

// Load simulates the portfolio and writes it to st, a batch of accounts per
// transaction, never holding the whole portfolio in memory. A zero cfg.Today
// means the store clock's today. progress, if not nil, is called with the
// number of accounts written so far. Loading the same config again changes
// nothing. It returns EINVALID for a config out of range.
func Load(ctx context.Context, st *store.Store, cfg Config, progress func(done int)) (Stats, error) {
	var stats Stats
	if cfg.Today == 0 {
		cfg.Today = gtg.DayOf(st.Now().UTC())
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return stats, err
	}
	for from := 0; from < cfg.Accounts; from += batchSize {
		b, err := simulateBatch(cfg, from, min(from+batchSize, cfg.Accounts))
		if err != nil {
			return stats, err
		}
		var n Stats
		err = st.InTx(ctx, func(tx *store.Tx) error {
			n = Stats{}
			return b.write(ctx, tx, &n)
		})
		if err != nil {
			return stats, fmt.Errorf("load demo accounts %s to %s: %w",
				b.sims[0].acct.ExternalID, b.sims[len(b.sims)-1].acct.ExternalID, err)
		}
		stats.Accounts += n.Accounts
		stats.Contacts += n.Contacts
		stats.MetricPoints += n.MetricPoints
		stats.Events += n.Events
		stats.Outcomes += n.Outcomes
		if progress != nil {
			progress(from + len(b.sims))
		}
	}
	return stats, nil
}

// batch is a run of simulated accounts, validated and ready to write.
type batch struct{ sims []*sim }

// simulateBatch simulates accounts [from, to). Their metrics are generated
// later, while writing, so they are never all in memory at once.
func simulateBatch(cfg Config, from, to int) (batch, error) {
	b := batch{sims: make([]*sim, 0, to-from)}
	for i := from; i < to; i++ {
		s := simulate(cfg, i)
		if err := s.validate(); err != nil {
			return b, err
		}
		b.sims = append(b.sims, s)
	}
	return b, nil
}

// write stores the batch: accounts first, for the ids everything else needs,
// then contacts, events and outcomes, then the metrics generated on the fly.
func (b batch) write(ctx context.Context, tx *store.Tx, n *Stats) error {
	accts := make([]*gtg.Account, len(b.sims))
	var contacts []*gtg.Contact
	var events []*gtg.Event
	var outcomes []*gtg.Outcome
	for i, s := range b.sims {
		accts[i] = s.acct
	}
	if _, err := tx.UpsertAccounts(ctx, Actor, accts); err != nil {
		return err
	}
	for _, s := range b.sims {
		id := s.acct.ID
		if id == 0 {
			return gtg.Errorf(gtg.EINTERNAL, "account %s got no id", s.acct.ExternalID)
		}
		if err := tx.PutAccountStates(ctx, id, s.history()); err != nil {
			return err
		}
		for _, p := range s.people {
			p.c.AccountID = id
			contacts = append(contacts, p.c)
		}
		for _, e := range s.events {
			e.AccountID = id
			events = append(events, e)
		}
		for _, o := range s.outcomes {
			o.AccountID = id
			outcomes = append(outcomes, o)
		}
	}
	if _, err := tx.UpsertContacts(ctx, Actor, contacts); err != nil {
		return err
	}
	if _, err := tx.UpsertEvents(ctx, events); err != nil {
		return err
	}
	if _, err := tx.UpsertOutcomes(ctx, outcomes); err != nil {
		return err
	}
	n.Accounts, n.Contacts, n.Events, n.Outcomes = len(accts), len(contacts), len(events), len(outcomes)

	pts := make([]gtg.MetricPoint, 0, flushPoints+4096)
	flush := func() error {
		if len(pts) == 0 {
			return nil
		}
		if _, err := tx.MergeMetrics(ctx, pts); err != nil {
			return err
		}
		n.MetricPoints += len(pts)
		pts = pts[:0]
		return ctx.Err()
	}
	valid := pointCheck{}
	for _, s := range b.sims {
		err := s.usage(s.acct.ID, func(p gtg.MetricPoint) error {
			if err := valid.check(&p); err != nil {
				return fmt.Errorf("account %s: %w", s.acct.ExternalID, err)
			}
			pts = append(pts, p)
			return nil
		})
		if err != nil {
			return err
		}
		if len(pts) >= flushPoints {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
