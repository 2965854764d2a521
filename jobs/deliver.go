package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// DeliverArgs sends one alert to one webhook.
type DeliverArgs struct {
	WebhookID int64 `json:"webhook_id"`
	AlertID   int64 `json:"alert_id"`
}

// Kind names the job in River's table.
func (DeliverArgs) Kind() string { return "gtg_deliver_alert" }

// InsertOpts: a delivery is retried up to 10 times over about a day and a
// half with River's backoff (attempt⁴ seconds), and queued once per
// webhook and alert.
func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Deliver queues the alerts for every webhook that wants their severity,
// and by email for owners who want them immediately, in the transaction
// that stores the alerts. It is alerts.Options.Deliver.
func (r *Runner) Deliver(ctx context.Context, tx *store.Tx, shown []*gtg.Alert) error {
	if err := r.notifyAlerts(ctx, tx, shown); err != nil {
		return fmt.Errorf("queue alert emails: %w", err)
	}
	hooks, err := tx.Webhooks(ctx)
	if err != nil {
		return err
	}
	var params []river.InsertManyParams
	for _, a := range shown {
		for _, w := range hooks {
			if w.Wants(a.Severity) {
				params = append(params, river.InsertManyParams{Args: DeliverArgs{WebhookID: w.ID, AlertID: a.ID}})
			}
		}
	}
	if len(params) == 0 {
		return nil
	}
	if _, err := r.client.InsertManyTx(ctx, tx.SQL(), params); err != nil {
		return fmt.Errorf("queue webhook deliveries: %w", err)
	}
	return nil
}

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	r *Runner
}

// Work posts the alert; any answer but 2xx is an error, and River retries.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	st := w.r.cfg.Store
	hook, err := st.Webhook(ctx, job.Args.WebhookID)
	if err != nil {
		if gtg.ErrorCode(err) == gtg.ENOTFOUND {
			return river.JobCancel(err) // the webhook was removed
		}
		return err
	}
	alert, err := st.Alert(ctx, job.Args.AlertID)
	if err != nil {
		if gtg.ErrorCode(err) == gtg.ENOTFOUND {
			return river.JobCancel(err)
		}
		return err
	}
	body, err := json.Marshal(Payload(alert, w.r.cfg.BaseURL))
	if err != nil {
		return err
	}
	sendErr := w.send(ctx, hook.URL, body)
	d := &gtg.Delivery{WebhookID: hook.ID, AlertID: alert.ID, Attempts: job.Attempt, Status: gtg.DeliveryDelivered}
	if sendErr != nil {
		d.Status, d.LastError = gtg.DeliveryPending, sendErr.Error()
		if job.Attempt >= job.MaxAttempts {
			d.Status = gtg.DeliveryFailed
		}
	}
	if err := st.PutDelivery(ctx, d); err != nil {
		w.r.cfg.Logger.Error("record webhook delivery", "err", err)
	}
	return sendErr
}

func (w *deliverWorker) send(ctx context.Context, url string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "gtg-webhook/1")
	resp, err := w.r.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("post: %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}

// payload is what a webhook receives: Slack's incoming-webhook fields (text
// and blocks; Slack ignores the rest) and the alert for everyone else.
type payload struct {
	Text   string      `json:"text"`
	Blocks []block     `json:"blocks"`
	Alert  *gtg.Alert  `json:"alert"`
	Links  *alertLinks `json:"links,omitempty"`
	Source string      `json:"source"`
	_      struct{}    `json:"-"`
}

type block struct {
	Type string    `json:"type"`
	Text *textObj  `json:"text,omitempty"`
	Elts []textObj `json:"elements,omitempty"`
}

type textObj struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type alertLinks struct {
	Account string `json:"account"`
	Inbox   string `json:"inbox"`
}

var severityMark = map[string]string{gtg.SeverityHigh: "🔴", gtg.SeverityMedium: "🟠", gtg.SeverityLow: "🟡"}

// Payload builds the JSON a webhook receives for an alert.
func Payload(a *gtg.Alert, baseURL string) any {
	title := fmt.Sprintf("%s %s alert: %s — %s (%s)", severityMark[a.Severity], a.Severity, a.Title, a.AccountName, a.AccountExt)
	var ev strings.Builder
	for _, e := range a.Evidence {
		ev.WriteString("• " + e + "\n")
	}
	p := payload{Text: title + "\n" + ev.String(), Alert: a, Source: "gtg"}
	account := title
	if baseURL != "" {
		base := strings.TrimRight(baseURL, "/")
		p.Links = &alertLinks{Account: fmt.Sprintf("%s/accounts/%d", base, a.AccountID), Inbox: base + "/alerts"}
		account = fmt.Sprintf("%s %s alert: %s — <%s|%s> (%s)", severityMark[a.Severity], a.Severity, a.Title, p.Links.Account, a.AccountName, a.AccountExt)
	}
	p.Blocks = []block{{Type: "section", Text: &textObj{Type: "mrkdwn", Text: "*" + account + "*"}}}
	if ev.Len() > 0 {
		p.Blocks = append(p.Blocks, block{Type: "section", Text: &textObj{Type: "mrkdwn", Text: ev.String()}})
	}
	p.Blocks = append(p.Blocks, block{Type: "context", Elts: []textObj{{Type: "mrkdwn",
		Text: fmt.Sprintf("Owner: %s · opened %s · rule %s", orDash(a.Owner), a.OpenedOn, a.Rule)}}})
	return p
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
