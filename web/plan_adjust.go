package web

import (
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// planAdjust answers the "adjust the plan" prompt with a note of what changed.
func (s *server) planAdjust(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	if err := save.AdjustPlan(r.Context(), s.store, currentUser(r), id, formValues(r).Get("note"), gtg.DayOf(s.now())); err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderPlan(w, r, status, id, &formErr{Form: "adjust", Msg: msg}, "")
		}
		return err
	}
	return seeOther(w, r, planURL(id))
}
