package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// The save workflow's pages share these: the reason taxonomy as people read
// it, risk levels as pills, form errors shown beside the form that caused
// them, and the parsing of form fields into the save package's types.

// stageLabels name the stages of the reason taxonomy.
var stageLabels = map[string]string{
	gtg.ReasonEarly:  "Early stage",
	gtg.ReasonMid:    "Mid-relationship",
	gtg.ReasonEnd:    "End of relationship",
	gtg.ReasonCrisis: "Crisis",
}

// reasonOpt is one reason a person may choose.
type reasonOpt struct {
	Key, Label, Description string
	Checked                 bool // in a form: ticked
}

// reasonGroup is the live reasons of one stage, in taxonomy order.
type reasonGroup struct {
	Stage, Label string
	Reasons      []reasonOpt
}

// reasonTag is a reason as pages show it, the primary one marked.
type reasonTag struct {
	Key, Label string
	Primary    bool
}

// taxonomy is the risk reasons: labels for every key (retired ones too)
// and the reasons that may still be chosen, grouped by stage.
type taxonomy struct {
	labels map[string]string
	stages map[string]string
	groups []reasonGroup
}

func (s *server) taxonomy(ctx context.Context) (*taxonomy, error) {
	rs, err := save.Reasons(ctx, s.store)
	if err != nil {
		return nil, fmt.Errorf("risk reasons: %w", err)
	}
	t := &taxonomy{labels: map[string]string{}, stages: map[string]string{}}
	for _, stage := range gtg.ReasonStages {
		g := reasonGroup{Stage: stage, Label: stageLabels[stage]}
		for _, r := range rs {
			t.labels[r.Key], t.stages[r.Key] = r.Label, r.Stage
			if r.Stage == stage && !r.Retired {
				g.Reasons = append(g.Reasons, reasonOpt{Key: r.Key, Label: r.Label, Description: r.Description})
			}
		}
		if len(g.Reasons) > 0 {
			t.groups = append(t.groups, g)
		}
	}
	return t, nil
}

// label names a reason key; a key no longer in the taxonomy is humanized.
func (t *taxonomy) label(key string) string {
	if l := t.labels[key]; l != "" {
		return l
	}
	return humanize(key)
}

// tags turns reason keys into tags, the first one primary.
func (t *taxonomy) tags(keys []string) []reasonTag {
	out := make([]reasonTag, 0, len(keys))
	for i, k := range keys {
		out = append(out, reasonTag{Key: k, Label: t.label(k), Primary: i == 0})
	}
	return out
}

// choices returns the groups with the given keys ticked.
func (t *taxonomy) choices(ticked []string) []reasonGroup {
	out := make([]reasonGroup, len(t.groups))
	for i, g := range t.groups {
		out[i] = reasonGroup{Stage: g.Stage, Label: g.Label}
		for _, r := range g.Reasons {
			r.Checked = containsStr(ticked, r.Key)
			out[i].Reasons = append(out[i].Reasons, r)
		}
	}
	return out
}

func containsStr(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// formErr is the error of one form on a page, shown beside that form; the
// values sent come back with it so nothing typed is lost.
type formErr struct {
	Form string // which form of the page
	Msg  string
}

// Is reports whether the error belongs to form, for templates.
func (e *formErr) Is(form string) bool { return e != nil && e.Form == form }

// personError returns the status and message for an error a person can fix
// by changing what they sent (invalid input, a conflict), and false for any
// other error, which the caller returns as it is.
func personError(err error) (int, string, bool) {
	switch gtg.ErrorCode(err) {
	case gtg.EINVALID:
		return http.StatusBadRequest, gtg.ErrorMessage(err), true
	case gtg.ECONFLICT:
		return http.StatusConflict, gtg.ErrorMessage(err), true
	}
	return 0, "", false
}

// riskChangeFrom reads the risk fields of a form: level, the primary reason,
// the other ticked reasons and a note. The primary reason comes first.
func riskChangeFrom(f url.Values) gtg.RiskChange {
	ch := gtg.RiskChange{Level: f.Get("level"), Note: f.Get("note"), Reasons: []string{}}
	if p := strings.TrimSpace(f.Get("primary")); p != "" {
		ch.Reasons = append(ch.Reasons, p)
	}
	for _, r := range f["reason"] {
		if r = strings.TrimSpace(r); r != "" && !containsStr(ch.Reasons, r) {
			ch.Reasons = append(ch.Reasons, r)
		}
	}
	return ch
}

// dayField parses an optional date field: 0 when empty, EINVALID naming the
// field when it is not a date.
func dayField(f url.Values, field string) (gtg.Day, error) {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return 0, nil
	}
	d, err := gtg.ParseDay(v)
	if err != nil {
		return 0, gtg.Errorf(gtg.EINVALID, "%s: %q is not a date (YYYY-MM-DD)", field, v)
	}
	return d, nil
}

