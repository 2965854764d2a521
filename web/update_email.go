package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/update"
)

// updatePage previews an account's weekly update email: who it goes to
// (editable, with who cannot get it and why), the email as it will look,
// and the emails sent before with their delivery state.
type updatePage struct {
	basePage
	A          *gtg.Account
	URL        string
	D          *update.Draft
	CanSend    bool
	MailReady  bool // a server is set and a job queue delivers
	Note       string
	Err        string
	Flash      string
	Recipients []recipientRow
	Sent       []sentRow
	EmailURL   string
}

type recipientRow struct {
	Email, Name, Title, Role, Why, Blocked string
	Checked, Disabled                      bool
}

type sentRow struct {
	ID                             int64
	When, Subject, Status, Tone    string
	To                             string
	Attempts                       int
	LastError                      string
	Pending, Failed, Sent, Retried bool
}

func (s *server) updateShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderUpdate(w, r, http.StatusOK, nil, "")
}

func (s *server) renderUpdate(w http.ResponseWriter, r *http.Request, status int, sent url.Values, errMsg string) error {
	ctx := r.Context()
	d, err := update.Compose(ctx, s.store, r.PathValue("id"), s.now())
	if err != nil {
		return err
	}
	a := d.Account
	p := updatePage{basePage: s.base(r, "Weekly update · "+a.Name, "accounts"), A: a, URL: accountURL(a.ExternalID), D: d, Err: errMsg,
		EmailURL: accountURL(a.ExternalID) + "/update/email.html"}
	p.CanSend = canWrite(p.User)
	settings, err := s.store.MailSettings(ctx)
	if err != nil {
		return err
	}
	p.MailReady = settings.SMTP.Configured() && s.enqueueEmail != nil
	if r.URL.Query().Get("sent") != "" {
		p.Flash = "The update is queued; its delivery shows below."
	}
	chosen := map[string]bool{}
	if sent != nil {
		p.Note = sent.Get("note")
		for _, e := range sent["to"] {
			chosen[e] = true
		}
		if p.Note != "" {
			p.EmailURL += "?note=" + url.QueryEscape(p.Note)
		}
	}
	for _, rc := range d.Recipients {
		row := recipientRow{Email: rc.Email, Name: rc.Name, Title: rc.Title, Role: rc.Role, Why: rc.Why, Blocked: rc.Blocked,
			Checked: rc.Include, Disabled: rc.Blocked != ""}
		if sent != nil {
			row.Checked = chosen[rc.Email] && !row.Disabled
		}
		p.Recipients = append(p.Recipients, row)
	}
	es, err := s.store.EmailSends(ctx, store.EmailSendFilter{AccountID: a.ID, Limit: 20})
	if err != nil {
		return err
	}
	for _, e := range es {
		row := sentRow{ID: e.ID, When: e.CreatedAt.Format("2 Jan 2006 15:04"), Subject: e.Subject, Status: e.Status,
			To: strings.Join(e.Recipients, ", "), Attempts: e.Attempts, LastError: e.LastError,
			Pending: e.Status == gtg.EmailPending, Failed: e.Status == gtg.EmailFailed, Sent: e.Status == gtg.EmailSent}
		row.Retried = row.Pending && e.Attempts > 0
		switch {
		case row.Sent:
			row.Tone, row.Status = "good", "sent "+e.SentAt.Format("2 Jan 15:04")
		case row.Failed:
			row.Tone, row.Status = "bad", fmt.Sprintf("failed after %d attempts", e.Attempts)
		case row.Retried:
			row.Tone, row.Status = "warn", fmt.Sprintf("retrying (attempt %d failed)", e.Attempts)
		default:
			row.Tone, row.Status = "warn", "queued"
		}
		p.Sent = append(p.Sent, row)
	}
	return s.page(w, status, "update", p)
}

// updateEmail serves the email's HTML part for the preview's frame, with
// the chart from updateChart instead of the inline attachment. The email
// carries its own inline styles (mail clients need them), so this one
// response allows inline styles and framing by gtg's own pages.
func (s *server) updateEmail(w http.ResponseWriter, r *http.Request) error {
	d, err := update.Compose(r.Context(), s.store, r.PathValue("id"), s.now())
	if err != nil {
		return err
	}
	if note := r.URL.Query().Get("note"); note != "" {
		if err := d.SetNote(note); err != nil {
			return err
		}
	}
	html := strings.ReplaceAll(d.HTML, "cid:"+update.ChartCID, accountURL(d.Account.ExternalID)+"/update/chart.png")
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	_, err = w.Write([]byte(html))
	return err
}

// updateChart serves the update's health chart PNG.
func (s *server) updateChart(w http.ResponseWriter, r *http.Request) error {
	d, err := update.Compose(r.Context(), s.store, r.PathValue("id"), s.now())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(d.Chart)
	return err
}

// updateSend queues the update to the ticked recipients with the note.
// A cap, an opt-out or no recipient re-renders the page with the reason.
func (s *server) updateSend(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	ctx := r.Context()
	if s.enqueueEmail == nil {
		return s.renderUpdate(w, r, http.StatusConflict, f, "Email is not delivered by this server (no job queue): send with gtg update send.")
	}
	d, err := update.Compose(ctx, s.store, r.PathValue("id"), s.now())
	if err == nil {
		err = d.SetNote(f.Get("note"))
	}
	if err == nil {
		to := f["to"]
		if to == nil {
			to = []string{} // none ticked is none, not the default list
		}
		_, err = update.Queue(ctx, s.store, d, to, currentUser(r).Email, s.now(), s.enqueueEmail)
	}
	if err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderUpdate(w, r, status, f, msg)
		}
		return err
	}
	return seeOther(w, r, accountURL(d.Account.ExternalID)+"/update?sent=1")
}

// contactOptOut records that a contact opted out of gtg's email (or back
// in), from the update page: a person asked, and every send honours it.
func (s *server) contactOptOut(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	ext := r.PathValue("id")
	out := f.Get("opt") != "in"
	if err := s.store.SetOptOut(r.Context(), currentUser(r).Email, ext, strings.ToLower(strings.TrimSpace(f.Get("email"))), out); err != nil {
		if status, msg, ok := personError(err); ok || gtg.ErrorCode(err) == gtg.ENOTFOUND {
			if !ok {
				status, msg = http.StatusNotFound, gtg.ErrorMessage(err)
			}
			return s.renderUpdate(w, r, status, nil, msg)
		}
		return err
	}
	return seeOther(w, r, accountURL(ext)+"/update")
}
