// Package health is the scoring job: it loads accounts from the store a block
// at a time, scores each with the scorecard that applies to it, and stores a
// daily health snapshot. It is a plain function, called by `gtg score`, by
// `gtg serve`'s daily schedule and by tests, with the day passed in so that
// history can be replayed.
package health

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// Stats counts what a scoring run did.
type Stats struct {
	Accounts  int            // accounts scored
	Snapshots int            // snapshots stored (accounts × days)
	Colors    map[string]int // snapshots per color on the last day
}

// Cards returns the scorecards in force: the newest applied version of each
// stored card, then each built-in card (default, onboarding) of a name none
// was applied under. Applying a changed onboarding card must not take the
// default card out of force for every other account; an applied card comes
// first, so it wins over a built-in one that matches an account as closely.
func Cards(ctx context.Context, st *store.Store) ([]*scorecard.Scorecard, error) {
	stored, err := st.Scorecards(ctx)
	if err != nil {
		return nil, err
	}
	var cards []*scorecard.Scorecard
	names := map[string]bool{}
	for _, c := range stored {
		sc, err := scorecard.Parse(fmt.Sprintf("%s@%d", c.Name, c.Version), c.YAML)
		if err != nil {
			return nil, fmt.Errorf("stored scorecard: %w", err)
		}
		cards = append(cards, sc)
		names[sc.Name] = true
	}
	for _, sc := range scorecard.Builtin() {
		if !names[sc.Name] {
			cards = append(cards, sc)
		}
	}
	return cards, nil
}

// ScoreRange computes and stores every account's health for each day from
// from to to (inclusive). Each account's data is read once for the whole
// range, a block of accounts at a time, so a year of history is one pass.
func ScoreRange(ctx context.Context, st *store.Store, cards []*scorecard.Scorecard, from, to gtg.Day, progress func(done int)) (Stats, error) {
	return scoreRange(ctx, st, cards, from, to, nil, progress)
}

// ScoreAccounts is ScoreRange for a few accounts, such as one a CSM just
// wrote a note about: their snapshots from from to to are replaced.
func ScoreAccounts(ctx context.Context, st *store.Store, cards []*scorecard.Scorecard, accountIDs []int64, from, to gtg.Day) (Stats, error) {
	if len(accountIDs) == 0 {
		return Stats{Colors: map[string]int{}}, nil
	}
	return scoreRange(ctx, st, cards, from, to, accountIDs, nil)
}

func scoreRange(ctx context.Context, st *store.Store, cards []*scorecard.Scorecard, from, to gtg.Day, ids []int64, progress func(done int)) (Stats, error) {
	if len(cards) == 0 {
		return Stats{}, gtg.Errorf(gtg.EINVALID, "score: no scorecard")
	}
	if to < from {
		return Stats{}, gtg.Errorf(gtg.EINVALID, "score: --to %s is before --from %s", to, from)
	}
	stats := Stats{Colors: map[string]int{}}
	// Snapshots are stored by a writer goroutine, a batch at a time, while
	// the scan goes on reading and scoring the next accounts.
	w := newWriter(ctx, st)
	var pending []*gtg.Health
	var res scorecard.Result
	q := scanQuery(cards, from, to)
	q.AccountIDs = ids
	err := st.ScanScoringInputs(ctx, q,
		func(in *store.ScoringInput) error {
			d := scorecard.AccountData{Account: in.Account, Contacts: in.Contacts, Series: in.Series, Events: in.Events}
			for day := from; day <= to; day++ {
				if !exists(in.Account, day) {
					continue
				}
				sc := scorecard.Select(cards, in.Account, day)
				if sc == nil {
					continue
				}
				d.AsOf = day
				sc.ScoreTo(&res, &d)
				h := Snapshot(in.Account.ID, &res)
				pending = append(pending, h)
				stats.Snapshots++
				if day == to {
					stats.Colors[h.Color]++
				}
			}
			stats.Accounts++
			if progress != nil {
				progress(stats.Accounts)
			}
			if len(pending) >= 2000 {
				err := w.put(pending)
				pending = nil
				return err
			}
			return nil
		})
	if err == nil && len(pending) > 0 {
		err = w.put(pending)
	}
	if werr := w.close(); err == nil {
		err = werr
	}
	if err != nil {
		return stats, fmt.Errorf("score: %w", err)
	}
	return stats, nil
}

// writer stores batches of snapshots in the background while the scan goes
// on. A run of one batch is written in one transaction. A longer run stages
// its batches (one short transaction each, so other writers are not held
// up) and promotes them into health_scores in one transaction at the end:
// a run that is killed or fails leaves every day as it was, complete or
// absent, never half-scored. At most one batch waits while another is
// written, so memory stays bounded; the first error stops the writer and is
// returned by the next put.
type writer struct {
	batches chan []*gtg.Health
	failed  chan struct{} // closed after err is set
	done    chan struct{} // closed when the goroutine ends
	err     error
}

