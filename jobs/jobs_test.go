package jobs_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/demo"
	"github.com/gtg-dev/gtg/jobs"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// fastRetry retries failed jobs after 50 ms instead of River's backoff.
type fastRetry struct{}

func (fastRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(50 * time.Millisecond) }

// flakyHook is a webhook receiver that answers 503 to the first two
// deliveries of each alert and 200 afterwards.
type flakyHook struct {
	mu       sync.Mutex
	attempts map[int64]int
	got      map[int64]map[string]any // alert id → the payload delivered
}

func (h *flakyHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var p map[string]any
	if err := json.Unmarshal(body, &p); err != nil || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	id := int64(p["alert"].(map[string]any)["id"].(float64))
	h.mu.Lock()
	defer h.mu.Unlock()
	h.attempts[id]++
	if h.attempts[id] <= 2 {
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	h.got[id] = p
	io.WriteString(w, "ok")
}

func (h *flakyHook) delivered() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.got)
}

func TestDailyRunDeliversAlertsWithRetries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		today := gtg.MustParseDay("2026-06-30")
		if _, err := demo.Load(ctx, s, demo.Config{Accounts: 30, Seed: 4, Today: today, Days: 200}, nil); err != nil {
			t.Fatal(err)
		}
		hook := &flakyHook{attempts: map[int64]int{}, got: map[int64]map[string]any{}}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		if err := s.CreateWebhook(ctx, "test", &gtg.Webhook{Name: "slack", URL: srv.URL, MinSeverity: "high"}); err != nil {
			t.Fatal(err)
		}
		r, err := jobs.New(ctx, jobs.Config{Store: s, Now: func() time.Time { return today.Time().Add(9 * time.Hour) },
			BaseURL: "https://gtg.example.com", RetryPolicy: fastRetry{}, PollInterval: 100 * time.Millisecond, DailyEvery: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.Daily(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Scored || rep.Alerts.Accounts == 0 {
			t.Fatalf("daily report %+v", rep)
		}
		// The webhook wants high alerts only: those shown in the inbox.
		var want []*gtg.Alert
		for _, a := range rep.Alerts.Shown {
			if a.Severity == gtg.SeverityHigh {
				want = append(want, a)
			}
		}
		if len(want) == 0 {
			t.Fatalf("no high alert reached the inbox; stats %+v", rep.Alerts)
		}
		// A second run the same day does nothing: today is scored.
		if again, err := r.Daily(ctx); err != nil || again.Scored {
			t.Fatalf("second daily run: %+v %v", again, err)
		}

		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer r.Stop(context.Background())
		for hook.delivered() < len(want) {
			if ctx.Err() != nil {
				t.Fatalf("delivered %d of %d alerts before the deadline", hook.delivered(), len(want))
			}
			time.Sleep(50 * time.Millisecond)
		}
		for _, a := range want {
			p := hook.got[a.ID]
			text, _ := p["text"].(string)
			if !strings.Contains(text, a.Title) || !strings.Contains(text, a.AccountName) {
				t.Errorf("alert %d text %q lacks the title or account", a.ID, text)
			}
			if blocks, _ := p["blocks"].([]any); len(blocks) < 2 {
				t.Errorf("alert %d: %d Slack blocks", a.ID, len(blocks))
			}
			links, _ := p["links"].(map[string]any)
			if links["inbox"] != "https://gtg.example.com/alerts" {
				t.Errorf("alert %d links %v", a.ID, links)
			}
		}
		// Each delivery is recorded as delivered on its third attempt.
		deadline := time.Now().Add(10 * time.Second)
		for {
			ds, err := s.Deliveries(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			done := 0
			for _, d := range ds {
				if d.Status == gtg.DeliveryDelivered && d.Attempts == 3 && d.Webhook == "slack" {
					done++
				}
			}
			if done == len(want) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d deliveries recorded as delivered on attempt 3: %+v", done, len(want), ds)
			}
			time.Sleep(50 * time.Millisecond)
		}
		hook.mu.Lock()
		for id, n := range hook.attempts {
			if n != 3 {
				t.Errorf("alert %d was posted %d times, want 3", id, n)
			}
		}
		hook.mu.Unlock()
	})
}

func TestWebhookValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, tc := range []struct {
			w    gtg.Webhook
			code string
			msg  string
		}{
			{gtg.Webhook{Name: "Slack!", URL: "https://x.test"}, gtg.EINVALID, "name:"},
			{gtg.Webhook{Name: "s", URL: "ftp://x.test"}, gtg.EINVALID, `url: "ftp://x.test" is not an http(s) URL`},
			{gtg.Webhook{Name: "s", URL: "https://x.test", MinSeverity: "urgent"}, gtg.EINVALID, "min_severity"},
		} {
			if err := s.CreateWebhook(ctx, "t", &tc.w); gtg.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%+v: %v", tc.w, err)
			}
		}
		ok := gtg.Webhook{Name: "s", URL: "https://x.test"}
		if err := s.CreateWebhook(ctx, "t", &ok); err != nil {
			t.Fatal(err)
		}
		dup := gtg.Webhook{Name: "s", URL: "https://y.test"}
		if err := s.CreateWebhook(ctx, "t", &dup); gtg.ErrorCode(err) != gtg.ECONFLICT {
			t.Errorf("duplicate name: %v", err)
		}
		if hs, err := s.Webhooks(ctx); err != nil || len(hs) != 1 || hs[0].MinSeverity != gtg.SeverityLow {
			t.Errorf("webhooks %v %v", hs, err)
		}
	})
}
