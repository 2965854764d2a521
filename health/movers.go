package health

import (
	"cmp"
	"math"
	"slices"

	"github.com/gtg-dev/gtg"
)

// Move is one account's change in score between two days.
type Move struct {
	AccountID     int64
	Before, After float64
	Change        float64 // After - Before
}

// Movers returns the n accounts whose score rose most and the n whose score
// fell most from before to now. Only accounts scored on both days count, and
// insufficient data on either day is no score at all: a change from "we do
// not know" is not a movement. Ties go to the lower account id, so the lists
// are stable.
func Movers(now, before map[int64]*gtg.Health, n int) (risers, fallers []Move) {
	for id, h := range now {
		b := before[id]
		if b == nil || h.Color == gtg.InsufficientData || b.Color == gtg.InsufficientData {
			continue
		}
		m := Move{AccountID: id, Before: b.Score, After: h.Score, Change: h.Score - b.Score}
		switch {
		case m.Change > 0:
			risers = append(risers, m)
		case m.Change < 0:
			fallers = append(fallers, m)
		}
	}
	byID := func(a, b Move) int { return cmp.Compare(a.AccountID, b.AccountID) }
	slices.SortFunc(risers, func(a, b Move) int { return cmp.Or(cmp.Compare(b.Change, a.Change), byID(a, b)) })
	slices.SortFunc(fallers, func(a, b Move) int { return cmp.Or(cmp.Compare(a.Change, b.Change), byID(a, b)) })
	return risers[:min(n, len(risers))], fallers[:min(n, len(fallers))]
}

// Exit is a green account whose 30-day trend would take it below the green
// threshold soon.
type Exit struct {
	AccountID    int64
	Score        float64
	Slope        float64 // the 30-day slope, points per day (negative)
	DaysToYellow float64 // days until the score reaches the green threshold at that slope
}

// TrendingOutOfGreen returns the green accounts whose 30-day slope would
// bring their score down to green (the green threshold) within horizon
// days: days to yellow = (score - green) / -slope. The soonest come first.
func TrendingOutOfGreen(trends map[int64]*Trend, green float64, horizon int) []Exit {
	var out []Exit
	for id, t := range trends {
		if t.Color != gtg.Green || t.Slope30 >= 0 {
			continue
		}
		days := math.Max(0, (t.Score-green)/-t.Slope30)
		if days > float64(horizon) {
			continue
		}
		out = append(out, Exit{AccountID: id, Score: t.Score, Slope: t.Slope30, DaysToYellow: days})
	}
	slices.SortFunc(out, func(a, b Exit) int {
		return cmp.Or(cmp.Compare(a.DaysToYellow, b.DaysToYellow), cmp.Compare(a.AccountID, b.AccountID))
	})
	return out
}
