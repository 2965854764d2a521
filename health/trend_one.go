package health

import "github.com/gtg-dev/gtg"

// TrendOf is Trends for one account: its trend as of its newest snapshot in
// hist (oldest first, as HealthHistory returns it), or nil when that
// snapshot has insufficient data or there is none. Pass at least 90 days of
// history for the 90-day slope.
func TrendOf(hist []*gtg.Health) *Trend {
	if len(hist) == 0 {
		return nil
	}
	last := hist[len(hist)-1]
	if last.Color == gtg.InsufficientData {
		return nil
	}
	t := &Trend{Day: last.Day, Score: last.Score, Color: last.Color}
	slope := func(days int) float64 {
		var xs, ys []float64
		for _, h := range hist {
			if h.Color != gtg.InsufficientData && h.Day > last.Day-gtg.Day(days) && h.Day <= last.Day {
				xs = append(xs, float64(h.Day-last.Day))
				ys = append(ys, h.Score)
			}
		}
		return Slope(xs, ys)
	}
	t.Slope14, t.Slope30, t.Slope90 = slope(14), slope(30), slope(90)
	t.Movement = movement(t.Slope30)
	return t
}
