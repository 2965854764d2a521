// Package update writes and sends the weekly update email of an account:
// an executive summary, what was accomplished this week, next steps and
// challenges, with the health chart of the last 90 days as an inline PNG
// and resources suggested for the account's risk. It goes to every engaged
// stakeholder, respecting opt-outs and the team's outreach caps, through
// the outbox that the job queue delivers with retries.
package update

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// ChartDays is how many days of health the chart shows.
const ChartDays = 90

// engagedDays is how recent a touch makes a contact engaged.
const engagedDays = 90

// Item is one line of a section, with an optional note after it.
type Item struct {
	Text string
	Note string // "due 3 Jul, owner ann@acme.example (customer)"
}

// Recipient is a contact the update may go to, and whether it does.
type Recipient struct {
	ContactID int64
	Email     string
	Name      string
	Title     string
	Role      string
	Include   bool   // addressed by default
	Blocked   string // why it cannot go to them: opted out, or capped until when ("": it can)
	Why       string // why they are on the list (engaged, plan stakeholder) or left off
}

// Draft is a generated weekly update, ready to preview, edit and send.
type Draft struct {
	Account  *gtg.Account
	Plan     *gtg.Plan // nil: the account has no open plan
	Today    gtg.Day
	Week     string
	Subject  string
	From     string // the sender, from the SMTP settings ("" when mail is not set up)
	ReplyTo  string // the account's owner, when it is an email address
	Note     string // the CSM's own words, first in the executive summary
	Summary  []string
	Done     []Item
	Next     []Item
	Problems []Item
	// Resources suggested for the account, and how to share them.
	Resources []gtg.ResourceSuggestion
	Mode      string
	Ask       string
	Chart     []byte // PNG
	ChartAlt  string
	Score     *float64 // the latest health score
	Color     string
	// Recipients lists every active contact, engaged ones included by default.
	Recipients []Recipient
	Warnings   []string // caps and opt-outs that leave someone off
	Text, HTML string

	green, yellow float64           // the scorecard's thresholds
	reasonLabels  map[string]string // risk reason key → label
}

// Compose writes the weekly update of an account as of now.
func Compose(ctx context.Context, st *store.Store, accountExt string, now time.Time) (*Draft, error) {
	a, err := st.Account(ctx, accountExt)
	if err != nil {
		return nil, err
	}
	today := gtg.DayOf(now)
	d := &Draft{Account: a, Today: today, Week: gtg.ISOWeek(now)}
	plans, err := st.Plans(ctx, gtg.PlanFilter{AccountID: a.ID, Status: gtg.PlanOpen})
	if err != nil {
		return nil, err
	}
	if len(plans) > 0 {
		if d.Plan, err = st.Plan(ctx, plans[0].ID); err != nil {
			return nil, err
		}
	}
	settings, err := st.MailSettings(ctx)
	if err != nil {
		return nil, err
	}
	d.From = settings.SMTP.From
	if strings.Contains(a.Owner, "@") {
		d.ReplyTo = a.Owner
	}
	hist, err := st.HealthHistory(ctx, a.ID, today-ChartDays+1, today)
	if err != nil {
		return nil, err
	}
	cards, err := health.Cards(ctx, st)
	if err != nil {
		return nil, err
	}
	d.green, d.yellow = 70, 45
	var last *gtg.Health
	if len(hist) > 0 {
		last = hist[len(hist)-1]
		if c := cardFor(cards, last.Scorecard); c != nil {
			d.green, d.yellow = c.Thresholds.Green, c.Thresholds.Yellow
		}
		if last.Color != gtg.InsufficientData {
			sc := last.Score
			d.Score, d.Color = &sc, last.Color
		}
	}
	pts := make([]gtg.ScorePoint, 0, len(hist))
	for _, h := range hist {
		pts = append(pts, gtg.ScorePoint{Day: h.Day, Score: h.Score, Color: h.Color})
	}
	if d.Chart, err = RenderChart(pts, today-ChartDays+1, today, d.green, d.yellow); err != nil {
		return nil, fmt.Errorf("health chart: %w", err)
	}
	profile, err := riskProfile(ctx, st, a.ID)
	if err != nil {
		return nil, err
	}
	reasons, err := save.Reasons(ctx, st)
	if err != nil {
		return nil, err
	}
	d.reasonLabels = map[string]string{}
	for _, r := range reasons {
		d.reasonLabels[r.Key] = r.Label
	}
	d.sections(hist, cards, profile)
	risk := riskLevel(profile, d.Color)
	if err := d.suggest(ctx, st, risk); err != nil {
		return nil, err
	}
	if err := d.recipients(ctx, st, settings.Caps, now); err != nil {
		return nil, err
	}
	d.Subject = fmt.Sprintf("%s: weekly update, %s", a.Name, formatDay(today))
	if d.Text, d.HTML, err = d.render(); err != nil {
		return nil, err
	}
	return d, nil
}

