package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/stakeholders"
	"github.com/gtg-dev/gtg/store"
)

// stakeholdersPage is an account's stakeholder map: people placed by role
// and seniority and colored by engagement, the key roles' coverage, the
// departures that need a successor, and the cadence gaps.
type stakeholdersPage struct {
	basePage
	A          *gtg.Account
	URL        string
	Map        *stakeholders.Map
	Columns    []option  // roles across
	Rows       []gridRow // seniority down
	Roles      []roleTile
	Flags      []fact
	Departures []departure
	Gaps       []gapView
	People     []personChip
	Capture    *captureView
	CanEdit    bool
}

type gridRow struct {
	Label string
	Cells [][]personChip // one per column
}

// personChip is one contact on the map.
type personChip struct {
	Name, Email, Title, RoleLabel string
	Engagement                    string // engaged, cooling, cold or left
	EngagementText                string
	Influence, Sentiment          string
	LastTouch                     string
	Touches30, Touches90          int
	Status                        string
}

type roleTile struct {
	Label, State, Text string // State: engaged, present (not engaged), left or missing
}

// departure is a key role left empty by someone who left: the prompt to
// name a successor, and the playbook the rules suggest.
type departure struct {
	Role, RoleLabel, Who, LeftOn string
	Candidates                   []option // active contacts who could take it
	PlaybookURL, PlaybookName    string
}

type gapView struct {
	RoleLabel               string
	Target, Actual, Short   int
	NoContact               bool
	Width                   float64 // actual as a share of the target, in percent
	AccountName, AccountURL string
	Owner                   string
}

// otherColumn holds the roles that are not key roles or admin.
const otherColumn = "other"

func (s *server) stakeholdersShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := gtg.DayOf(s.now())
	m, err := stakeholders.AccountMap(ctx, s.store, r.PathValue("id"), today)
	if err != nil {
		return err
	}
	a := m.Account
	p := stakeholdersPage{basePage: s.base(r, "Stakeholders · "+a.Name, "accounts"), A: a, URL: accountURL(a.ExternalID), Map: m}
	p.CanEdit = canWrite(p.User)
	n := m.Cadence.EngagedDays

	cols := append(slices.Clone(gtg.KeyRoles), gtg.RoleAdmin, otherColumn)
	for _, c := range cols {
		label := roleLabel(c)
		if c == otherColumn {
			label = "Users and others"
		}
		p.Columns = append(p.Columns, option{c, label})
	}
	colOf := func(role string) int {
		if i := slices.Index(cols, role); i >= 0 {
			return i
		}
		return len(cols) - 1
	}
	for _, lvl := range gtg.Seniorities {
		p.Rows = append(p.Rows, gridRow{Label: humanize(lvl), Cells: make([][]personChip, len(cols))})
	}
	for _, st := range m.Stakeholders {
		chip := chipOf(st, n)
		p.People = append(p.People, chip)
		row := slices.Index(gtg.Seniorities, st.Seniority)
		p.Rows[row].Cells[colOf(st.Role)] = append(p.Rows[row].Cells[colOf(st.Role)], chip)
	}

	cv := m.Coverage
	hints, err := s.ruleHints(ctx)
	if err != nil {
		return err
	}
	names, err := s.playbookNames(ctx)
	if err != nil {
		return err
	}
	for _, rc := range cv.Roles {
		t := roleTile{Label: roleLabel(rc.Role)}
		switch {
		case rc.Engaged:
			t.State, t.Text = "engaged", "engaged"
		case rc.Present:
			t.State, t.Text = "present", fmt.Sprintf("no touch in %d days", n)
		case rc.LeftOn != 0:
			t.State, t.Text = "left", "left "+formatDate(rc.LeftOn)
		default:
			t.State, t.Text = "missing", "nobody"
		}
		p.Roles = append(p.Roles, t)
		if !rc.Present && rc.LeftOn != 0 {
			d := departure{Role: rc.Role, RoleLabel: roleLabelLower(rc.Role), LeftOn: formatDate(rc.LeftOn)}
			for _, st := range m.Stakeholders {
				if st.Role == rc.Role && st.Status == gtg.ContactLeft && st.StatusChangedOn == rc.LeftOn {
					d.Who = cmp.Or(st.Name, st.Email)
				}
				if st.Status == gtg.ContactActive {
					d.Candidates = append(d.Candidates, option{st.Email, cmp.Or(st.Name, st.Email) + " · " + roleLabel(st.Role)})
				}
			}
			for _, h := range hints {
				if h.Successor == rc.Role && h.Playbook != "" && names[h.Playbook] != "" {
					d.PlaybookURL = p.URL + "/plans/new?playbook=" + h.Playbook
					d.PlaybookName = names[h.Playbook]
				}
			}
			p.Departures = append(p.Departures, d)
		}
	}
	p.Flags = coverageFlags(cv)
	for _, g := range m.Gaps {
		p.Gaps = append(p.Gaps, gapViewOf(g))
	}
	contacts, err := s.store.Contacts(ctx, a.ID)
	if err != nil {
		return err
	}
	if p.Capture, err = s.captureOf(r, a, contacts, p.basePage); err != nil {
		return err
	}
	p.Capture.Back = "stakeholders"
	return s.page(w, http.StatusOK, "stakeholders", p)
}

