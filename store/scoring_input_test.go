package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// scanned is what a test reads of one ScoringInput.
type scanned struct {
	Logins, Users []float64
	Events        []string // type@day
	Contacts      []string // email of account
}

// seedScan stores seven accounts, S1…S7, with usage across a month end,
// events and contacts, and returns them in id order.
func seedScan(t *testing.T, s *store.Store) []*gtg.Account {
	t.Helper()
	var accts []*gtg.Account
	for k := 1; k <= 7; k++ {
		accts = append(accts, &gtg.Account{ExternalID: fmt.Sprintf("S%d", k), Name: fmt.Sprintf("Scan %d", k)})
	}
	seedAccounts(t, s, accts...)
	var pts []gtg.MetricPoint
	var evs []*gtg.Event
	at := func(d string, hour int) time.Time { return day(d).Time().Add(time.Duration(hour) * time.Hour) }
	for k, a := range accts {
		n := float64(k + 1)
		pts = append(pts,
			gtg.MetricPoint{AccountID: a.ID, Key: "logins", Day: day("2026-01-30"), Value: 100}, // before the window
			gtg.MetricPoint{AccountID: a.ID, Key: "logins", Day: day("2026-01-31"), Value: 10 * n},
			gtg.MetricPoint{AccountID: a.ID, Key: "logins", Day: day("2026-02-02"), Value: 10*n + 2},
			gtg.MetricPoint{AccountID: a.ID, Key: "logins", Day: day("2026-02-03"), Value: 100}, // after it
		)
		if k%2 == 0 { // S1, S3, S5, S7: a fractional metric, stored as floats
			pts = append(pts, gtg.MetricPoint{AccountID: a.ID, Key: "users", Day: day("2026-02-01"), Value: n + 0.5})
		}
		evs = append(evs, &gtg.Event{AccountID: a.ID, Type: "meeting", ExternalID: "m-late", OccurredAt: at("2026-02-03", 1)})
		if k < 2 { // S1 and S2
			evs = append(evs,
				&gtg.Event{AccountID: a.ID, Type: "note", ExternalID: "n", OccurredAt: at("2026-02-02", 9)},
				&gtg.Event{AccountID: a.ID, Type: "meeting", ExternalID: "m", OccurredAt: at("2026-02-01", 10)})
		}
	}
	err := s.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UpsertContacts(ctx, "test", []*gtg.Contact{
			{AccountID: accts[1].ID, Email: "b@x.io", Role: "champion"},
			{AccountID: accts[1].ID, Email: "a@x.io", Role: "admin"},
		}); err != nil {
			return err
		}
		if _, err := tx.MergeMetrics(ctx, pts); err != nil {
			return err
		}
		_, err := tx.UpsertEvents(ctx, evs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return accts
}

// wantScan is what seedScan's account Sk holds for 2026-01-31 to
// 2026-02-02, but for events, which depend on the types asked for.
func wantScan(k int) scanned {
	n, nan := float64(k), math.NaN()
	w := scanned{Logins: []float64{10 * n, nan, 10*n + 2}, Users: []float64{nan, nan, nan}}
	if k%2 == 1 {
		w.Users[1] = n + 0.5
	}
	if k == 2 {
		w.Contacts = []string{"b@x.io of S2", "a@x.io of S2"} // in id order
	}
	return w
}

func scan(t *testing.T, s *store.Store, q store.ScanQuery) (map[string]scanned, []string) {
	t.Helper()
	got := map[string]scanned{}
	var order []string
	err := s.ScanScoringInputs(ctx, q, func(in *store.ScoringInput) error {
		var sc scanned
		sc.Logins = append(sc.Logins, in.Series["logins"].Values...)
		sc.Users = append(sc.Users, in.Series["users"].Values...)
		for _, e := range in.Events {
			if e.AccountExternalID != in.Account.ExternalID {
				t.Errorf("event of %s says account %s", in.Account.ExternalID, e.AccountExternalID)
			}
			sc.Events = append(sc.Events, e.Type+"@"+gtg.DayOf(e.OccurredAt).String())
		}
		for _, c := range in.Contacts {
			sc.Contacts = append(sc.Contacts, c.Email+" of "+c.AccountExternalID)
		}
		if len(in.Series) != 2 || in.Series["logins"].From != q.From {
			t.Errorf("%s: series %v", in.Account.ExternalID, in.Series)
		}
		got[in.Account.ExternalID] = sc
		order = append(order, in.Account.ExternalID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, order
}

func TestScanScoringInputsBlocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		accts := seedScan(t, s)
		base := store.ScanQuery{Metrics: []string{"logins", "users", "absent"}, From: day("2026-01-31"), To: day("2026-02-02"), BlockSize: 2}
		all := []string{"S1", "S2", "S3", "S4", "S5", "S6", "S7"}
		for _, tc := range []struct {
			name         string
			types        []string
			skipContacts bool
			ids          []int64
			order        []string
			events       []string // of S1 and S2
		}{
			{"EveryType", nil, false, nil, all, []string{"meeting@2026-02-01", "note@2026-02-02"}},
			{"NoEvents", []string{}, false, nil, all, nil},
			{"Notes", []string{"note"}, false, nil, all, []string{"note@2026-02-02"}},
			{"SkipContacts", nil, true, nil, all, []string{"meeting@2026-02-01", "note@2026-02-02"}},
			{"AccountIDs", nil, false, []int64{accts[1].ID, accts[4].ID, accts[5].ID}, []string{"S2", "S5", "S6"},
				[]string{"meeting@2026-02-01", "note@2026-02-02"}},
			// Named accounts filter the types outside SQL (so SQLite reads them by account).
			{"AccountIDsNotes", []string{"note"}, false, []int64{accts[1].ID, accts[4].ID}, []string{"S2", "S5"},
				[]string{"note@2026-02-02"}},
			{"AccountIDsNoEvents", []string{}, false, []int64{accts[1].ID}, []string{"S2"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q := base
				q.EventTypes, q.SkipContacts, q.AccountIDs = tc.types, tc.skipContacts, tc.ids
				got, order := scan(t, s, q)
				if diff := cmp.Diff(tc.order, order); diff != "" {
					t.Errorf("order (-want +got):\n%s", diff)
				}
				want := map[string]scanned{}
				for _, id := range tc.order {
					var k int
					fmt.Sscanf(id, "S%d", &k)
					w := wantScan(k)
					if k <= 2 {
						w.Events = tc.events
					}
					if tc.skipContacts {
						w.Contacts = nil
					}
					want[id] = w
				}
				if diff := cmp.Diff(want, got, cmpopts.EquateNaNs(), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("inputs (-want +got):\n%s", diff)
				}
			})
		}
	})
}

func TestScanScoringInputsStops(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedScan(t, s)
		q := store.ScanQuery{Metrics: []string{"logins"}, From: day("2026-01-31"), To: day("2026-02-02"), BlockSize: 1}
		t.Run("ErrFromFn", func(t *testing.T) {
			stop := errors.New("stop")
			calls := 0
			err := s.ScanScoringInputs(ctx, q, func(in *store.ScoringInput) error {
				calls++
				if in.Account.ExternalID == "S3" {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || calls != 3 {
				t.Errorf("err %v after %d calls, want stop after 3", err, calls)
			}
		})
		t.Run("ErrCanceled", func(t *testing.T) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			calls := 0
			err := s.ScanScoringInputs(cctx, q, func(in *store.ScoringInput) error {
				calls++
				if calls == 2 {
					cancel()
				}
				return nil
			})
			if !errors.Is(err, context.Canceled) || calls != 2 {
				t.Errorf("err %v after %d calls, want context.Canceled after 2", err, calls)
			}
		})
	})
}
