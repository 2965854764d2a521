package scorecard

import (
	"bytes"
	_ "embed"
	"math"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/gtg-dev/gtg"
)

// CadenceYAML is the cadence policy gtg ships.
//
//go:embed cadence.yaml
var CadenceYAML []byte

var builtinCadence = sync.OnceValue(func() *gtg.CadencePolicy {
	p, err := ParseCadence("cadence.yaml", CadenceYAML)
	if err != nil {
		panic("scorecard: built-in cadence.yaml: " + err.Error())
	}
	return p
})

// DefaultCadence returns the built-in cadence policy.
func DefaultCadence() *gtg.CadencePolicy { return builtinCadence() }

var (
	cadenceTopFields     = []string{"name", "version", "description", "default", "segments"}
	cadenceSegmentFields = []string{"engaged_days", "targets"}
)

// ParseCadence reads and validates a cadence policy. Like Parse, every
// problem is reported at once as "file:line: field: why", and nothing of a
// refused file is usable.
func ParseCadence(filename string, data []byte) (*gtg.CadencePolicy, error) {
	p := &problems{file: filename}
	top, err := parseDoc(filename, "cadence policy", data)
	if err != nil {
		return nil, err
	}
	cp := &gtg.CadencePolicy{Source: bytes.Clone(data), Segments: map[string]gtg.SegmentCadence{}}
	o := p.asObject(top, "", cadenceTopFields...)
	cp.Name, cp.Version = nameVersion(o)
	cp.Description = o.str("description", false)
	if n := o.vals["default"]; n == nil {
		o.errf("default", "required: the policy of segments not listed")
	} else {
		cp.Default = parseSegmentCadence(p, n, "default")
	}
	if n := o.vals["segments"]; n != nil {
		if n.Kind != yaml.MappingNode {
			p.at(n, "segments", "want a mapping of segment names to policies, got %s", describe(n))
		} else {
			seen := map[string]int{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				key := gtg.SegmentKey(k.Value)
				path := "segments." + k.Value
				if key == "" {
					p.at(k, path, "a segment needs a name")
					continue
				}
				if l, dup := seen[key]; dup {
					p.at(k, path, "duplicate segment %q (first at line %d)", key, l)
					continue
				}
				seen[key] = k.Line
				cp.Segments[key] = parseSegmentCadence(p, v, path)
			}
		}
	}
	if len(p.list) > 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s", strings.Join(p.list, "\n"))
	}
	return cp, nil
}

func parseSegmentCadence(p *problems, n *yaml.Node, path string) gtg.SegmentCadence {
	o := p.asObject(n, path, cadenceSegmentFields...)
	sc := gtg.SegmentCadence{Targets: map[string]int{}}
	if !o.has("engaged_days") {
		o.errf("engaged_days", "required: how recent a touch must be for a contact to count as engaged")
	} else if v, ok := o.num("engaged_days", 0); ok {
		if v < 1 || v > 365 || v != math.Trunc(v) {
			o.errf("engaged_days", "%v is not a whole number of days from 1 to 365", v)
		} else {
			sc.EngagedDays = int(v)
		}
	}
	if tn := o.vals["targets"]; tn != nil {
		t := p.asObject(tn, o.field("targets"), gtg.KeyRoles...)
		for _, role := range t.order {
			if v, ok := t.num(role, 0); ok {
				if v < 0 || v > 100 || v != math.Trunc(v) {
					t.errf(role, "%v is not a whole number of touches per month from 0 to 100", v)
					continue
				}
				sc.Targets[role] = int(v)
			}
		}
	}
	return sc
}
