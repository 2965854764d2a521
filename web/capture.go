package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// captureView is what the account page offers for writing things down: a
// note with sentiment, a call, meeting or email logged against a contact,
// and in-place edits of each contact's role, status and influence. After a
// save it says what changed in the account's health.
type captureView struct {
	URL, CSRF string
	CanEdit   bool
	Today     string // for the date field
	Contacts  []captureContact
	// Shown is how many contact rows the card shows (0: all); the account
	// page shows its first few, key roles first, and links to the map.
	Shown       int
	Roles       []option
	Influences  []option
	Sentiments  []option
	TouchTypes  []option
	Saved       string // "Note saved", from the redirect after a save
	HealthMsg   string // "Health rescored: 48 (red), was 71 (green)"
	HealthTone  string // good, warn or bad
	Err         string
	Sent        url.Values // what the failed form sent, so nothing typed is lost
	Stakeholder string     // the stakeholder page's path
	Back        string     // "stakeholders" when the forms are on the stakeholder map
}

// captureContact is one row of the contacts card.
type captureContact struct {
	contactView
	Influence string
	LastTouch string // "12 days ago", "never"
	Touches90 int
	EditURL   string
}

type option struct{ Value, Label string }

// captureOf builds the capture card for the account page.
func (s *server) captureOf(r *http.Request, a *gtg.Account, contacts []*gtg.Contact, b basePage) (*captureView, error) {
	ctx := r.Context()
	today := gtg.DayOf(s.now())
	stats, err := s.store.TouchStats(ctx, []int64{a.ID}, today, 0, false)
	if err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	u := accountURL(a.ExternalID)
	cv := &captureView{URL: u, CSRF: b.CSRF, CanEdit: canWrite(b.User), Today: today.String(), Stakeholder: u + "/stakeholders"}
	for _, c := range contactViews(contacts) {
		row := captureContact{contactView: c, Influence: c.Influence, LastTouch: "never",
			EditURL: u + "/contacts/" + url.PathEscape(c.Email)}
		if st, ok := stats[c.ID]; ok {
			row.LastTouch = daysText(-int(today - gtg.DayOf(st.LastTouch)))
			row.Touches90 = st.Touches90
		}
		cv.Contacts = append(cv.Contacts, row)
	}
	cv.Roles = roleOptions(contacts)
	for _, i := range gtg.Influences {
		cv.Influences = append(cv.Influences, option{i, humanize(i)})
	}
	for _, s := range gtg.Sentiments {
		cv.Sentiments = append(cv.Sentiments, option{s, humanize(s)})
	}
	for _, t := range []string{gtg.EventCall, gtg.EventMeeting, gtg.EventEmail} {
		cv.TouchTypes = append(cv.TouchTypes, option{t, gtg.EventLabels[t]})
	}
	q := r.URL.Query()
	cv.Saved, cv.Err = q.Get("saved"), q.Get("capture_err")
	if cv.Err != "" {
		cv.Sent = q
	}
	if cv.Saved != "" && q.Get("rescore") != "failed" {
		cv.HealthMsg, cv.HealthTone = s.rescoreMessage(ctx, a.ID, today, q.Get("was"))
	}
	return cv, nil
}

// roleOptions lists the known roles in rank order, then any other role the
// account's contacts hold.
func roleOptions(contacts []*gtg.Contact) []option {
	var out []option
	seen := map[string]bool{}
	for _, r := range []string{gtg.RoleEconomicBuyer, gtg.RoleExecutiveSponsor, gtg.RoleChampion, gtg.RoleTechnicalOwner, gtg.RoleAdmin, gtg.RoleEndUser} {
		out = append(out, option{r, roleLabel(r)})
		seen[r] = true
	}
	for _, c := range contacts {
		if !seen[c.Role] {
			seen[c.Role] = true
			out = append(out, option{c.Role, roleLabel(c.Role)})
		}
	}
	return out
}

// rescoreMessage says how the account's health stands after a save, and
// how it stood before ("was" is the score then, "" when it was not scored).
func (s *server) rescoreMessage(ctx context.Context, accountID int64, today gtg.Day, was string) (string, string) {
	h, err := s.todayHealth(ctx, accountID, today)
	if err != nil || h == nil {
		return "", ""
	}
	msg := "Health rescored: " + healthText(h)
	tone := map[string]string{gtg.Green: "good", gtg.Yellow: "warn", gtg.Red: "bad"}[h.Color]
	if was != "" {
		if before, err := strconv.ParseFloat(strings.SplitN(was, " ", 2)[0], 64); err == nil {
			msg += ", was " + strconv.Itoa(int(before+0.5))
			if _, color, ok := strings.Cut(was, " "); ok {
				msg += " (" + color + ")"
			}
		}
	}
	return msg, tone
}

func healthText(h *gtg.Health) string {
	if h.Color == gtg.InsufficientData {
		return "insufficient data"
	}
	return strconv.Itoa(int(h.Score+0.5)) + " (" + h.Color + ")"
}

// todayHealth is the account's snapshot for today, or nil.
func (s *server) todayHealth(ctx context.Context, accountID int64, today gtg.Day) (*gtg.Health, error) {
	hist, err := s.store.HealthHistory(ctx, accountID, today, today)
	if err != nil || len(hist) == 0 {
		return nil, err
	}
	return hist[len(hist)-1], nil
}

