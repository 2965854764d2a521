package web

import (
	"net/http"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// planObjectives replaces a plan's objectives with the rows of the form
// (title[] and criterion[] in step); rows left empty are dropped.
func (s *server) planObjectives(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	f := formValues(r)
	titles, crits := f["title"], f["criterion"]
	os := []gtg.Objective{}
	for i := range max(len(titles), len(crits)) {
		o := gtg.Objective{Title: strings.TrimSpace(at(titles, i)), Criterion: strings.TrimSpace(at(crits, i))}
		if o.Title == "" && o.Criterion == "" {
			continue
		}
		os = append(os, o)
	}
	if err := save.SetObjectives(r.Context(), s.store, currentUser(r), id, os, gtg.DayOf(s.now())); err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderPlan(w, r, status, id, &formErr{Form: "objectives", Msg: msg}, "")
		}
		return err
	}
	return seeOther(w, r, planURL(id)+"#objectives")
}
