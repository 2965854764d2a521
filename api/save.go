package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// The save workflow, read only: risk profiles, plans and their tasks,
// playbooks with their records, the save queue and the standup, each in the
// JSON shape of its `gtg ... --json` command.

func (h *handler) riskBoard(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "disagreements", "limit", "offset"); err != nil {
		return err
	}
	limit, offset, err := pageParams(q)
	if err != nil {
		return err
	}
	only, err := boolParam(q.Get("disagreements"), "disagreements")
	if err != nil {
		return err
	}
	rows, err := save.RiskBoard(r.Context(), h.st, only)
	if err != nil {
		return wrap(err, "risk board")
	}
	return writeJSON(w, http.StatusOK, listResult{Data: page(rows, limit, offset), Total: len(rows), Limit: limit, Offset: offset})
}

func (h *handler) accountRisk(w http.ResponseWriter, r *http.Request) error {
	v, err := save.Risk(r.Context(), h.st, r.PathValue("id"))
	if err != nil {
		return wrap(err, "risk")
	}
	return writeJSON(w, http.StatusOK, dataResult{v})
}

func (h *handler) listPlans(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "status", "account_id", "owner", "playbook", "limit", "offset"); err != nil {
		return err
	}
	limit, offset, err := pageParams(q)
	if err != nil {
		return err
	}
	f := gtg.PlanFilter{Status: strings.ToLower(q.Get("status")), Owner: q.Get("owner"), Playbook: q.Get("playbook")}
	if f.Status == "all" {
		f.Status = ""
	}
	if f.Status != "" && f.Status != gtg.PlanOpen && f.Status != gtg.PlanClosed {
		return gtg.Errorf(gtg.EINVALID, "status: %q is not one of open, closed, all", f.Status)
	}
	if id := q.Get("account_id"); id != "" {
		a, err := h.st.Account(r.Context(), id)
		if err != nil {
			return err
		}
		f.AccountID = a.ID
	}
	ps, err := save.Plans(r.Context(), h.st, f)
	if err != nil {
		return wrap(err, "list plans")
	}
	return writeJSON(w, http.StatusOK, listResult{Data: page(ps, limit, offset), Total: len(ps), Limit: limit, Offset: offset})
}

// planOut is a plan with how it is tracking today.
type planOut struct {
	Data     *gtg.Plan         `json:"data"`
	Progress *gtg.PlanProgress `json:"progress"`
}

func (h *handler) plan(r *http.Request) (*gtg.Plan, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return nil, gtg.Errorf(gtg.ENOTFOUND, "no plan %q", r.PathValue("id"))
	}
	return save.Plan(r.Context(), h.st, id)
}

func (h *handler) getPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := h.plan(r)
	if err != nil {
		return wrap(err, "plan")
	}
	pr, err := save.Progress(r.Context(), h.st, p, gtg.DayOf(h.now()))
	if err != nil {
		return wrap(err, "plan progress")
	}
	return writeJSON(w, http.StatusOK, planOut{p, pr})
}

func (h *handler) planTasks(w http.ResponseWriter, r *http.Request) error {
	p, err := h.plan(r)
	if err != nil {
		return wrap(err, "plan")
	}
	tasks := p.Tasks
	if tasks == nil {
		tasks = []gtg.Task{}
	}
	return writeJSON(w, http.StatusOK, dataResult{tasks})
}

// playbookOut is a playbook with its record, as `gtg playbooks list --json` prints it.
type playbookOut struct {
	*gtg.Playbook
	Stats *gtg.PlaybookStats `json:"stats"`
}

func (h *handler) playbooks(r *http.Request, key string) ([]playbookOut, error) {
	var pbs []*gtg.Playbook
	if key != "" {
		p, err := save.Playbook(r.Context(), h.st, key)
		if err != nil {
			return nil, err
		}
		pbs = []*gtg.Playbook{p}
	} else {
		var err error
		if pbs, err = save.Playbooks(r.Context(), h.st); err != nil {
			return nil, err
		}
	}
	recs, err := save.PlaybookRecords(r.Context(), h.st)
	if err != nil {
		return nil, err
	}
	out := make([]playbookOut, 0, len(pbs))
	for _, p := range pbs {
		st := recs[p.Key]
		if st == nil {
			st = &gtg.PlaybookStats{Outcomes: map[string]int{}}
		}
		out = append(out, playbookOut{p, st})
	}
	return out, nil
}

func (h *handler) listPlaybooks(w http.ResponseWriter, r *http.Request) error {
	out, err := h.playbooks(r, "")
	if err != nil {
		return wrap(err, "list playbooks")
	}
	return writeJSON(w, http.StatusOK, dataResult{out})
}

func (h *handler) getPlaybook(w http.ResponseWriter, r *http.Request) error {
	out, err := h.playbooks(r, r.PathValue("key"))
	if err != nil {
		return wrap(err, "playbook")
	}
	return writeJSON(w, http.StatusOK, dataResult{out[0]})
}

// queueOut is a page of the save queue and the formula that ranks it.
type queueOut struct {
	Formula string           `json:"formula"`
	Data    []save.QueueItem `json:"data"`
	Total   int              `json:"total"`
	Limit   int              `json:"limit"`
	Offset  int              `json:"offset"`
}

func (h *handler) queue(w http.ResponseWriter, r *http.Request) error {
	qs := r.URL.Query()
	if err := checkQuery(qs, "limit", "offset"); err != nil {
		return err
	}
	limit, offset, err := pageParams(qs)
	if err != nil {
		return err
	}
	q, err := save.Queue(r.Context(), h.st, gtg.DayOf(h.now()))
	if err != nil {
		return wrap(err, "queue")
	}
	return writeJSON(w, http.StatusOK, queueOut{save.QueueFormula, page(q, limit, offset), len(q), limit, offset})
}

func (h *handler) standup(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQuery(q, "since"); err != nil {
		return err
	}
	since, err := dayParam(q, "since")
	if err != nil {
		return err
	}
	today := gtg.DayOf(h.now())
	if since > today {
		return gtg.Errorf(gtg.EINVALID, "since: %s is after today (%s)", since, today)
	}
	su, err := save.Standup(r.Context(), h.st, since, today)
	if err != nil {
		return wrap(err, "standup")
	}
	return writeJSON(w, http.StatusOK, dataResult{su})
}

// pageParams reads limit (1 to 1000, default 100) and offset.
func pageParams(q url.Values) (limit, offset int, err error) {
	if limit, err = intParam(q, "limit", 100, 1, 1000); err != nil {
		return 0, 0, err
	}
	offset, err = intParam(q, "offset", 0, 0, 1<<31-1)
	return limit, offset, err
}

// page returns list[offset:offset+limit], never nil.
func page[T any](list []T, limit, offset int) []T {
	out := list[min(offset, len(list)):min(offset+limit, len(list))]
	if out == nil {
		out = []T{}
	}
	return out
}

// boolParam reads true or false ("" is false).
func boolParam(s, name string) (bool, error) {
	switch s {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, gtg.Errorf(gtg.EINVALID, "%s: want true or false, got %q", name, s)
}
