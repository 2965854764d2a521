package jobs

import (
	"context"
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/update"
)

// Notifications by email: a user who chose "immediate" gets each alert on
// their accounts as it reaches the inbox; one who chose "daily" gets one
// digest a day with the day's alerts and, for managers, the standup and the
// save-ladder offers waiting for their approval. They
// go through the outbox and the email job, so the same SMTP settings and
// retries with backoff apply as to every other email.

// notifyAlerts queues an email per alert to its owner when the owner wants
// alerts immediately, in the transaction that stores the alerts.
func (r *Runner) notifyAlerts(ctx context.Context, tx *store.Tx, shown []*gtg.Alert) error {
	if len(shown) == 0 {
		return nil
	}
	st := r.cfg.Store
	settings, err := st.MailSettings(ctx)
	if err != nil || !settings.SMTP.Configured() {
		return err
	}
	wants, err := r.usersWanting(ctx, gtg.NotifyImmediate)
	if err != nil || len(wants) == 0 {
		return err
	}
	for _, a := range shown {
		u := wants[strings.ToLower(a.Owner)]
		if u == nil {
			continue
		}
		if err := r.queueNotification(ctx, tx, &settings, u.Email, fmt.Sprintf("[gtg] %s alert: %s — %s", a.Severity, a.Title, a.AccountName),
			alertText(a, r.cfg.BaseURL)+"\nYou get alerts as they open; change it with gtg notify set.\n"); err != nil {
			return err
		}
	}
	return nil
}

// queueNotification puts a notification email to one user in the outbox
// and queues its delivery, in tx.
func (r *Runner) queueNotification(ctx context.Context, tx *store.Tx, settings *gtg.MailSettings, to, subject, text string) error {
	e := &gtg.EmailSend{Kind: gtg.EmailNotification, Recipients: []string{to}, CreatedBy: "gtg",
		Subject: subject, Text: text, MessageID: update.MessageID(settings.SMTP.From)}
	if err := tx.CreateEmailSend(ctx, e); err != nil {
		return err
	}
	return r.EnqueueEmail(ctx, tx, e.ID)
}

// usersWanting returns the users with a notification mode, by email.
func (r *Runner) usersWanting(ctx context.Context, mode string) (map[string]*gtg.User, error) {
	st := r.cfg.Store
	modes, _, err := st.NotifyModes(ctx)
	if err != nil || len(modes) == 0 {
		return nil, err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*gtg.User{}
	for _, u := range users {
		if modes[u.ID] == mode {
			out[strings.ToLower(u.Email)] = u
		}
	}
	return out, nil
}

func alertText(a *gtg.Alert, baseURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s alert: %s\n%s (%s), opened %s, rule %s\n", strings.ToUpper(a.Severity[:1])+a.Severity[1:], a.Title,
		a.AccountName, a.AccountExt, a.OpenedOn, a.Rule)
	for _, e := range a.Evidence {
		fmt.Fprintf(&b, "- %s\n", e)
	}
	if baseURL != "" {
		fmt.Fprintf(&b, "%s/accounts/%s\n", strings.TrimRight(baseURL, "/"), a.AccountExt)
	}
	return b.String()
}

