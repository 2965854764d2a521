package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// seedOutreach makes account C1 with three contacts and a week of email:
// outbound messages (one of them to two people), an inbound reply and a
// meeting (neither is outreach), one message 8 days old, and one email
// still pending in the outbox.
func seedOutreach(t *testing.T, s *store.Store) (*gtg.Account, map[string]int64, time.Time) {
	t.Helper()
	at := func(v string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04", v)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	now := at("2026-06-12 10:00")
	s.Now = func() time.Time { return at("2026-06-11 18:00") } // when the pending email was queued
	seedAccounts(t, s, &gtg.Account{ExternalID: "C1", Name: "Cap Co", Stage: gtg.StageMature})
	a, err := s.Account(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	out := func(email, msg, when string) *gtg.Event {
		return &gtg.Event{AccountID: a.ID, ContactEmail: email, Type: gtg.EventEmail, OccurredAt: at(when),
			ExternalID: msg + "/" + email, Attrs: map[string]any{"direction": "outbound", "subject": "hi", "message_id": msg}}
	}
	err = s.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UpsertContacts(ctx, "t", []*gtg.Contact{
			{AccountID: a.ID, Email: "ann@cap.example", Role: gtg.RoleChampion},
			{AccountID: a.ID, Email: "bob@cap.example", Role: gtg.RoleEconomicBuyer},
			{AccountID: a.ID, Email: "cy@cap.example", Role: gtg.RoleEndUser},
		}); err != nil {
			return err
		}
		_, err := tx.UpsertEvents(ctx, []*gtg.Event{
			out("ann@cap.example", "m0", "2026-06-04 09:00"), // 8 days before now
			out("ann@cap.example", "m1", "2026-06-06 08:00"),
			out("ann@cap.example", "m2", "2026-06-09 12:00"),
			out("bob@cap.example", "m2", "2026-06-09 12:00"),
			{AccountID: a.ID, ContactEmail: "cy@cap.example", Type: gtg.EventEmail, OccurredAt: at("2026-06-10 09:00"),
				Attrs: map[string]any{"direction": "inbound", "subject": "re: hi"}},
			{AccountID: a.ID, ContactEmail: "cy@cap.example", Type: gtg.EventMeeting, OccurredAt: at("2026-06-10 11:00")},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	cs, err := s.Contacts(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		ids[c.Email] = c.ID
	}
	err = s.InTx(ctx, func(tx *store.Tx) error {
		return tx.CreateEmailSend(ctx, &gtg.EmailSend{AccountID: a.ID, AccountExt: "C1", Kind: gtg.EmailWeeklyUpdate,
			Subject: "Weekly", Recipients: []string{"ann@cap.example"}, ContactIDs: []int64{ids["ann@cap.example"]},
			Text: "x", MessageID: "m3", CreatedBy: "t"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, ids, now
}

func TestOutreachCaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, ids, now := seedOutreach(t, s)
		past, err := s.Outreach(ctx, a.ID, now.Add(-gtg.CapWindow))
		if err != nil {
			t.Fatal(err)
		}
		// In the window: m1 and m2 and the pending m3 to Ann, m2 to Bob.
		// Not counted: m0 (too old), Cy's inbound reply and meeting.
		if len(past) != 4 {
			t.Fatalf("outreach = %+v, want 4 messages", past)
		}
		ann, bob, cy := ids["ann@cap.example"], ids["bob@cap.example"], ids["cy@cap.example"]
		at := func(v string) time.Time { tm, _ := time.Parse("2006-01-02 15:04", v); return tm }
		tests := []struct {
			name     string
			caps     gtg.Caps
			contacts []int64
			want     []gtg.CapHit
		}{
			// Ann has 3 (06-06 08:00, 06-09 12:00, 06-11 18:00): a fourth fits once 06-06's is 7 days old.
			{"AnnAtThree", gtg.Caps{PerContact: 3}, []int64{ann, bob, cy}, []gtg.CapHit{
				{ContactID: ann, Count: 3, Limit: 3, Until: at("2026-06-13 08:00")}}},
			// Cap 1: Bob (one, 06-09 12:00) is capped until 06-16 12:00; Ann until the pending one ages out, 06-18 18:00.
			{"OnePerContact", gtg.Caps{PerContact: 1}, []int64{ann, bob, cy}, []gtg.CapHit{
				{ContactID: ann, Count: 3, Limit: 1, Until: at("2026-06-18 18:00")},
				{ContactID: bob, Count: 1, Limit: 1, Until: at("2026-06-16 12:00")}}},
			// The account had 3 distinct messages (m1, m2, m3).
			{"AccountAtThree", gtg.Caps{PerAccount: 3}, []int64{cy}, []gtg.CapHit{
				{Count: 3, Limit: 3, Until: at("2026-06-13 08:00")}}},
			{"Room", gtg.Caps{PerContact: 4, PerAccount: 4}, []int64{ann, bob, cy}, nil},
		}
		for _, tt := range tests {
			got := tt.caps.Check(past, tt.contacts, now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: hits (-want +got):\n%s", tt.name, diff)
			}
		}
	})
}

func TestOptOutsSettingsOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, ids, _ := seedOutreach(t, s)
		if err := s.SetOptOut(ctx, "t", "C1", "bob@cap.example", true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOptOut(ctx, "t", "C1", "nobody@cap.example", true); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Errorf("opt-out of an unknown contact: %v, want not found", err)
		}
		outs, err := s.OptOuts(ctx, a.ID)
		if err != nil || len(outs) != 1 || outs[ids["bob@cap.example"]].IsZero() {
			t.Fatalf("opt-outs = %v, %v", outs, err)
		}
		if err := s.SetOptOut(ctx, "t", "C1", "bob@cap.example", false); err != nil {
			t.Fatal(err)
		}
		if outs, _ := s.OptOuts(ctx, a.ID); len(outs) != 0 {
			t.Errorf("after opting back in: %v", outs)
		}

		m, err := s.MailSettings(ctx)
		if err != nil || m.SMTP.Host != "" || m.Caps.PerContact != 3 {
			t.Fatalf("default settings %+v, %v", m, err)
		}
		m.SMTP = gtg.SMTPSettings{Host: "smtp.example.com", TLS: "starttls", Username: "u", Password: "pw-123", From: "cs@example.com"}
		m.Caps = gtg.Caps{PerContact: 2, PerAccount: 4}
		if err := s.PutMailSettings(ctx, "admin@x", &m); err != nil {
			t.Fatal(err)
		}
		got, err := s.MailSettings(ctx)
		if err != nil || got.SMTP.Password != "pw-123" || got.SMTP.Port != 587 || got.Caps != m.Caps {
			t.Fatalf("settings read back %+v, %v", got, err)
		}
		log, err := s.AuditLog(ctx, "mail_settings", "smtp", 10)
		if err != nil || len(log) != 1 {
			t.Fatalf("audit %v %v", log, err)
		}
		if contains(log[0].After, "pw-123") || contains(log[0].Before, "pw-123") {
			t.Errorf("the audit trail shows the password: %+v", log[0])
		}
		bad := m
		bad.SMTP.TLS = "ssl3"
		if err := s.PutMailSettings(ctx, "admin@x", &bad); gtg.ErrorCode(err) != gtg.EINVALID {
			t.Errorf("bad TLS mode: %v", err)
		}

		sends, err := s.EmailSends(ctx, store.EmailSendFilter{AccountID: a.ID})
		if err != nil || len(sends) != 1 {
			t.Fatalf("outbox %v %v", sends, err)
		}
		e, err := s.EmailSend(ctx, sends[0].ID)
		if err != nil || e.Text != "x" || e.Status != gtg.EmailPending || e.AccountExt != "C1" {
			t.Fatalf("email %+v %v", e, err)
		}
		if err := s.EmailAttempt(ctx, e.ID, 1, "dial tcp: connection refused", false); err != nil {
			t.Fatal(err)
		}
		ev := &gtg.Event{AccountID: a.ID, ContactEmail: "ann@cap.example", Type: gtg.EventEmail, ExternalID: "email-" + e.MessageID,
			OccurredAt: time.Date(2026, 6, 12, 11, 0, 0, 0, time.UTC), Attrs: map[string]any{"direction": "outbound", "message_id": e.MessageID}}
		if err := s.CompleteEmailSend(ctx, e, 2, []*gtg.Event{ev}, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteEmailSend(ctx, e, 3, nil, nil); gtg.ErrorCode(err) != gtg.ECONFLICT {
			t.Errorf("second completion: %v, want conflict", err)
		}
		e, _ = s.EmailSend(ctx, e.ID)
		if e.Status != gtg.EmailSent || e.Attempts != 2 || e.LastError != "" {
			t.Errorf("sent email %+v", e)
		}
	})
}

// TestOptOutSurvivesReimport: a contact sync that updates the contact (a
// new title) keeps their opt-out: only an opt-in clears it.
func TestOptOutSurvivesReimport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, ids, _ := seedOutreach(t, s)
		if err := s.SetOptOut(ctx, "t", "C1", "cy@cap.example", true); err != nil {
			t.Fatal(err)
		}
		err := s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.UpsertContacts(ctx, "crm-sync", []*gtg.Contact{{AccountID: a.ID, Email: "cy@cap.example", Title: "Lead analyst", Role: gtg.RoleEndUser}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		outs, err := s.OptOuts(ctx, a.ID)
		if err != nil || outs[ids["cy@cap.example"]].IsZero() {
			t.Errorf("after a re-import the opt-out is gone: %v %v", outs, err)
		}
	})
}
