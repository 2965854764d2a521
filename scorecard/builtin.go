package scorecard

import (
	_ "embed"
	"sync"
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
