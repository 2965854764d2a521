package store_test

import (
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestLastTouches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, b, c := &gtg.Account{ExternalID: "T1", Name: "One"}, &gtg.Account{ExternalID: "T2", Name: "Two"}, &gtg.Account{ExternalID: "T3", Name: "Three"}
		seedAccounts(t, s, a, b, c)
		at := func(d int) time.Time { return time.Date(2026, 3, d, 10, 30, 0, 0, time.UTC) }
		inTx(t, s, func(tx *store.Tx) error {
			_, err := tx.UpsertEvents(ctx, []*gtg.Event{
				{AccountID: a.ID, ExternalID: "e1", Type: gtg.EventCall, OccurredAt: at(2)},
				{AccountID: a.ID, ExternalID: "e2", Type: gtg.EventMeeting, OccurredAt: at(9)},
				{AccountID: a.ID, ExternalID: "e3", Type: gtg.EventTicketOpened, OccurredAt: at(20)}, // not a touch
				{AccountID: b.ID, ExternalID: "e4", Type: gtg.EventNote, OccurredAt: at(5)},
				{AccountID: c.ID, ExternalID: "e5", Type: gtg.EventTicketOpened, OccurredAt: at(6)},
			})
			return err
		})
		v1, err := s.EventsVersion(ctx)
		if err != nil || v1 == 0 {
			t.Fatalf("events version = %d %v, want the newest event's id", v1, err)
		}
		inTx(t, s, func(tx *store.Tx) error {
			_, err := tx.UpsertEvents(ctx, []*gtg.Event{{AccountID: c.ID, ExternalID: "e6", Type: gtg.EventTicketOpened, OccurredAt: at(7)}})
			return err
		})
		if v2, err := s.EventsVersion(ctx); err != nil || v2 <= v1 {
			t.Errorf("events version after adding one = %d %v, want more than %d", v2, err, v1)
		}
		touches := []string{gtg.EventCall, gtg.EventMeeting, gtg.EventEmail, gtg.EventNote}
		got, err := s.LastTouches(ctx, touches, at(1))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !got[a.ID].Equal(at(9)) || !got[b.ID].Equal(at(5)) {
			t.Errorf("last touches = %v, want T1 on the 9th and T2 on the 5th only", got)
		}
		// The window leaves out older touches; LastTouch finds them.
		if got, err := s.LastTouches(ctx, touches, at(6)); err != nil || len(got) != 1 || !got[a.ID].Equal(at(9)) {
			t.Errorf("touches since the 6th = %v %v, want T1's only", got, err)
		}
		if last, err := s.LastTouch(ctx, b.ID, touches); err != nil || !last.Equal(at(5)) {
			t.Errorf("T2's last touch = %v %v, want the 5th", last, err)
		}
		if last, err := s.LastTouch(ctx, c.ID, touches); err != nil || !last.IsZero() {
			t.Errorf("T3's last touch = %v %v, want never", last, err)
		}
	})
}
