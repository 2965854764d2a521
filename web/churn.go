package web

import (
	"net/http"
	"net/url"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// churnPage is an account's "let it churn" decision: standing or not, the
// form to make or reverse it (a manager's), and the earlier decisions.
type churnPage struct {
	basePage
	A         *gtg.Account
	URL, ARR  string
	IsManager bool
	Standing  *churnRow
	Earlier   []churnRow
	Err       string
	Form      url.Values
}

func (s *server) churnShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderChurn(w, r, http.StatusOK, "")
}

func (s *server) renderChurn(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
	ctx := r.Context()
	a, err := s.store.Account(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	ds, err := save.ChurnReport(ctx, s.store)
	if err != nil {
		return err
	}
	p := churnPage{basePage: s.base(r, "Let it churn · "+a.Name, "queue"), A: a, URL: accountURL(a.ExternalID),
		ARR: formatMoney(a.ARR, a.Currency), Err: errMsg}
	p.IsManager = isManager(p.User)
	if errMsg != "" {
		p.Form = r.PostForm
	}
	for _, d := range ds {
		if d.AccountID != a.ID {
			continue
		}
		row := churnRow{Reason: d.Reason, By: d.DecidedBy, At: d.DecidedAt.UTC().Format("2 Jan 2006"), Active: d.Active(), Note: d.ReverseNote,
			ARR: formatMoney(d.ARR, a.Currency)}
		if row.Active {
			p.Standing = &row
		} else {
			row.Reversed = d.ReversedAt.UTC().Format("2 Jan 2006") + " by " + d.ReversedBy
			p.Earlier = append(p.Earlier, row)
		}
	}
	return s.page(w, status, "churn", p)
}

// churnSet marks an account "let it churn" with a reason (a manager's call).
func (s *server) churnSet(w http.ResponseWriter, r *http.Request) error {
	ext := r.PathValue("id")
	if _, err := save.LetChurn(r.Context(), s.store, currentUser(r), ext, formValues(r).Get("reason")); err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderChurn(w, r, status, msg)
		}
		return err
	}
	return seeOther(w, r, backTo(r, accountURL(ext)))
}

// churnUndo reverses the decision, putting the account back in the queue.
func (s *server) churnUndo(w http.ResponseWriter, r *http.Request) error {
	ext := r.PathValue("id")
	if err := save.UndoLetChurn(r.Context(), s.store, currentUser(r), ext, formValues(r).Get("note")); err != nil {
		return err
	}
	return seeOther(w, r, backTo(r, accountURL(ext)))
}