// pathID reads a numeric path value; anything else is a page not found.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, gtg.Errorf(gtg.ENOTFOUND, "%s %q not found", what, r.PathValue(name))
	}
	return id, nil
}

// backTo returns the form's "back" field when it is a path on this site,
// and fallback otherwise.
func backTo(r *http.Request, fallback string) string {
	return localPath(r.PostFormValue("back"), fallback)
}

// seeOther redirects after a successful form post. It is a plain 303 for
// htmx too: htmx follows it and picks its part of the page that comes back.
func seeOther(w http.ResponseWriter, r *http.Request, target string) error {
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// accountURL is an account page's path.
func accountURL(ext string) string { return "/accounts/" + url.PathEscape(ext) }

// planURL is a plan page's path.
func planURL(id int64) string { return fmt.Sprintf("/plans/%d", id) }

// riskLevel is a risk level as a pill: "high", "medium", "low" or none.
type riskLevel struct {
	Level, Label string
}

func levelOf(level string) riskLevel {
	if level == "" {
		return riskLevel{Level: "none", Label: "Not assessed"}
	}
	return riskLevel{Level: level, Label: humanize(level)}
}

// disagreementText says how judgment and data disagree, for people.
func disagreementText(d string) string {
	switch d {
	case save.JudgmentHigher:
		return "The CSM sees more risk than the data"
	case save.DataHigher:
		return "The data sees more risk than the CSM"
	}
	return ""
}

// daysLeftText says how far a target date is: "12 days left", "3 days late".
func daysLeftText(n int) string {
	switch {
	case n == 0:
		return "due today"
	case n == 1:
		return "1 day left"
	case n > 1:
		return fmt.Sprintf("%d days left", n)
	case n == -1:
		return "1 day late"
	}
	return fmt.Sprintf("%d days late", -n)
}

// pct writes a share from 0 to 1 as a whole percentage.
func pct(share float64) string { return fmt.Sprintf("%.0f%%", share*100) }

// canWrite reports whether the signed-in user may change customer data.
func canWrite(u *gtg.User) bool { return u != nil && gtg.Can(u.Role, gtg.UserCSM) }

// isManager reports whether the signed-in user may make team decisions.
func isManager(u *gtg.User) bool { return u != nil && gtg.Can(u.Role, gtg.UserManager) }

// scoreText writes a health score, "—" when there is none.
func scoreText(p *float64) string {
	if p == nil {
		return "—"
	}
	return strconv.Itoa(int(*p + 0.5))
}

// formValues returns the posted form (parsed already by the CSRF check).
func formValues(r *http.Request) url.Values {
	r.ParseForm() // a body that does not parse leaves the form empty, and the fields missing say so
	return r.PostForm
}

// money formats the ARR of reports that carry an account id but not its
// currency; totals use the portfolio's most common currency.
type money struct {
	byAccount map[string]string
	common    string
}

func (s *server) money(ctx context.Context) (*money, error) {
	accts, err := s.store.AccountBriefs(ctx)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	m := &money{byAccount: make(map[string]string, len(accts)), common: "USD"}
	n := map[string]int{}
	for ext, a := range accts {
		m.byAccount[ext] = a.Currency
		n[a.Currency]++
		if n[a.Currency] > n[m.common] || n[a.Currency] == n[m.common] && a.Currency < m.common {
			m.common = a.Currency
		}
	}
	return m, nil
}

// of formats an account's amount compactly in its currency.
func (m *money) of(ext string, v float64) string {
	c, ok := m.byAccount[ext]
	if !ok {
		c = m.common
	}
	return formatMoneyShort(v, c)
}

// total formats a sum over accounts in the portfolio's currency.
func (m *money) total(v float64) string { return formatMoneyShort(v, m.common) }
