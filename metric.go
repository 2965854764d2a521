package gtg

import "math"

// MetricPoint is one day's value of one product-usage metric for one account
// (active users, logins, API calls, seats used, a feature's use).
type MetricPoint struct {
	AccountID int64   `json:"-"`
	Key       string  `json:"metric"`
	Day       Day     `json:"date"`
	Value     float64 `json:"value"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (p *MetricPoint) Validate() error {
	switch {
	case !ValidKey(p.Key):
		return Errorf(EINVALID, "metric: %q must be lowercase letters, digits and _", p.Key)
	case p.Day <= 0:
		return Errorf(EINVALID, "date: required")
	case math.IsNaN(p.Value) || math.IsInf(p.Value, 0):
		return Errorf(EINVALID, "value: must be a finite number")
	}
	return nil
}

// Series is a run of daily values from From; NaN marks a day with no data.
type Series struct {
	Key    string    `json:"metric"`
	From   Day       `json:"from"`
	Values []float64 `json:"values"`
}

// At returns the value on day d, or NaN when the series has none.
func (s Series) At(d Day) float64 {
	i := int(d - s.From)
	if i < 0 || i >= len(s.Values) {
		return math.NaN()
	}
	return s.Values[i]
}
