package gtg

import (
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"
)

// TLS modes of an SMTP connection.
const (
	TLSNone     = "none"     // plain text (a local relay or a test server)
	TLSStartTLS = "starttls" // upgrade with STARTTLS, required (usually port 587)
	TLSImplicit = "tls"      // TLS from the first byte (usually port 465)
)

// SMTPSettings say how gtg reaches its mail server. The password is kept
// for sending and never shown back: it has no JSON name, and String and
// LogValue leave it out.
type SMTPSettings struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	TLS      string `json:"tls_mode"`
	Username string `json:"username"`
	Password string `json:"-"`
	From     string `json:"from"`
}

// Configured reports whether a server is set.
func (s SMTPSettings) Configured() bool { return s.Host != "" }

// Normalize tidies values before validation.
func (s *SMTPSettings) Normalize() {
	s.Host = strings.TrimSpace(s.Host)
	s.TLS = strings.ToLower(strings.TrimSpace(s.TLS))
	s.Username = strings.TrimSpace(s.Username)
	s.From = strings.TrimSpace(s.From)
	if s.TLS == "" {
		s.TLS = TLSStartTLS
	}
	if s.Port == 0 {
		s.Port = map[string]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[s.TLS]
	}
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (s *SMTPSettings) Validate() error {
	switch {
	case s.Host == "" || strings.ContainsAny(s.Host, " /:@"):
		return Errorf(EINVALID, "server: %q is not a host name or address", s.Host)
	case s.TLS != TLSNone && s.TLS != TLSStartTLS && s.TLS != TLSImplicit:
		// Before the port: an unknown mode has no usual port to default to.
		return Errorf(EINVALID, "tls: %q is not one of none, starttls, tls", s.TLS)
	case s.Port < 1 || s.Port > 65535:
		return Errorf(EINVALID, "port: %d is not from 1 to 65535", s.Port)
	case s.Password != "" && s.Username == "":
		return Errorf(EINVALID, "username: required with a password")
	}
	if a, err := mail.ParseAddress(s.From); err != nil || a.Address == "" {
		return Errorf(EINVALID, "from: %q is not an email address", s.From)
	}
	return nil
}

// String describes the settings without the password.
func (s SMTPSettings) String() string {
	auth := "no credentials"
	if s.Username != "" {
		auth = "user " + s.Username + ", password set"
		if s.Password == "" {
			auth = "user " + s.Username + ", no password"
		}
	}
	return fmt.Sprintf("%s:%d (%s, %s), from %s", s.Host, s.Port, s.TLS, auth, s.From)
}

// LogValue keeps the password out of logs.
func (s SMTPSettings) LogValue() slog.Value {
	return slog.GroupValue(slog.String("host", s.Host), slog.Int("port", s.Port), slog.String("tls", s.TLS),
		slog.String("username", s.Username), slog.Bool("password_set", s.Password != ""))
}

// MailSettings are the team's email settings: the server, the outreach
// caps and when the weekly update goes out.
type MailSettings struct {
	SMTP SMTPSettings `json:"smtp"`
	Caps Caps         `json:"caps"`
	// WeeklyWeekday is the day the weekly update goes to accounts with an
	// open plan (time.Sunday..time.Saturday); -1 sends none on a schedule.
	WeeklyWeekday int       `json:"weekly_weekday"`
	WeeklyHour    int       `json:"weekly_hour"` // UTC
	UpdatedBy     string    `json:"updated_by"`
	UpdatedAt     time.Time `json:"updated_at,omitzero"`
}

// DefaultMailSettings are the settings before an admin sets any.
func DefaultMailSettings() MailSettings {
	return MailSettings{SMTP: SMTPSettings{Port: 587, TLS: TLSStartTLS}, Caps: Caps{PerContact: 3, PerAccount: 5},
		WeeklyWeekday: -1, WeeklyHour: 9}
}

// Validate returns an EINVALID error naming the first field that is wrong.
// An empty server is allowed: mail is then off.
func (m *MailSettings) Validate() error {
	if m.SMTP.Host != "" {
		if err := m.SMTP.Validate(); err != nil {
			return err
		}
	}
	if err := m.Caps.Validate(); err != nil {
		return err
	}
	switch {
	case m.WeeklyWeekday < -1 || m.WeeklyWeekday > 6:
		return Errorf(EINVALID, "weekly_weekday: %d is not -1 (off) or from 0 (Sunday) to 6", m.WeeklyWeekday)
	case m.WeeklyHour < 0 || m.WeeklyHour > 23:
		return Errorf(EINVALID, "weekly_hour: %d is not from 0 to 23", m.WeeklyHour)
	}
	return nil
}

// Kinds of email gtg sends.
const (
	EmailWeeklyUpdate = "weekly_update"
	EmailNotification = "notification"
)

// States of an email in the outbox.
const (
	EmailPending = "pending" // queued, or retrying after a failure
	EmailSent    = "sent"
	EmailFailed  = "failed" // gave up after the last retry
)

// EmailSend is one email in gtg's outbox, kept whole so that every retry
// sends the same message, with its delivery state.
type EmailSend struct {
	ID          int64     `json:"id"`
	AccountID   int64     `json:"-"` // 0: not about one account (a notification)
	AccountExt  string    `json:"account_id,omitempty"`
	Kind        string    `json:"kind"`
	Subject     string    `json:"subject"`
	Recipients  []string  `json:"recipients"`
	ContactIDs  []int64   `json:"-"` // the recipients who are contacts, for touches and caps
	ResourceIDs []int64   `json:"resource_ids,omitempty"`
	Text        string    `json:"-"`
	HTML        string    `json:"-"`
	Chart       []byte    `json:"-"` // the inline PNG, "" when none
	Status      string    `json:"status"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	MessageID   string    `json:"message_id"`
	Week        string    `json:"week,omitempty"` // the ISO week of a weekly update ("2026-W27")
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	SentAt      time.Time `json:"sent_at,omitzero"`
}

// ISOWeek names the ISO week of t, as "2026-W27".
func ISOWeek(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// Notification modes: how a user wants alerts, approvals and the standup by email.
const (
	NotifyOff       = "off"
	NotifyImmediate = "immediate"
	NotifyDaily     = "daily"
)

// ValidNotifyMode reports whether m is a notification mode.
func ValidNotifyMode(m string) bool {
	return m == NotifyOff || m == NotifyImmediate || m == NotifyDaily
}
