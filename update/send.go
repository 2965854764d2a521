package update

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Enqueue queues the delivery of an outbox email inside the transaction
// that stores it (jobs.Runner.EnqueueEmail).
type Enqueue func(ctx context.Context, tx *store.Tx, sendID int64) error

// Queue puts the draft in the outbox for the recipients (nil: the draft's
// default list) and queues its delivery, all in one transaction. It
// refuses, sending nothing, when a recipient is not an active contact of
// the account (EINVALID), opted out or is over a cap, or the account is
// over its cap (ECONFLICT, saying who is capped and until when).
func Queue(ctx context.Context, st *store.Store, d *Draft, recipients []string, actor string, now time.Time, enqueue Enqueue) (*gtg.EmailSend, error) {
	settings, err := st.MailSettings(ctx)
	if err != nil {
		return nil, err
	}
	if !settings.SMTP.Configured() {
		return nil, gtg.Errorf(gtg.EINVALID, "smtp: no mail server is set (gtg smtp set)")
	}
	if recipients == nil {
		recipients = d.Included()
	}
	byEmail := map[string]*Recipient{}
	for i := range d.Recipients {
		byEmail[d.Recipients[i].Email] = &d.Recipients[i]
	}
	e := &gtg.EmailSend{AccountID: d.Account.ID, AccountExt: d.Account.ExternalID, Kind: gtg.EmailWeeklyUpdate,
		Subject: d.Subject, Text: d.Text, HTML: d.HTML, Chart: d.Chart, Week: d.Week, CreatedBy: actor}
	seen := map[string]bool{}
	var optedOut []string
	for _, raw := range recipients {
		email := strings.ToLower(strings.TrimSpace(raw))
		if email == "" || seen[email] {
			continue
		}
		seen[email] = true
		r := byEmail[email]
		if r == nil {
			return nil, gtg.Errorf(gtg.EINVALID, "recipients: %s is not an active contact of %s", email, d.Account.ExternalID)
		}
		if strings.HasPrefix(r.Blocked, "opted out") {
			optedOut = append(optedOut, email+" "+r.Blocked)
		}
		e.Recipients = append(e.Recipients, email)
		e.ContactIDs = append(e.ContactIDs, r.ContactID)
	}
	if len(optedOut) > 0 {
		return nil, gtg.Errorf(gtg.ECONFLICT, "recipients: %s; they receive nothing from gtg", strings.Join(optedOut, "; "))
	}
	if len(e.Recipients) == 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "recipients: none left to send to")
	}
	// The caps are checked again at queue time: the draft may be old.
	hits, err := CapHits(ctx, st, settings.Caps, d.Account.ID, e.ContactIDs, now)
	if err != nil {
		return nil, err
	}
	if len(hits) > 0 {
		return nil, gtg.CapError(d.named(hits))
	}
	for _, s := range d.Resources {
		e.ResourceIDs = append(e.ResourceIDs, s.Resource.ID)
	}
	e.MessageID = MessageID(settings.SMTP.From)
	err = st.InTx(ctx, func(tx *store.Tx) error {
		// Once more under the account's lock: a send queued meanwhile counts.
		past, err := tx.OutreachLocked(ctx, d.Account.ID, now.Add(-gtg.CapWindow))
		if err != nil {
			return err
		}
		if hits := settings.Caps.Check(past, e.ContactIDs, now); len(hits) > 0 {
			return gtg.CapError(d.named(hits))
		}
		if err := tx.CreateEmailSend(ctx, e); err != nil {
			return err
		}
		return enqueue(ctx, tx, e.ID)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// MessageID makes a unique Message-ID in the sender's domain, without the
// angle brackets.
func MessageID(from string) string {
	domain := "gtg.invalid"
	if i := strings.LastIndex(from, "@"); i >= 0 {
		domain = strings.Trim(from[i+1:], "> ")
	}
	b := make([]byte, 12)
	rand.Read(b)
	return fmt.Sprintf("gtg.%s@%s", hex.EncodeToString(b), domain)
}

// named fills in the email of each capped contact, for the message.
func (d *Draft) named(hits []gtg.CapHit) []gtg.CapHit {
	for i := range hits {
		for _, r := range d.Recipients {
			if r.ContactID == hits[i].ContactID && hits[i].ContactID != 0 {
				hits[i].Email = r.Email
			}
		}
	}
	return hits
}
