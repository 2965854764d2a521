package gtg

import (
	"net/url"
	"strings"
	"time"
)

// Webhook is an outbound endpoint that receives new alerts as JSON, in a
// payload Slack's incoming webhooks accept (text and blocks) with the alert
// itself alongside for other consumers.
type Webhook struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	URL         string    `json:"url"`
	MinSeverity string    `json:"min_severity"` // alerts of this severity and above are sent
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
}

// Normalize tidies values before validation.
func (w *Webhook) Normalize() {
	w.Name = strings.TrimSpace(w.Name)
	w.URL = strings.TrimSpace(w.URL)
	w.MinSeverity = strings.ToLower(strings.TrimSpace(w.MinSeverity))
	if w.MinSeverity == "" {
		w.MinSeverity = SeverityLow
	}
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (w *Webhook) Validate() error {
	if !ValidKey(w.Name) {
		return Errorf(EINVALID, "name: %q must be lowercase letters, digits and _", w.Name)
	}
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Errorf(EINVALID, "url: %q is not an http(s) URL", w.URL)
	}
	if SeverityRank(w.MinSeverity) == 0 {
		return Errorf(EINVALID, "min_severity: %q is not one of high, medium, low", w.MinSeverity)
	}
	return nil
}

// Wants reports whether the webhook takes alerts of the severity.
func (w *Webhook) Wants(severity string) bool {
	return w.Active && SeverityRank(severity) >= SeverityRank(w.MinSeverity)
}

// Delivery states of an alert sent to a webhook.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed" // gave up after the last retry
)

// Delivery is one alert's delivery to one webhook.
type Delivery struct {
	WebhookID int64     `json:"webhook_id"`
	Webhook   string    `json:"webhook"`
	AlertID   int64     `json:"alert_id"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}
