package health

import (
	"context"
	"math"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Trend is an account's current health and its direction.
type Trend struct {
	Day      gtg.Day `json:"date"`
	Score    float64 `json:"score"`
	Color    string  `json:"color"`
	Slope14  float64 `json:"slope_14d"` // points per day, least squares over the last 14 days
	Slope30  float64 `json:"slope_30d"`
	Slope90  float64 `json:"slope_90d"`
	Movement string  `json:"trend"` // up, down or flat, from the 30-day slope
}

// flatSlope is the slope, in points per day, below which a trend is flat:
// 0.1 a day is 3 points a month.
const flatSlope = 0.1

// Trends returns the trend of every scored account as of day (0: the newest scored day).
func Trends(ctx context.Context, st *store.Store, day gtg.Day) (map[int64]*Trend, error) {
	if day == 0 {
		var err error
		if day, err = st.LatestHealthDay(ctx); err != nil || day == 0 {
			return map[int64]*Trend{}, err
		}
	}
	type pt struct {
		d gtg.Day
		s float64
	}
	series := map[int64][]pt{}
	out := map[int64]*Trend{}
	err := st.EachScore(ctx, day-89, day, func(id int64, d gtg.Day, score float64, color string) {
		if color == gtg.InsufficientData {
			return
		}
		series[id] = append(series[id], pt{d, score})
		if d == day {
			out[id] = &Trend{Day: d, Score: score, Color: color}
		}
	})
	if err != nil {
		return nil, err
	}
	for id, ps := range series {
		t := out[id]
		if t == nil {
			continue
		}
		slope := func(days int) float64 {
			var xs, ys []float64
			for _, p := range ps {
				if p.d > day-gtg.Day(days) {
					xs = append(xs, float64(p.d-day))
					ys = append(ys, p.s)
				}
			}
			return Slope(xs, ys)
		}
		t.Slope14, t.Slope30, t.Slope90 = slope(14), slope(30), slope(90)
		t.Movement = movement(t.Slope30)
	}
	return out, nil
}

// movement names a 30-day slope: up, down or flat.
func movement(slope30 float64) string {
	switch {
	case slope30 > flatSlope:
		return "up"
	case slope30 < -flatSlope:
		return "down"
	}
	return "flat"
}

// Slope is the least-squares slope of ys over xs (0 with fewer than two points).
func Slope(xs, ys []float64) float64 {
	n := float64(len(xs))
	if len(xs) < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		sxy += xs[i] * ys[i]
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return math.Round((n*sxy-sx*sy)/den*1000) / 1000
}
