package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gtg-dev/gtg"
)

// timeline draws the account's events from its health, people and plan, then
// numbers them in time order: demo-<account>-<n>.
func (s *sim) timeline(r *rand.Rand) {
	t := &timeline{s: s, r: r, cutoff: s.last().AddDays(1).Time()}
	t.daily()
	t.milestones()
	t.invoices()
	slices.SortStableFunc(s.events, func(a, b *gtg.Event) int { return a.OccurredAt.Compare(b.OccurredAt) })
	for i, e := range s.events {
		e.ExternalID = fmt.Sprintf("demo-%s-%d", s.acct.ExternalID, i+1)
	}
}

// timeline is the state of drawing one account's events.
type timeline struct {
	s      *sim
	r      *rand.Rand
	cutoff time.Time // nothing happens after today or the churn day
	opened int       // tickets so far, for their ids
}

func (t *timeline) add(typ string, when time.Time, contact string, attrs map[string]any) {
	if !when.Before(t.cutoff) {
		return
	}
	t.s.events = append(t.s.events, &gtg.Event{
		AccountExternalID: t.s.acct.ExternalID,
		ContactEmail:      contact,
		Type:              typ,
		OccurredAt:        when,
		Attrs:             attrs,
	})
}

// meetingEvery is the usual days between CSM meetings by segment.
var meetingEvery = map[string]float64{segSMB: 45, segMid: 25, segEnterprise: 14}

// daily draws what happens day by day: tickets, surveys, meetings, emails,
// calls and notes, each more or less likely with the day's health.
func (t *timeline) daily() {
	s, r := t.s, t.r
	nextNPS := s.first.AddDays(between(r, 10, 90))
	end := s.last()
	if s.churnDay != 0 {
		end-- // the churn day has its own events, in milestones
	}
	for d := s.first; d <= end; d++ {
		h := s.healthOn(d)
		wd := weekday(d)
		workday := wd >= 1 && wd <= 5
		paused := s.pause.has(d)
		t.tickets(d, h, workday, paused)
		if d == nextNPS {
			t.nps(d, h)
			nextNPS = d.AddDays(between(r, 75, 105))
		}
		if !workday {
			continue
		}
		// Engagement: people who see value take meetings and answer email;
		// as health sinks, meetings stop and only the CSM keeps writing.
		eng := clamp((h-0.25)/0.45, 0.03, 1.2)
		if paused {
			eng *= 0.2
		}
		every := meetingEvery[s.segment]
		if int(d-s.start) < s.onboardingDays {
			every = 7
		}
		if chance(r, eng/every) {
			t.meeting(d, h)
		}
		if chance(r, eng*(0.06+0.04*sizeOf(s.seatsAt(d)))) {
			t.add(gtg.EventEmail, at(r, d, 8, 19), s.contactOn(r, d, gtg.RoleChampion, gtg.RoleAdmin, gtg.RoleTechnicalOwner),
				map[string]any{"direction": "inbound", "subject": pick(r, inboundSubjects)})
		}
		if chance(r, 1.0/12+(1-h)/15) {
			t.add(gtg.EventEmail, at(r, d, 8, 19), s.contactOn(r, d, gtg.RoleChampion, gtg.RoleEconomicBuyer),
				map[string]any{"direction": "outbound", "subject": pick(r, outboundSubjects(h))})
		}
		if chance(r, eng/30) {
			t.add(gtg.EventCall, at(r, d, 9, 18), s.contactOn(r, d, gtg.RoleChampion, gtg.RoleTechnicalOwner),
				map[string]any{"duration_minutes": float64(between(r, 5, 45))})
		}
		if chance(r, 1.0/25) {
			t.note(d, h)
		}
	}
}

// sizeOf grows with the seats, slower than linearly: ten times the seats is
// about three times the tickets.
func sizeOf(seats int) float64 { return math.Sqrt(float64(seats)) / 5 }

var (
	priorities       = []string{"low", "normal", "high", "urgent"}
	responseMinutes  = []float64{600, 240, 90, 30} // median first response by priority
	resolutionHours  = []float64{96, 48, 24, 6}    // median resolution by priority
	inboundSubjects  = []string{"Question about reports", "Adding new users", "Integration setup", "Feature request", "Invoice question", "Re: training session", "Export not working"}
	meetingTitles    = []string{"Check-in", "Adoption review", "Roadmap preview", "Training session", "Success plan review"}
	onboardingTitles = []string{"Onboarding kickoff", "Onboarding session", "Implementation sync", "Admin training"}
)

func outboundSubjects(h float64) []string {
	if h < 0.35 {
		return []string{"Checking in", "Following up", "Can we find time this week?", "Your renewal", "Usage review"}
	}
	return []string{"Checking in", "New features this month", "Webinar invitation", "Success plan update", "Best practices"}
}

