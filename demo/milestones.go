package demo

import (
	"fmt"

	"github.com/gtg-dev/gtg"
)

// milestones writes the events of the account's planned moments: handoffs,
// departures and successors, incidents, wins, renewals, pauses and the churn.
func (t *timeline) milestones() {
	s, r := t.s, t.r
	if s.start >= s.first {
		t.add(gtg.EventHandoff, at(r, s.start, 9, 17), "", map[string]any{
			"kind": "sales_to_onboarding", "from": s.acct.AccountExecutive, "to": s.owners[0].csm.email})
	}
	for i, o := range s.owners[1:] {
		t.add(gtg.EventHandoff, at(r, o.from, 9, 17), "", map[string]any{
			"kind": "csm_change", "from": s.owners[i].csm.email, "to": o.csm.email})
	}
	for _, p := range s.people {
		if p.left != 0 && p.left < s.last() {
			t.say(p.left.AddDays(between(r, 1, 10)), "negative", fmt.Sprintf("%s (%s) has left the company.", p.c.Name, gtg.KnownRoles[p.c.Role]))
		}
		if p.replaces != nil && p.joined < s.last() {
			t.say(p.joined, "positive", fmt.Sprintf("%s is our new champion, taking over from %s.", p.c.Name, p.replaces.c.Name))
			t.add(gtg.EventMeeting, at(r, p.joined.AddDays(between(r, 2, 12)), 9, 17), p.c.Email,
				map[string]any{"title": "Introduction with new champion", "attendees": 3.0, "duration_minutes": 45.0})
		}
	}
	for _, sh := range s.shocks {
		if sh.day >= s.last() {
			continue
		}
		switch sh.why {
		case "incident":
			t.say(sh.day.AddDays(between(r, 1, 5)), "negative", pick(r, []string{
				"Escalation: a bug is blocking their weekly reporting.", "Outage hit them hard; exec asked for an RCA.",
				"Integration broke after their upgrade; several urgent tickets."}))
		case "win":
			t.say(sh.day, "positive", pick(r, []string{
				"They launched a new use case with our dashboards.", "New exec sponsor is enthusiastic.",
				"Team presented results to their board using our reports."}))
		}
	}
	for _, rn := range s.renewals {
		if !rn.decided {
			continue
		}
		arrBefore := s.arrAt(rn.day - 1)
		switch rn.outcome {
		case gtg.OutcomeChurned:
			if !rn.surprise && chance(r, 0.6) && rn.decideOn >= s.first {
				t.say(rn.decideOn.AddDays(between(r, 3, 20)), "negative", fmt.Sprintf(
					"Economic buyer asked about cancellation terms; they are evaluating %s.", pick(r, competitors)))
			}
			text := "Customer did not renew."
			if rn.surprise {
				text = pick(r, []string{"Customer was acquired; the parent company consolidates tools.", "Budget cut company-wide; they cancelled."})
			}
			t.say(rn.day, "negative", text)
			t.add(gtg.EventContractChange, at(r, rn.day, 9, 17), "", map[string]any{
				"arr_before": arrBefore, "arr_after": 0.0, "reason": "churn"})
		case gtg.OutcomeExpanded, gtg.OutcomeContracted:
			t.add(gtg.EventContractChange, at(r, rn.day, 9, 17), s.contactOn(r, rn.day, gtg.RoleEconomicBuyer), map[string]any{
				"arr_before": arrBefore, "arr_after": s.arrAt(rn.day), "reason": rn.outcome + " at renewal"})
		default:
			t.say(rn.day, "positive", "Renewed for another year.")
		}
	}
	if s.pause.from != 0 {
		t.say(s.pause.from, "neutral", "Customer paused the subscription for a seasonal shutdown.")
		if s.pause.to != 0 {
			t.say(s.pause.to, "positive", "Subscription resumed.")
		}
	}
}

// invoices bills the account (SMB quarterly, others yearly) and pays the
// invoices, late more often when the account is unhealthy.
func (t *timeline) invoices() {
	s, r := t.s, t.r
	months := 12
	if s.segment == segSMB {
		months = 3
	}
	for k := 0; ; k++ {
		d := gtg.DayOf(s.start.Time().AddDate(0, k*months, 0))
		if d > s.cfg.Today || (s.churnDay != 0 && d >= s.churnDay) {
			return
		}
		if d < s.first {
			continue
		}
		amount := roundTo(s.arrAt(d)*float64(months)/12, 0.01)
		id := fmt.Sprintf("INV-%s-%s", s.acct.ExternalID, d.Time().Format("200601"))
		attrs := func() map[string]any { return map[string]any{"invoice_id": id, "amount": amount} }
		due := d.AddDays(30)
		sick := 1 - s.healthOn(d)
		if chance(r, 0.04+0.5*sick*sick) {
			t.add(gtg.EventInvoiceOverdue, at(r, due.AddDays(between(r, 1, 5)), 6, 9), "", attrs())
			if paid := due.AddDays(between(r, 10, 60)); s.churnDay == 0 || paid < s.churnDay {
				t.add(gtg.EventInvoicePaid, at(r, paid, 8, 18), "", attrs())
			}
		} else {
			t.add(gtg.EventInvoicePaid, at(r, d.AddDays(between(r, 3, 29)), 8, 18), "", attrs())
		}
	}
}
