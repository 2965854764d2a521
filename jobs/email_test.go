package jobs_test

import (
	"bytes"
	"context"
	"net"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/riverqueue/river/rivertype"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
	"github.com/gtg-dev/gtg/update"
	"github.com/gtg-dev/gtg/update/updatetest"
)

// steadyRetry retries a failed job after a fixed pause.
type steadyRetry time.Duration

func (d steadyRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(time.Duration(d)) }

// mailSetup seeds the fixture, points the mail settings at host:port with
// a From address of this test's own, and returns a started job runner.
func mailSetup(t *testing.T, s *store.Store, host string, port int, caps gtg.Caps, retry time.Duration) (*jobs.Runner, string) {
	t.Helper()
	ctx := context.Background()
	updatetest.Seed(t, s)
	from := sender()
	m := gtg.MailSettings{SMTP: gtg.SMTPSettings{Host: host, Port: port, TLS: gtg.TLSNone, From: from}, Caps: caps, WeeklyWeekday: -1, WeeklyHour: 9}
	if err := s.PutMailSettings(ctx, "admin@ourco.example", &m); err != nil {
		t.Fatal(err)
	}
	r, err := jobs.New(ctx, jobs.Config{Store: s, Now: func() time.Time { return updatetest.Now }, RetryPolicy: steadyRetry(retry),
		PollInterval: 100 * time.Millisecond, DailyEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(context.Background()) })
	return r, from
}

// waitEmail polls the outbox until ok says the email is where the test wants it.
func waitEmail(t *testing.T, s *store.Store, id int64, what string, ok func(*gtg.EmailSend) bool) *gtg.EmailSend {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		e, err := s.EmailSend(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if ok(e) {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("email %d never %s: %+v", id, what, e)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func addresses(as []mpAddress) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Address
	}
	sort.Strings(out)
	return out
}

// TestWeeklyEmailArrives sends the fixture's weekly update through the job
// queue to a real SMTP server and reads it back there: exactly the engaged
// contacts as recipients, the four sections in both parts, the chart as an
// inline PNG the HTML refers to; the send is on the timeline as touches.
func TestWeeklyEmailArrives(t *testing.T) {
	mp := needMailpit(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r, from := mailSetup(t, s, mp.host, mp.port, gtg.Caps{PerContact: 3, PerAccount: 5}, 50*time.Millisecond)
		d, err := update.Compose(ctx, s, updatetest.Account, updatetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		e, err := update.Queue(ctx, s, d, nil, "csm@ourco.example", updatetest.Now, r.EnqueueEmail)
		if err != nil {
			t.Fatal(err)
		}
		e = waitEmail(t, s, e.ID, "sent", func(e *gtg.EmailSend) bool { return e.Status == gtg.EmailSent })
		if e.Attempts != 1 {
			t.Errorf("sent on attempt %d, want 1", e.Attempts)
		}

		got := mp.from(t, from)
		if len(got) != 1 {
			t.Fatalf("mailpit has %d messages from %s, want 1", len(got), from)
		}
		msg := mp.message(t, got[0].ID)
		want := append([]string(nil), updatetest.Recipients...)
		sort.Strings(want)
		if diff := cmp.Diff(want, addresses(msg.To)); diff != "" {
			t.Errorf("To (-want +got):\n%s", diff)
		}
		if len(msg.Cc)+len(msg.Bcc) != 0 {
			t.Errorf("Cc %v Bcc %v, want none", msg.Cc, msg.Bcc)
		}
		if msg.Subject != d.Subject || strings.Trim(msg.MessageID, "<>") != e.MessageID {
			t.Errorf("subject %q message id %q, want %q %q", msg.Subject, msg.MessageID, d.Subject, e.MessageID)
		}
		if rt := addresses(msg.ReplyTo); len(rt) != 1 || rt[0] != "csm@ourco.example" {
			t.Errorf("Reply-To %v, want the account's owner", rt)
		}
		for _, part := range []struct{ name, body string }{{"text", msg.Text}, {"html", msg.HTML}} {
			last := -1
			for _, h := range update.Headings {
				i := strings.Index(part.body, h)
				if i <= last {
					t.Errorf("%s part: heading %q missing or out of order", part.name, h)
				}
				last = i
			}
		}
		if len(msg.Inline) != 1 || msg.Inline[0].ContentType != "image/png" || msg.Inline[0].ContentID != update.ChartCID {
			t.Fatalf("inline parts %+v, want the PNG chart as %s", msg.Inline, update.ChartCID)
		}
		if !strings.Contains(msg.HTML, "cid:"+update.ChartCID) {
			t.Error("the HTML does not show the inline chart")
		}
		if png := mp.part(t, msg.ID, msg.Inline[0].PartID); !bytes.Equal(png, d.Chart) || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("the chart that arrived (%d bytes) is not the one generated (%d bytes)", len(png), len(d.Chart))
		}

		// The send is a touch for each recipient and a record of the resources sent.
		a, _ := s.Account(ctx, updatetest.Account)
		evs, err := s.Events(ctx, gtg.EventFilter{AccountID: a.ID, Types: []string{gtg.EventEmail}, From: updatetest.Now})
		if err != nil {
			t.Fatal(err)
		}
		var touched []string
		for _, ev := range evs {
			if ev.Attrs["direction"] == "outbound" && ev.Attrs["message_id"] == e.MessageID && ev.ContactID != 0 {
				touched = append(touched, ev.ContactEmail)
			}
		}
		sort.Strings(touched)
		if diff := cmp.Diff(want, touched); diff != "" {
			t.Errorf("touches on the timeline (-want +got):\n%s", diff)
		}
		rs, err := s.ResourceSends(ctx, 0)
		if err != nil || len(rs) != len(d.Resources) || len(rs) == 0 {
			t.Fatalf("resource sends %+v %v, want %d", rs, err, len(d.Resources))
		}
		for _, x := range rs {
			if x.Mode != gtg.ModePropose || x.Score == nil || x.SendID != e.ID {
				t.Errorf("resource send %+v", x)
			}
		}
	})
}

