// Package mailer sends gtg's email over SMTP with wneessen/go-mail: the
// server, port, TLS mode and credentials come from the admin's settings,
// and the credentials never appear in errors or logs.
package mailer

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/gtg-dev/gtg"
)

// ChartCID is the content id the HTML part refers to for the inline chart.
const ChartCID = "health-chart.png"

// timeout bounds one connection to the server.
const timeout = 20 * time.Second

// client connects to the server the settings name.
func client(s gtg.SMTPSettings) (*mail.Client, error) {
	opts := []mail.Option{mail.WithPort(s.Port), mail.WithTimeout(timeout)}
	switch s.TLS {
	case gtg.TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case gtg.TLSImplicit:
		opts = append(opts, mail.WithSSL())
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.Username),
			mail.WithPassword(s.Password))
	}
	c, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, gtg.Errorf(gtg.EINVALID, "smtp: %s", clean(err, s))
	}
	return c, nil
}

// clean turns an SMTP error into text that cannot carry the password.
func clean(err error, s gtg.SMTPSettings) string {
	msg := err.Error()
	if s.Password != "" {
		msg = strings.ReplaceAll(msg, s.Password, "…")
	}
	return msg
}

// Message builds the MIME message of an outbox email: a plain-text part,
// an HTML alternative and the chart embedded under ChartCID.
func Message(s gtg.SMTPSettings, e *gtg.EmailSend, replyTo string) (*mail.Msg, error) {
	m := mail.NewMsg()
	if err := m.From(s.From); err != nil {
		return nil, gtg.Errorf(gtg.EINVALID, "from: %v", err)
	}
	if err := m.To(e.Recipients...); err != nil {
		return nil, gtg.Errorf(gtg.EINVALID, "recipients: %v", err)
	}
	if replyTo != "" {
		if err := m.ReplyTo(replyTo); err != nil {
			return nil, gtg.Errorf(gtg.EINVALID, "reply-to: %v", err)
		}
	}
	m.Subject(e.Subject)
	m.SetMessageIDWithValue(e.MessageID)
	m.SetDate()
	m.SetGenHeader("X-Gtg-Kind", e.Kind)
	m.SetBodyString(mail.TypeTextPlain, e.Text)
	if e.HTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, e.HTML)
	}
	if len(e.Chart) > 0 {
		if err := m.EmbedReader(ChartCID, bytes.NewReader(e.Chart), mail.WithFileContentType("image/png")); err != nil {
			return nil, fmt.Errorf("embed chart: %w", err)
		}
	}
	return m, nil
}

// Send sends one outbox email. Errors say what failed (dial, TLS, auth,
// a refused recipient) without the credentials.
func Send(ctx context.Context, s gtg.SMTPSettings, e *gtg.EmailSend, replyTo string) error {
	if !s.Configured() {
		return gtg.Errorf(gtg.EINVALID, "smtp: no mail server is set (gtg smtp set)")
	}
	m, err := Message(s, e, replyTo)
	if err != nil {
		return err
	}
	c, err := client(s)
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("smtp %s:%d: %s", s.Host, s.Port, clean(err, s))
	}
	return nil
}

// Test connects to the server and, when to is not empty, sends a short
// test message there.
func Test(ctx context.Context, s gtg.SMTPSettings, to string) error {
	if !s.Configured() {
		return gtg.Errorf(gtg.EINVALID, "smtp: no mail server is set (gtg smtp set)")
	}
	c, err := client(s)
	if err != nil {
		return err
	}
	if to == "" {
		if err := c.DialWithContext(ctx); err != nil {
			return gtg.Errorf(gtg.EINVALID, "smtp %s:%d: %s", s.Host, s.Port, clean(err, s))
		}
		return c.Close()
	}
	e := &gtg.EmailSend{Kind: "test", Subject: "gtg test message", Recipients: []string{to},
		Text: "This is a test message from gtg: the mail settings work.\n", MessageID: fmt.Sprintf("gtg.test.%d@%s", time.Now().UnixNano(), s.Host)}
	m, err := Message(s, e, "")
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return gtg.Errorf(gtg.EINVALID, "smtp %s:%d: %s", s.Host, s.Port, clean(err, s))
	}
	return nil
}
