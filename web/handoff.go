package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// handoffPage is the knowledge-transfer form completed at a handoff, so the
// customer never hears "so tell me what you bought", and the earlier forms
// with how complete each was.
type handoffPage struct {
	basePage
	A        *gtg.Account
	URL      string
	CanEdit  bool
	Kinds    []keyName
	Kind     string
	Date     string
	From, To string
	Fields   []handoffField
	Err      string
	Handoffs []handoffView
}

type handoffField struct {
	Key, Label, Value string
}

type handoffView struct {
	Kind, Date, From, To, By string
	Complete                 string
	CompleteW                float64
	Full                     bool
	Missing                  []string
	Fields                   []handoffField // those filled in
}

// handoffKindLabels name the handoff kinds.
var handoffKindLabels = map[string]string{
	gtg.HandoffSaleToOnboarding: "Sale to onboarding",
	gtg.HandoffAEToAM:           "AE to AM",
	gtg.HandoffCSMChange:        "CSM change",
}

func handoffViewOf(h *gtg.Handoff) handoffView {
	c := h.Completeness()
	v := handoffView{Kind: handoffKindLabels[h.Kind], Date: formatDate(h.Day), From: h.From, To: h.To, By: h.CreatedBy,
		Complete: pct(c), CompleteW: 100 * c, Full: c == 1}
	for _, f := range h.Fields() {
		if *f.Value == "" {
			v.Missing = append(v.Missing, f.Label)
		} else {
			v.Fields = append(v.Fields, handoffField{Key: f.Key, Label: f.Label, Value: *f.Value})
		}
	}
	return v
}

func (s *server) handoffShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderHandoff(w, r, http.StatusOK, nil, "")
}

func (s *server) renderHandoff(w http.ResponseWriter, r *http.Request, status int, sent url.Values, errMsg string) error {
	ctx := r.Context()
	a, err := s.store.Account(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := handoffPage{basePage: s.base(r, "Handoff · "+a.Name, "accounts"), A: a, URL: accountURL(a.ExternalID), Err: errMsg,
		Date: gtg.DayOf(s.now()).String(), Kind: gtg.HandoffCSMChange}
	p.CanEdit = canWrite(p.User)
	for _, k := range gtg.HandoffKinds {
		p.Kinds = append(p.Kinds, keyName{Key: k, Name: handoffKindLabels[k]})
	}
	var blank gtg.Handoff
	for _, f := range blank.Fields() {
		p.Fields = append(p.Fields, handoffField{Key: f.Key, Label: f.Label, Value: sent.Get(f.Key)})
	}
	if sent != nil {
		p.Kind, p.Date, p.From, p.To = sent.Get("kind"), sent.Get("date"), sent.Get("from"), sent.Get("to")
	} else if p.User != nil {
		p.To = p.User.Email
	}
	hs, err := save.Handoffs(ctx, s.store, a.ExternalID)
	if err != nil {
		return fmt.Errorf("handoffs of %s: %w", a.ExternalID, err)
	}
	for _, h := range hs {
		p.Handoffs = append(p.Handoffs, handoffViewOf(h))
	}
	return s.page(w, status, "handoff", p)
}

// handoffCreate records a handoff form; its completeness is scored on save.
func (s *server) handoffCreate(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	ext := r.PathValue("id")
	h := &gtg.Handoff{AccountExt: ext, Kind: f.Get("kind"), From: f.Get("from"), To: f.Get("to")}
	for _, fl := range h.Fields() {
		*fl.Value = f.Get(fl.Key)
	}
	day, err := dayField(f, "date")
	if err == nil {
		h.Day = day
		err = save.RecordHandoff(r.Context(), s.store, currentUser(r), h)
	}
	if err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderHandoff(w, r, status, f, msg)
		}
		return err
	}
	return seeOther(w, r, accountURL(ext)+"#save")
}
