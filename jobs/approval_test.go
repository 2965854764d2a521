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

// TestApprovalEmails: an offer past the guardrails is emailed at once to
// the approvers who want notifications immediately, and to nobody else:
// not the proposer, not a CSM, not a manager who chose the daily digest.
func TestApprovalEmails(t *testing.T) {
	mp := needMailpit(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		today := gtg.MustParseDay("2026-06-30")
		if _, err := demo.Load(ctx, s, demo.Config{Accounts: 5, Seed: 2, Today: today, Days: 60}, nil); err != nil {
			t.Fatal(err)
		}
		from := sender()
		users := map[string]struct{ role, mode string }{
			"now-mgr@x.io":   {gtg.UserManager, gtg.NotifyImmediate},
			"daily-mgr@x.io": {gtg.UserManager, gtg.NotifyDaily},
			"csm@x.io":       {gtg.UserCSM, gtg.NotifyImmediate},
			"proposer@x.io":  {gtg.UserManager, gtg.NotifyImmediate},
		}
		for email, v := range users {
			u := &gtg.User{Email: email, Role: v.role, PasswordHash: "x"}
			if err := s.CreateUser(ctx, "t", u); err != nil {
				t.Fatal(err)
			}
			if err := s.SetNotifyMode(ctx, "t", u.ID, v.mode); err != nil {
				t.Fatal(err)
			}
		}
		m := gtg.MailSettings{SMTP: gtg.SMTPSettings{Host: mp.host, Port: mp.port, TLS: gtg.TLSNone, From: from},
			Caps: gtg.Caps{PerContact: 3, PerAccount: 5}, WeeklyWeekday: -1, WeeklyHour: 9}
		if err := s.PutMailSettings(ctx, "admin", &m); err != nil {
			t.Fatal(err)
		}
		acct, err := s.Account(ctx, "A00001")
		if err != nil {
			t.Fatal(err)
		}
		o := &gtg.Offer{AccountID: acct.ID, AccountExt: acct.ExternalID, AccountName: acct.Name, Rung: gtg.RungExpand, ARRBefore: acct.ARR,
			Terms: gtg.OfferTerms{ARR: acct.ARR + 1000, Summary: "one more team"}, Status: gtg.OfferPendingApproval,
			Guardrails: []string{"account ARR over the policy's limit"}, Proposer: "proposer@x.io", ProposedOn: today}
		o.Normalize()
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.CreateOffer(ctx, o) }); err != nil {
			t.Fatal(err)
		}
		r, err := jobs.New(ctx, jobs.Config{Store: s, Now: func() time.Time { return today.Time().Add(9 * time.Hour) },
			RetryPolicy: steadyRetry(50 * time.Millisecond), PollInterval: 100 * time.Millisecond, DailyEvery: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		// A proposal inside the guardrails emails nobody.
		inside := *o
		inside.Status = gtg.OfferProposed
		if err := r.NotifyApproval(ctx, &inside); err != nil {
			t.Fatal(err)
		}
		if err := r.NotifyApproval(ctx, o); err != nil {
			t.Fatal(err)
		}
		queued, err := s.EmailSends(ctx, store.EmailSendFilter{Status: gtg.EmailPending})
		if err != nil || len(queued) != 1 || len(queued[0].Recipients) != 1 || queued[0].Recipients[0] != "now-mgr@x.io" {
			t.Fatalf("queued %+v %v, want one email to now-mgr@x.io", queued, err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer r.Stop(context.Background())
		deadline := time.Now().Add(30 * time.Second)
		for {
			msgs := mp.from(t, from)
			if len(msgs) == 1 {
				if to := addresses(msgs[0].To); len(to) != 1 || to[0] != "now-mgr@x.io" || !strings.Contains(msgs[0].Subject, "waiting for your approval") {
					t.Errorf("email %q to %v", msgs[0].Subject, to)
				}
				if body := mp.message(t, msgs[0].ID).Text; !strings.Contains(body, "one more team") || !strings.Contains(body, "past the guardrails") {
					t.Errorf("body: %s", body)
				}
				break
			}
			if len(msgs) > 1 || time.Now().After(deadline) {
				t.Fatalf("%d emails arrived, want 1", len(msgs))
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}
