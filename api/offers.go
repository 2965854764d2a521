package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
)

// offerIn is the body of POST /api/v1/offers.
type offerIn struct {
	AccountID string            `json:"account_id"`
	Rung      string            `json:"rung"`
	Terms     gtg.OfferTerms    `json:"terms"`
	Skipped   []gtg.SkippedRung `json:"skipped"`
	Note      string            `json:"note"`
}

// decisionIn is the optional body of the approve, reject, accept and decline endpoints.
type decisionIn struct {
	Note string `json:"note"`
}

// followUpIn is the body of POST /api/v1/followups/{id}.
type followUpIn struct {
	Status string `json:"status"` // done or dropped
	Note   string `json:"note"`
}

// offerResult is an offer after a decision, with the follow-ups accepting it scheduled.
type offerResult struct {
	Data      *gtg.Offer      `json:"data"`
	FollowUps []*gtg.FollowUp `json:"followups"`
}

// today is the API's day: the store's clock in UTC.
func (h *handler) today() gtg.Day {
	if h.st != nil && h.st.Now != nil {
		return gtg.DayOf(h.st.Now())
	}
	return gtg.DayOf(time.Now())
}

// listOffers returns offers newest first, filtered by account, status and owner.
func (h *handler) listOffers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "account_id", "status", "owner"); err != nil {
		return err
	}
	f := gtg.OfferFilter{Owner: q.Get("owner")}
	if ext := q.Get("account_id"); ext != "" {
		a, err := h.st.Account(r.Context(), ext)
		if err != nil {
			return err
		}
		f.AccountID = a.ID
	}
	if s := q.Get("status"); s != "" {
		f.Statuses = strings.Split(s, ",")
	}
	list, err := offers.Offers(r.Context(), h.st, f)
	if err != nil {
		return wrap(err, "list offers")
	}
	return writeJSON(w, http.StatusOK, dataResult{list})
}

// getOffer returns one offer.
func (h *handler) getOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := offerID(r)
	if err != nil {
		return err
	}
	o, err := h.st.Offer(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, dataResult{o})
}

func offerID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, gtg.Errorf(gtg.ENOTFOUND, "no offer %q", r.PathValue("id"))
	}
	return id, nil
}

// proposeOffer records an offer on the save ladder. A higher rung skipped
// without a reason is 400 naming the rung, and nothing is written.
func (h *handler) proposeOffer(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var in offerIn
	if err := decodeOne(body, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.AccountID) == "" {
		return gtg.Errorf(gtg.EINVALID, "account_id: required")
	}
	o, err := offers.Propose(r.Context(), h.st, userFrom(r.Context()), strings.TrimSpace(in.AccountID),
		offers.Proposal{Rung: in.Rung, Terms: in.Terms, Skipped: in.Skipped, Note: in.Note}, h.today())
	if err != nil {
		return wrap(err, "propose offer")
	}
	if h.offerProposed != nil {
		// The offer is stored; a failed email is logged, not the caller's problem.
		if nerr := h.offerProposed(r.Context(), o); nerr != nil {
			h.log.ErrorContext(r.Context(), "email the approvers", "offer", o.ID, "err", nerr)
		}
	}
	return writeJSON(w, http.StatusCreated, dataResult{o})
}

// decideOffer is approve, reject, accept or decline, as status.
func (h *handler) decideOffer(status string) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := offerID(r)
		if err != nil {
			return err
		}
		body, err := readBody(r)
		if err != nil {
			return err
		}
		var in decisionIn
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := decodeOne(body, &in); err != nil {
				return err
			}
		}
		o, fs, err := offers.Decide(r.Context(), h.st, userFrom(r.Context()), id, gtg.OfferDecision{Status: status, Note: in.Note}, h.today())
		if err != nil {
			return wrap(err, "decide offer")
		}
		if fs == nil {
			fs = []*gtg.FollowUp{}
		}
		return writeJSON(w, http.StatusOK, offerResult{o, fs})
	}
}

// offersReport returns the ladder's results over offers proposed from..to.
func (h *handler) offersReport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "from", "to"); err != nil {
		return err
	}
	from, err := dayParam(q, "from")
	if err != nil {
		return err
	}
	to, err := dayParam(q, "to")
	if err != nil {
		return err
	}
	rep, err := offers.Report(r.Context(), h.st, from, to)
	if err != nil {
		return wrap(err, "offers report")
	}
	return writeJSON(w, http.StatusOK, dataResult{rep})
}

// listFollowUps returns follow-ups by due day: open ones unless status=all.
func (h *handler) listFollowUps(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "owner", "account_id", "status"); err != nil {
		return err
	}
	f := gtg.FollowUpFilter{Owner: q.Get("owner"), Open: q.Get("status") != "all"}
	if s := q.Get("status"); s != "" && s != "all" && s != "open" {
		return gtg.Errorf(gtg.EINVALID, "status: %q is not one of open, all", s)
	}
	if ext := q.Get("account_id"); ext != "" {
		a, err := h.st.Account(r.Context(), ext)
		if err != nil {
			return err
		}
		f.AccountID = a.ID
	}
	list, err := offers.FollowUps(r.Context(), h.st, f)
	if err != nil {
		return wrap(err, "list follow-ups")
	}
	return writeJSON(w, http.StatusOK, dataResult{list})
}

// completeFollowUp marks a follow-up done or dropped.
func (h *handler) completeFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "no follow-up %q", r.PathValue("id"))
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var in followUpIn
	if err := decodeOne(body, &in); err != nil {
		return err
	}
	f, err := offers.CompleteFollowUp(r.Context(), h.st, userFrom(r.Context()), id, in.Status, in.Note, h.today())
	if err != nil {
		return wrap(err, "complete follow-up")
	}
	return writeJSON(w, http.StatusOK, dataResult{f})
}