// chipOf places a stakeholder on the map; n is the engaged window in days.
func chipOf(st gtg.Stakeholder, n int) personChip {
	c := personChip{Name: cmp.Or(st.Name, st.Email), Email: st.Email, Title: st.Title, RoleLabel: roleLabel(st.Role),
		Influence: st.Influence, Sentiment: st.Sentiment, Touches30: st.Touches30, Touches90: st.Touches90, Status: st.Status,
		LastTouch: "never touched"}
	if st.DaysSinceTouch >= 0 {
		c.LastTouch = "last touch " + daysText(-st.DaysSinceTouch)
	}
	switch {
	case st.Status == gtg.ContactLeft:
		c.Engagement, c.EngagementText = "left", "left "+formatDate(st.StatusChangedOn)
	case st.Engaged:
		c.Engagement, c.EngagementText = "engaged", fmt.Sprintf("engaged (touched in the last %d days)", n)
	case st.DaysSinceTouch >= 0 && st.DaysSinceTouch < 2*n:
		c.Engagement, c.EngagementText = "cooling", fmt.Sprintf("cooling (no touch in %d days)", n)
	default:
		c.Engagement, c.EngagementText = "cold", "cold"
	}
	return c
}

// coverageFlags are the coverage problems a CSM should act on.
func coverageFlags(cv gtg.Coverage) []fact {
	var out []fact
	switch {
	case cv.NoEngagement:
		out = append(out, fact{Tone: "bad", Text: fmt.Sprintf("Nobody engaged in %d days", cv.EngagedDays)})
	case cv.SingleThreaded:
		out = append(out, fact{Tone: "bad", Text: "Single-threaded: one engaged contact"})
	default:
		out = append(out, fact{Tone: "good", Text: fmt.Sprintf("Multi-threaded: %d engaged contacts", cv.EngagedContacts)})
	}
	if cv.NoPersistentContact {
		out = append(out, fact{Tone: "warn", Text: "No persistent technical or support contact"})
	}
	return out
}

func gapViewOf(g gtg.CadenceGap) gapView {
	v := gapView{RoleLabel: roleLabel(g.Role), Target: g.Target, Actual: g.Actual, Short: g.Short, NoContact: g.NoContact,
		AccountName: g.AccountName, AccountURL: accountURL(g.AccountID), Owner: g.Owner}
	if g.Target > 0 {
		v.Width = 100 * float64(g.Actual) / float64(g.Target)
	}
	return v
}

// successorSet names the successor for a role someone left: an active
// contact takes the role, or a new contact is added in it.
func (s *server) successorSet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := s.store.Account(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := formValues(r)
	role := strings.TrimSpace(f.Get("role"))
	if !slices.Contains(gtg.KeyRoles, role) {
		return s.captureFailed(w, r, a, f, gtg.Errorf(gtg.EINVALID, "role: %q is not a key role", role))
	}
	var c *gtg.Contact
	if email := strings.ToLower(strings.TrimSpace(f.Get("contact"))); email != "" {
		contacts, err := s.store.Contacts(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, x := range contacts {
			if x.Email == email && x.Status == gtg.ContactActive {
				c = x
			}
		}
		if c == nil {
			return s.captureFailed(w, r, a, f, gtg.Errorf(gtg.EINVALID, "contact: %s is not an active contact of %s", email, a.ExternalID))
		}
		c.Role = role
	} else {
		c = &gtg.Contact{AccountID: a.ID, AccountExternalID: a.ExternalID, Email: f.Get("email"), Name: strings.TrimSpace(f.Get("name")),
			Title: strings.TrimSpace(f.Get("title")), Role: role, Status: gtg.ContactActive, StatusChangedOn: gtg.DayOf(s.now())}
		if strings.TrimSpace(c.Email) == "" {
			return s.captureFailed(w, r, a, f, gtg.Errorf(gtg.EINVALID, "email: pick a contact or give the new one's email"))
		}
	}
	was := s.scoreNow(ctx, a.ID, gtg.DayOf(s.now()))
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertContacts(ctx, currentUser(r).Email, []*gtg.Contact{c})
		return err
	})
	if err != nil {
		return s.captureFailed(w, r, a, f, err)
	}
	return s.afterCapture(w, r, a, cmp.Or(c.Name, c.Email)+" is the new "+roleLabelLower(role), was)
}
