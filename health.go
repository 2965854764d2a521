package gtg

import "time"

// Health colors. Insufficient data is its own state: an account gtg knows too
// little about is not red.
const (
	Green            = "green"
	Yellow           = "yellow"
	Red              = "red"
	InsufficientData = "insufficient_data"
)

// Health is one account's stored health snapshot for one day, as computed by
// one version of one scorecard.
type Health struct {
	AccountID int64          `json:"-"`
	Day       Day            `json:"date"`
	Scorecard string         `json:"scorecard"`
	Version   int            `json:"version"`
	Score     float64        `json:"score"` // 0-100 (or the card's scale); meaningless when Color is insufficient_data
	Color     string         `json:"color"`
	Coverage  float64        `json:"coverage"` // share of the card's weight that had data
	Measures  []MeasureValue `json:"measures"`
	CreatedAt time.Time      `json:"-"`
}

// MeasureValue is one measure's value and points in a health snapshot.
type MeasureValue struct {
	Key     string  `json:"key"`
	Group   string  `json:"group,omitempty"`
	Value   float64 `json:"value"`
	Points  float64 `json:"points"`
	Weight  float64 `json:"weight"` // the effective weight after renormalisation; 0 when missing
	Missing bool    `json:"missing,omitempty"`
}
