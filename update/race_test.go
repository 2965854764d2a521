package update_test

import (
	"context"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
	"github.com/gtg-dev/gtg/update"
	"github.com/gtg-dev/gtg/update/updatetest"
)

// TestCapRace: a send is checked against the cap again under the account's
// lock, so with room for one message a week a send queued while another is
// being queued is refused (before, both were queued).
func TestCapRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		updatetest.Seed(t, s)
		m, err := s.MailSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m.SMTP = gtg.SMTPSettings{Host: "127.0.0.1", Port: 2525, TLS: gtg.TLSNone, From: "cs@ourco.example"}
		m.Caps = gtg.Caps{PerContact: 1, PerAccount: 1}
		if err := s.PutMailSettings(ctx, "admin", &m); err != nil {
			t.Fatal(err)
		}
		d, err := update.Compose(ctx, s, updatetest.Account, updatetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		// A second send starts while the first is inside its transaction, so
		// its first cap check (outside any transaction) cannot see the first.
		var second error
		done := make(chan struct{})
		first := func(context.Context, *store.Tx, int64) error {
			go func() {
				defer close(done)
				_, second = update.Queue(ctx, s, d, nil, "csm@ourco.example", updatetest.Now, func(context.Context, *store.Tx, int64) error { return nil })
			}()
			time.Sleep(300 * time.Millisecond) // let the second send check the caps before this one commits
			return nil
		}
		if _, err := update.Queue(ctx, s, d, nil, "csm@ourco.example", updatetest.Now, first); err != nil {
			t.Fatal(err)
		}
		<-done
		if gtg.ErrorCode(second) != gtg.ECONFLICT {
			t.Errorf("a send queued while another was being queued: %v, want refused by the cap", second)
		}
		pending, err := s.EmailSends(ctx, store.EmailSendFilter{Status: gtg.EmailPending})
		if err != nil || len(pending) != 1 {
			t.Errorf("%d emails queued, want 1 (%v)", len(pending), err)
		}
	})
}
