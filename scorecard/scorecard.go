// Package scorecard computes customer health from scorecards written as code:
// YAML files a CS-operations person can read, review in a pull request and
// diff. A scorecard lists measures (usage, timeline events, stakeholders,
// account attributes, the CSM's sentiment, derived expressions), the bands
// that turn each measure into points, the groups and weights that combine
// them, and the thresholds for green, yellow and red.
//
// The package is pure domain logic over in-memory data: it never reads the
// database, so the scoring job, backtests and calibration share one engine,
// and tests can pin every rule with hand-computed numbers.
//
// Missing data is not zero: a measure without data drops out and the weights
// renormalise; an account whose present weight share falls below the card's
// min_coverage is "insufficient_data", not red.
package scorecard

import (
	"sync"

	"github.com/gtg-dev/gtg"
)

// Colors of a Result.
const (
	Green            = "green"
	Yellow           = "yellow"
	Red              = "red"
	InsufficientData = "insufficient_data"
)

// Measure kinds.
const (
	KindMetric    = "metric"    // an aggregate of a daily metric over a window
	KindEvent     = "event"     // timeline events: count, days since, attribute average, share, NPS
	KindContacts  = "contacts"  // stakeholders: how many, whether a role is filled, who left
	KindAccount   = "account"   // a field or custom attribute of the account
	KindSentiment = "sentiment" // the latest CSM note's sentiment
	KindExpr      = "expr"      // derived from other measures by an expression
)

// Kinds lists the measure kinds a scorecard may use.
var Kinds = []string{KindMetric, KindEvent, KindContacts, KindAccount, KindSentiment, KindExpr}

// Scorecard is a parsed, validated and compiled scorecard. It is immutable
// after Parse and safe for concurrent use by many goroutines.
type Scorecard struct {
	Name        string     // identifies the card, e.g. "default"; every Result records it
	Version     int        // bumped by the author on every change; every Result records it
	Description string     // what the card is for, in prose
	File        string     // the file name given to Parse, for messages
	Source      []byte     // the YAML as parsed, so it can be stored and diffed later
	Applies     Selector   // which accounts the card is for
	Scale       float64    // points run from 0 to Scale (default 100); the score too
	MinCoverage float64    // below this present weight share the color is insufficient_data
	Thresholds  Thresholds // colors on the overall score
	Groups      []*Group   // in file order
	Measures    []*Measure // in file order, scored ones and helpers alike

	order    []int // measures in evaluation order: every measure after those it reads
	lookback int
	metrics  []string
	events   []string // event types read, sorted
	pool     sync.Pool
}

// Thresholds color an overall score: at or above Green is green, at or above
// Yellow is yellow, below Yellow is red.
type Thresholds struct {
	Green  float64
	Yellow float64
}

// Group is a weighted set of measures: adoption, engagement, support, ...
type Group struct {
	Key      string
	Label    string
	Weight   float64 // relative to the other groups
	Measures []GroupMeasure
	Line     int
}

// GroupMeasure is a measure's weight within its group.
type GroupMeasure struct {
	Key    string
	Weight float64 // relative to the other measures of the group

	index int // in Scorecard.Measures
}

// AccountData is what Score reads about one account. The loader fetches the
// card's MetricKeys and EventTypes for the days [AsOf-Lookback, AsOf].
type AccountData struct {
	Account  *gtg.Account
	Contacts []*gtg.Contact
	Series   map[string]gtg.Series // daily values (NaN = no data) covering at least [AsOf-Lookback, AsOf]
	Events   []*gtg.Event          // at least those in [AsOf-Lookback, AsOf], in any order; later ones are ignored
	AsOf     gtg.Day
}

// Lookback returns how many days of history before AsOf Score needs: the
// longest window, doubled for measures that compare with the previous window.
func (sc *Scorecard) Lookback() int { return sc.lookback }

// MetricKeys returns the daily metrics the card reads, sorted, so the loader
// fetches only those.
func (sc *Scorecard) MetricKeys() []string { return append([]string(nil), sc.metrics...) }

// EventTypes returns the timeline event types the card reads, sorted, so the
// loader fetches only those.
func (sc *Scorecard) EventTypes() []string { return append([]string(nil), sc.events...) }

// Measure returns the measure with the key, or nil.
func (sc *Scorecard) Measure(key string) *Measure {
	for _, m := range sc.Measures {
		if m.Key == key {
			return m
		}
	}
	return nil
}

// String names the card and its version: "default v3".
func (sc *Scorecard) String() string { return sc.Name + " v" + itoa(sc.Version) }
