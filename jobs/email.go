package jobs

import (
	"context"
	"fmt"
	"strings"

	"github.com/riverqueue/river"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/mailer"
	"github.com/gtg-dev/gtg/store"
)

// EmailArgs sends one email of the outbox.
type EmailArgs struct {
	SendID int64 `json:"send_id"`
}

// Kind names the job in River's table.
func (EmailArgs) Kind() string { return "gtg_send_email" }

// EmailMaxAttempts is how many times an email is tried: with River's
// backoff (attempt⁴ seconds) the last try is about a day and a half after
// the first, so a mail server down overnight delays the email, never loses it.
const EmailMaxAttempts = 10

// InsertOpts: retried with backoff, queued once per email.
func (EmailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: EmailMaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// EnqueueEmail queues the delivery of an outbox email in the transaction
// that stored it. It is update.Enqueue.
func (r *Runner) EnqueueEmail(ctx context.Context, tx *store.Tx, sendID int64) error {
	if _, err := r.client.InsertTx(ctx, tx.SQL(), EmailArgs{SendID: sendID}, nil); err != nil {
		return fmt.Errorf("queue email: %w", err)
	}
	return nil
}

// Later is an Enqueue that queues nothing: the caller sends the email
// itself with SendNow, which queues the retries only if that fails.
func Later(context.Context, *store.Tx, int64) error { return nil }

// SendNow tries to send an outbox email at once (the CLI has no workers);
// when it fails, the email is queued for a running server to retry with
// backoff, and the error says so.
func (r *Runner) SendNow(ctx context.Context, sendID int64) error {
	sendErr := r.SendEmail(ctx, sendID, false)
	if sendErr == nil {
		return nil
	}
	if _, err := r.client.Insert(ctx, EmailArgs{SendID: sendID}, nil); err != nil {
		return fmt.Errorf("%s; and queueing the retry failed: %w", errText(sendErr), err)
	}
	// The person sees why: a dial or SMTP error is theirs to fix, not an internal one.
	return gtg.Errorf(gtg.EINTERNAL, "%s (queued: a running gtg serve retries it with backoff; see gtg update list)", errText(sendErr))
}

type emailWorker struct {
	river.WorkerDefaults[EmailArgs]
	r *Runner
}

// Work sends the email; River retries a failure with backoff.
func (w *emailWorker) Work(ctx context.Context, job *river.Job[EmailArgs]) error {
	err := w.r.SendEmail(ctx, job.Args.SendID, job.Attempt >= job.MaxAttempts)
	if gtg.ErrorCode(err) == gtg.ENOTFOUND {
		return river.JobCancel(err)
	}
	return err
}

// SendEmail sends an outbox email once and records the attempt: on
// success the email is marked sent and each recipient who is a contact
// gets an outbound email event on the account's timeline (a touch), and
// the resources it carried are recorded with the account's health; on
// failure the error and the attempt count are kept for the page, and last
// marks the email failed. An email already sent is not sent again.
func (r *Runner) SendEmail(ctx context.Context, sendID int64, last bool) error {
	st := r.cfg.Store
	e, err := st.EmailSend(ctx, sendID)
	if err != nil {
		return err
	}
	if e.Status == gtg.EmailSent {
		return nil
	}
	settings, err := st.MailSettings(ctx)
	if err != nil {
		return err
	}
	var acct *gtg.Account
	replyTo := ""
	if e.AccountID != 0 {
		if acct, err = st.AccountByID(ctx, e.AccountID); err != nil {
			return err
		}
		if strings.Contains(acct.Owner, "@") {
			replyTo = acct.Owner
		}
	}
	attempts := e.Attempts + 1
	if sendErr := mailer.Send(ctx, settings.SMTP, e, replyTo); sendErr != nil {
		if err := st.EmailAttempt(ctx, e.ID, attempts, errText(sendErr), last); err != nil {
			r.cfg.Logger.Error("record email attempt", "email", e.ID, "err", err)
		}
		r.cfg.Logger.Warn("email not sent", "email", e.ID, "attempt", attempts, "err", sendErr)
		return sendErr
	}
	now := r.cfg.Now().UTC()
	var events []*gtg.Event
	var sends []*gtg.ResourceSend
	if acct != nil {
		for i, to := range e.Recipients {
			if i >= len(e.ContactIDs) || e.ContactIDs[i] == 0 {
				continue
			}
			events = append(events, &gtg.Event{AccountID: acct.ID, ContactEmail: to, Type: gtg.EventEmail, OccurredAt: now,
				ExternalID: "gtg-email-" + e.MessageID + "-" + to,
				Attrs:      map[string]any{"direction": "outbound", "subject": e.Subject, "message_id": e.MessageID, "kind": e.Kind}})
		}
		if len(e.ResourceIDs) > 0 {
			today := gtg.DayOf(now)
			mode := gtg.ModeFor("")
			if p, err := st.RiskProfile(ctx, acct.ID); err == nil {
				mode = gtg.ModeFor(p.Level)
			}
			var score *float64
			color := ""
			hs, err := st.HealthHistory(ctx, acct.ID, today-31, today)
			if err != nil {
				return err
			}
			if n := len(hs); n > 0 && hs[n-1].Color != gtg.InsufficientData {
				sc := hs[n-1].Score
				score, color = &sc, hs[n-1].Color
				if p, err := st.RiskProfile(ctx, acct.ID); err != nil || p.Level == "" {
					mode = gtg.ModeFor(map[string]string{gtg.Red: gtg.RiskHigh}[color])
				}
			}
			for _, id := range e.ResourceIDs {
				sends = append(sends, &gtg.ResourceSend{ResourceID: id, AccountID: acct.ID, SendID: e.ID, SentOn: today,
					Mode: mode, Score: score, Color: color})
			}
		}
	}
	if err := st.CompleteEmailSend(ctx, e, attempts, events, sends); err != nil {
		if gtg.ErrorCode(err) == gtg.ECONFLICT {
			return nil // another worker finished it
		}
		return err
	}
	r.cfg.Logger.Info("email sent", "email", e.ID, "kind", e.Kind, "recipients", len(e.Recipients), "attempt", attempts)
	return nil
}

// errText is what the page shows of a failed attempt: the message of a
// gtg error, or the whole text of a dial or SMTP error (which never holds
// the credentials: mailer cleans them out).
func errText(err error) string {
	if gtg.ErrorCode(err) == gtg.EINTERNAL {
		return err.Error()
	}
	return gtg.ErrorMessage(err)
}
