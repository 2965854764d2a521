package scorecard

import "github.com/gtg-dev/gtg"

// FromSnapshot rebuilds a Result from a stored health snapshot so stored
// history can be explained with Explain. sc is the card that made the
// snapshot (for labels, units and windows); nil, or a card that no longer
// has a measure, falls back to the key made readable.
func FromSnapshot(sc *Scorecard, h *gtg.Health) Result {
	r := Result{Scorecard: h.Scorecard, Version: h.Version, AsOf: h.Day, Score: h.Score, Color: h.Color, Coverage: h.Coverage,
		Measures: make([]MeasureResult, 0, len(h.Measures))}
	for _, mv := range h.Measures {
		m := MeasureResult{Key: mv.Key, Label: humanize(mv.Key), Group: mv.Group, Unit: UnitNumber, Value: mv.Value,
			Points: mv.Points, Weight: mv.Weight, Missing: mv.Missing}
		if sc != nil {
			if def := sc.Measure(mv.Key); def != nil {
				m.Label, m.Unit, m.Window = def.Label, def.Unit, def.Window
				if def.text && !mv.Missing {
					// Snapshots keep a text measure's points, not its text:
					// name the value that earns those points.
					m.Text = textFor(def, mv.Points)
				}
			}
		}
		if mv.Missing {
			if mv.Weight > 0 {
				m.Imputed = true // the card's points for no data
			} else {
				m.Points = nan
			}
		}
		r.Measures = append(r.Measures, m)
	}
	return r
}

// textFor names the value of a text measure that earns the points: the one
// category with those points, or the points themselves when it is ambiguous.
func textFor(def *Measure, pts float64) string {
	name := ""
	for _, c := range def.Points {
		if c.Points == pts {
			if name != "" {
				return round(pts) + " points"
			}
			name = c.Value
		}
	}
	if name == "" {
		if def.HasOther && def.Other == pts {
			return "other"
		}
		return round(pts) + " points"
	}
	return name
}
