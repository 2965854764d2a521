package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
	"github.com/gtg-dev/gtg/update/updatetest"
)

// TestUpdateSendRefusals: over the web, a send to an opted-out contact and
// one over the cap are refused with 409 and say who and until when; a
// viewer cannot send; nothing reaches the outbox but the one allowed send.
func TestUpdateSendRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		updatetest.Seed(t, st)
		now := func() time.Time { return updatetest.Now }
		h := NewHandler(Config{Store: st, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: now, EnqueueEmail: jobs.Later})
		createUser(t, st, "csm@ourco.example", gtg.UserCSM)
		createUser(t, st, "vic@ourco.example", gtg.UserViewer)
		m := gtg.MailSettings{SMTP: gtg.SMTPSettings{Host: "127.0.0.1", Port: 1, TLS: gtg.TLSNone, From: "cs@ourco.example"},
			Caps: gtg.Caps{PerContact: 1, PerAccount: 5}, WeeklyWeekday: -1, WeeklyHour: 9}
		if err := st.PutMailSettings(ctx, "admin", &m); err != nil {
			t.Fatal(err)
		}
		c := &client{t: t, h: h}
		c.login("csm@ourco.example")
		type sent struct {
			code int
			body string
		}
		send := func(c *client, to ...string) sent {
			w := c.do(http.MethodPost, "/accounts/F1/update", url.Values{"csrf": {c.csrf}, "to": to})
			return sent{w.Code, w.Body.String()}
		}
		if r := send(c, "eve@freight.example", updatetest.OptedOut); r.code != http.StatusConflict || !strings.Contains(r.body, "olga@freight.example opted out") {
			t.Errorf("opted-out recipient: %d", r.code)
		}
		if r := send(c, "eve@freight.example"); r.code != http.StatusSeeOther {
			t.Fatalf("first send: %d %s", r.code, r.body)
		}
		if r := send(c, "eve@freight.example"); r.code != http.StatusConflict ||
			!strings.Contains(r.body, "eve@freight.example is capped (1 of 1 messages in 7 days) until 2026-06-19 10:00 UTC") {
			t.Errorf("over the cap: %d", r.code)
		}
		if r := send(c); r.code != http.StatusBadRequest || !strings.Contains(r.body, "recipients: none") {
			t.Errorf("no recipient ticked: %d", r.code)
		}
		v := &client{t: t, h: h}
		v.login("vic@ourco.example")
		if r := send(v, "cam@freight.example"); r.code != http.StatusForbidden {
			t.Errorf("a viewer sending: %d", r.code)
		}
		es, err := st.EmailSends(ctx, store.EmailSendFilter{})
		if err != nil || len(es) != 1 {
			t.Errorf("outbox %d emails, %v; want the one allowed", len(es), err)
		}
		// The page shows the queued email.
		if body := c.get("/accounts/F1/update").Body.String(); !strings.Contains(body, "queued") {
			t.Error("the update page does not list the queued email")
		}
	})
}