// Digests queues today's digest for every user who wants a daily one and
// has not had today's: the alerts on their accounts that reached the inbox
// since yesterday and, for managers and admins, the standup's headlines.
// A user with nothing to read gets no email. It returns how many were queued.
func (r *Runner) Digests(ctx context.Context, day gtg.Day) (int, error) {
	st := r.cfg.Store
	settings, err := st.MailSettings(ctx)
	if err != nil || !settings.SMTP.Configured() {
		return 0, err
	}
	modes, last, err := st.NotifyModes(ctx)
	if err != nil || len(modes) == 0 {
		return 0, err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return 0, err
	}
	var standup *gtg.Standup
	queued := 0
	for _, u := range users {
		if modes[u.ID] != gtg.NotifyDaily || last[u.ID] >= day {
			continue
		}
		as, err := st.Alerts(ctx, gtg.AlertFilter{Owner: u.Email, Since: day - 1, Statuses: []string{gtg.AlertOpen}})
		if err != nil {
			return queued, err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Your gtg digest for %s\n\n", day)
		n := 0
		for _, a := range as {
			if a.Held {
				continue
			}
			b.WriteString(alertText(a, r.cfg.BaseURL) + "\n")
			n++
		}
		if n == 0 {
			b.WriteString("No new alerts on your accounts.\n\n")
		}
		if gtg.Can(u.Role, gtg.UserManager) {
			if standup == nil {
				if standup, err = save.Standup(ctx, st, day-1, day); err != nil {
					return queued, err
				}
			}
			fmt.Fprintf(&b, "Standup: %d accounts became high risk, %d changed color, %d new alerts, %d plans stalled, %d tasks overdue, %d renewals not green.\n",
				len(standup.BecameHighRisk), len(standup.ColorChanges), len(standup.NewAlerts), len(standup.StalledPlans),
				len(standup.OverdueTasks), len(standup.RenewalsNotGreen))
			n++
			if len(standup.OffersPending) > 0 {
				fmt.Fprintf(&b, "\nSave-ladder offers waiting for approval (%d):\n", len(standup.OffersPending))
				for _, o := range standup.OffersPending {
					b.WriteString(offerLine(o, r.cfg.BaseURL))
				}
			}
		}
		b.WriteString("\nYou get one digest a day; change it with gtg notify set.\n")
		err = st.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkDigest(ctx, u.ID, day); err != nil {
				return err
			}
			if n == 0 {
				return nil
			}
			e := &gtg.EmailSend{Kind: gtg.EmailNotification, Recipients: []string{u.Email}, CreatedBy: "gtg",
				Subject: fmt.Sprintf("[gtg] your digest for %s: %d alerts", day, len(as)), Text: b.String(),
				MessageID: update.MessageID(settings.SMTP.From)}
			if err := tx.CreateEmailSend(ctx, e); err != nil {
				return err
			}
			queued++
			return r.EnqueueEmail(ctx, tx, e.ID)
		})
		if err != nil {
			return queued, err
		}
	}
	return queued, nil
}

// offerLine is one offer waiting for approval, as a digest lists it.
func offerLine(o *gtg.Offer, baseURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "- %s (%s): %s", o.AccountName, o.AccountExt, o.Rung)
	if o.Terms.Summary != "" {
		fmt.Fprintf(&b, ", %s", o.Terms.Summary)
	}
	fmt.Fprintf(&b, "; ARR %.0f → %.0f; proposed by %s on %s", o.ARRBefore, o.ARRAfter, o.Proposer, o.ProposedOn)
	if len(o.Guardrails) > 0 {
		fmt.Fprintf(&b, "; past the guardrails: %s", strings.Join(o.Guardrails, "; "))
	}
	b.WriteString("\n")
	if baseURL != "" {
		fmt.Fprintf(&b, "  %s/offers\n", strings.TrimRight(baseURL, "/"))
	}
	return b.String()
}

// NotifyApproval queues an email about an offer waiting for approval to
// every user who may approve it (the policy's approver role and above, not
// its proposer) and wants notifications immediately; those who chose the
// daily digest find it there. Pages, the API and the CLI call it after a
// proposal; a Runner that is not started only queues (the server sends).
func (r *Runner) NotifyApproval(ctx context.Context, o *gtg.Offer) error {
	if o == nil || o.Status != gtg.OfferPendingApproval {
		return nil
	}
	st := r.cfg.Store
	settings, err := st.MailSettings(ctx)
	if err != nil || !settings.SMTP.Configured() {
		return err
	}
	pol, err := offers.Policy(ctx, st)
	if err != nil {
		return err
	}
	wants, err := r.usersWanting(ctx, gtg.NotifyImmediate)
	if err != nil || len(wants) == 0 {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		for email, u := range wants {
			if !gtg.Can(u.Role, pol.ApproverRole) || strings.EqualFold(email, o.Proposer) {
				continue
			}
			if err := r.queueNotification(ctx, tx, &settings, u.Email,
				fmt.Sprintf("[gtg] offer waiting for your approval: %s — %s", o.AccountName, o.Rung),
				"An offer on the save ladder goes past the guardrails and waits for your approval:\n"+
					offerLine(o, r.cfg.BaseURL)+"\nYou get approvals as they come; change it with gtg notify set.\n"); err != nil {
				return err
			}
		}
		return nil
	})
}