func cardFor(cards []*scorecard.Scorecard, name string) *scorecard.Scorecard {
	for _, c := range cards {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func formatDay(d gtg.Day) string {
	if d == 0 {
		return "no date"
	}
	return d.Time().Format("2 Jan 2006")
}

func score(v float64) string { return fmt.Sprintf("%.0f", math.Round(v)) }

// sections fills the four sections from the plan and the health history.
func (d *Draft) sections(hist []*gtg.Health, cards []*scorecard.Scorecard, risk *gtg.RiskProfile) {
	today, weekStart := d.Today, d.Today-6
	p := d.Plan

	// Health: now, 30 days ago, and why it moved.
	var then, last *gtg.Health
	for _, h := range hist {
		if h.Color == gtg.InsufficientData {
			continue
		}
		if h.Day <= today-30 || then == nil {
			then = h
		}
		last = h
	}
	healthLine := "Health is not scored yet."
	if last != nil {
		healthLine = fmt.Sprintf("Health is %s (%s) as of %s.", score(last.Score), last.Color, formatDay(last.Day))
		if then != nil && then.Day < last.Day {
			delta := last.Score - then.Score
			dir := "up"
			if math.Round(delta) < 0 {
				dir = "down"
			} else if math.Round(delta) == 0 {
				dir = "steady"
			}
			if dir == "steady" {
				healthLine = fmt.Sprintf("Health is %s (%s), steady since %s.", score(last.Score), last.Color, formatDay(then.Day))
			} else {
				healthLine = fmt.Sprintf("Health is %s (%s), %s %s points since %s.", score(last.Score), last.Color, dir,
					score(math.Abs(delta)), formatDay(then.Day))
			}
		}
	}
	d.Summary = append(d.Summary, healthLine)
	if p != nil {
		done, total, met := 0, 0, 0
		for _, t := range p.Tasks {
			if t.Status == gtg.TaskDropped {
				continue
			}
			total++
			if t.Status == gtg.TaskDone {
				done++
			}
		}
		for _, o := range p.Objectives {
			if o.Met {
				met++
			}
		}
		s := fmt.Sprintf("Our plan, started %s", formatDay(p.StartedOn))
		if p.TargetDate != 0 {
			s += fmt.Sprintf(" with a target of %s", formatDay(p.TargetDate))
		}
		d.Summary = append(d.Summary, fmt.Sprintf("%s: %d of %d tasks done, %d of %d objectives met.", s, done, total, met, len(p.Objectives)))
	} else {
		d.Summary = append(d.Summary, "There is no open get-to-green plan for this account.")
	}
	if risk != nil && len(risk.Reasons) > 0 {
		names := make([]string, len(risk.Reasons))
		for i, k := range risk.Reasons {
			if names[i] = d.reasonLabels[k]; names[i] == "" {
				names[i] = strings.ReplaceAll(k, "_", " ")
			}
		}
		d.Summary = append(d.Summary, fmt.Sprintf("Focus: %s.", strings.Join(names, ", ")))
	}

	if p != nil {
		for _, t := range p.Tasks {
			if t.Status == gtg.TaskDone && t.DoneOn >= weekStart && t.DoneOn <= today {
				d.Done = append(d.Done, Item{Text: t.Title, Note: fmt.Sprintf("done %s by %s", formatDay(t.DoneOn), owner(t))})
			}
		}
		for _, o := range p.Objectives {
			if o.Met {
				d.Done = append(d.Done, Item{Text: "Objective met: " + o.Title, Note: o.Criterion})
			}
		}
		var next, late []gtg.Task
		for _, t := range p.Tasks {
			switch {
			case t.Closed():
			case t.Overdue(today):
				late = append(late, t)
			default:
				next = append(next, t)
			}
		}
		byDue := func(ts []gtg.Task) {
			sort.SliceStable(ts, func(i, j int) bool {
				if (ts[i].Due == 0) != (ts[j].Due == 0) {
					return ts[j].Due == 0
				}
				return ts[i].Due < ts[j].Due
			})
		}
		byDue(next)
		byDue(late)
		for _, t := range next {
			note := "owner " + owner(t)
			if t.Due != 0 {
				note = "due " + formatDay(t.Due) + ", " + note
			}
			d.Next = append(d.Next, Item{Text: t.Title, Note: note})
		}
		for _, t := range late {
			d.Problems = append(d.Problems, Item{Text: "Overdue: " + t.Title,
				Note: fmt.Sprintf("was due %s, owner %s", formatDay(t.Due), owner(t))})
		}
		for _, o := range p.Objectives {
			if !o.Met {
				d.Problems = append(d.Problems, Item{Text: "Objective not met yet: " + o.Title, Note: o.Detail})
			}
		}
		if p.AdjustSince != 0 {
			d.Problems = append(d.Problems, Item{Text: "Health has not improved for a while; we are adjusting the plan",
				Note: "since " + formatDay(p.AdjustSince)})
		}
	}
	if last != nil {
		var trend []Item
		if last.Color != gtg.Green || (then != nil && math.Round(last.Score-then.Score) < 0) {
			trend = append(trend, Item{Text: healthLine})
		}
		if then != nil && then.Day < last.Day {
			for _, r := range scorecard.Explain(scorecard.FromSnapshot(cardFor(cards, then.Scorecard), then),
				scorecard.FromSnapshot(cardFor(cards, last.Scorecard), last)) {
				if len(trend) == 4 {
					break
				}
				if r.Points < 0 && !internalGroups[r.Group] {
					trend = append(trend, Item{Text: r.Text})
				}
			}
		}
		d.Problems = append(trend, d.Problems...)
		if first := firstScored(hist); first != nil {
			d.ChartAlt = fmt.Sprintf("health from %s (%s) on %s to %s (%s) on %s; green from %s, red below %s",
				score(first.Score), first.Color, formatDay(first.Day), score(last.Score), last.Color, formatDay(last.Day),
				score(d.green), score(d.yellow))
		}
	}
}

// internalGroups are the scorecard groups whose reasons stay inside the
// team: the update goes to the customer, who should not read the CSM's
// sentiment, who at their company left, or their invoices in a status email.
var internalGroups = map[string]bool{"sentiment": true, "relationship": true, "commercial": true}

func firstScored(hist []*gtg.Health) *gtg.Health {
	for _, h := range hist {
		if h.Color != gtg.InsufficientData {
			return h
		}
	}
	return nil
}

// owner names a task's owner and side.
func owner(t gtg.Task) string {
	who := t.Owner
	if who == "" {
		who = "unassigned"
	}
	side := "us"
	if t.OwnerSide == gtg.SideCustomer {
		side = "you"
	}
	return who + " (" + side + ")"
}

// suggest picks up to three resources for the account and how to share them.
func (d *Draft) suggest(ctx context.Context, st *store.Store, risk string) error {
	var reasons []string
	if d.Plan != nil {
		reasons = d.Plan.Reasons
	}
	sg, err := suggestFor(ctx, st, d.Account, risk, reasons)
	if err != nil {
		return err
	}
	d.Resources, d.Mode, d.Ask = sg.Resources, sg.Mode, sg.Ask
	return nil
}

// rolePriority orders recipients from the economic buyer to the analyst.
var rolePriority = map[string]int{gtg.RoleEconomicBuyer: 0, gtg.RoleExecutiveSponsor: 1, gtg.RoleChampion: 2,
	gtg.RoleTechnicalOwner: 3, gtg.RoleAdmin: 4, gtg.RoleEndUser: 5}

// recipients lists the account's active contacts: those engaged in the
// last 90 days (any touch) or named on the plan are included, unless they
// opted out or a cap stops them.
func (d *Draft) recipients(ctx context.Context, st *store.Store, caps gtg.Caps, now time.Time) error {
	cs, err := st.Contacts(ctx, d.Account.ID)
	if err != nil {
		return err
	}
	evs, err := st.Events(ctx, gtg.EventFilter{AccountID: d.Account.ID, From: now.Add(-engagedDays * 24 * time.Hour), To: now.Add(time.Second)})
	if err != nil {
		return err
	}
	touched := map[int64]bool{}
	for _, e := range evs {
		if e.ContactID != 0 {
			touched[e.ContactID] = true
		}
	}
	named := map[string]bool{}
	if d.Plan != nil {
		for _, s := range d.Plan.Stakeholders {
			named[strings.ToLower(strings.TrimSpace(s))] = true
		}
	}
	outs, err := st.OptOuts(ctx, d.Account.ID)
	if err != nil {
		return err
	}
	hits, err := CapHits(ctx, st, caps, d.Account.ID, contactIDs(cs), now)
	if err != nil {
		return err
	}
	capped := map[int64]gtg.CapHit{}
	for _, h := range hits {
		if h.ContactID == 0 {
			d.Warnings = append(d.Warnings, h.String())
		} else {
			capped[h.ContactID] = h
		}
	}
	for _, c := range cs {
		if c.Status != gtg.ContactActive {
			continue
		}
		r := Recipient{ContactID: c.ID, Email: c.Email, Name: c.Name, Title: c.Title, Role: c.Role}
		switch {
		case named[c.Email] || named[strings.ToLower(c.Name)]:
			r.Include, r.Why = true, "named on the plan"
		case touched[c.ID]:
			r.Include, r.Why = true, fmt.Sprintf("engaged in the last %d days", engagedDays)
		default:
			r.Why = fmt.Sprintf("no touch in %d days", engagedDays)
		}
		if at, ok := outs[c.ID]; ok {
			r.Include, r.Blocked = false, "opted out on "+formatDay(gtg.DayOf(at))
		} else if h, ok := capped[c.ID]; ok {
			h.Email = c.Email
			r.Include, r.Blocked = false, h.String()
		}
		if r.Blocked != "" && r.Why != fmt.Sprintf("no touch in %d days", engagedDays) {
			w := r.Blocked // "ann@… is capped (…) until …"
			if !strings.HasPrefix(w, c.Email) {
				w = c.Email + " " + w
			}
			d.Warnings = append(d.Warnings, w)
		}
		d.Recipients = append(d.Recipients, r)
	}
	sort.SliceStable(d.Recipients, func(i, j int) bool {
		pi, ok := rolePriority[d.Recipients[i].Role]
		if !ok {
			pi = 6
		}
		pj, ok := rolePriority[d.Recipients[j].Role]
		if !ok {
			pj = 6
		}
		return pi < pj
	})
	return nil
}

func contactIDs(cs []*gtg.Contact) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// CapHits returns the caps one more message to the contacts at now would
// exceed: the account's cap first, then each contact's.
func CapHits(ctx context.Context, st *store.Store, caps gtg.Caps, accountID int64, contacts []int64, now time.Time) ([]gtg.CapHit, error) {
	past, err := st.Outreach(ctx, accountID, now.Add(-gtg.CapWindow))
	if err != nil {
		return nil, err
	}
	return caps.Check(past, contacts, now), nil
}

// Included returns the emails addressed by default.
func (d *Draft) Included() []string {
	var out []string
	for _, r := range d.Recipients {
		if r.Include {
			out = append(out, r.Email)
		}
	}
	return out
}
