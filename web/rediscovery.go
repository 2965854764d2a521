package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// attendeeRows is how many attendee rows the re-discovery form offers.
const attendeeRows = 4

// rediscoveryPage records a re-discovery call — what changed at the
// customer, asked with a decision maker on the line — and lists earlier ones.
type rediscoveryPage struct {
	basePage
	A              *gtg.Account
	URL, Action    string
	Back, BackText string
	PlanID         string
	CanEdit        bool
	Q              *gtg.Questionnaire
	Questionnaires []chip
	Date           string
	Attendees      []attendeeRow
	Questions      []questionRow
	Outcome        string
	UpdateRisk     bool
	Risk           riskForm
	Err            string
	Calls          []callView
}

type attendeeRow struct {
	Index              int
	Name, Email, Title string
	DecisionMaker      bool
}

type questionRow struct {
	Key, Text, Answer string
	Changed           bool
}

type callView struct {
	Date, By      string
	Attendees     []attendeeRow
	DecisionMaker bool
	Answers       []questionRow
	Changed       int
	Outcome       string
	RiskSet       bool
	Questionnaire string
}

func (s *server) rediscoveryShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderRediscovery(w, r, http.StatusOK, nil, "")
}

func (s *server) renderRediscovery(w http.ResponseWriter, r *http.Request, status int, sent url.Values, errMsg string) error {
	ctx := r.Context()
	a, err := s.store.Account(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	qs, err := save.Questionnaires(ctx, s.store)
	if err != nil {
		return fmt.Errorf("questionnaires: %w", err)
	}
	p := rediscoveryPage{basePage: s.base(r, "Re-discovery · "+a.Name, "accounts"), A: a, URL: accountURL(a.ExternalID), Err: errMsg,
		Date: gtg.DayOf(s.now()).String()}
	p.Action = p.URL + "/rediscovery"
	p.CanEdit = canWrite(p.User)
	p.Back, p.BackText = p.URL, a.Name
	src := r.URL.Query()
	if sent != nil {
		src = sent
	}
	if id, err := strconv.ParseInt(src.Get("plan"), 10, 64); err == nil && id > 0 {
		p.PlanID, p.Back, p.BackText = strconv.FormatInt(id, 10), planURL(id), "the plan"
	}
	chosen := src.Get("questionnaire")
	if chosen == "" {
		chosen = save.DefaultQuestionnaire
	}
	for _, q := range qs {
		if q.Key == chosen || p.Q == nil && q.Key == save.DefaultQuestionnaire {
			p.Q = q
		}
	}
	if p.Q == nil && len(qs) > 0 {
		p.Q = qs[0]
	}
	for _, q := range qs {
		v := url.Values{"questionnaire": {q.Key}}
		if p.PlanID != "" {
			v.Set("plan", p.PlanID)
		}
		p.Questionnaires = append(p.Questionnaires, chip{Label: q.Name, URL: p.Action + "?" + v.Encode(), Active: p.Q != nil && q.Key == p.Q.Key})
	}
	cur, err := s.store.RiskProfile(ctx, a.ID)
	if err != nil && gtg.ErrorCode(err) != gtg.ENOTFOUND {
		return err
	}
	if sent != nil {
		p.Date, p.Outcome, p.UpdateRisk = sent.Get("date"), sent.Get("desired_outcome"), sent.Get("update_risk") == "1"
		p.Risk = riskFormFor(tax, nil, sent)
	} else {
		p.Risk = riskFormFor(tax, cur, nil)
	}
	dm := map[string]bool{}
	for _, i := range src["att_dm"] {
		dm[i] = true
	}
	for i := range attendeeRows {
		row := attendeeRow{Index: i}
		if sent != nil {
			row.Name, row.Email, row.Title = at(sent["att_name"], i), at(sent["att_email"], i), at(sent["att_title"], i)
			row.DecisionMaker = dm[strconv.Itoa(i)]
		}
		p.Attendees = append(p.Attendees, row)
	}
	if p.Q != nil {
		for _, q := range p.Q.Questions {
			row := questionRow{Key: q.Key, Text: q.Text}
			if sent != nil {
				row.Answer, row.Changed = sent.Get("answer_"+q.Key), sent.Get("changed_"+q.Key) == "1"
			}
			p.Questions = append(p.Questions, row)
		}
	}

	calls, err := save.Rediscoveries(ctx, s.store, a.ExternalID)
	if err != nil {
		return err
	}
	texts := map[string]string{}
	for _, q := range qs {
		for _, x := range q.Questions {
			texts[q.Key+"/"+x.Key] = x.Text
		}
	}
	for _, c := range calls {
		v := callView{Date: formatDate(c.Day), By: c.CreatedBy, DecisionMaker: c.DecisionMakerPresent(), Outcome: c.DesiredOutcome,
			RiskSet: c.RiskProfileID != 0, Changed: len(c.Changed()), Questionnaire: c.Questionnaire}
		for _, at := range c.Attendees {
			v.Attendees = append(v.Attendees, attendeeRow{Name: at.Name, Email: at.Email, Title: at.Title, DecisionMaker: at.DecisionMaker})
		}
		for _, an := range c.Answers {
			text := texts[c.Questionnaire+"/"+an.Question]
			if text == "" {
				text = humanize(an.Question)
			}
			v.Answers = append(v.Answers, questionRow{Key: an.Question, Text: text, Answer: an.Text, Changed: an.Changed})
		}
		p.Calls = append(p.Calls, v)
	}
	return s.page(w, status, "rediscovery", p)
}

// rediscoveryCreate records a call from the form and, when asked, sets the
// account's risk in the same step.
func (s *server) rediscoveryCreate(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	ext := r.PathValue("id")
	rd := &gtg.Rediscovery{AccountExt: ext, Questionnaire: f.Get("questionnaire"), DesiredOutcome: strings.TrimSpace(f.Get("desired_outcome")),
		Attendees: []gtg.Attendee{}, Answers: []gtg.Answer{}}
	fail := func(err error) error {
		if status, msg, ok := personError(err); ok {
			return s.renderRediscovery(w, r, status, f, msg)
		}
		return err
	}
	day, err := dayField(f, "date")
	if err != nil {
		return fail(err)
	}
	if day == 0 {
		return fail(gtg.Errorf(gtg.EINVALID, "date: required (the day of the call)"))
	}
	rd.Day = day
	dm := map[string]bool{}
	for _, i := range f["att_dm"] {
		dm[i] = true
	}
	names, emails, titles := f["att_name"], f["att_email"], f["att_title"]
	for i := range max(len(names), len(emails)) {
		a := gtg.Attendee{Name: strings.TrimSpace(at(names, i)), Email: strings.TrimSpace(at(emails, i)), Title: strings.TrimSpace(at(titles, i)),
			DecisionMaker: dm[strconv.Itoa(i)]}
		if a.Name != "" || a.Email != "" {
			rd.Attendees = append(rd.Attendees, a)
		}
	}
	q, err := save.Questionnaire(r.Context(), s.store, orDefault(rd.Questionnaire, save.DefaultQuestionnaire))
	if err != nil {
		if gtg.ErrorCode(err) == gtg.ENOTFOUND {
			return fail(gtg.Errorf(gtg.EINVALID, "questionnaire: no questionnaire %q", rd.Questionnaire))
		}
		return err
	}
	for _, x := range q.Questions {
		ans := gtg.Answer{Question: x.Key, Text: strings.TrimSpace(f.Get("answer_" + x.Key)), Changed: f.Get("changed_"+x.Key) == "1"}
		if ans.Text != "" || ans.Changed {
			rd.Answers = append(rd.Answers, ans)
		}
	}
	var risk *gtg.RiskChange
	if f.Get("update_risk") == "1" {
		ch := riskChangeFrom(f)
		risk = &ch
	}
	if err := save.RecordRediscovery(r.Context(), s.store, currentUser(r), rd, risk); err != nil {
		return fail(err)
	}
	back := accountURL(ext) + "#save"
	if id, err := strconv.ParseInt(f.Get("plan"), 10, 64); err == nil && id > 0 {
		back = planURL(id)
	}
	return seeOther(w, r, back)
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
