package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestAlertEmails: one CSM wants alerts immediately, a manager wants a
// daily digest. The daily run queues one email per alert shown to the
// first and one digest to the second, through the outbox and the email
// job; they arrive at the SMTP server; a second digest run the same day
// queues nothing.
func TestAlertEmails(t *testing.T) {
	mp := needMailpit(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		today := gtg.MustParseDay("2026-06-30")
		if _, err := demo.Load(ctx, s, demo.Config{Accounts: 30, Seed: 4, Today: today, Days: 200}, nil); err != nil {
			t.Fatal(err)
		}
		owners, _, err := s.AccountFacets(ctx)
		if err != nil || len(owners) < 2 {
			t.Fatalf("owners %v %v", owners, err)
		}
		// Every owner but the last wants alerts immediately; the last is a
		// manager who wants the daily digest.
		immediate := map[string]bool{}
		var mgr *gtg.User
		for i, o := range owners {
			u := &gtg.User{Email: o, Role: gtg.UserCSM, PasswordHash: "x"}
			if i == len(owners)-1 {
				u.Role, mgr = gtg.UserManager, u
			}
			if err := s.CreateUser(ctx, "t", u); err != nil {
				t.Fatal(err)
			}
			if u != mgr {
				immediate[o] = true
				if err := s.SetNotifyMode(ctx, "t", u.ID, gtg.NotifyImmediate); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.SetNotifyMode(ctx, "t", mgr.ID, gtg.NotifyDaily); err != nil {
			t.Fatal(err)
		}
		if err := s.SetNotifyMode(ctx, "t", mgr.ID, "hourly"); gtg.ErrorCode(err) != gtg.EINVALID {
			t.Errorf("a bad mode: %v", err)
		}
		from := sender()
		m := gtg.MailSettings{SMTP: gtg.SMTPSettings{Host: mp.host, Port: mp.port, TLS: gtg.TLSNone, From: from},
			Caps: gtg.Caps{PerContact: 3, PerAccount: 5}, WeeklyWeekday: -1, WeeklyHour: 9}
		if err := s.PutMailSettings(ctx, "admin", &m); err != nil {
			t.Fatal(err)
		}
		// An offer past the guardrails waits for the manager's approval.
		acct, err := s.Account(ctx, "A00001")
		if err != nil {
			t.Fatal(err)
		}
		pending := &gtg.Offer{AccountID: acct.ID, AccountExt: acct.ExternalID, Rung: gtg.RungExpand, ARRBefore: acct.ARR,
			Terms: gtg.OfferTerms{ARR: acct.ARR + 5000, Summary: "two more teams"}, Status: gtg.OfferPendingApproval,
			Guardrails: []string{"account ARR over 100,000"}, Proposer: owners[0], ProposedOn: today - 1}
		pending.Normalize()
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.CreateOffer(ctx, pending) }); err != nil {
			t.Fatal(err)
		}
		r, err := jobs.New(ctx, jobs.Config{Store: s, Now: func() time.Time { return today.Time().Add(9 * time.Hour) },
			RetryPolicy: steadyRetry(50 * time.Millisecond), PollInterval: 100 * time.Millisecond, DailyEvery: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.Daily(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantAlerts := 0
		for _, a := range rep.Alerts.Shown {
			if immediate[a.Owner] {
				wantAlerts++
			}
		}
		if wantAlerts == 0 {
			t.Fatalf("no alert shown to the immediate owners; stats %+v", rep.Alerts)
		}
		if rep.Digests != 1 {
			t.Errorf("digests queued %d, want 1", rep.Digests)
		}
		if n, err := r.Digests(ctx, today); err != nil || n != 0 {
			t.Errorf("second digest run: %d %v, want none", n, err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer r.Stop(context.Background())
		deadline := time.Now().Add(30 * time.Second)
		for {
			pending, err := s.EmailSends(ctx, store.EmailSendFilter{Status: gtg.EmailPending})
			if err != nil {
				t.Fatal(err)
			}
			if len(pending) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d emails still pending: %+v", len(pending), pending[0])
			}
			time.Sleep(100 * time.Millisecond)
		}
		toCSM, toMgr := 0, 0
		for _, msg := range mp.from(t, from) {
			switch to := addresses(msg.To); {
			case len(to) == 1 && immediate[to[0]] && strings.Contains(msg.Subject, " alert: "):
				toCSM++
			case len(to) == 1 && to[0] == mgr.Email && strings.Contains(msg.Subject, "digest"):
				toMgr++
				body := mp.message(t, msg.ID).Text
				if !strings.Contains(body, "Standup:") {
					t.Errorf("the manager's digest has no standup: %s", body)
				}
				if !strings.Contains(body, "offers waiting for approval (1)") || !strings.Contains(body, "two more teams") {
					t.Errorf("the manager's digest does not list the offer waiting for approval: %s", body)
				}
			default:
				t.Errorf("unexpected email %q to %v", msg.Subject, to)
			}
		}
		if toCSM != wantAlerts || toMgr != 1 {
			t.Errorf("%d alert emails to the CSMs (want %d), %d digests to the manager (want 1)", toCSM, wantAlerts, toMgr)
		}
	})
}
