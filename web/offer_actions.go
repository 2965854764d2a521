package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
)

// accountOffersPage is an account's save ladder on its own page: where the
// card's forms come back to with an error, and what htmx reads the propose
// form from when the rung changes.
type accountOffersPage struct {
	basePage
	A    *gtg.Account
	Card *offerCard
}

// accountOffers shows an account's ladder; ?rung= picks the propose form's rung.
func (s *server) accountOffers(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Account(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	back := localPath(q.Get("back"), accountURL(a.ExternalID))
	return s.renderAccountOffers(w, r, http.StatusOK, a, back, q.Get("rung"), q, nil)
}

func (s *server) renderAccountOffers(w http.ResponseWriter, r *http.Request, status int, a *gtg.Account, back, rung string,
	form url.Values, fe *formErr) error {
	p := accountOffersPage{basePage: s.base(r, "Save ladder · "+a.Name, "offers"), A: a}
	var err error
	if p.Card, err = s.offerCardOf(r.Context(), a, p.basePage, back, rung, form, fe); err != nil {
		return err
	}
	return s.page(w, status, "account_offers", p)
}

// offerPropose records an offer from the card's form: skip_RUNG fields hold
// the reasons for the higher rungs. An error shows the ladder again with the
// error beside the form and what was typed kept.
func (s *server) offerPropose(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Account(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := formValues(r)
	back := backTo(r, accountURL(a.ExternalID))
	p := offers.Proposal{Rung: f.Get("rung"), Note: f.Get("note"), Skipped: []gtg.SkippedRung{}}
	p.Terms.Summary = f.Get("summary")
	for _, rung := range gtg.Rungs {
		if _, ok := f["skip_"+rung]; ok {
			p.Skipped = append(p.Skipped, gtg.SkippedRung{Rung: rung, Reason: f.Get("skip_" + rung)})
		}
	}
	err = numberField(f, "arr", &p.Terms.ARR)
	if err == nil {
		err = numberField(f, "percent", &p.Terms.Percent)
	}
	if err == nil {
		p.Terms.Until, err = dayField(f, "until")
	}
	var o *gtg.Offer
	if err == nil {
		o, err = offers.Propose(r.Context(), s.store, currentUser(r), a.ExternalID, p, gtg.DayOf(s.now()))
	}
	if err == nil && s.offerProposed != nil {
		// The offer is stored; a failed email is logged, not the CSM's problem.
		if nerr := s.offerProposed(r.Context(), o); nerr != nil {
			s.logger.ErrorContext(r.Context(), "email the approvers", "offer", o.ID, "err", nerr)
		}
	}
	if err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderAccountOffers(w, r, status, a, back, p.Rung, f, &formErr{Form: "offer-new", Msg: msg})
		}
		return err
	}
	return seeOther(w, r, back+"#offers")
}

// numberField reads an optional number: 12000, 12,000 or 25%.
func numberField(f url.Values, name string, dst *float64) error {
	v := strings.NewReplacer(",", "", "%", "", " ", "").Replace(f.Get(name))
	if v == "" {
		return nil
	}
	n, ok := gtg.ParseNumber(v)
	if !ok {
		return gtg.Errorf(gtg.EINVALID, "%s: %q is not a number", name, f.Get(name))
	}
	*dst = n
	return nil
}

// offerDecide approves, rejects, accepts or declines an offer (the form's
// status), then returns to the page it came from.
func (s *server) offerDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "offer")
	if err != nil {
		return err
	}
	o, err := s.store.Offer(r.Context(), id)
	if err != nil {
		return err
	}
	f := formValues(r)
	back := backTo(r, accountURL(o.AccountExt))
	_, _, err = offers.Decide(r.Context(), s.store, currentUser(r), id, gtg.OfferDecision{Status: f.Get("status"), Note: f.Get("note")},
		gtg.DayOf(s.now()))
	if err != nil {
		if status, msg, ok := personError(err); ok {
			a, aerr := s.store.AccountByID(r.Context(), o.AccountID)
			if aerr != nil {
				return aerr
			}
			return s.renderAccountOffers(w, r, status, a, back, "", nil, &formErr{Form: "offer-" + r.PathValue("id"), Msg: msg})
		}
		return err
	}
	return seeOther(w, r, back+cardAnchor(back, ""))
}

// followUpDone marks a follow-up done or dropped (the form's status).
func (s *server) followUpDone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "follow-up")
	if err != nil {
		return err
	}
	f := formValues(r)
	fu, err := offers.CompleteFollowUp(r.Context(), s.store, currentUser(r), id, f.Get("status"), f.Get("note"), gtg.DayOf(s.now()))
	if err != nil {
		return err
	}
	back := backTo(r, accountURL(fu.AccountExt))
	return seeOther(w, r, back+cardAnchor(back, "#followups"))
}

// cardAnchor is where a redirect back lands: the ladder card on an account
// or plan page, else other (on /offers, the inbox and the standup).
func cardAnchor(back, other string) string {
	if strings.HasPrefix(back, "/accounts/") || strings.HasPrefix(back, "/plans/") {
		return "#offers"
	}
	if strings.HasPrefix(back, "/offers") {
		return other
	}
	return ""
}