// TestCapAndOptOutStopASend: with a cap of one message per contact a week,
// the second update is refused, naming who is capped and until when; a
// send to an opted-out contact is refused; neither reaches the server.
func TestCapAndOptOutStopASend(t *testing.T) {
	mp := needMailpit(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r, from := mailSetup(t, s, mp.host, mp.port, gtg.Caps{PerContact: 1, PerAccount: 5}, 50*time.Millisecond)
		d, err := update.Compose(ctx, s, updatetest.Account, updatetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := update.Queue(ctx, s, d, []string{updatetest.OptedOut, "eve@freight.example"}, "csm@ourco.example",
			updatetest.Now, r.EnqueueEmail); gtg.ErrorCode(err) != gtg.ECONFLICT || !strings.Contains(err.Error(), updatetest.OptedOut+" opted out") {
			t.Errorf("send to an opted-out contact: %v, want a conflict naming them", err)
		}
		first, err := update.Queue(ctx, s, d, nil, "csm@ourco.example", updatetest.Now, r.EnqueueEmail)
		if err != nil {
			t.Fatal(err)
		}
		waitEmail(t, s, first.ID, "sent", func(e *gtg.EmailSend) bool { return e.Status == gtg.EmailSent })

		// The next draft warns before: every recipient of the first is capped.
		d2, err := update.Compose(ctx, s, updatetest.Account, updatetest.Now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if inc := d2.Included(); len(inc) != 0 {
			t.Errorf("capped contacts still addressed by default: %v", inc)
		}
		// One warning per capped recipient, and Olga's opt-out.
		if len(d2.Warnings) != len(updatetest.Recipients)+1 || !strings.Contains(strings.Join(d2.Warnings, "\n"),
			"eve@freight.example is capped (1 of 1 messages in 7 days) until 2026-06-19 10:00 UTC") {
			t.Errorf("warnings %q, want one per capped recipient and the opt-out", d2.Warnings)
		}
		_, err = update.Queue(ctx, s, d2, []string{"eve@freight.example"}, "csm@ourco.example", updatetest.Now.Add(time.Hour), r.EnqueueEmail)
		want := "eve@freight.example is capped (1 of 1 messages in 7 days) until 2026-06-19 10:00 UTC"
		if gtg.ErrorCode(err) != gtg.ECONFLICT || !strings.Contains(err.Error(), want) {
			t.Errorf("send over the cap: %v, want a conflict saying %q", err, want)
		}
		// Una had no message: she may get one, alone, an hour later.
		if _, err := update.Queue(ctx, s, d2, []string{updatetest.Quiet}, "csm@ourco.example", updatetest.Now.Add(time.Hour), jobs.Later); err != nil {
			t.Errorf("send to a contact under the cap: %v", err)
		}
		sends, err := s.EmailSends(ctx, store.EmailSendFilter{})
		if err != nil || len(sends) != 2 {
			t.Errorf("outbox %d emails (%v), want the first and Una's", len(sends), err)
		}
		time.Sleep(300 * time.Millisecond) // let a wrongly queued job run, if there were one
		if got := mp.from(t, from); len(got) != 1 {
			t.Errorf("mailpit has %d messages from %s, want only the first", len(got), from)
		}
	})
}

// TestSMTPOutageIsRetried stops the SMTP server (a proxy in front of
// mailpit refuses connections), sends, sees the failures recorded with
// their error while the email stays pending, starts the server again and
// sees the email delivered exactly once.
func TestSMTPOutageIsRetried(t *testing.T) {
	mp := needMailpit(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		proxy := newProxy(t, net.JoinHostPort(mp.host, strconv.Itoa(mp.port)))
		r, from := mailSetup(t, s, "127.0.0.1", proxy.port(), gtg.Caps{PerContact: 3, PerAccount: 5}, 300*time.Millisecond)
		d, err := update.Compose(ctx, s, updatetest.Account, updatetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		e, err := update.Queue(ctx, s, d, nil, "csm@ourco.example", updatetest.Now, r.EnqueueEmail)
		if err != nil {
			t.Fatal(err)
		}
		failing := waitEmail(t, s, e.ID, "failed twice", func(e *gtg.EmailSend) bool { return e.Attempts >= 2 })
		if failing.Status != gtg.EmailPending || !strings.Contains(failing.LastError, "connection refused") {
			t.Errorf("while the server is down: status %s, error %q; want pending with the dial error", failing.Status, failing.LastError)
		}
		if got := mp.from(t, from); len(got) != 0 {
			t.Fatalf("%d messages arrived while the server was down", len(got))
		}
		proxy.up(t)
		sent := waitEmail(t, s, e.ID, "sent after the outage", func(e *gtg.EmailSend) bool { return e.Status == gtg.EmailSent })
		if sent.Attempts <= failing.Attempts || sent.LastError != "" {
			t.Errorf("sent on attempt %d (failed %d before), last error %q", sent.Attempts, failing.Attempts, sent.LastError)
		}
		time.Sleep(500 * time.Millisecond) // a duplicate would arrive by now
		got := mp.from(t, from)
		if len(got) != 1 || strings.Trim(got[0].MessageID, "<>") != e.MessageID {
			t.Fatalf("mailpit has %+v, want the email once", got)
		}
		if diff := cmp.Diff(len(updatetest.Recipients), len(got[0].To)); diff != "" {
			t.Errorf("recipients: %s", diff)
		}
	})
}