// stagedTTL is how old a staged batch must be before a later run takes its
// run for one that was killed and drops it. A live run stages a batch every
// few seconds, so an hour-old batch can only be a dead run's.
const stagedTTL = time.Hour

func newWriter(ctx context.Context, st *store.Store) *writer {
	w := &writer{batches: make(chan []*gtg.Health, 1), failed: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		var first []*gtg.Health // held until a second batch shows the run needs staging
		run := ""
		fail := func(err error) {
			if run != "" {
				st.DropStagedHealth(context.WithoutCancel(ctx), run, time.Time{})
			}
			w.err = err
			close(w.failed)
			for range w.batches { // let close return
			}
		}
		stage := func(b []*gtg.Health) error {
			return st.InTx(ctx, func(tx *store.Tx) error { return tx.StageHealth(ctx, run, b) })
		}
		for b := range w.batches {
			switch {
			case first == nil && run == "":
				first = b
				continue
			case run == "":
				run = newRunID()
				if err := st.DropStagedHealth(ctx, "", st.Now().Add(-stagedTTL)); err != nil {
					fail(err)
					return
				}
				if err := stage(first); err != nil {
					fail(err)
					return
				}
				first = nil
			}
			if err := stage(b); err != nil {
				fail(err)
				return
			}
		}
		var err error
		switch {
		case run != "":
			_, err = st.PromoteHealth(ctx, run)
		case first != nil:
			err = st.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, first) })
		}
		if err != nil {
			fail(err)
		}
	}()
	return w
}

// newRunID names a staged run.
func newRunID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// put hands a batch over, or returns the error that stopped the writer.
func (w *writer) put(b []*gtg.Health) error {
	select {
	case w.batches <- b:
		return nil
	case <-w.failed:
		return w.err
	}
}

// close waits for every batch to be written and returns the first error.
func (w *writer) close() error {
	close(w.batches)
	<-w.done
	return w.err
}

// scanQuery asks for what the cards read, over the longest look-back: their
// metrics and event types, and contacts only when a card may use them.
func scanQuery(cards []*scorecard.Scorecard, from, to gtg.Day) store.ScanQuery {
	// EventTypes is not nil, so that cards that read no events get none.
	q := store.ScanQuery{EventTypes: []string{}, SkipContacts: !readsContacts(cards), To: to}
	lookback := 0
	seenMetric, seenType := map[string]bool{}, map[string]bool{}
	for _, c := range cards {
		lookback = max(lookback, c.Lookback())
		for _, k := range c.MetricKeys() {
			if !seenMetric[k] {
				seenMetric[k] = true
				q.Metrics = append(q.Metrics, k)
			}
		}
		for _, t := range c.EventTypes() {
			if !seenType[t] {
				seenType[t] = true
				q.EventTypes = append(q.EventTypes, t)
			}
		}
	}
	q.From = from - gtg.Day(lookback)
	return q
}

// readsContacts reports whether a card may read contacts: contacts
// measures do, and event measures may, to filter by the contact's role.
// Metrics, account fields and expressions never do.
func readsContacts(cards []*scorecard.Scorecard) bool {
	for _, c := range cards {
		for _, m := range c.Measures {
			switch m.Kind {
			case scorecard.KindMetric, scorecard.KindAccount, scorecard.KindExpr:
			default:
				return true
			}
		}
	}
	return false
}

// exists reports whether the account was a customer on day: scoring before a
// contract started would invent history.
func exists(a *gtg.Account, day gtg.Day) bool {
	return a.ContractStart == 0 || day >= a.ContractStart
}

// Snapshot turns a scorecard result into the snapshot the store keeps.
func Snapshot(accountID int64, r *scorecard.Result) *gtg.Health {
	h := &gtg.Health{AccountID: accountID, Day: r.AsOf, Scorecard: r.Scorecard, Version: r.Version,
		Score: r.Score, Color: r.Color, Coverage: r.Coverage}
	if math.IsNaN(h.Score) {
		h.Score = 0
	}
	h.Measures = make([]gtg.MeasureValue, 0, len(r.Measures))
	for _, m := range r.Measures {
		if m.Group == "" {
			continue // helpers that only feed expressions
		}
		h.Measures = append(h.Measures, gtg.MeasureValue{Key: m.Key, Group: m.Group, Value: m.Value, Points: m.Points, Weight: m.Weight, Missing: m.Missing})
	}
	return h
}
