package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// riskForm is the form to set an account's risk: a level, the primary
// reason, other reasons from the taxonomy grouped by stage, and a note. The
// account page, the risk page and the re-discovery form all use it.
type riskForm struct {
	Action, CSRF, Back string
	Levels             []riskLevel
	Level              string
	Primary            string
	Groups             []reasonGroup // the other reasons, ticked as sent
	Note               string
	Err                string
}

// riskFormFor fills the form from the account's current profile, or from
// what was sent when f is not nil.
func riskFormFor(tax *taxonomy, cur *gtg.RiskProfile, f url.Values) riskForm {
	rf := riskForm{}
	for _, l := range gtg.RiskLevels {
		rf.Levels = append(rf.Levels, levelOf(l))
	}
	switch {
	case f != nil:
		rf.Level, rf.Primary, rf.Note = f.Get("level"), f.Get("primary"), f.Get("note")
		rf.Groups = tax.choices(f["reason"])
	case cur != nil:
		rf.Level, rf.Primary = cur.Level, cur.Primary()
		rf.Groups = tax.choices(cur.Reasons[min(1, len(cur.Reasons)):])
	default:
		rf.Groups = tax.choices(nil)
	}
	return rf
}

// riskPage is an account's risk: the form, the current profile beside the
// data's suggestion, and every earlier profile.
type riskPage struct {
	basePage
	A       *gtg.Account
	URL     string
	CanEdit bool
	View    *save.RiskView
	Level   riskLevel
	Reasons []reasonTag
	Suggest riskLevel
	Why     string
	DisText string
	Form    riskForm
	History []riskHistoryRow
}

type riskHistoryRow struct {
	Level        riskLevel
	Reasons      []reasonTag
	Note, By, At string
	Source       string
}

func (s *server) riskShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderRisk(w, r, http.StatusOK, nil)
}

// renderRisk writes the risk page; errMsg, when not "", is the error of the
// form just sent, whose values come back with it.
func (s *server) renderRisk(w http.ResponseWriter, r *http.Request, status int, sent url.Values, errMsg ...string) error {
	ctx := r.Context()
	ext := r.PathValue("id")
	v, err := save.Risk(ctx, s.store, ext)
	if err != nil {
		return err
	}
	a, err := s.store.Account(ctx, ext)
	if err != nil {
		return err
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	p := riskPage{basePage: s.base(r, "Risk · "+a.Name, "accounts"), A: a, URL: accountURL(a.ExternalID), View: v,
		Level: levelOf(v.Level), Reasons: tax.tags(v.Reasons), Suggest: levelOf(v.Suggested.Level),
		Why: strings.Join(v.Suggested.Why, "; "), DisText: disagreementText(v.Disagreement)}
	if v.Suggested.Level == "" {
		p.Suggest = riskLevel{Level: "none", Label: "Too little data"}
	}
	p.CanEdit = canWrite(p.User)
	p.Form = riskFormFor(tax, v.Current, sent)
	p.Form.Action, p.Form.CSRF, p.Form.Back = p.URL+"/risk", p.CSRF, p.URL
	if len(errMsg) > 0 {
		p.Form.Err = errMsg[0]
	}
	for _, h := range v.History {
		p.History = append(p.History, riskHistoryRow{Level: levelOf(h.Level), Reasons: tax.tags(h.Reasons), Note: h.Note, By: h.SetBy,
			At: h.SetAt.UTC().Format("2 Jan 2006 15:04"), Source: h.Source})
	}
	return s.page(w, status, "risk", p)
}

// riskSet sets an account's risk from the form, then goes back where the
// form was (the account page by default). An error shows the risk page with
// the error and what was sent.
func (s *server) riskSet(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	ext := r.PathValue("id")
	if _, err := save.SetRisk(r.Context(), s.store, currentUser(r), ext, riskChangeFrom(f)); err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderRisk(w, r, status, f, msg)
		}
		return fmt.Errorf("set risk of %s: %w", ext, err)
	}
	return seeOther(w, r, backTo(r, accountURL(ext))+"#save")
}
