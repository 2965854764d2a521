package scorecard

import (
	"bytes"
	_ "embed"
	"sync"

	"github.com/gtg-dev/gtg"
)

// DefaultYAML is the scorecard gtg ships for established customers.
//
//go:embed default.yaml
var DefaultYAML []byte

// OnboardingYAML is the scorecard gtg ships for the first 90 days after the
// contract starts.
//
//go:embed onboarding.yaml
var OnboardingYAML []byte

var builtins = sync.OnceValues(func() (*Scorecard, *Scorecard) {
	return mustParse("default.yaml", DefaultYAML), mustParse("onboarding.yaml", OnboardingYAML)
})

// mustParse is for the embedded cards, which the tests keep valid.
func mustParse(name string, data []byte) *Scorecard {
	sc, err := Parse(name, data)
	if err != nil {
		panic("scorecard: built-in " + name + ": " + err.Error())
	}
	return sc
}

// Default returns the built-in default scorecard.
func Default() *Scorecard {
	d, _ := builtins()
	return d
}

// Onboarding returns the built-in onboarding scorecard.
func Onboarding() *Scorecard {
	_, o := builtins()
	return o
}

// Builtin returns the cards gtg ships with, most general first, ready for Select.
func Builtin() []*Scorecard {
	d, o := builtins()
	return []*Scorecard{d, o}
}

// RulesYAML is the early-warning rule set gtg ships.
//
//go:embed rules.yaml
var RulesYAML []byte

var builtinRules = sync.OnceValue(func() *RuleSet {
	rs, err := ParseRules("rules.yaml", RulesYAML)
	if err != nil {
		panic("scorecard: built-in rules.yaml: " + err.Error())
	}
	return rs
})

// DefaultRules returns the built-in early-warning rule set.
func DefaultRules() *RuleSet { return builtinRules() }

// CheckBuiltin returns ECONFLICT when the card has the name of a card gtg
// ships and a version it ships (or an older one) but different content:
// every stored snapshot names its card by name and version, so a changed
// copy of a built-in card needs a new version. The built-in text itself is
// fine; whitespace at either end does not count.
func (sc *Scorecard) CheckBuiltin() error {
	for _, b := range Builtin() {
		if b.Name == sc.Name {
			return checkBuiltin("scorecard", sc.Name, sc.Version, sc.Source, b.Version, b.Source)
		}
	}
	return nil
}

// CheckBuiltin is Scorecard.CheckBuiltin for rule sets: alerts name the rule
// set version that raised them.
func (rs *RuleSet) CheckBuiltin() error {
	if b := DefaultRules(); b.Name == rs.Name {
		return checkBuiltin("rule set", rs.Name, rs.Version, rs.Source, b.Version, b.Source)
	}
	return nil
}

func checkBuiltin(entity, name string, version int, source []byte, builtinVersion int, builtinSource []byte) error {
	if version > builtinVersion || bytes.Equal(bytes.TrimSpace(source), bytes.TrimSpace(builtinSource)) {
		return nil
	}
	if version < builtinVersion {
		return gtg.Errorf(gtg.ECONFLICT, "%s %s version %d is older than the built-in version %d", entity, name, version, builtinVersion)
	}
	return gtg.Errorf(gtg.ECONFLICT, "%s %s version %d is built in with different content: bump its version (to %d)", entity, name, version, builtinVersion+1)
}
