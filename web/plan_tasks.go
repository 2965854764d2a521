package web

import (
	"fmt"
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// planTaskAdd adds a task to a plan. A plain form post is redirected back
// to the plan; htmx follows the redirect and swaps in the tasks card. An
// error shows the plan again with the error beside the form and what was
// typed kept.
func (s *server) planTaskAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	f := formValues(r)
	t := &gtg.Task{Title: f.Get("title"), OwnerSide: f.Get("owner_side"), Owner: f.Get("owner"), Notes: f.Get("notes")}
	if t.Due, err = dayField(f, "due"); err == nil {
		err = save.AddTask(r.Context(), s.store, currentUser(r), id, t)
	}
	if err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderPlan(w, r, status, id, &formErr{Form: "task-new", Msg: msg}, "")
		}
		return err
	}
	// A task done from elsewhere ("my book today") goes back there.
	return seeOther(w, r, backTo(r, planURL(id)+"#tasks"))
}

// planTaskUpdate changes a task: the fields the form sends (status, title,
// owner, due, notes) and no others, so a "done" button sends only the status.
func (s *server) planTaskUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "plan")
	if err != nil {
		return err
	}
	tid, err := pathID(r, "task", "task")
	if err != nil {
		return err
	}
	f := formValues(r)
	var ch gtg.TaskChange
	field := func(name string) *string {
		if _, ok := f[name]; !ok {
			return nil
		}
		v := f.Get(name)
		return &v
	}
	ch.Status, ch.Title, ch.Owner, ch.Notes = field("status"), field("title"), field("owner"), field("notes")
	if _, ok := f["due"]; ok {
		var due gtg.Day
		if due, err = dayField(f, "due"); err == nil {
			ch.Due = &due
		}
	}
	if err == nil {
		_, err = save.UpdateTask(r.Context(), s.store, currentUser(r), id, tid, ch, gtg.DayOf(s.now()))
	}
	if err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderPlan(w, r, status, id, &formErr{Form: fmt.Sprintf("task-%d", tid), Msg: msg}, "")
		}
		return err
	}
	// A task done from elsewhere ("my book today") goes back there.
	return seeOther(w, r, backTo(r, planURL(id)+"#tasks"))
}
