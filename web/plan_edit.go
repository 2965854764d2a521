package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// planEdit tailors a plan: its owner, target date, stall days, stakeholders
// (one a line) and root causes. Causes already on the plan keep their order,
// so the primary one stays first; newly ticked ones follow.
func (s *server) planEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	pl, err := save.Plan(ctx, s.store, id)
	if err != nil {
		return err
	}
	f := formValues(r)
	fail := func(err error) error {
		if status, msg, ok := personError(err); ok {
			return s.renderPlan(w, r, status, id, &formErr{Form: "edit", Msg: msg}, "")
		}
		return err
	}
	owner := f.Get("owner")
	ed := gtg.PlanEdit{Owner: &owner}
	target, err := dayField(f, "target")
	if err != nil {
		return fail(err)
	}
	ed.TargetDate = &target
	stall, err := strconv.Atoi(strings.TrimSpace(f.Get("stall_days")))
	if err != nil {
		return fail(gtg.Errorf(gtg.EINVALID, "stall_days: %q is not a whole number of days", f.Get("stall_days")))
	}
	ed.StallDays = &stall
	people := []string{}
	for _, line := range strings.FieldsFunc(f.Get("stakeholders"), func(r rune) bool { return r == '\n' || r == ',' }) {
		if line = strings.TrimSpace(line); line != "" {
			people = append(people, line)
		}
	}
	ed.Stakeholders = &people
	ticked := f["reason"]
	reasons := []string{}
	for _, k := range pl.Reasons {
		if containsStr(ticked, k) {
			reasons = append(reasons, k)
		}
	}
	for _, k := range ticked {
		if !containsStr(reasons, k) {
			reasons = append(reasons, k)
		}
	}
	ed.Reasons = &reasons
	if _, err := save.EditPlan(ctx, s.store, currentUser(r), id, ed); err != nil {
		return fail(err)
	}
	return seeOther(w, r, planURL(id))
}
