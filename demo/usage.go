package demo

import (
	"fmt"
	"math"

	"github.com/gtg-dev/gtg"
)

// Metrics is the list of daily usage metrics every demo account reports;
// Config.ExtraMetrics adds feature_01, feature_02, … after them.
var Metrics = []string{
	"active_users", "logins", "api_calls", "seats_used",
	"feature_reports", "feature_dashboards", "feature_integrations", "session_minutes",
}

// MetricKeys returns the metric keys a portfolio with extra extra metrics has.
func MetricKeys(extra int) []string {
	keys := append([]string(nil), Metrics...)
	for k := 1; k <= extra; k++ {
		keys = append(keys, extraKey(k))
	}
	return keys
}

func extraKey(k int) string { return fmt.Sprintf("feature_%02d", k) }

// weekdayFactor is the share of a weekday's activity on each day, Sunday first.
var weekdayFactor = [7]float64{0.08, 1.0, 1.05, 1.05, 1.0, 0.85, 0.12}

// usage emits the account's daily metrics for each day it was a customer in
// history, up to the day before a churn. The values follow latent health and
// seats with weekly seasonality and noise; health moves active users within
// days and seat use over about a month. Points are emitted a day at a time,
// so a caller can stream them.
func (s *sim) usage(accountID int64, emit func(gtg.MetricPoint) error) error {
	r := newRand(s.cfg.Seed, s.idx, streamUsage)
	rx := newRand(s.cfg.Seed, s.idx, streamExtra)
	dau := uniform(r, 0.35, 0.75)
	loginsPer := uniform(r, 1.1, 1.8)
	minutesPer := lognormal(r, 28, 0.3)
	apiPerSeat, integ := 0.0, 0.005
	if chance(r, 0.7) {
		apiPerSeat, integ = lognormal(r, 40, 0.8), uniform(r, 0.01, 0.08)
	}
	reports, dashboards := uniform(r, 0.05, 0.4), uniform(r, 0.1, 0.6)
	extra := make([]float64, s.cfg.ExtraMetrics)
	for k := range extra {
		extra[k] = lognormal(rx, 0.2, 0.8)
	}

	last := s.cfg.Today
	if s.churnDay != 0 {
		last = s.churnDay - 1
	}
	smooth := s.healthOn(s.first)
	for d := s.first; d <= last; d++ {
		h := s.healthOn(d)
		smooth += (h - smooth) / 15
		seats := s.seatsAt(d)
		ramp := 1.0
		if age := int(d - s.start); age < s.onboardingDays {
			ramp = 0.15 + 0.85*float64(age)/float64(s.onboardingDays)
		}
		used := clamp(math.Round(float64(seats)*clamp(0.35+0.6*smooth, 0.05, 1)*ramp*(1+0.01*r.NormFloat64())), 1, float64(seats))
		wd := weekday(d)
		on := weekdayFactor[wd] * holiday(d)
		if s.pause.has(d) {
			on *= 0.03
		}
		active := math.Min(used, math.Round(used*dau*(0.25+0.9*h)*on*math.Exp(0.08*r.NormFloat64())))
		api := apiPerSeat * used * (0.4 + 0.8*h) * math.Exp(0.25*r.NormFloat64())
		if wd == 0 || wd == 6 {
			api *= 0.5
		}
		if s.pause.has(d) {
			api *= 0.03
		}
		vals := [...]float64{
			active,
			math.Round(active * loginsPer * (0.8 + 0.5*h) * math.Exp(0.1*r.NormFloat64())),
			math.Round(api),
			used,
			float64(poisson(r, active*reports*(0.3+h))),
			float64(poisson(r, active*dashboards*(0.3+h))),
			float64(poisson(r, used*integ*(0.5+h)*on)),
			math.Round(active * minutesPer * (0.6 + 0.6*h) * math.Exp(0.12*r.NormFloat64())),
		}
		for i, v := range vals {
			if err := emit(gtg.MetricPoint{AccountID: accountID, Key: Metrics[i], Day: d, Value: v}); err != nil {
				return err
			}
		}
		// Odd extra metrics follow health; even ones are noise that only
		// tracks activity, for backtests to learn to ignore.
		for k, rate := range extra {
			lambda := active * rate
			if k%2 == 0 {
				lambda *= 0.2 + 1.2*h
			}
			if err := emit(gtg.MetricPoint{AccountID: accountID, Key: extraKey(k + 1), Day: d, Value: float64(poisson(rx, lambda))}); err != nil {
				return err
			}
		}
	}
	return nil
}

// holiday damps activity over the year-end holidays.
func holiday(d gtg.Day) float64 {
	t := d.Time()
	if (t.Month() == 12 && t.Day() >= 24) || (t.Month() == 1 && t.Day() == 1) {
		return 0.5
	}
	return 1
}