// tickets opens the day's support tickets. Unhealthy accounts and incidents
// bring more and more urgent tickets and slower answers.
func (t *timeline) tickets(d gtg.Day, h float64, workday, paused bool) {
	s, r := t.s, t.r
	sick := 1 - h
	incident := s.incidentOn(d)
	lambda := sizeOf(s.seatsAt(d)) * (0.015 + 0.09*sick*sick)
	if incident {
		lambda += sizeOf(s.seatsAt(d)) * 0.25
	}
	if !workday {
		lambda *= 0.3
	}
	if paused {
		lambda *= 0.1
	}
	slow := 1 + 2.5*sick*sick
	if incident {
		slow *= 2.5
	}
	for range poisson(r, lambda) {
		t.opened++
		id := fmt.Sprintf("%s-T%04d", s.acct.ExternalID, t.opened)
		p := weighted(r, 0.05+0.35*h, 0.45, 0.12+0.25*sick, 0.03+0.12*sick+btof(incident)*0.1)
		who := s.contactOn(r, d, gtg.RoleAdmin, gtg.RoleEndUser, gtg.RoleTechnicalOwner)
		opened := at(r, d, 7, 20)
		if !workday {
			opened = at(r, d, 0, 24)
		}
		t.add(gtg.EventTicketOpened, opened, who, map[string]any{
			"ticket_id":              id,
			"priority":               priorities[p],
			"first_response_minutes": math.Round(lognormal(r, responseMinutes[p]*slow, 0.6)),
		})
		hours := math.Max(0.25, lognormal(r, resolutionHours[p]*(1+1.5*sick)*(1+1.5*btof(incident)), 0.7))
		resolved := opened.Add(time.Duration(hours * float64(time.Hour))).Truncate(time.Second)
		t.add(gtg.EventTicketResolved, resolved, who, map[string]any{"ticket_id": id, "resolution_hours": math.Round(hours*10) / 10})
		if resolved.Before(t.cutoff) && chance(r, 0.4) {
			csat := math.Round(1 + 4*h - 0.7*btof(hours > 72) + 0.7*r.NormFloat64())
			t.add(gtg.EventSurvey, resolved.Add(time.Duration(lognormal(r, 3, 1)*float64(time.Hour))).Truncate(time.Second), who,
				map[string]any{"csat": clamp(csat, 1, 5), "ticket_id": id})
		}
	}
}

func btof(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// nps runs a survey: a few people answer, detractors when the account is unhealthy.
func (t *timeline) nps(d gtg.Day, h float64) {
	s, r := t.s, t.r
	answered := 0
	for _, p := range s.people {
		if answered == 3 || !p.present(d) || !chance(r, 0.35) {
			continue
		}
		answered++
		score := clamp(math.Round(10*h+0.5+1.5*r.NormFloat64()), 0, 10)
		comment := pick(r, passiveComments)
		switch {
		case score >= 9:
			comment = pick(r, promoterComments)
		case score <= 6:
			comment = pick(r, detractorComments)
		}
		t.add(gtg.EventSurvey, at(r, d.AddDays(r.IntN(5)), 8, 20), p.c.Email, map[string]any{"nps": score, "comment": comment})
	}
}

var (
	promoterComments  = []string{"Great product, the team loves it.", "Reports save us hours every week.", "Support is fast and helpful."}
	passiveComments   = []string{"Does the job.", "Good, but the dashboards could be faster.", "Fine overall, some features missing."}
	detractorComments = []string{"Too many bugs lately.", "Support takes days to answer.", "Hard to get the team to use it.", "Too expensive for what we use."}
)

// meeting books a CSM meeting with someone from the account.
func (t *timeline) meeting(d gtg.Day, h float64) {
	s, r := t.s, t.r
	title := pick(r, meetingTitles)
	if int(d-s.start) < s.onboardingDays {
		title = pick(r, onboardingTitles)
	} else if s.segment != segSMB && chance(r, 0.15) {
		title = "Quarterly business review"
	}
	who := s.contactOn(r, d, gtg.RoleChampion, gtg.RoleExecutiveSponsor, gtg.RoleEconomicBuyer)
	t.add(gtg.EventMeeting, at(r, d, 8, 17), who, map[string]any{
		"title":            title,
		"attendees":        float64(between(r, 2, 6)),
		"duration_minutes": float64(pick(r, []int{30, 30, 45, 60})),
	})
}

// note writes a routine CSM note. The sentiment follows health with noise;
// unhappy accounts sometimes name the competitor they are looking at.
func (t *timeline) note(d gtg.Day, h float64) {
	r := t.r
	mood := h + 0.12*r.NormFloat64()
	sentiment := "neutral"
	switch {
	case mood > 0.62:
		sentiment = "positive"
	case mood < 0.38:
		sentiment = "negative"
	}
	text := pick(r, noteTexts[sentiment])
	if sentiment == "negative" && chance(r, 0.3) {
		text = fmt.Sprintf("Heard they are evaluating %s. %s", pick(r, competitors), text)
	}
	t.say(d, sentiment, text)
}

// say writes a CSM note with the given sentiment.
func (t *timeline) say(d gtg.Day, sentiment, text string) {
	t.add(gtg.EventNote, at(t.r, d, 8, 19), "", map[string]any{"text": text, "sentiment": sentiment, "author": t.s.ownerAt(d).email})
}

var noteTexts = map[string][]string{
	"positive": {"Great call; they want to roll out to another team.", "Champion very happy with the new dashboards.", "Usage up, they asked about the enterprise plan.", "Exec sponsor shared a win internally."},
	"neutral":  {"Routine check-in, nothing new.", "Walked through the roadmap.", "Asked for a training refresher for new hires.", "Waiting on their IT for the SSO change."},
	"negative": {"Frustrated with recent tickets.", "Adoption is stalling; only a few users log in.", "Budget under review, renewal uncertain.", "Champion is disengaged; hard to get a meeting."},
}
