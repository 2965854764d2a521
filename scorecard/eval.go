package scorecard

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
)

var nan = math.NaN()

// eval computes the measure's value for the account: a number, or text for
// text measures. ok is false when the data says nothing (missing, not zero).
func (m *Measure) eval(s *scratch, d *AccountData) (v float64, text string, ok bool) {
	switch m.Kind {
	case KindMetric:
		v, ok = m.evalMetric(d)
	case KindEvent, KindSentiment:
		return m.evalEvents(s, d)
	case KindContacts:
		v, ok = m.evalContacts(d)
	case KindAccount:
		return m.evalAccount(d)
	case KindExpr:
		if !s.allOK(m.deps) {
			return nan, "", false
		}
		v, ok = s.run(m.prog)
	}
	if !ok {
		return nan, "", false
	}
	return v, "", true
}

// evalMetric aggregates the metric over the window ending on AsOf, and
// compares it with the window before when the measure is a change.
func (m *Measure) evalMetric(d *AccountData) (float64, bool) {
	ser, ok := d.Series[m.metric]
	if !ok {
		return 0, false
	}
	w := gtg.Day(m.Window)
	from, to := d.AsOf-w+1, d.AsOf
	cur, ok := m.metricOver(d, &ser, from, to)
	if !ok || m.change == "" {
		return cur, ok
	}
	prev, ok := m.metricOver(d, &ser, from-w, from-1)
	if !ok {
		return 0, false
	}
	return change(m.change, cur, prev)
}

// metricOver is the aggregate over [from, to], divided by `per` when set.
func (m *Measure) metricOver(d *AccountData, ser *gtg.Series, from, to gtg.Day) (float64, bool) {
	v, ok := aggregate(ser, m.agg, from, to)
	if !ok || m.per == "" {
		return v, ok
	}
	var den float64
	switch m.per {
	case "account.seats":
		if d.Account == nil {
			return 0, false
		}
		den = float64(d.Account.Seats)
	case "account.arr":
		if d.Account == nil {
			return 0, false
		}
		den = d.Account.ARR
	default:
		other, found := d.Series[m.per]
		if !found {
			return 0, false
		}
		if den, ok = aggregate(&other, m.agg, from, to); !ok {
			return 0, false
		}
	}
	if den <= 0 {
		return 0, false
	}
	return v / den, true
}

// evalEvents reads the timeline over the window ending on AsOf. Counts are
// never missing (no tickets is news); averages, shares and "latest" are
// missing when nothing qualifies.
func (m *Measure) evalEvents(s *scratch, d *AccountData) (float64, string, bool) {
	from := int32(d.AsOf) - int32(m.Window) + 1
	n, hits := 0, 0
	sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
	lastDay, firstDay := int32(math.MinInt32), int32(math.MaxInt32)
	var days []int32 // gap_trend: the events' days
	var lastAt time.Time
	var lastVal any
	for i, e := range d.Events {
		if s.evDay[i] < from || !m.hasType(s.evType[i]) {
			continue
		}
		if len(m.roles) > 0 && !roleOf(e, d.Contacts, m.roles) {
			continue
		}
		matched := m.whereMatch(e)
		if m.agg == aggShare {
			n++
			if matched {
				hits++
			}
			continue
		}
		if !matched {
			continue
		}
		switch m.agg {
		case aggCount:
			n++
		case aggDaysSince:
			n++
			lastDay = max(lastDay, s.evDay[i])
		case aggDaysSinceFirst:
			n++
			firstDay = min(firstDay, s.evDay[i])
		case aggGapTrend:
			days = append(days, s.evDay[i])
		case aggLast:
			if v, found := e.Attrs[m.attr]; found && v != nil && (lastVal == nil || !e.OccurredAt.Before(lastAt)) { // ties: the later one stored (events come in time, then id, order)
				lastVal, lastAt = v, e.OccurredAt
			}
		default: // sum, avg, min, max, nps
			x, ok := attrFloat(e.Attrs[m.attr])
			if !ok {
				continue
			}
			n++
			sum += x
			lo, hi = min(lo, x), max(hi, x)
			if x >= 9 {
				hits++
			} else if x <= 6 {
				hits--
			}
		}
	}
	switch m.agg {
	case aggCount:
		return float64(n), "", true
	case aggDaysSince:
		if n > 0 {
			return float64(int32(d.AsOf) - lastDay), "", true
		}
		// None in the window: at least the window, or the days since the
		// contract started when that is shorter (a new customer is not
		// "silent for 90 days" on day 10).
		days := m.Window
		if a := d.Account; a != nil && a.ContractStart != 0 && int(d.AsOf-a.ContractStart) < days {
			days = max(0, int(d.AsOf-a.ContractStart))
		}
		return float64(days), "", true
	case aggLast:
		return m.lastValue(lastVal)
	case aggDaysSinceFirst:
		if n == 0 {
			return nan, "", false
		}
		return float64(int32(d.AsOf) - firstDay), "", true
	case aggGapTrend:
		if v, ok := eventGapTrend(days); ok {
			return v, "", true
		}
		return nan, "", false
	}
	if n == 0 {
		return nan, "", false
	}
	switch m.agg {
	case aggShare:
		return float64(hits) / float64(n), "", true
	case aggSum:
		return sum, "", true
	case aggAvg:
		return sum / float64(n), "", true
	case aggMin:
		return lo, "", true
	case aggMax:
		return hi, "", true
	case aggNPS: // % promoters (9-10) minus % detractors (0-6)
		return 100 * float64(hits) / float64(n), "", true
	}
	return nan, "", false
}

