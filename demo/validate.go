package demo

import (
	"math"

	"github.com/gtg-dev/gtg"
)

// validate checks every generated entity as an import would. A failure is a
// bug in the simulator, so it is reported as internal, naming the culprit.
func (s *sim) validate() error {
	id := s.acct.ExternalID
	if err := s.acct.Validate(); err != nil {
		return gtg.Errorf(gtg.EINTERNAL, "demo generated an invalid account %s: %v", id, err)
	}
	for _, p := range s.people {
		if err := p.c.Validate(); err != nil {
			return gtg.Errorf(gtg.EINTERNAL, "demo generated an invalid contact %s of %s: %v", p.c.Email, id, err)
		}
	}
	for _, e := range s.events {
		if err := e.Validate(); err != nil {
			return gtg.Errorf(gtg.EINTERNAL, "demo generated an invalid event %s: %v", e.ExternalID, err)
		}
		if e.ContactEmail != "" && !s.hasEmail(e.ContactEmail) {
			return gtg.Errorf(gtg.EINTERNAL, "demo generated event %s naming %s, no contact of %s", e.ExternalID, e.ContactEmail, id)
		}
	}
	for _, o := range s.outcomes {
		if err := o.Validate(); err != nil {
			return gtg.Errorf(gtg.EINTERNAL, "demo generated an invalid %s outcome of %s on %s: %v", o.Type, id, o.Day, err)
		}
	}
	return nil
}

// pointCheck validates metric points as they are emitted. It runs the full
// Validate once per key and then checks only what varies between points (day
// and value): the key check is a regexp, and millions of points share a
// handful of keys.
type pointCheck map[string]bool

func (c pointCheck) check(p *gtg.MetricPoint) error {
	if !c[p.Key] || p.Day <= 0 || math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
		if err := p.Validate(); err != nil {
			return gtg.Errorf(gtg.EINTERNAL, "demo generated an invalid %s value on %s: %v", p.Key, p.Day, err)
		}
		c[p.Key] = true
	}
	return nil
}
