package scorecard

import (
	"math"
	"sort"
)

// Reason is one measure's part in a change of score between two Results.
type Reason struct {
	Key    string
	Label  string
	Group  string
	Before string  // the earlier value as a person reads it ("" when the measure was not on the card)
	After  string  // the later value
	Points float64 // the change in the measure's contribution to the score; the Points of all reasons add up to the score's change
	Text   string  // "Active users fell 38% in 30 days: −12 points"
}

// minReason hides contributions too small to talk about.
const minReason = 0.05

// Explain tells why the score moved from prev to cur: each measure's change
// in contribution (weight × points, after renormalising), in words a CSM
// understands, largest first. Measures are matched by key, so results from
// two versions of a card compare too. When both scores exist, the Points of
// all reasons (including the hidden tiny ones) add up to cur.Score-prev.Score.
func Explain(prev, cur Result) []Reason {
	var out []Reason
	add := func(p, c *MeasureResult) {
		d := c.Contribution() - p.Contribution()
		if math.Abs(d) < minReason {
			return
		}
		m := c
		if m.Key == "" {
			m = p
		}
		r := Reason{Key: m.Key, Label: m.Label, Group: m.Group, Points: d}
		if p.Key != "" {
			r.Before = p.Display()
		}
		if c.Key != "" {
			r.After = c.Display()
		}
		r.Text = phrase(p, c) + ": " + points(d)
		out = append(out, r)
	}
	for i := range cur.Measures {
		c := &cur.Measures[i]
		p := find(prev.Measures, c.Key)
		if p == nil {
			p = &MeasureResult{}
		}
		add(p, c)
	}
	for i := range prev.Measures {
		if p := &prev.Measures[i]; find(cur.Measures, p.Key) == nil {
			add(p, &MeasureResult{})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := math.Abs(out[i].Points), math.Abs(out[j].Points)
		if a != b {
			return a > b
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func find(ms []MeasureResult, key string) *MeasureResult {
	for i := range ms {
		if ms[i].Key == key {
			return &ms[i]
		}
	}
	return nil
}

// phrase says what happened to the measure between p and c.
func phrase(p, c *MeasureResult) string {
	switch {
	case c.Key == "":
		return p.Label + " is no longer on the scorecard"
	case p.Key == "":
		return c.Label + " was added to the scorecard (" + c.Display() + ")"
	case c.Skipped && !p.Skipped:
		return c.Label + " no longer applies"
	case p.Skipped && !c.Skipped && !c.Missing:
		return c.Label + " now applies (" + c.Display() + ")"
	case c.Missing && !p.Missing:
		return "No data on " + lowerFirst(c.Label) + " any more (was " + p.Display() + ")"
	case p.Missing && !c.Missing:
		return c.Label + " has data again (" + c.Display() + ")"
	case c.Missing:
		return c.Label + " has no data"
	}
	before, after := p.Display(), c.Display()
	if before == after {
		return c.Label + " unchanged at " + after + "; its weight moved as other data came and went"
	}
	switch c.Unit {
	case UnitChange:
		switch {
		case math.Abs(c.Value) < 0.005:
			return c.Label + " held steady over " + windowText(c.Window)
		case c.Value < 0:
			return c.Label + " fell " + percent(-c.Value) + " in " + windowText(c.Window)
		default:
			return c.Label + " rose " + percent(c.Value) + " in " + windowText(c.Window)
		}
	case UnitSentiment:
		return c.Label + " turned " + after + " (was " + before + ")"
	case UnitText:
		return c.Label + " changed to " + after + " (was " + before + ")"
	case UnitFlag:
		return c.Label + ": " + after + " (was " + before + ")"
	case UnitDaysSince:
		return c.Label + ": " + after + " ago (was " + before + " ago)"
	}
	if c.Value > p.Value {
		return c.Label + " rose from " + before + " to " + after
	}
	return c.Label + " fell from " + before + " to " + after
}