func (m *Measure) lastValue(v any) (float64, string, bool) {
	if v == nil {
		return nan, "", false
	}
	if m.text {
		t := attrText(v)
		return nan, t, t != ""
	}
	x, ok := attrFloat(v)
	if !ok {
		return nan, "", false
	}
	return x, "", true
}

func (m *Measure) hasType(t int16) bool { return t >= 0 && m.wantType[t] }

// whereMatch reports whether the event's attributes satisfy every condition.
func (m *Measure) whereMatch(e *gtg.Event) bool {
	for i := range m.where {
		c := &m.where[i]
		v, found := e.Attrs[c.attr]
		if !found || !c.match(v) {
			return false
		}
	}
	return true
}

func (c *whereCond) match(v any) bool {
	switch x := v.(type) {
	case string:
		for _, s := range c.vals {
			if strings.EqualFold(s, x) {
				return true
			}
		}
	case float64:
		for _, f := range c.nums {
			if f == x {
				return true
			}
		}
	case bool:
		for _, s := range c.vals {
			if strings.EqualFold(s, strconv.FormatBool(x)) {
				return true
			}
		}
	}
	return false
}

// roleOf reports whether the event's contact holds one of the roles.
func roleOf(e *gtg.Event, contacts []*gtg.Contact, roles []string) bool {
	if e.ContactEmail == "" {
		return false
	}
	for _, c := range contacts {
		if strings.EqualFold(c.Email, e.ContactEmail) {
			return contains(roles, c.Role)
		}
	}
	return false
}

// evalContacts counts stakeholders as of AsOf: someone who left after AsOf
// was still there then, and an active contact whose status changed (they
// joined) after AsOf was not there yet, which keeps backtests honest. With no contacts known
// at all the measure is missing: an empty CRM is not a lost relationship.
func (m *Measure) evalContacts(d *AccountData) (float64, bool) {
	if len(d.Contacts) == 0 {
		return 0, false
	}
	from := d.AsOf - gtg.Day(m.Window) + 1
	n := 0
	for _, c := range d.Contacts {
		if len(m.roles) > 0 && !contains(m.roles, c.Role) {
			continue
		}
		if c.Status == gtg.ContactActive && c.StatusChangedOn > d.AsOf {
			continue // joined after the day: not there yet
		}
		left := c.Status == gtg.ContactLeft && c.StatusChangedOn <= d.AsOf
		switch m.agg {
		case aggLeft:
			if left && c.StatusChangedOn >= from {
				n++
			}
		default:
			if !left {
				n++
			}
		}
	}
	if m.agg == aggPresent {
		return float64(min(n, 1)), true
	}
	return float64(n), true
}

// evalAccount reads a field or custom attribute of the account. Dates in
// custom attributes read as days since them (negative when ahead).
func (m *Measure) evalAccount(d *AccountData) (float64, string, bool) {
	a := d.Account
	if a == nil {
		return nan, "", false
	}
	var v any
	switch m.field {
	case "":
		v = a.Attrs[m.attr]
		if day, ok := v.(gtg.Day); ok {
			if day == 0 {
				return nan, "", false
			}
			v = float64(d.AsOf - day)
		}
	case "plan":
		v = a.Plan
	case "segment":
		v = a.Segment
	case "stage":
		v = a.Stage
	case "icp_fit":
		v = a.ICPFit
	case "currency":
		v = a.Currency
	case "owner":
		v = a.Owner
	case "arr":
		return a.ARR, "", true
	case "seats":
		return float64(a.Seats), "", true
	case "tenure_days":
		if a.ContractStart == 0 {
			return nan, "", false
		}
		return float64(d.AsOf - a.ContractStart), "", true
	case "days_to_renewal":
		if a.RenewalDate == 0 {
			return nan, "", false
		}
		return float64(a.RenewalDate - d.AsOf), "", true
	}
	if m.text {
		t := attrText(v)
		return nan, t, t != ""
	}
	x, ok := attrFloat(v)
	if !ok {
		return nan, "", false
	}
	return x, "", true
}

// attrFloat reads an attribute as a number: numbers, true/false as 1/0, and
// text that holds a number (a CSV column that was not typed).
func attrFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x)
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	case int:
		return float64(x), true
	}
	return 0, false
}

// attrText reads an attribute as text.
func attrText(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case gtg.Day:
		return x.String()
	}
	return ""
}

// dayOf is the UTC calendar day of t, as gtg.DayOf gives for the UTC times
// events are normalised to, without the cost of a calendar conversion.
func dayOf(t time.Time) int32 {
	u := t.Unix()
	d := u / 86400
	if u%86400 < 0 {
		d--
	}
	return int32(d)
}
