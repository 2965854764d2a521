package scorecard

import (
	"encoding/json"
	"math"

	"github.com/gtg-dev/gtg"
)

// JSON has no NaN, so missing numbers are written as null and read back as
// NaN. The field names are the ones the API and the stored history use.

type measureJSON struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Group   string   `json:"group,omitempty"`
	Unit    string   `json:"unit"`
	Window  int      `json:"window,omitempty"`
	Value   *float64 `json:"value"`
	Text    string   `json:"text,omitempty"`
	Points  *float64 `json:"points"`
	Weight  float64  `json:"weight"`
	Missing bool     `json:"missing,omitempty"`
	Imputed bool     `json:"imputed,omitempty"`
	Skipped bool     `json:"skipped,omitempty"`
}

type groupJSON struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Score    *float64 `json:"score"`
	Weight   float64  `json:"weight"`
	Coverage float64  `json:"coverage"`
}

type resultJSON struct {
	Scorecard string          `json:"scorecard"`
	Version   int             `json:"version"`
	AsOf      gtg.Day         `json:"as_of"`
	Score     *float64        `json:"score"`
	Color     string          `json:"color"`
	Coverage  float64         `json:"coverage"`
	Measures  []MeasureResult `json:"measures"`
	Groups    []GroupResult   `json:"groups"`
}

func ptr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func val(p *float64) float64 {
	if p == nil {
		return nan
	}
	return *p
}

// MarshalJSON writes the measure with null for missing numbers.
func (m MeasureResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(measureJSON{m.Key, m.Label, m.Group, m.Unit, m.Window, ptr(m.Value), m.Text,
		ptr(m.Points), m.Weight, m.Missing, m.Imputed, m.Skipped})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (m *MeasureResult) UnmarshalJSON(b []byte) error {
	var j measureJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*m = MeasureResult{j.Key, j.Label, j.Group, j.Unit, j.Window, val(j.Value), j.Text, val(j.Points), j.Weight, j.Missing, j.Imputed, j.Skipped}
	return nil
}

// MarshalJSON writes the group with null for a missing score.
func (g GroupResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(groupJSON{g.Key, g.Label, ptr(g.Score), g.Weight, g.Coverage})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (g *GroupResult) UnmarshalJSON(b []byte) error {
	var j groupJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*g = GroupResult{j.Key, j.Label, val(j.Score), j.Weight, j.Coverage}
	return nil
}

// MarshalJSON writes the result with null for a missing score.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(resultJSON{r.Scorecard, r.Version, r.AsOf, ptr(r.Score), r.Color, r.Coverage, r.Measures, r.Groups})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Result) UnmarshalJSON(b []byte) error {
	var j resultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Result{j.Scorecard, j.Version, j.AsOf, val(j.Score), j.Color, j.Coverage, j.Measures, j.Groups}
	return nil
}
