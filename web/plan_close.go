package web

import (
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// planClose closes a plan with an outcome and a lesson.
func (s *server) planClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	f := formValues(r)
	c := gtg.PlanClose{Outcome: f.Get("outcome"), Lesson: f.Get("lesson")}
	if _, err := save.ClosePlan(r.Context(), s.store, currentUser(r), id, c, gtg.DayOf(s.now())); err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderPlan(w, r, status, id, &formErr{Form: "close", Msg: msg}, "")
		}
		return err
	}
	return seeOther(w, r, planURL(id))
}