// touchCreate logs a note, call, meeting or email on the account, rescores
// it and goes back to the account page, which says what the health did.
// htmx follows the redirect and swaps the page in place.
func (s *server) touchCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := s.store.Account(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := formValues(r)
	now := s.now()
	t := gtg.Touch{Type: f.Get("type"), ContactEmail: f.Get("contact"), Text: f.Get("text"), Sentiment: f.Get("sentiment"),
		Subject: f.Get("subject"), Direction: f.Get("direction")}
	if d := strings.TrimSpace(f.Get("date")); d != "" {
		day, err := gtg.ParseDay(d)
		if err != nil {
			return s.captureFailed(w, r, a, f, gtg.Errorf(gtg.EINVALID, "date: %q is not a date (YYYY-MM-DD)", d))
		}
		// A touch dated today is now; an earlier one is noon that day.
		if day != gtg.DayOf(now) {
			t.OccurredAt = day.Time().Add(12 * time.Hour)
		}
	}
	t.Normalize(now)
	if err := t.Validate(now); err != nil {
		return s.captureFailed(w, r, a, f, err)
	}
	was := s.scoreNow(ctx, a.ID, gtg.DayOf(now))
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.LogTouch(ctx, currentUser(r).Email, a, &t)
		return err
	})
	if err != nil {
		return s.captureFailed(w, r, a, f, err)
	}
	return s.afterCapture(w, r, a, gtg.EventLabels[t.Type]+" saved", was)
}

// contactEdit changes a contact's role, status and influence in place.
func (s *server) contactEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := s.store.Account(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	email := strings.ToLower(r.PathValue("email"))
	var c *gtg.Contact
	contacts, err := s.store.Contacts(ctx, a.ID)
	if err != nil {
		return err
	}
	for _, x := range contacts {
		if x.Email == email {
			c = x
		}
	}
	if c == nil {
		return gtg.Errorf(gtg.ENOTFOUND, "contact %s not found at %s", email, a.ExternalID)
	}
	f := formValues(r)
	next := *c
	if v := f.Get("role"); v != "" {
		next.Role = v
	}
	if v := f.Get("influence"); v != "" {
		next.Influence = v
	}
	if v := f.Get("status"); v != "" && v != c.Status {
		next.Status = v
		next.StatusChangedOn = 0 // dated today by the store
	}
	next.Normalize()
	if err := next.Validate(); err != nil {
		return s.captureFailed(w, r, a, f, err)
	}
	was := s.scoreNow(ctx, a.ID, gtg.DayOf(s.now()))
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertContacts(ctx, currentUser(r).Email, []*gtg.Contact{&next})
		return err
	})
	if err != nil {
		return s.captureFailed(w, r, a, f, err)
	}
	return s.afterCapture(w, r, a, "Contact "+cmp.Or(c.Name, c.Email)+" saved", was)
}

// scoreNow is today's score and color as "71 green" for the message after a
// save, "" when the account is not scored today.
func (s *server) scoreNow(ctx context.Context, id int64, today gtg.Day) string {
	h, err := s.todayHealth(ctx, id, today)
	if err != nil || h == nil || h.Color == gtg.InsufficientData {
		return ""
	}
	return strconv.FormatFloat(h.Score, 'f', 1, 64) + " " + h.Color
}

// afterCapture rescores the account and sends the person back where the form
// was (the account page or its stakeholder map), which reports the new health.
func (s *server) afterCapture(w http.ResponseWriter, r *http.Request, a *gtg.Account, saved, was string) error {
	s.coverage.stale()
	q := url.Values{"saved": {saved}}
	// What was written stays written; a rescore that fails is logged and
	// said, and the daily run scores the account anyway.
	if err := s.rescore(r.Context(), a.ID); err != nil {
		s.logger.Error("rescore after a capture", "account", a.ExternalID, "err", err)
		q.Set("saved", saved+"; the health could not be rescored now")
		q.Set("rescore", "failed")
		return seeOther(w, r, captureBack(r, a)+"?"+q.Encode()+"#capture")
	}
	if was != "" {
		q.Set("was", was)
	}
	return seeOther(w, r, captureBack(r, a)+"?"+q.Encode()+"#capture")
}

// captureFailed sends the person back to the form with the error and what
// they sent; errors that are not theirs are returned as they are.
func (s *server) captureFailed(w http.ResponseWriter, r *http.Request, a *gtg.Account, f url.Values, err error) error {
	_, msg, ok := personError(err)
	if !ok {
		return err
	}
	q := url.Values{"capture_err": {msg}}
	for _, k := range []string{"type", "contact", "text", "sentiment", "subject", "date", "form"} {
		if v := f.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	return seeOther(w, r, captureBack(r, a)+"?"+q.Encode()+"#capture")
}

// captureBack is the page a capture form came from: the stakeholder map when
// it says so, the account page otherwise.
func captureBack(r *http.Request, a *gtg.Account) string {
	u := accountURL(a.ExternalID)
	if r.PostFormValue("back") == "stakeholders" {
		return u + "/stakeholders"
	}
	return u
}

// keyFirst orders contact rows so that the key roles (and a technical owner)
// come first, the rest after, each group in its stored order; people who
// left a key role stay with the key roles, since that is what to act on.
func keyFirst(cs []captureContact) {
	rank := func(c captureContact) int {
		switch {
		case keyRoles[c.Role]:
			return 0
		case c.Role == gtg.RoleTechnicalOwner:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(cs, func(a, b captureContact) int { return rank(a) - rank(b) })
}
