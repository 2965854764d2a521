package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
	"github.com/gtg-dev/gtg/update/updatetest"
)

// TestWeeklySchedule: on the team's day after its hour, the account with
// an open plan gets its update queued, once a week; before the hour or on
// another day, nothing is queued. No server is needed: nothing is sent.
func TestWeeklySchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		updatetest.Seed(t, s) // Friday 12 June 2026, 10:00 UTC
		m := gtg.MailSettings{SMTP: gtg.SMTPSettings{Host: "127.0.0.1", Port: 1, TLS: gtg.TLSNone, From: "cs@ourco.example"},
			Caps: gtg.Caps{PerContact: 3, PerAccount: 5}, WeeklyWeekday: int(time.Friday), WeeklyHour: 9}
		if err := s.PutMailSettings(ctx, "admin", &m); err != nil {
			t.Fatal(err)
		}
		run := func(now time.Time) jobs.WeeklyReport {
			t.Helper()
			r, err := jobs.New(ctx, jobs.Config{Store: s, Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := r.Weekly(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		if rep := run(updatetest.Now.Add(-2 * time.Hour)); rep.Due || len(rep.Queued) != 0 {
			t.Errorf("at 08:00, before the hour: %+v", rep)
		}
		if rep := run(updatetest.Now.Add(-24 * time.Hour)); rep.Due {
			t.Errorf("on Thursday: %+v", rep)
		}
		if rep := run(updatetest.Now); !rep.Due || len(rep.Queued) != 1 || rep.Queued[0] != updatetest.Account {
			t.Errorf("on Friday at 10:00: %+v, want F1 queued", rep)
		}
		if rep := run(updatetest.Now.Add(3 * time.Hour)); len(rep.Queued) != 0 {
			t.Errorf("again the same Friday: %+v, want nothing (one update a week)", rep)
		}
		es, err := s.EmailSends(ctx, store.EmailSendFilter{Kind: gtg.EmailWeeklyUpdate})
		if err != nil || len(es) != 1 || es[0].Week != "2026-W24" || es[0].Status != gtg.EmailPending || len(es[0].Recipients) != 4 {
			t.Fatalf("outbox %+v %v", es, err)
		}
	})
}
